import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.partyorgs.models import PartyOrg


class PartyOrgTable(BaseTable):
    phone_columns = ("name", "type", "organization_count")
    name = tables.Column(linkify=True)
    region = tables.Column(order_by=("region__path",))
    secretary = tables.Column(verbose_name="书记", accessor="secretary_display", orderable=False)
    organization_count = tables.Column(verbose_name="覆盖组织数", orderable=False, accessor="organization_count")

    class Meta(BaseTable.Meta):
        model = PartyOrg
        fields = ("name", "type", "mode", "region", "secretary", "organization_count", "last_election_on", "status")
        empty_text = "没有符合条件的党组织。"
