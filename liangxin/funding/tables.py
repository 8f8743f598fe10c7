import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside


class AllocationTable(BaseTable):
    phone_columns = ("party_org", "amount")
    party_org = tables.Column(linkify=lambda record: record.get_absolute_url())
    date = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = Allocation
        fields = ("party_org", "year", "date", "amount", "region", "note")
        empty_text = "没有经费拨付记录。"


class ExpenseTable(BaseTable):
    phone_columns = ("description", "amount")
    description = tables.Column(linkify=True)
    date = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = Expense
        fields = ("description", "party_org", "year", "date", "amount", "purpose")
        empty_text = "没有经费支出记录。"


class DuesReturnTable(BaseTable):
    phone_columns = ("party_org", "retained", "returned")
    party_org = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = DuesReturn
        fields = ("party_org", "year", "retained", "returned", "returned_on")
        empty_text = "没有党费返还记录。"


class SetAsideTable(BaseTable):
    phone_columns = ("organization", "amount", "rate")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url())
    rate = tables.Column(verbose_name="占工资总额（%）", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = SetAside
        fields = ("organization", "year", "amount", "rate")
        empty_text = "没有列支记录。"

    def render_rate(self, record):
        return record.rate if record.rate is not None else "—"
