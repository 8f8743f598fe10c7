"""The annual inspection's pages: each round's and result's list/detail/edit/delete (the base
views of liangxin.core with their attributes stated) and the round's entry page, where the
department enters many results at once on a phone."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from liangxin.audit.log import record, tracked
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.links import opens_when
from liangxin.core.models import may
from liangxin.core.pagination import DEFAULT_PAGE_SIZE, paginate
from liangxin.core.scoping import check_still_in_scope
from liangxin.inspections import forms, spreadsheet
from liangxin.inspections.filtersets import PENDING, InspectionResultFilterSet, InspectionRoundFilterSet
from liangxin.inspections.models import InspectionResult, InspectionRound, Result
from liangxin.inspections.tables import InspectionResultTable, InspectionRoundTable

ROUNDS = InspectionRound.objects.select_related("region")
RESULTS = InspectionResult.objects.select_related("round__region", "organization__region")
ENTRY_PAGE_SIZE = 40  # rows of the entry page: one screen's worth of thumbs, a short POST


class InspectionRoundListView(core.ObjectListView):
    model = InspectionRound
    queryset = ROUNDS
    filterset_class = InspectionRoundFilterSet
    table_class = InspectionRoundTable


class InspectionRoundDetailView(core.ObjectDetailView):
    model = InspectionRound
    queryset = ROUNDS
    fields = "region,year,department,started_on,notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_, user = context["object"], self.request.user
        filterset = InspectionResultFilterSet(self.request.GET or None, request=self.request,
                                              queryset=RESULTS.scoped(user).filter(round=round_))
        table = InspectionResultTable(filterset.qs, user=user, exclude=("year",))
        paginate(self.request, table, DEFAULT_PAGE_SIZE)
        context.update(tally=round_.tally(), results=Result.choices, table=table, filterset=filterset,
                       may_enter=may(user, InspectionResult, "change"))
        return context


class InspectionRoundEditView(core.ObjectEditView):
    model = InspectionRound
    queryset = ROUNDS
    form_class = forms.InspectionRoundForm

    def get_success_url(self, obj) -> str:
        # A new round lists the organizations it inspects; saving it again adds those entered
        # into the ledger since.
        added = obj.add_organizations()
        if added:
            messages.info(self.request, f"已纳入{added}个组织，请在“录入结果”中逐个录入年检结果。")
        return super().get_success_url(obj)


class InspectionRoundDeleteView(core.ObjectDeleteView):
    model = InspectionRound
    queryset = ROUNDS


class InspectionResultListView(core.ObjectListView):
    model = InspectionResult
    queryset = RESULTS
    filterset_class = InspectionResultFilterSet
    table_class = InspectionResultTable


class InspectionResultDetailView(core.ObjectDetailView):
    model = InspectionResult
    queryset = RESULTS
    fields = "round,organization,result,inspected_on,remarks"


class InspectionResultEditView(core.ObjectEditView):
    model = InspectionResult
    queryset = RESULTS
    form_class = forms.InspectionResultForm

    @classmethod
    def permitted(cls, user, action: str) -> bool:
        # Results come from their round (add_organizations); none is added by hand.
        return action != "add" and super().permitted(user, action)


class InspectionResultDeleteView(core.ObjectDeleteView):
    model = InspectionResult
    queryset = RESULTS


def _entry_rows(request, round_, data=None):
    results = RESULTS.scoped(request.user, "change").filter(round=round_)
    only_pending = request.GET.get("result") == PENDING
    if only_pending:
        results = results.filter(result="")
    page = Paginator(results, ENTRY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [forms.EntryRowForm(data, instance=result, prefix=f"r{result.pk}") for result in page.object_list]
    return page, rows, only_pending


def _opens_entry(user, kwargs) -> bool:
    return may(user, InspectionResult, "change") and ROUNDS.scoped(user).filter(pk=kwargs["pk"]).exists()


@login_required
@opens_when(_opens_entry)
def round_entry(request, pk):
    """GET: a page of the round's results as a form; POST: save the rows that changed, each
    checked and logged, all or none."""
    if not may(request.user, InspectionResult, "change"):
        raise PermissionDenied("您的角色不能录入年检结果。")
    round_ = get_object_or_404(ROUNDS.scoped(request.user), pk=pk)
    if request.method == "POST":
        page, rows, only_pending = _entry_rows(request, round_, request.POST)
        # Only the rows the page posted: a row another user's entry moved onto this page since
        # is not in the POST, and must not read as emptied.
        changed = [row for row in rows if f"{row.prefix}-remarks" in request.POST and row.has_changed()]
        if all(row.is_valid() for row in changed):
            try:
                with transaction.atomic():
                    for row in changed:
                        with tracked(row.instance):
                            saved = row.save()
                        check_still_in_scope(saved, request.user, "change")
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"已保存{len(changed)}个组织的年检结果。" if changed else "没有修改。")
                return redirect(request.get_full_path())
        else:
            messages.error(request, "有的行填写有误，请按各行的提示修改后再保存；已填写的内容都保留着。")
    else:
        page, rows, only_pending = _entry_rows(request, round_)
    return render(request, "inspections/round_entry.html", {
        "title": f"录入年检结果：{round_}", "object": round_, "rows": rows, "page": page, "only_pending": only_pending,
        "tally": round_.tally(), "pending": PENDING,
    })



def _opens_round(user, kwargs) -> bool:
    return may(user, InspectionResult, "view") and ROUNDS.scoped(user).filter(pk=kwargs["pk"]).exists()


@login_required
@opens_when(_opens_round)
def round_export(request, pk):
    """The round's list as a spreadsheet (the import's template), the results the user may see."""
    if not may(request.user, InspectionResult, "view"):
        raise PermissionDenied("您的角色不能查看年检结果。")
    round_ = get_object_or_404(ROUNDS.scoped(request.user), pk=pk)
    results = RESULTS.scoped(request.user).filter(round=round_)
    body = spreadsheet.workbook_bytes(round_, results)
    record(ChangeLog.Action.EXPORT, user=request.user, region_path=round_.region.path, detail=f"导出{round_}名单")
    response = HttpResponse(body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment_disposition(dated_filename(str(round_)))
    return response


class ImportForm(django_forms.Form):
    file = django_forms.FileField(label="年检结果表（.xlsx）", error_messages={"required": "文件：请选择要导入的 Excel 文件。"},
                                  widget=django_forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}))


@login_required
@opens_when(_opens_entry)
def round_import(request, pk):
    """Import the results from the filled-in list: all rows or none."""
    if not may(request.user, InspectionResult, "change"):
        raise PermissionDenied("您的角色不能录入年检结果。")
    round_ = get_object_or_404(ROUNDS.scoped(request.user), pk=pk)
    form, outcome = ImportForm(request.POST or None, request.FILES or None), None
    if request.method == "POST" and form.is_valid():
        results = list(RESULTS.scoped(request.user, "change").filter(round=round_))
        outcome = spreadsheet.import_results(round_, request.user, form.cleaned_data["file"], results)
        if not outcome.errors:
            messages.success(request, f"已导入{outcome.saved}个组织的年检结果（{outcome.unchanged}个与系统中一致，未改动）。")
            return redirect(round_.get_absolute_url())
    return render(request, "inspections/round_import.html", {
        "title": f"导入年检结果：{round_}", "object": round_, "form": form, "outcome": outcome})
