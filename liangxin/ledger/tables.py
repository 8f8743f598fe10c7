import django_tables2 as tables

from liangxin.ledger.models import Census, CensusRecord, ImportJob


class CensusTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))

    class Meta:
        model = Census
        fields = ("name", "year", "region", "deadline", "threshold", "status")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "还没有摸底。"


class CensusRecordTable(tables.Table):
    organization = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("organization__name",))
    region = tables.Column(order_by=("region__path",))
    members_suffice = tables.BooleanColumn(verbose_name="达单独组建条件", orderable=False)

    class Meta:
        model = CensusRecord
        fields = ("organization", "region", "surveyed", "employees", "formal_members", "members_suffice", "has_party_org",
                  "owner_attitude", "plan_target_date")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "没有符合条件的摸底记录。"


class ImportJobTable(tables.Table):
    original_name = tables.Column(linkify=True)

    class Meta:
        model = ImportJob
        fields = ("created", "original_name", "kind", "status", "total_rows", "error_count", "user")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "还没有导入记录。"
