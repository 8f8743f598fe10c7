import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.organizations.models import Organization


class OrganizationTable(BaseTable):
    phone_columns = ("name", "status", "employees")
    name = tables.Column(linkify=True)
    region = tables.Column(verbose_name="所属网格", accessor="region__label", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Organization
        fields = ("name", "kind", "credit_code", "industry", "scale", "status", "region", "employees")
        empty_text = "没有符合条件的组织。"
