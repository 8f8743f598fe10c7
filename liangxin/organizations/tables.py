import django_tables2 as tables

from liangxin.organizations.models import Organization


class OrganizationTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(verbose_name="所属网格", order_by=("region__path",))

    class Meta:
        model = Organization
        fields = ("name", "kind", "credit_code", "industry", "scale", "status", "region", "employees")
        attrs = {"class": "table table-hover align-middle"}
        empty_text = "没有符合条件的组织。"
