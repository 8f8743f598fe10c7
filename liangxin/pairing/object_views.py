"""The list, detail, edit and delete pages of the register (units and pairings): the base views
of liangxin.core with their attributes stated, as every app does."""

from typing import Any

from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.core import documents
from liangxin.core import views as core
from liangxin.core.qr import qr_svg
from liangxin.pairing import bulletin, evaluations, forms
from liangxin.pairing.filtersets import (
    InspectionFilterSet,
    PairedUnitFilterSet,
    PairingFilterSet,
    PointsRecordFilterSet,
    SelfAssessmentFilterSet,
    UnitEvaluationFilterSet,
)
from liangxin.pairing.models import (
    Inspection,
    Invitation,
    PairedUnit,
    Pairing,
    PointsRecord,
    RecordPhoto,
    SelfAssessment,
    UnitEvaluation,
)
from liangxin.pairing.services import may_review
from liangxin.pairing.tables import (
    InspectionTable,
    PairedUnitTable,
    PairingTable,
    PointsRecordTable,
    SelfAssessmentTable,
    UnitEvaluationTable,
)


class PairedUnitListView(core.ObjectListView):
    model = PairedUnit
    queryset = PairedUnit.objects.select_related("region")
    filterset_class = PairedUnitFilterSet
    table_class = PairedUnitTable
    template_name = "pairing/pairedunit_list.html"  # with the Excel export


class PairedUnitDetailView(core.ObjectDetailView):
    model = PairedUnit
    queryset = PairedUnit.objects.select_related("region")
    fields = "level,region,category,rank,has_party_org,party_org_name,contact_name,notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit, user = context["object"], self.request.user
        pairings = Pairing.objects.scoped(user).filter(unit=unit).select_related("unit", "organization__region")
        context["pairings"] = PairingTable(pairings, user=user, exclude=("unit",))
        context["can_add_pairing"] = user.has_perm("pairing.add_pairing")
        # The unit's accounts (role 结对共建单位), for whoever manages accounts.
        if user.has_perm("accounts.view_user"):
            context["accounts"] = User.objects.scoped(user).filter(paired_unit=unit)
            if user.has_perm("accounts.add_user"):
                context["add_account_url"] = reverse("accounts:user_add") + f"?role={Role.PAIRED_UNIT}&paired_unit={unit.pk}"
        return context


class PairedUnitEditView(core.ObjectEditView):
    model = PairedUnit
    queryset = PairedUnit.objects.select_related("region")
    form_class = forms.PairedUnitForm


class PairedUnitDeleteView(core.ObjectDeleteView):
    model = PairedUnit
    queryset = PairedUnit.objects.select_related("region")


class PairingListView(core.ObjectListView):
    model = Pairing
    queryset = Pairing.objects.select_related("unit", "organization__region")
    filterset_class = PairingFilterSet
    table_class = PairingTable
    template_name = "pairing/pairing_list.html"  # with the Excel export, the 附件1 安排表 import and its template


class PairingDetailView(core.ObjectDetailView):
    model = Pairing
    queryset = Pairing.objects.select_related("unit", "organization")
    fields = "unit,organization,start_date,end_date,unit_contact,organization_contact,notes"


class PairingEditView(core.ObjectEditView):
    model = Pairing
    queryset = Pairing.objects.select_related("unit", "organization")
    form_class = forms.PairingForm


class PairingDeleteView(core.ObjectDeleteView):
    model = Pairing
    queryset = Pairing.objects.select_related("unit", "organization")


class _OwnRecordsMixin:
    """A paired unit changes its own unit's records only (another unit paired with the same
    organization sees them but does not change them), and never a confirmed one."""

    request: Any

    def get_queryset(self):
        queryset = super().get_queryset()  # type: ignore[misc]
        if getattr(self.request.user, "role", None) == Role.PAIRED_UNIT:
            queryset = queryset.filter(pairing__unit=self.request.user.paired_unit_id)
        return queryset


class PointsRecordListView(core.ObjectListView):
    model = PointsRecord
    queryset = PointsRecord.objects.select_related("pairing__unit", "pairing__organization")
    filterset_class = PointsRecordFilterSet
    table_class = PointsRecordTable
    template_name = "pairing/pointsrecord_list.html"  # with the Excel export


class PointsRecordDetailView(core.ObjectDetailView):
    model = PointsRecord
    queryset = PointsRecord.objects.select_related("pairing__unit", "pairing__organization")
    # Who recorded and who confirmed are shown as names in the template, not as links to accounts
    # that most viewers may not open.
    fields = "pairing,date,kind,content,participants,results,status,reviewed_on,return_reason,points"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record, user = context["object"], self.request.user
        context["photos"] = RecordPhoto.objects.scoped(user).filter(record=record)
        context["may_review"] = record.status == PointsRecord.Status.PENDING and may_review(user, record)
        own = user.role != Role.PAIRED_UNIT or record.pairing.unit_id == user.paired_unit_id
        context["can_change"] = context["can_change"] and record.editable and own
        context["can_delete"] = context["can_delete"] and record.editable and own
        return context


class PointsRecordEditView(_OwnRecordsMixin, core.ObjectEditView):
    model = PointsRecord
    queryset = PointsRecord.objects.select_related("pairing__unit", "pairing__organization")
    form_class = forms.PointsRecordForm
    template_name = "pairing/pointsrecord_edit.html"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and request.user.role == Role.PAIRED_UNIT:
            return redirect("dashboard:home")  # back to the workspace: what is still due is there
        return response


class PointsRecordDeleteView(_OwnRecordsMixin, core.ObjectDeleteView):
    model = PointsRecord
    queryset = PointsRecord.objects.exclude(status=PointsRecord.Status.CONFIRMED).select_related("pairing__unit")


class _ReadOnlyMixin:
    """Pages of objects written through a page of their own (no add, edit or delete pages)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(can_add=False, can_change=False, can_delete=False)
        return context


class SelfAssessmentListView(_ReadOnlyMixin, core.ObjectListView):
    """The committee's view of the units' self-assessments (PAIR-4); units write them on their own page."""

    model = SelfAssessment
    queryset = SelfAssessment.objects.select_related("unit")
    filterset_class = SelfAssessmentFilterSet
    table_class = SelfAssessmentTable


class SelfAssessmentDetailView(_ReadOnlyMixin, core.ObjectDetailView):
    model = SelfAssessment
    queryset = SelfAssessment.objects.select_related("unit")
    fields = "unit,year,status,points,notes,submitted_on"


class UnitEvaluationListView(core.ObjectListView):
    """The rounds of evaluation (附件4), with the form that opens a round for every pairing."""

    model = UnitEvaluation
    queryset = UnitEvaluation.objects.select_related("pairing__unit", "pairing__organization").annotate(
        invitation_count=Count("invitations"), answered_count=Count("invitations", filter=Q(invitations__answered_at__isnull=False)))
    filterset_class = UnitEvaluationFilterSet
    table_class = UnitEvaluationTable
    template_name = "pairing/evaluation_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_delete"] = context["can_change"] = False
        if self.request.user.has_perm("pairing.add_unitevaluation"):
            today = timezone.localdate()
            year, round_ = evaluations.round_of(today)
            context["open_form"] = forms.OpenRoundForm(initial={"year": year, "round": round_})
        return context


class UnitEvaluationDetailView(core.ObjectDetailView):
    """A round's four invitations: each one's link and QR code while it waits, its answer after."""

    model = UnitEvaluation
    queryset = UnitEvaluation.objects.select_related("pairing__unit", "pairing__organization__region")
    fields = "pairing,year,round"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation, user = context["object"], self.request.user
        # The links are the committee's to hand out: only who may change the round sees them.
        show_links = UnitEvaluation.objects.scoped(user, "change").filter(pk=evaluation.pk).exists()
        rows = []
        for invitation in Invitation.objects.filter(evaluation=evaluation).order_by("pk"):
            row = {"invitation": invitation}
            if show_links and not invitation.answered:
                url = self.request.build_absolute_uri(evaluations.link(invitation))
                row.update(url=url, qr=qr_svg(url, f"{invitation.get_evaluator_display()}评议二维码"))
            rows.append(row)
        average = evaluations.score(evaluation)
        context.update(rows=rows, average=average, points=evaluations.points(evaluation, average), show_links=show_links,
                       can_change=False, can_delete=False)
        return context


class UnitEvaluationAddView(core.ObjectEditView):
    model = UnitEvaluation
    queryset = UnitEvaluation.objects.select_related("pairing")
    form_class = forms.UnitEvaluationForm


class InspectionListView(core.ObjectListView):
    model = Inspection
    queryset = Inspection.objects.select_related("region")
    filterset_class = InspectionFilterSet
    table_class = InspectionTable


class InspectionDetailView(core.ObjectDetailView):
    """The inspection, its bulletin drafted from the record (the same tables as the documents),
    the quarter's records to mark as good practice, and issuing the bulletin."""

    model = Inspection
    queryset = Inspection.objects.select_related("region")
    fields = "region,year,quarter,inspected_on,findings,issued_on"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = context["object"]
        draft = bulletin.build(inspection)
        context.update(bulletin=draft, points_headers=bulletin.POINTS_HEADERS, cadence_headers=bulletin.CADENCE_HEADERS,
                       records=bulletin.examples_to_mark(inspection)[:200] if context["can_change"] else [],
                       pdf_available=documents.pdf_available())
        return context


class InspectionEditView(core.ObjectEditView):
    model = Inspection
    queryset = Inspection.objects.select_related("region")
    form_class = forms.InspectionForm


class InspectionDeleteView(core.ObjectDeleteView):
    model = Inspection
    queryset = Inspection.objects.select_related("region")
