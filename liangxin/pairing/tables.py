import django_tables2 as tables
from django.db.models import Count, Q

from liangxin.core.tables import BaseTable
from liangxin.pairing.models import (
    Inspection,
    PairedUnit,
    Pairing,
    PointsRecord,
    SelfAssessment,
    UnitEvaluation,
)


class PairedUnitTable(BaseTable):
    phone_columns = ("name", "level")
    name = tables.Column(linkify=True)
    region = tables.Column(verbose_name="所属区域", order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = PairedUnit
        fields = ("name", "level", "category", "rank", "has_party_org", "region", "contact_name")
        empty_text = "没有结对共建单位。"


class PairingTable(BaseTable):
    phone_columns = ("unit", "organization")
    unit = tables.Column(linkify=lambda record: record.get_absolute_url())
    organization = tables.Column(verbose_name="结对组织")
    region = tables.Column(verbose_name="组织所在区域", accessor="organization__region", order_by=("organization__region__path",))

    class Meta(BaseTable.Meta):
        model = Pairing
        fields = ("unit", "organization", "region", "start_date", "end_date", "unit_contact", "organization_contact")
        empty_text = "没有结对关系。"


class PointsRecordTable(BaseTable):
    phone_columns = ("date", "kind", "status")
    date = tables.Column(linkify=True)
    unit = tables.Column(verbose_name="结对单位", accessor="pairing__unit", order_by=("pairing__unit__name",))
    organization = tables.Column(verbose_name="结对组织", accessor="pairing__organization",
                                 order_by=("pairing__organization__name",))

    class Meta(BaseTable.Meta):
        model = PointsRecord
        fields = ("date", "kind", "unit", "organization", "participants", "status", "points", "example")
        empty_text = "没有积分行动记录。"


class SelfAssessmentTable(BaseTable):
    phone_columns = ("unit", "year", "points")
    unit = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("unit__name",))

    class Meta(BaseTable.Meta):
        model = SelfAssessment
        fields = ("unit", "year", "status", "points", "submitted_on")
        empty_text = "没有年度自评。"


class UnitEvaluationTable(BaseTable):
    phone_columns = ("pairing", "round", "answered")
    pairing = tables.Column(verbose_name="结对关系", linkify=lambda record: record.get_absolute_url(),
                            order_by=("pairing__unit__name",))
    answered = tables.Column(verbose_name="已收回", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = UnitEvaluation
        fields = ("pairing", "year", "round", "answered")
        empty_text = "还没有发起评议。"

    def render_answered(self, record):
        # Counted in the list's query (object_views.UnitEvaluationListView), else here.
        if not hasattr(record, "answered_count"):
            counts = record.invitations.aggregate(total=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
            return f"{counts['answered']}/{counts['total']}"
        return f"{record.answered_count}/{record.invitation_count}"


class InspectionTable(BaseTable):
    phone_columns = ("region", "quarter", "issued_on")
    region = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("region__path",))

    class Meta(BaseTable.Meta):
        model = Inspection
        fields = ("region", "year", "quarter", "inspected_on", "issued_on")
        empty_text = "还没有督办检查。"
