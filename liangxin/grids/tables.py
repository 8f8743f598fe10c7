import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.grids.models import Officer


class OfficerTable(BaseTable):
    phone_columns = ("name", "region", "duty")
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__label", verbose_name="所属街道/社区", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Officer
        fields = ("name", "region", "duty", "position", "phone", "start_date", "end_date")
        empty_text = "没有登记分管领导和工作人员。"
