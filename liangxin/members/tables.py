import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.members.models import Member


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
