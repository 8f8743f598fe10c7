"""The annual statistical report's page (`/reports/annual/?region=&year=`: the tables on screen)
and its downloads (.xlsx, .docx, and the PDF where LibreOffice is installed), each download
logged (the API's tables too: liangxin.reports.api). Who reads the coverage dashboard of a region reads its report: the region roles (their
subtree; another region answers 404); the roles scoped by organizations have no region to
report on (403)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import documents
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.links import opens_when
from liangxin.regions.models import Region
from liangxin.reports import annual, annual_files
from liangxin.rules.services import region_in_scope, root_region
from liangxin.rules.views import VIEW_PERMISSION

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "统计表"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "文字报告"),
    "pdf": ("application/pdf", ".pdf", "文字报告（PDF）"),
}


class YearForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, widget=forms.NumberInput(attrs={"class": "form-control"}),
                              error_messages={"invalid": "年度：请填写四位年份，如2025。"})

    def clean_year(self):
        year = self.cleaned_data["year"]
        this_year = timezone.localdate().year
        if year is not None and not 2000 <= year <= this_year:
            raise forms.ValidationError(f"年度：应在2000年至{this_year}年之间。")
        return year


def may_read(user) -> bool:
    """Who reads the report: the page's, the downloads' and the API's one test."""
    return user.has_perm(VIEW_PERMISSION) and root_region(user) is not None


def _opens(user, kwargs) -> bool:
    return may_read(user)


def requested(request) -> tuple[Region, YearForm, int]:
    """The region (inside the user's jurisdiction, else 404) and year asked for, with the year's form."""
    if not may_read(request.user):
        raise PermissionDenied("您的角色不能查看统计年报。")
    region = region_in_scope(request.user, request.GET.get("region"))
    if region is None:
        raise Http404("区域不存在")
    form = YearForm(request.GET or None)
    year = timezone.localdate().year - 1
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    return region, form, year


@login_required
@opens_when(_opens)
def annual_report(request):
    region, form, year = requested(request)
    report = annual.build(request.user, region, year) if not form.errors else None
    ancestors = region.ancestors_in_scope(request.user)
    children = list(Region.objects.scoped(request.user).filter(parent=region).open().order_by("path"))
    return render(request, "reports/annual.html", {
        "title": f"{region.name}{year}年度统计年报", "region": region, "year": year, "form": form, "report": report,
        "sections": annual_files.narrative(report) if report else [], "ancestors": ancestors, "children": children,
        "tables": [(t, annual_files.shown_rows(t)) for t in report.tables] if report else [],
        "pdf": documents.pdf_available(),
    })


@login_required
@opens_when(_opens)
def annual_download(request):
    region, form, year = requested(request)
    kind = request.GET.get("format", "xlsx")
    if kind not in FORMATS or form.errors or (kind == "pdf" and not documents.pdf_available()):
        raise Http404("没有这种格式的年报")
    report = annual.build(request.user, region, year)
    content_type, suffix, label = FORMATS[kind]
    if kind == "xlsx":
        body = annual_files.workbook_bytes(report)
    else:
        body = annual_files.document_bytes(report)
        if kind == "pdf":
            body = documents.to_pdf(body)
    record(ChangeLog.Action.EXPORT, user=request.user, region_path=region.path, detail=f"导出{report.title}（{label}）")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = attachment_disposition(dated_filename(report.title, suffix))
    return response
