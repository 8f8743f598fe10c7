import django_tables2 as tables

from liangxin.assessments.models import Checklist, ChecklistItem, Rating, RatingRound
from liangxin.core.tables import BaseTable


class ChecklistTable(BaseTable):
    phone_columns = ("party_org", "standard", "state")
    party_org = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("party_org__name",))
    state = tables.Column(verbose_name="进度", accessor="status_label", orderable=False)

    class Meta(BaseTable.Meta):
        model = Checklist
        fields = ("party_org", "standard", "state", "updated")
        empty_text = "没有规范化建设清单。"


class ChecklistItemTable(BaseTable):
    phone_columns = ("name", "standard")
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ChecklistItem
        fields = ("standard", "order", "name", "requirement", "evidence", "active")
        empty_text = "没有项目。"


class RatingRoundTable(BaseTable):
    phone_columns = ("title", "status")
    title = tables.Column(verbose_name="评定", accessor="pk", linkify=lambda record: record.get_absolute_url(), orderable=False)

    class Meta(BaseTable.Meta):
        model = RatingRound
        fields = ("title", "region", "year", "scheme", "status", "approved_on")
        empty_text = "没有评定。"

    def render_title(self, record):
        return str(record)


class RatingTable(BaseTable):
    phone_columns = ("subject", "average", "passed")
    subject = tables.Column(verbose_name="评定对象", accessor="pk", linkify=lambda record: record.get_absolute_url(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Rating
        fields = ("subject", "round", "average", "passed")
        empty_text = "没有评定结果。"

    def render_subject(self, record):
        return str(record.subject)
