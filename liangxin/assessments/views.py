"""Pages of the standards beyond each object's list, detail, edit and delete: filling and
verifying a checklist's item, its photo, and approving a rating round."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import View

from liangxin.assessments import forms
from liangxin.assessments.checklists import VERIFY_PERMISSION, review, submit
from liangxin.assessments.models import ChecklistEntry, RatingRound
from liangxin.assessments.rating import APPROVE_PERMISSION, approve, regenerate
from liangxin.core.views import PhotoFileView


class EntryPhotoFileView(PhotoFileView):
    """The photo an item's evidence holds."""

    photo_model = ChecklistEntry
    denied = "您的角色不能查看规范化建设的佐证照片。"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return ChecklistEntry.objects.scoped(user).filter(pk=kwargs["pk"]).exclude(image="").exists()

    def get(self, request, pk):
        if not request.user.has_perm("assessments.view_checklistentry"):
            raise PermissionDenied(self.denied)
        entry = get_object_or_404(ChecklistEntry.objects.scoped(request.user), pk=pk)
        if not entry.image:
            raise Http404("这一项没有照片")
        return super().get(request, pk)


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


class EntrySubmitView(LoginRequiredMixin, View):
    """The secretary submits an item's evidence (a corrected one again after a return)."""

    def post(self, request, pk):
        if not request.user.has_perm("assessments.change_checklistentry"):
            raise PermissionDenied("您的角色不能填报规范化建设清单。")
        entry = get_object_or_404(ChecklistEntry.objects.scoped(request.user, "change").select_related("item", "checklist"), pk=pk)
        form = forms.EntryForm(request.POST, request.FILES, prefix=f"e{entry.pk}")
        if not form.is_valid():
            messages.error(request, f"“{entry.item.name}”：" + "；".join(e for errors in form.errors.values() for e in errors))
            return redirect(entry.checklist.get_absolute_url())
        data = form.cleaned_data
        try:
            submit(entry, request.user, area=data["area"], systems=data["systems"], note=data["note"], photo=data["photo"])
        except ValidationError as error:
            messages.error(request, f"“{entry.item.name}”：{_messages(error)}")
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已提交“{entry.item.name}”，等待街道核实。")
        return redirect(entry.checklist.get_absolute_url())


class EntryReviewView(LoginRequiredMixin, View):
    """The street verifies an item, or returns it with a reason."""

    def post(self, request, pk):
        if not request.user.has_perm(VERIFY_PERMISSION):
            raise PermissionDenied("您的角色不能核实规范化建设清单。")
        entry = get_object_or_404(ChecklistEntry.objects.scoped(request.user).select_related("item", "checklist"), pk=pk)
        form = forms.ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, "请选择核实或退回。")
            return redirect(entry.checklist.get_absolute_url())
        verify = form.cleaned_data["decision"] == "verify"
        try:
            review(entry, request.user, verify, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, f"“{entry.item.name}”：{_messages(error)}")
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已核实“{entry.item.name}”。" if verify else f"已退回“{entry.item.name}”，书记会看到退回原因。")
        return redirect(entry.checklist.get_absolute_url())


class RoundApproveView(LoginRequiredMixin, View):
    """The committee approves a round: from then on its results are read-only."""

    def post(self, request, pk):
        if not request.user.has_perm(APPROVE_PERMISSION):
            raise PermissionDenied("您的角色不能审定评定结果。")
        round_ = get_object_or_404(RatingRound.objects.scoped(request.user, "change"), pk=pk)
        try:
            approve(round_, request.user)
        except ValidationError as error:
            messages.error(request, _messages(error))
        else:
            messages.success(request, f"已审定{round_}，结果不再修改，并计入覆盖看板的达标率。")
        return redirect(round_.get_absolute_url())


class RoundRegenerateView(LoginRequiredMixin, View):
    """重新计算建议分: a round still open follows the data recorded since it was created (see
    rating.regenerate); whoever may change the round may ask."""

    def post(self, request, pk):
        if not request.user.has_perm("assessments.change_ratinground"):
            raise PermissionDenied("您的角色不能修改评定。")
        round_ = get_object_or_404(RatingRound.objects.scoped(request.user, "change"), pk=pk)
        try:
            result = regenerate(round_, request.user)
        except ValidationError as error:
            messages.error(request, _messages(error))
        else:
            (messages.warning if result.gone else messages.success)(request, result.message())
        return redirect(round_.get_absolute_url())

