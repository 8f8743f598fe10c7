"""The funding page of a region (FUND-1…3: budget, allocations, spending, balance, dues returned,
set-asides, by sub-region) with its export, and the records' list/detail/edit/delete pages."""

from __future__ import annotations

import io

import openpyxl
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import views as core
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.links import opens_when
from liangxin.funding import forms, services
from liangxin.funding.filtersets import (
    AllocationFilterSet,
    DuesReturnFilterSet,
    ExpenseFilterSet,
    SetAsideFilterSet,
)
from liangxin.funding.models import Allocation, DuesReturn, Expense, SetAside
from liangxin.funding.tables import AllocationTable, DuesReturnTable, ExpenseTable, SetAsideTable
from liangxin.rules.services import region_in_scope, root_region

PERMISSION = "funding.view_allocation"


def _opens(user, kwargs) -> bool:
    return user.has_perm(PERMISSION) and root_region(user) is not None


def _page_data(request):
    if not request.user.has_perm(PERMISSION) or root_region(request.user) is None:
        raise PermissionDenied("您的角色不能查看区域经费。")
    region = region_in_scope(request.user, request.GET.get("region"))
    form = forms.FundingFilterForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data.get("year"):
        year = form.cleaned_data["year"]
    if region is None:
        raise Http404("区域不存在")
    return region, year, form


@login_required
@opens_when(_opens)
def funding_page(request):
    region, year, form = _page_data(request)
    data = services.funding(region, year)
    return render(request, "funding/funding.html", {"title": f"{region.name}{year}年党建经费", "data": data, "form": form,
                                                    "region": region, "year": year})


@login_required
@opens_when(_opens)
def funding_export(request):
    region, year, _form = _page_data(request)
    data = services.funding(region, year)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年党建经费"
    sheet.append(["区域", "党员数", "每名党员（元）", "预算（元）", "已拨付（元）", "未拨付（元）", "已支出（元）", "结余（元）",
                  "留存党费应返还（元）", "已返还（元）", "列支党员教育活动经费（元）", "对应工资总额（元）",
                  "园区党群中心资金补助（元）", "城乡试点工作补贴（元）", "其他补助（元）", "补助合计（元）", "补助应到未到（累计，元）"])
    for row in [data, *data.children]:
        s = row.subsidies
        sheet.append([row.region.name, row.members, row.per_member, row.budget, row.allocated, row.unallocated, row.spent,
                      row.balance, row.dues_retained, row.dues_returned, row.set_aside, row.payroll,
                      s.park_centre, s.county_pilot, s.other, s.total, s.shortfall])
    for cells in sheet.iter_rows(min_row=2, min_col=4):
        for cell in cells:
            cell.number_format = "#,##0.00"  # yuan to the fen, as the finance office keeps them
    out = io.BytesIO()
    workbook.save(out)
    record(ChangeLog.Action.EXPORT, user=request.user, region_path=region.path, detail=f"导出{region.name}{year}年党建经费")
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = attachment_disposition(dated_filename(f"{region.name}{year}年党建经费"))
    return response


def _object_views(model, form_class, filterset, table, fields):
    attrs = {"model": model}
    list_view = type(f"{model.__name__}List", (core.ObjectListView,), {**attrs, "filterset_class": filterset, "table_class": table})
    detail = type(f"{model.__name__}Detail", (core.ObjectDetailView,), {**attrs, "fields": fields})
    edit = type(f"{model.__name__}Edit", (core.ObjectEditView,), {**attrs, "form_class": form_class})
    delete = type(f"{model.__name__}Delete", (core.ObjectDeleteView,), attrs)
    return list_view, detail, edit, delete


ALLOCATION = _object_views(Allocation, forms.AllocationForm, AllocationFilterSet, AllocationTable,
                           "region,party_org,year,date,amount,note")
EXPENSE = _object_views(Expense, forms.ExpenseForm, ExpenseFilterSet, ExpenseTable, "party_org,year,date,amount,purpose,description")
DUES = _object_views(DuesReturn, forms.DuesReturnForm, DuesReturnFilterSet, DuesReturnTable,
                     "party_org,year,retained,returned,returned_on")
SET_ASIDE = _object_views(SetAside, forms.SetAsideForm, SetAsideFilterSet, SetAsideTable, "organization,year,amount")
