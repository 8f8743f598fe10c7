import django_tables2 as tables

from liangxin.core.tables import BaseTable
from liangxin.reports.models import QuarterlyBulletin


class QuarterlyBulletinTable(BaseTable):
    phone_columns = ("region", "quarter", "status")
    region = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = QuarterlyBulletin
        fields = ("region", "year", "quarter", "status", "drafted_at", "frozen_at")
        empty_text = "还没有季度通报。"
