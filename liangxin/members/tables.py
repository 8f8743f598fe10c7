import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.members.models import DevelopmentStep, Member, Recruit
from liangxin.members.services import describe_next
from liangxin.rules.values import ParameterValues


class MemberTable(BaseTable):
    """Personal data as the role sees it (BaseTable): masked in every list; the full number is a logged action."""

    phone_columns = ("name", "category", "organization")
    # A person's name and category stay on one line; the employer's name wraps instead.
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    category = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    id_number = tables.Column(verbose_name="身份证号", orderable=False)
    phone = tables.Column(verbose_name="联系电话", orderable=False)

    class Meta(BaseTable.Meta):
        model = Member
        fields = ("name", "gender", "id_number", "phone", "category", "organization", "party_org", "flow_status")
        empty_text = "没有符合条件的党员。"


class RecruitTable(BaseTable):
    """The pipeline: each person's stage, since when, and what falls due next."""

    phone_columns = ("name", "category", "next_due")
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    category = tables.Column(verbose_name="阶段", attrs={"td": {"class": "text-nowrap"}})
    stage_since = tables.DateColumn(verbose_name="进入本阶段", format="Y-m-d", orderable=True)
    next_due = tables.Column(verbose_name="下一步", empty_values=(), orderable=False)
    id_number = tables.Column(verbose_name="身份证号", orderable=False)

    class Meta(BaseTable.Meta):
        model = Recruit
        fields = ("name", "gender", "id_number", "category", "stage_since", "next_due", "organization", "party_org")
        empty_text = "没有符合条件的发展党员对象。"

    def render_next_due(self, record):
        if not hasattr(self, "_params"):
            self._params = ParameterValues()  # the overrides read once for the page
        return describe_next(record, self._params)


class DevelopmentStepTable(BaseTable):
    phone_columns = ("member", "stage", "date")
    member = tables.Column(verbose_name="姓名", linkify=lambda record: record.member.get_absolute_url())
    stage = tables.Column(linkify=True)
    date = tables.DateColumn(format="Y-m-d")
    decision = tables.Column()
    approved_on = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = DevelopmentStep
        fields = ("member", "stage", "date", "decision", "approved_on")
        empty_text = "没有发展党员记录。"
