import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from liangxin.core.personal import PLACEHOLDER
from liangxin.core.tables import BaseTable
from liangxin.rules.models import ParameterOverride

PARAMETER_LINE = '<div class="{}">{}：<b>{}</b>{} <span class="text-muted">{}</span></div>'


class ViolationTable(BaseTable):
    """A flagged item with why (the finding) and what to do. The parameters in force are shown
    once at the top of the page (`baseline`: their values for the region the page is about);
    a row shows a parameter only where its own region's value or source differs (a community
    or grid with an override of its own), and the column is left out when no row on the page
    has one. On a phone two columns carry it all: the object with its region, and the finding
    with any parameter of its own (the action is on the page)."""

    phone_columns = ("name", "finding")

    name = tables.Column("对象", accessor="obj", orderable=False)
    region = tables.Column("所属区域", accessor="region_name", orderable=False)
    finding = tables.Column("发现的问题", orderable=False)
    parameters = tables.Column("本区域另有设定的参数", orderable=False, empty_values=())
    action = tables.Column("建议措施", orderable=False)

    class Meta:
        attrs = {"class": "table table-hover align-middle small mb-0"}
        empty_text = "管辖范围内没有违反此规则的记录。"

    def __init__(self, data, *args, baseline=(), **kwargs):
        top = {(r.parameter.key, r.value, r.override_id) for r in baseline}
        rows = [{**row, "differing": [r for r in row["parameters"] if (r.parameter.key, r.value, r.override_id) not in top]}
                for row in data]
        if not any(row["differing"] for row in rows):
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "parameters")
        super().__init__(rows, *args, **kwargs)

    def render_name(self, value, record):
        url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else ""
        label = self.person(value) or PLACEHOLDER  # a member's or instructor's name as the role sees it
        name = format_html('<a href="{}">{}</a>', url, label) if url else label
        region = format_html('<div class="text-muted d-md-none">{}</div>', record["region_name"]) if record["region_name"] else ""
        return format_html("{}{}", name, region)

    def render_finding(self, value, record):
        return format_html("{}{}", value, self._parameter_lines(record, "d-md-none text-muted"))

    def render_parameters(self, record):
        return self._parameter_lines(record, "text-nowrap") or "—"

    @staticmethod
    def _parameter_lines(record, css: str):
        return format_html_join("", PARAMETER_LINE, (
            (css, r.parameter.title, r.value, r.parameter.unit, r.source) for r in record["differing"]))


class StageTable(ViolationTable):
    """A stage rule's objects (ORG-10): each with its stage, which is no violation."""

    finding = tables.Column("所处阶段", orderable=False)

    class Meta(ViolationTable.Meta):
        empty_text = "管辖范围内没有组织。"


class ParameterOverrideTable(BaseTable):
    # Every column on a phone too, as before this table was built on BaseTable (for the user it is built for).
    phone_columns = ("key", "region", "value", "effective_from", "reason", "updated")
    key = tables.Column("参数", accessor="parameter_title", order_by=("key",), linkify=True)
    region = tables.Column("适用区域", order_by=("region__path",))

    class Meta:
        model = ParameterOverride
        fields = ("key", "region", "value", "effective_from", "reason", "updated")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "尚无参数设定：全部规则使用默认值。"
