import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)


class OfficerTable(BaseTable):
    phone_columns = ("name", "region", "duty")
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__label", verbose_name="所属街道/社区", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Officer
        fields = ("name", "region", "duty", "position", "phone", "start_date", "end_date")
        empty_text = "没有登记分管领导和工作人员。"


class TrackingRecordTable(BaseTable):
    phone_columns = ("recorded_on", "region")
    recorded_on = tables.Column(linkify=True)
    region = tables.Column(accessor="region__label", verbose_name="网格", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = TrackingRecord
        fields = ("recorded_on", "region", "content", "recorded_by")
        empty_text = "没有动态跟踪记录。"


class PromisingEmployeeTable(BaseTable):
    phone_columns = ("name", "organization")
    name = tables.Column(linkify=True)
    organization = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = PromisingEmployee
        fields = ("name", "organization", "position", "reason", "noted_on")
        empty_text = "没有记录优秀员工。"


class ServiceCentreTable(BaseTable):
    phone_columns = ("name", "region", "opened_on")
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__label", verbose_name="所属区域", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = ServiceCentre
        fields = ("name", "kind", "location", "region", "address", "area", "opened_on", "opening_hours")
        empty_text = "没有登记党群服务中心或阵地。"


class CentreSubsidyTable(BaseTable):
    phone_columns = ("centre", "year", "amount")
    centre = tables.Column(linkify=True)
    year = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = CentreSubsidy
        fields = ("year", "centre", "kind", "amount", "granted_by", "granted_on", "document")
        empty_text = "没有登记补助。"


class RolloutStateTable(BaseTable):
    phone_columns = ("region", "rolled_out_on")
    region = tables.Column(accessor="region__name", verbose_name="区域", order_by=("region__path",),
                           linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = RolloutState
        fields = ("region", "pilot", "divided_on", "system_on", "training_on", "rolled_out_on", "in_assessment")
        empty_text = "没有登记推进情况。"


class JointMeetingTable(BaseTable):
    phone_columns = ("held_on", "title")
    title = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name", verbose_name="召开单位", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = JointMeeting
        fields = ("held_on", "title", "region", "follow_up_due", "follow_up_done_on")
        empty_text = "没有联席会议记录。"


class ContactPointTable(BaseTable):
    phone_columns = ("leader_position", "place")
    leader_position = tables.Column(linkify=lambda record: record.get_absolute_url())
    place = tables.Column(accessor="region__name", verbose_name="联系的组织或网格", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = ContactPoint
        fields = ("leader_position", "leader_name", "place", "start_date", "end_date")
        empty_text = "没有登记领导干部联系点。"

    def render_place(self, record):
        return record.organization.name if record.organization_id else record.region.label


class ContactVisitTable(BaseTable):
    phone_columns = ("visited_on", "contact_point")
    visited_on = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = ContactVisit
        fields = ("visited_on", "contact_point", "content")
        empty_text = "没有走访记录。"


class DemonstrationPointTable(BaseTable):
    phone_columns = ("name", "review_due")
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = DemonstrationPoint
        fields = ("name", "organization", "designated_on", "designated_by", "review_due", "status")
        empty_text = "没有党建工作示范点。"
