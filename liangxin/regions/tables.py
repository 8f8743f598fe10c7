import django_tables2 as tables
from django.utils.html import format_html

from liangxin.core.tables import BaseTable
from liangxin.regions.models import Region


class RegionTable(BaseTable):
    phone_columns = ("name", "level", "organization_count")
    name = tables.Column(linkify=True, order_by=("path",))
    organization_count = tables.Column(verbose_name="直属组织数", orderable=False)

    class Meta(BaseTable.Meta):
        model = Region
        fields = ("name", "code", "level", "parent", "lead_party_org", "responsible_person", "organization_count")
        empty_text = "没有符合条件的区域。"

    def render_name(self, record, value):
        indent = max(record.depth - 1, 0)
        return format_html('<span class="tree-indent tree-depth-{}"></span>{}', min(indent, 8), value)
