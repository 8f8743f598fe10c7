import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.ledger.models import Census, CensusRecord, ImportJob


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


class ImportJobTable(BaseTable):
    phone_columns = ("created", "original_name", "status")
    original_name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = ImportJob
        fields = ("created", "original_name", "kind", "status", "total_rows", "error_count", "user")
        empty_text = "还没有导入记录。"
