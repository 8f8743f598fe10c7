"""Pages of the pairing module beyond each object's list, detail, edit and delete (those are in
object_views.py): the paired unit's phone workspace, the leader's confirmation, photo files."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, View

from liangxin.audit.log import tracked
from liangxin.core import documents
from liangxin.core.downloads import attachment_disposition
from liangxin.core.views import PhotoFileView
from liangxin.pairing import assessment, bulletin, evaluations, forms
from liangxin.pairing.models import Inspection, Pairing, PointsRecord, RecordPhoto, UnitEvaluation
from liangxin.pairing.services import CONFIRM_PERMISSION, cadence, own_pairings, review, todos, year_points


class RecordPhotoFileView(PhotoFileView):
    """A points record's photo."""

    photo_model = RecordPhoto
    denied = "您的角色不能查看记录照片。"


class ReviewView(LoginRequiredMixin, View):
    """The organization's Party leader confirms a record, or returns it with a reason."""

    def post(self, request, pk):
        if not request.user.has_perm(CONFIRM_PERMISSION):
            raise PermissionDenied("您的角色不能确认积分行动记录。")
        record = get_object_or_404(PointsRecord.objects.scoped(request.user).select_related("pairing__organization__region"), pk=pk)
        form = forms.ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择确认或退回。")
            return redirect(record.get_absolute_url())
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            review(record, request.user, confirm, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(record.get_absolute_url())
        messages.success(request, f"已确认，计{record.points}分。" if confirm else "已退回，结对单位会看到退回原因。")
        return redirect("pairing:pointsrecord_list" if request.POST.get("next") == "list" else "dashboard:home")


class WorkspaceView(LoginRequiredMixin, TemplateView):
    """The paired unit's phone home page: its organizations, what is due this month, quarter and
    year, its points this year, and one button to record an action."""

    template_name = "pairing/workspace.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        """For core.links: only an account linked to a paired unit has this page (404 otherwise)."""
        return bool(user.paired_unit_id)

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not self.opens_for(user, kwargs):
            raise Http404("该账号没有关联结对共建单位")
        today = timezone.localdate()
        pairings = list(own_pairings(user))
        rows = [(pairing, cadence(pairing, today)) for pairing in pairings]
        points = year_points([user.paired_unit], today.year)[user.paired_unit_id]
        evaluated = assessment.evaluation_row(user.paired_unit, today.year)["points"]
        recent = (PointsRecord.objects.filter(pairing__unit=user.paired_unit_id)
                  .select_related("pairing__organization", "pairing__unit")[:8])
        return super().get_context_data(
            title="结对共建工作台", unit=user.paired_unit, rows=rows, points=points, recent=recent, todos=todos(user),
            evaluated=evaluated,
            pending=PointsRecord.objects.filter(pairing__unit=user.paired_unit_id, status=PointsRecord.Status.PENDING).count(),
            self_assessment=assessment.current(user.paired_unit, assessment.default_year(today))[0],
            year=today.year, quarter_start=datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1), **kwargs,
        )


class SelfAssessmentView(LoginRequiredMixin, TemplateView):
    """The paired unit's year-end self-assessment (PAIR-4): the year's points from confirmed
    records, its notes, and submitting it."""

    template_name = "pairing/self_assessment.html"
    opens_for = WorkspaceView.opens_for

    def _years(self, user) -> list[int]:
        today = timezone.localdate()
        first = Pairing.objects.filter(unit=user.paired_unit_id).order_by("start_date").values_list("start_date", flat=True).first()
        start = max(first.year if first else today.year, today.year - 4)
        return list(range(today.year, start - 1, -1))

    def _year(self, request, years: list[int]) -> int:
        raw = request.POST.get("year") or request.GET.get("year") or ""
        return int(raw) if raw.isdigit() and int(raw) in years else assessment.default_year()

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not self.opens_for(user, kwargs):
            raise Http404("该账号没有关联结对共建单位")
        years = self._years(user)
        year = kwargs.pop("year", None) or self._year(self.request, years)
        record, points, pending = assessment.current(user.paired_unit, year)
        evaluated = assessment.evaluation_row(user.paired_unit, year)
        return super().get_context_data(
            title=f"{year}年度自评", unit=user.paired_unit, year=year, years=years, assessment=record, points=points,
            evaluated=evaluated, total=points.total + evaluated["points"],
            pending=pending, table=assessment.rows(points, year), deadline=assessment.deadline(year),
            notes=kwargs.pop("notes", record.notes), **kwargs,
        )

    def post(self, request, *args, **kwargs):
        user = request.user
        if not self.opens_for(user, kwargs):
            raise Http404("该账号没有关联结对共建单位")
        year = self._year(request, self._years(user))
        notes = request.POST.get("notes", "")[:5000]
        submit = request.POST.get("action") == "submit"
        try:
            saved = assessment.save(user.paired_unit, year, notes, user, submit)
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(year=year, notes=notes, error="；".join(error.messages)), status=400)
        messages.success(request, f"{year}年度自评已提交，自评积分{saved.points}分。" if submit else "已保存草稿，提交前可继续修改。")
        return redirect(f"{request.path}?year={year}")


class OpenRoundsView(LoginRequiredMixin, View):
    """The committee opens a round of evaluation for every pairing it keeps (POST)."""

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm("pairing.add_unitevaluation")

    def post(self, request):
        if not self.opens_for(request.user, {}):
            raise PermissionDenied("您的角色不能发起评议。")
        form = forms.OpenRoundForm(request.POST)
        if not form.is_valid() or form.cleaned_data["year"] > timezone.localdate().year:
            messages.error(request, "请填写年度（不晚于今年）并选择轮次（年中或年终）。")
            return redirect("pairing:unitevaluation_list")
        year, round_ = form.cleaned_data["year"], form.cleaned_data["round"]
        opened = evaluations.open_rounds(request.user, year, round_)
        label = UnitEvaluation.Round(round_).label
        messages.success(request, f"已为{opened}个结对关系发起{year}年{label}，每个评议有四份邀请（党组织、群团组织、员工代表、企业主）。"
                         if opened else f"您管辖范围内的结对关系都已发起{year}年{label}。")
        return redirect(reverse("pairing:unitevaluation_list") + f"?year={year}&round={round_}")


@method_decorator(never_cache, name="dispatch")
class AnswerView(TemplateView):
    """附件4 answered by link or QR code, without an account: the token names one invitation
    (liangxin.pairing.evaluations), which takes one answer."""

    template_name = "pairing/evaluation_answer.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return evaluations.invitation_for_token(kwargs["token"]) is not None

    def _invitation(self, token):
        invitation = evaluations.invitation_for_token(token)
        if invitation is None:
            raise Http404("评议链接无效：请核对链接或二维码，或联系发起评议的党群共建办。")
        return invitation

    def get_context_data(self, **kwargs):
        invitation = kwargs.pop("invitation", None) or self._invitation(kwargs["token"])
        form = kwargs.pop("form", None) or forms.AnswerForm(instance=invitation)
        return super().get_context_data(
            title=f"{invitation.evaluation.year}年{invitation.evaluation.get_round_display()}", invitation=invitation,
            evaluation=invitation.evaluation, hide_nav=True, form=form, **kwargs)

    def post(self, request, token):
        invitation = self._invitation(token)
        if invitation.answered:
            return self.render_to_response(self.get_context_data(token=token, invitation=invitation))
        form = forms.AnswerForm(request.POST, instance=invitation)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(token=token, invitation=invitation, form=form), status=400)
        ratings = {name: form.cleaned_data[name] for name in invitation.ITEMS}
        evaluations.answer(invitation, ratings, form.cleaned_data["comments"])
        invitation.refresh_from_db()
        return self.render_to_response(self.get_context_data(token=token, invitation=invitation, thanks=True))


def _inspection(user, pk, action: str = "view") -> Inspection | None:
    return Inspection.objects.scoped(user, action).select_related("region").filter(pk=pk).first()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class BulletinView(LoginRequiredMixin, View):
    """The bulletin as a Word document (?format=docx, the office edits it) or its PDF (?format=pdf)."""

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm("pairing.view_inspection") and _inspection(user, kwargs["pk"]) is not None

    def get(self, request, pk):
        if not request.user.has_perm("pairing.view_inspection"):
            raise PermissionDenied("您的角色不能查看督办检查通报。")
        inspection = _inspection(request.user, pk)
        if inspection is None:
            raise Http404("没有这次督办检查")
        data = bulletin.docx(bulletin.build(inspection))
        name, content_type = f"{inspection.region.name}{inspection.title}", DOCX
        if request.GET.get("format") == "pdf":
            try:
                data, content_type = documents.to_pdf(data), "application/pdf"
            except documents.ConversionUnavailable as error:
                messages.error(request, str(error))
                return redirect("pairing:inspection_detail", pk=pk)
            name += ".pdf"
        else:
            name += ".docx"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = attachment_disposition(name)
        return response


class InspectionActionView(LoginRequiredMixin, View):
    """Issue the bulletin (POST issue=1), or mark the quarter's good practice (POST examples=ids)."""

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm("pairing.change_inspection") and _inspection(user, kwargs["pk"], "change") is not None

    def post(self, request, pk):
        if not request.user.has_perm("pairing.change_inspection"):
            raise PermissionDenied("您的角色不能修改督办检查。")
        inspection = _inspection(request.user, pk, "change")
        if inspection is None:
            raise Http404("没有这次督办检查")
        if "issue" in request.POST:
            with tracked(inspection):
                inspection.issued_on = timezone.localdate()
                inspection.save()
            messages.success(request, f"已印发{inspection.title}。")
        else:
            records = bulletin.examples_to_mark(inspection)
            wanted = {int(v) for v in request.POST.getlist("example") if v.isdigit()}
            changed = 0
            for record in records.filter(pk__in=wanted, example=False) | records.filter(example=True).exclude(pk__in=wanted):
                with tracked(record):
                    record.example = record.pk in wanted
                    record.save(update_fields=["example", "updated"])
                changed += 1
            messages.success(request, f"已更新{changed}条记录的“好的做法”标注，通报第四部分随之更新。")
        return redirect("pairing:inspection_detail", pk=pk)


class CommendationView(LoginRequiredMixin, TemplateView):
    """The annual commendation list (004 四(四)): every unit paired in the user's district or street by the year's points."""

    template_name = "pairing/commendation.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm("pairing.view_inspection") and user.region_id is not None

    def get_context_data(self, **kwargs):
        user = self.request.user
        if not user.has_perm("pairing.view_inspection"):
            raise PermissionDenied("您的角色不能查看年度表彰名单。")
        if user.region_id is None:
            raise Http404("该账号没有管辖区域")
        today = timezone.localdate()
        raw = self.request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year else (today.year if today.month == 12 else today.year - 1)
        listing = bulletin.annual(user.region, year)
        return super().get_context_data(title=f"{year}年度结对共建表彰名单", listing=listing, year=year,
                                        years=list(range(today.year, today.year - 5, -1)), region=user.region, **kwargs)
