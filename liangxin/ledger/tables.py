import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.ledger.models import Census, CensusRecord


class CensusTable(BaseTable):
    phone_columns = ("name", "deadline", "status")
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Census
        fields = ("name", "year", "region", "deadline", "threshold", "status")
        empty_text = "还没有摸底。"


class CensusRecordTable(BaseTable):
    phone_columns = ("organization", "surveyed", "members_suffice")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("organization__name",))
    region = tables.Column(verbose_name="所属网格", accessor="region__label", order_by=("region__path",))
    members_suffice = tables.BooleanColumn(verbose_name="达单独组建条件", orderable=False)

    class Meta(BaseTable.Meta):
        model = CensusRecord
        fields = ("organization", "region", "surveyed", "employees", "formal_members", "members_suffice", "has_party_org",
                  "owner_attitude", "plan_target_date")
        empty_text = "没有符合条件的摸底记录。"

