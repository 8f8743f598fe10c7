from decimal import Decimal

from rest_framework import serializers

from liangxin.core.api import ScopedModelSerializer
from liangxin.reports.models import QuarterlyBulletin


class QuarterlyBulletinSerializer(ScopedModelSerializer):
    """A bulletin with the figures its document prints (stored when drafted, fixed once frozen).
    Who reviewed and froze it is in the change log, not here (as on the page)."""

    title = serializers.CharField(read_only=True)
    issuer_name = serializers.CharField(read_only=True)
    figures = serializers.JSONField(read_only=True)

    class Meta:
        model = QuarterlyBulletin
        fields = ["id", "region", "year", "quarter", "status", "title", "issuer", "issuer_name", "good_practice",
                  "requirements", "figures", "drafted_at", "reviewed_at", "frozen_at", "created", "updated"]
        read_only_fields = fields


class CellsField(serializers.ListField):
    """A row of a table: its label, then counts, rates (fractions, null when undefined) and
    amounts in yuan as decimal strings ("1234.50"), as the other APIs give money."""

    def to_representation(self, data):
        return [str(value) if isinstance(value, Decimal) else value for value in data]


class AnnualTableSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="表的标识，与 Excel 工作表一一对应")
    title = serializers.CharField()
    headers = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=CellsField(), help_text="每行首列为行名，其余为数值（比率为小数，金额为字符串）")
    totals = CellsField(help_text="合计行")
    note = serializers.CharField(help_text="口径说明")


class AnnualReportSerializer(serializers.Serializer):
    region = serializers.IntegerField(source="region.pk")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text="数据截至日期：以往年度为12月31日，本年度为今天")
    title = serializers.CharField()
    figures = serializers.DictField(help_text="总体数字（与覆盖看板、liangxin stats 同一口径）")
    tables = AnnualTableSerializer(many=True)
