import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.grids.models import CentreSubsidy, Officer, PromisingEmployee, ServiceCentre, TrackingRecord


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
