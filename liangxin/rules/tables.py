import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from liangxin.rules.models import ParameterOverride


class ViolationTable(tables.Table):
    """A flagged item with why (the finding and the parameter values in force for it, with
    their source) and what to do."""

    name = tables.Column("对象", accessor="obj", orderable=False)
    region = tables.Column("所属区域", accessor="region_name", orderable=False)
    finding = tables.Column("发现的问题", orderable=False)
    parameters = tables.Column("适用参数（来源）", orderable=False, empty_values=())
    action = tables.Column("建议措施", orderable=False)

    class Meta:
        attrs = {"class": "table table-hover align-middle small"}
        empty_text = "管辖范围内没有违反此规则的记录。"

    def render_name(self, value):
        url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else ""
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)

    def render_parameters(self, record):
        if not record["parameters"]:
            return "—"
        return format_html_join("", '<div class="text-nowrap">{}：<b>{}</b>{} <span class="text-muted">{}</span></div>',
                                ((r.parameter.title, r.value, r.parameter.unit, r.source) for r in record["parameters"]))


class ParameterOverrideTable(tables.Table):
    key = tables.Column("参数", accessor="parameter_title", order_by=("key",), linkify=True)
    region = tables.Column("适用区域", order_by=("region__path",))

    class Meta:
        model = ParameterOverride
        fields = ("key", "region", "value", "effective_from", "reason", "updated")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "尚无参数设定：全部规则使用默认值。"
