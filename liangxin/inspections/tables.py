import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.inspections.models import InspectionResult, InspectionRound


class InspectionRoundTable(BaseTable):
    phone_columns = ("name", "year")
    name = tables.Column(verbose_name="年检", accessor="pk", linkify=lambda record: record.get_absolute_url(), orderable=False)

    class Meta(BaseTable.Meta):
        model = InspectionRound
        fields = ("name", "region", "year", "department", "started_on")
        empty_text = "还没有年检。"

    def render_name(self, record):
        return str(record)


class InspectionResultTable(BaseTable):
    phone_columns = ("organization", "result")
    organization = tables.Column(linkify=lambda record: record.get_absolute_url())
    year = tables.Column(verbose_name="年度", accessor="round__year")
    result = tables.Column(empty_values=())
    inspected_on = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = InspectionResult
        fields = ("organization", "year", "result", "inspected_on", "remarks")
        empty_text = "没有年检结果。"

    def render_result(self, record):
        return record.get_result_display() or "未录入"
