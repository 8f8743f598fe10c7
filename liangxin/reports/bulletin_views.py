"""Pages of the quarterly bulletin (REP-3): the list, a bulletin with its drafted content, the
draft's form, the life cycle (refresh → review → freeze, or back to draft), the .docx and PDF,
and the office's Word template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import documents
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition
from liangxin.reports import bulletin_docx, bulletins
from liangxin.reports.bulletin_forms import BulletinTemplateForm, QuarterlyBulletinForm
from liangxin.reports.filtersets import QuarterlyBulletinFilterSet
from liangxin.reports.models import BulletinTemplate, QuarterlyBulletin
from liangxin.reports.tables import QuarterlyBulletinTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VIEW, CHANGE = "reports.view_quarterlybulletin", "reports.change_quarterlybulletin"


class DraftsOnly:
    """Only a draft is edited or deleted: reviewed and frozen bulletins change through the life
    cycle's buttons alone (and a frozen one never)."""

    @classmethod
    def scoped_queryset(cls, user, action: str):
        queryset = QuarterlyBulletin.objects.select_related("region").scoped(user, action)
        return queryset.filter(status=QuarterlyBulletin.Status.DRAFT) if action in ("change", "delete") else queryset


class QuarterlyBulletinListView(core.ObjectListView):
    model = QuarterlyBulletin
    queryset = QuarterlyBulletin.objects.select_related("region")
    filterset_class = QuarterlyBulletinFilterSet
    table_class = QuarterlyBulletinTable


class QuarterlyBulletinDetailView(DraftsOnly, core.ObjectDetailView):
    model = QuarterlyBulletin
    # Who reviewed and froze it is in the change log (for those who may read it), not on the page.
    fields = "region,year,quarter,status,issuer,drafted_at,reviewed_at,frozen_at"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bulletin = context["object"]
        user = self.request.user
        _, source = bulletin_docx.template_for(bulletin.region)
        context.update(
            f=bulletin.figures, sections=[(bulletin_docx.BLOCKS[key], items) for key, items in bulletin_docx.document_blocks(
                bulletin.figures, bulletin.good_practice, bulletin.requirements).items()],
            pdf_available=documents.pdf_available(), template_source=source,
            can_act=user.has_perm(CHANGE) and QuarterlyBulletin.objects.scoped(user, "change").filter(pk=bulletin.pk).exists(),
        )
        return context


class QuarterlyBulletinEditView(DraftsOnly, core.ObjectEditView):
    model = QuarterlyBulletin
    form_class = QuarterlyBulletinForm


class QuarterlyBulletinDeleteView(DraftsOnly, core.ObjectDeleteView):
    model = QuarterlyBulletin


def _bulletin(user, pk, action: str = "view") -> QuarterlyBulletin | None:
    return QuarterlyBulletin.objects.scoped(user, action).select_related("region").filter(pk=pk).first()


class BulletinActionView(LoginRequiredMixin, View):
    """The life cycle (POST step=refresh|review|reopen|freeze): a draft's figures are drafted
    again from today's record; review fixes its content; freeze stores its document for good."""

    STEPS = {
        "refresh": ((QuarterlyBulletin.Status.DRAFT,), "已按最新台账重新生成通报数据。"),
        "review": ((QuarterlyBulletin.Status.DRAFT,), "已审核，内容不再随台账变化；确认无误后可定稿。"),
        "reopen": ((QuarterlyBulletin.Status.REVIEWED,), "已退回草稿，可修改或重新生成数据。"),
        "freeze": ((QuarterlyBulletin.Status.REVIEWED,), "已定稿：文档和数据已保存，以后不再改变。"),
    }

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm(CHANGE) and _bulletin(user, kwargs["pk"], "change") is not None

    def post(self, request, pk):
        if not request.user.has_perm(CHANGE):
            raise PermissionDenied("您的角色不能修改季度通报。")
        bulletin = _bulletin(request.user, pk, "change")
        if bulletin is None:
            raise Http404("没有这期通报")
        step = request.POST.get("step", "")
        if step not in self.STEPS:
            messages.error(request, "操作：无法识别，请使用页面上的按钮。")
            return redirect(bulletin.get_absolute_url())
        allowed, done = self.STEPS[step]
        if bulletin.status not in allowed:
            messages.error(request, f"这期通报当前为“{bulletin.get_status_display()}”，不能执行该操作。")
            return redirect(bulletin.get_absolute_url())
        now = timezone.now()
        with transaction.atomic(), tracked(bulletin):
            if step == "refresh":
                bulletin.figures, bulletin.drafted_at = bulletins.draft(bulletin), now
            elif step == "review":
                bulletin.status, bulletin.reviewed_by, bulletin.reviewed_at = QuarterlyBulletin.Status.REVIEWED, request.user, now
            elif step == "reopen":
                bulletin.status, bulletin.reviewed_by, bulletin.reviewed_at = QuarterlyBulletin.Status.DRAFT, None, None
            else:
                bulletin.status, bulletin.frozen_by, bulletin.frozen_at = QuarterlyBulletin.Status.FROZEN, request.user, now
                bulletin.frozen_docx = bulletin_docx.docx(bulletin)
            bulletin.save()
        messages.success(request, done)
        return redirect(bulletin.get_absolute_url())


class BulletinDownloadView(LoginRequiredMixin, View):
    """The bulletin as a Word document (?format=docx) or its PDF (?format=pdf), logged."""

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm(VIEW) and _bulletin(user, kwargs["pk"]) is not None

    def get(self, request, pk):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied("您的角色不能查看季度通报。")
        bulletin = _bulletin(request.user, pk)
        if bulletin is None:
            raise Http404("没有这期通报")
        try:
            return docx_response(request.user, bulletin, pdf=request.GET.get("format") == "pdf")
        except documents.ConversionUnavailable as error:
            messages.error(request, str(error))
            return redirect(bulletin.get_absolute_url())


def docx_response(user, bulletin: QuarterlyBulletin, pdf: bool = False) -> HttpResponse:
    """The bulletin's Word document (the frozen one once frozen) or its PDF as a download, with
    its change-log row: the page's and the API's (documents.ConversionUnavailable without
    LibreOffice, for the PDF)."""
    data, content_type, suffix = bulletin_docx.docx(bulletin), DOCX, ".docx"
    if pdf:
        data, content_type, suffix = documents.to_pdf(data), "application/pdf", ".pdf"
    record(ChangeLog.Action.EXPORT, bulletin, user=user, region_path=bulletin.region.path,
           detail=f"下载{bulletin}（{suffix[1:].upper()}，{bulletin.get_status_display()}）")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(f"{bulletin}{suffix}")
    return response


class BulletinTemplateView(LoginRequiredMixin, TemplateView):
    """The Word template in force for the user's region (GET ?download=1 gives the file) and,
    for those who keep the bulletins, uploading the office's own (checked for its placeholders)."""

    template_name = "reports/bulletin_template.html"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm(VIEW) and bool(user.region_id)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.opens_for(request.user, kwargs):
            raise PermissionDenied("您的角色不能查看季度通报模板。")
        return super().dispatch(request, *args, **kwargs)

    def may_upload(self) -> bool:
        return self.request.user.has_perm("reports.add_bulletintemplate")

    def get(self, request, *args, **kwargs):
        if request.GET.get("download"):
            content, _ = bulletin_docx.template_for(request.user.region)
            response = HttpResponse(content, content_type=DOCX)
            response["Content-Disposition"] = attachment_disposition(f"{request.user.region.name}季度通报模板.docx")
            return response
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_upload():
            raise PermissionDenied("您的角色不能上传通报模板。")
        form = BulletinTemplateForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        region = request.user.region
        template = BulletinTemplate.objects.filter(region=region).first() or BulletinTemplate(region=region)
        with transaction.atomic(), tracked(template):
            template.name, template.content = form.cleaned_data["file"].name, form.cleaned_data["content"]
            template.save()
        messages.success(request, f"已启用新模板“{template.name}”，此后生成的通报按此模板排版（已定稿的不变）。")
        return redirect("reports:bulletin_template")

    def get_context_data(self, **kwargs):
        _, source = bulletin_docx.template_for(self.request.user.region)
        kwargs.setdefault("form", BulletinTemplateForm() if self.may_upload() else None)
        return super().get_context_data(title="季度通报模板", source=source, blocks=bulletin_docx.BLOCKS,
                                        inline=bulletin_docx.INLINE, **kwargs)
