import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment, PartyWorker, Training


class ActivityTable(BaseTable):
    phone_columns = ("date", "kind", "topic")
    date = tables.Column(linkify=True)
    party_org = tables.Column(order_by=("party_org__name",))
    present = tables.Column(verbose_name="出席", orderable=False, empty_values=())
    photo_count = tables.Column(verbose_name="照片", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = Activity
        fields = ("date", "kind", "topic", "party_org", "place", "hours", "present", "photo_count")
        empty_text = "没有组织生活记录。"

    def render_present(self, record):
        return f"{getattr(record, 'n_present', 0)}人"

    def render_photo_count(self, record):
        return f"{getattr(record, 'n_photos', 0)}张"


class CrossAppointmentTable(BaseTable):
    phone_columns = ("party_org", "secretary_in_management", "one_shoulder")
    party_org = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("party_org__name",))

    class Meta(BaseTable.Meta):
        model = CrossAppointment
        fields = ("party_org", "secretary_in_management", "secretary_union_chair", "one_shoulder", "members_in_management",
                  "managers_in_committee")
        empty_text = "没有交叉任职记录。"


class ActivityKindTable(BaseTable):
    phone_columns = ("name", "three_meetings", "active")
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ActivityKind
        fields = ("order", "name", "three_meetings", "description", "active")
        empty_text = "没有活动类别。"


class TrainingTable(BaseTable):
    phone_columns = ("date", "party_org", "attendee")
    date = tables.Column(linkify=True)
    party_org = tables.Column(order_by=("party_org__name",))
    attendee = tables.Column(orderable=False)

    class Meta(BaseTable.Meta):
        model = Training
        fields = ("date", "party_org", "attendee", "role", "hours", "organizer", "topic")
        empty_text = "没有书记培训记录。"

    def render_attendee(self, value):
        return self.person(value)  # a member's name as the role sees it


class PartyWorkerTable(BaseTable):
    phone_columns = ("member", "party_org", "end_date")
    member = tables.Column(linkify=lambda record: record.get_absolute_url(), orderable=False)
    party_org = tables.Column(order_by=("party_org__name",))
    end_date = tables.Column(empty_values=())  # an open post reads 在任

    class Meta(BaseTable.Meta):
        model = PartyWorker
        fields = ("member", "party_org", "position", "start_date", "end_date")
        empty_text = "没有专职党务工作者记录。"

    def render_member(self, value):
        return self.person(value)  # a member's name as the role sees it

    def render_end_date(self, value):
        return value or "在任"
