"""Import (upload → preview → confirm), export, templates, and the census pages."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from liangxin.accounts import secondfactor
from liangxin.audit.log import tracked
from liangxin.core import views
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.links import opens_when
from liangxin.core.pagination import paginate
from liangxin.core.scoping import check_still_in_scope
from liangxin.ledger import tasks
from liangxin.ledger.exporting import EXPORTS, full_member_export, log_export, write_export, write_template
from liangxin.ledger.filtersets import CensusFilterSet, CensusRecordFilterSet
from liangxin.ledger.forms import CensusForm, CensusRecordForm, UploadForm
from liangxin.ledger.handlers import can_import
from liangxin.ledger.layouts import LAYOUTS
from liangxin.ledger.models import Census, CensusRecord, ExportJob, ImportJob
from liangxin.ledger.reading import FileRefused, limits, sniff
from liangxin.ledger.tables import CensusRecordTable, CensusTable
from liangxin.ops import worker
from liangxin.rules.parameters import STANDALONE_MIN
from liangxin.rules.values import ParameterValues

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(path_or_file, filename: str) -> FileResponse:
    handle = open(path_or_file, "rb") if isinstance(path_or_file, (str, Path)) else path_or_file  # noqa: SIM115
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(filename)
    return response


# ---- import ---------------------------------------------------------------------------------

# The kinds of file the import page takes on its own (a census sheet is imported from its census).
FILE_KINDS = ("ledger", "regions", "pairings")


def _may_start_import(user, kwargs: dict) -> bool:
    census_pk = kwargs.get("census_pk")
    if census_pk is None:
        return any(can_import(user, kind) for kind in FILE_KINDS)
    census = Census.objects.scoped(user).filter(pk=census_pk).first()
    return census is not None and not census.is_closed and can_import(user, "census")


@opens_when(_may_start_import)
@login_required
def import_start(request, census_pk=None):
    census = None
    if census_pk is not None:
        census = get_object_or_404(Census.objects.scoped(request.user), pk=census_pk)
        if census.is_closed:
            raise PermissionDenied("该摸底已结束，记录只读，不能再导入。")
    importable = [kind for kind in FILE_KINDS if can_import(request.user, kind)]
    kind_default = "census" if census else request.GET.get("kind", importable[0] if importable else "ledger")
    if kind_default not in (*FILE_KINDS, "census") or not can_import(request.user, kind_default):
        raise PermissionDenied("您的角色没有导入此类数据的权限。")
    form = UploadForm(request.POST or None, request.FILES or None, initial={"kind": kind_default})
    if census:
        form.fields["kind"].choices = [("census", "摸底表")]
    else:
        form.fields["kind"].choices = [(k, label) for k, label in ImportJob.Kind.choices if k in importable]
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        if not can_import(request.user, kind):
            raise PermissionDenied("您的角色没有导入此类数据的权限。")
        if upload.size > limits()["upload"]:
            form.add_error("file", f"文件太大（{upload.size / 1048576:.1f} MB），上限为 {limits()['upload'] / 1048576:.0f} MB。请拆分后分别导入。")
        else:
            job = ImportJob(user=request.user, kind=kind, census=census, original_name=Path(upload.name).name[:255],
                            region_path=request.user.region.path if request.user.region_id else "")
            job.file.save(f"{request.user.pk}-{Path(upload.name).suffix.lower() or '.bin'}", upload, save=False)
            try:
                sniff(Path(job.file.path), job.original_name)
            except FileRefused as error:
                job.file.delete(save=False)
                form.add_error("file", str(error))
            else:
                job.save()
                tasks.start_import(job, confirm=False)
                return redirect("ledger:import_detail", pk=job.pk)
    title = f"导入摸底表：{census}" if census else "导入台账"
    return render(request, "ledger/import_start.html", {
        "form": form, "title": title, "census": census, "limit_mb": limits()["upload"] // 1048576,
        "template_layout": "census" if census else kind_default,
    })


def _own_jobs(user):
    """The import jobs a user may open: in the jurisdiction, and (a job holds its uploaded file)
    their own unless a superuser. The views and the link check (core.links) both ask this."""
    jobs = ImportJob.objects.scoped(user)
    return jobs if user.is_superuser else jobs.filter(user=user)


def _own_job(user, kwargs: dict) -> bool:
    return _own_jobs(user).filter(pk=kwargs["pk"]).exists()


def _job(request, pk) -> ImportJob:
    return get_object_or_404(_own_jobs(request.user).select_related("census"), pk=pk)


def _progress_context(job: ImportJob) -> dict:
    # A queued job with no live worker will wait: say so rather than show a bar that never moves.
    return {"job": job, "title": str(job), "worker_missing": job.running and not worker.alive()}


@opens_when(_own_job)
@login_required
def import_detail(request, pk):
    job = _job(request, pk)
    return render(request, "ledger/import_detail.html", _progress_context(job))


@opens_when(_own_job)
@login_required
def import_progress(request, pk):
    job = _job(request, pk)
    if not job.running:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "ledger/includes/progress.html", _progress_context(job))


@login_required
@require_POST
def import_confirm(request, pk):
    job = _job(request, pk)
    if job.status != ImportJob.Status.VALID:
        messages.error(request, "只有检查通过的文件才能确认导入。")
        return redirect("ledger:import_detail", pk=job.pk)
    if not job.file:
        messages.error(request, "该文件已超过保存期限被删除，请重新上传后再导入。")
        return redirect("ledger:import_detail", pk=job.pk)
    tasks.start_import(job, confirm=True)
    return redirect("ledger:import_detail", pk=job.pk)


@login_required
@require_POST
def import_rerun(request, pk):
    """Run again a job whose worker was interrupted: the same step (preview or confirm), same file."""
    job = _job(request, pk)
    if not job.can_rerun:
        messages.error(request, "只有中途中止、文件仍然保留的任务才能重新运行；请重新上传文件。")
        return redirect("ledger:import_detail", pk=job.pk)
    tasks.start_import(job, confirm=job.action == ImportJob.Action.CONFIRM)
    return redirect("ledger:import_detail", pk=job.pk)


@opens_when(lambda user, kwargs: _own_jobs(user).filter(pk=kwargs["pk"]).exclude(report="").exists())
@login_required
def import_report(request, pk):
    job = _job(request, pk)
    if not job.report:
        raise Http404
    return _attachment(job.report.path, f"错误标注-{Path(job.original_name).stem}.xlsx")


# ---- export and templates --------------------------------------------------------------------

@opens_when(lambda user, kwargs: kwargs["key"] in EXPORTS and user.has_perm(EXPORTS[kwargs["key"]].model_label))
@login_required
def export(request, key):
    """Any list as a spreadsheet; 身份证号 masked (full ones: export_full_ids)."""
    spec = EXPORTS.get(key)
    if spec is None:
        raise Http404
    if not request.user.has_perm(spec.model_label):
        raise PermissionDenied("您的角色不能导出此列表。")
    params = request.GET.copy()
    rows = spec.queryset(request.user, params).count()
    if rows > settings.LEDGER_EXPORT_INLINE_ROWS and request.user.has_perm("ledger.view_exportjob"):
        # Too long for a request (a district's members take minutes): the worker writes it.
        job = ExportJob(user=request.user, key=key, title=spec.title, params=list(params.lists()), rows=rows,
                        region_path=request.user.region.path if request.user.region_id else "")
        tasks.start_export(job)
        return redirect("ledger:export_detail", pk=job.pk)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — handed to FileResponse, which closes it
    count = write_export(spec, request.user, params, handle)
    log_export(spec, request.user, count, params.dict())
    handle.seek(0)
    return _attachment(handle, dated_filename(spec.title))


def _own_export_jobs(user):
    # An export (with the personal data it may hold) is its requester's alone: the roles that may
    # have large exports (ledger.view_exportjob) see their own jobs, and nobody else's.
    if not user.has_perm("ledger.view_exportjob"):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user)


def _export_job(request, pk) -> ExportJob:
    return get_object_or_404(_own_export_jobs(request.user), pk=pk)


def _own_export_job(user, kwargs: dict) -> bool:
    return _own_export_jobs(user).filter(pk=kwargs["pk"]).exists()


@opens_when(_own_export_job)
@login_required
def export_detail(request, pk):
    job = _export_job(request, pk)
    return render(request, "ledger/export_detail.html", {
        "job": job, "title": str(job), "worker_missing": job.running and not worker.alive(),
        "again": reverse("ledger:export", args=[job.key]) + (f"?{job.query_string}" if job.params else ""),
    })


@opens_when(_own_export_job)
@login_required
def export_progress(request, pk):
    job = _export_job(request, pk)
    if not job.running:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "ledger/includes/export_progress.html", {"job": job, "worker_missing": not worker.alive()})


@opens_when(lambda user, kwargs: _own_export_jobs(user).filter(pk=kwargs["pk"], status=ExportJob.Status.DONE).exclude(file="").exists())
@login_required
def export_download(request, pk):
    job = _export_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return _attachment(job.file.path, dated_filename(job.title))


REASON_MAX_LENGTH = 200


def _may_export_full_ids(user, kwargs: dict | None = None) -> bool:
    return user.has_perm("members.view_member") and user.has_perm("members.view_id_number")


@opens_when(_may_export_full_ids)
@login_required
def export_full_ids(request):
    """The member list with full 身份证号 (issue 10 §2): the permission, a second factor within
    the last SECOND_FACTOR_RECENT_MINUTES (asked again otherwise) and a reason; the change log
    keeps the reason and the row count. GET: the form (the list's filters carried along);
    POST: the file."""
    user = request.user
    if not _may_export_full_ids(user):
        raise PermissionDenied("您的角色不能导出完整身份证号。")
    query = request.POST.get("query", "") if request.method == "POST" else request.GET.urlencode()
    params = QueryDict(query)
    if not secondfactor.verified_recently(request):
        messages.info(request, f"导出完整身份证号前，请再次输入验证码（{settings.SECOND_FACTOR_RECENT_MINUTES} 分钟内只需验证一次）。")
        return redirect(secondfactor.reverify_url(reverse("ledger:member_export_full") + (f"?{query}" if query else "")))
    spec = full_member_export()
    reason = " ".join(request.POST.get("reason", "").split())[:REASON_MAX_LENGTH]
    if request.method != "POST" or not reason:
        count = spec.queryset(user, params).count()
        error = "请填写导出事由。" if request.method == "POST" else ""
        return render(request, "ledger/export_full.html", {
            "title": "导出党员名单（含完整身份证号）", "query": query, "count": count, "error": error,
            "reason_max_length": REASON_MAX_LENGTH, "list_url": reverse("members:member_list") + (f"?{query}" if query else ""),
        }, status=400 if error else 200)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 — handed to FileResponse, which closes it
    count = write_export(spec, user, params, handle)
    log_export(spec, user, count, params.dict(), reason=reason)
    handle.seek(0)
    return _attachment(handle, dated_filename(f"{spec.title}（含完整身份证号）"))


@login_required
def template(request, layout):
    spec = LAYOUTS.get(layout)
    if spec is None or layout not in (*FILE_KINDS, "census"):
        raise Http404
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_template(spec, handle)
    handle.seek(0)
    return _attachment(handle, f"{spec.title}导入模板.xlsx")


# ---- census ----------------------------------------------------------------------------------

class CensusListView(views.ObjectListView):
    model = Census
    queryset = Census.objects.select_related("region")
    filterset_class = CensusFilterSet
    table_class = CensusTable


class CensusDetailView(views.ObjectDetailView):
    model = Census
    queryset = Census.objects.select_related("region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        census, user = context["object"], self.request.user
        records = CensusRecord.objects.scoped(user).filter(census=census)
        filterset = CensusRecordFilterSet(self.request.GET or None, queryset=records.select_related("organization", "region__parent", "census"),
                                          request=self.request)
        table = CensusRecordTable(filterset.qs, user=user)
        paginate(self.request, table)
        previous = census.previous()
        previous_figures = CensusRecord.objects.scoped(user).filter(census=previous).figures() if previous else None
        context.update(
            figures=records.figures(), progress=records.progress_by_region(census.progress_regions(user)), filterset=filterset, table=table,
            previous=previous, previous_figures=previous_figures,
            can_fill=not census.is_closed and user.has_perm("ledger.change_censusrecord"),
            can_import=not census.is_closed and can_import(user, "census"),
            export_query=f"census={census.pk}&" + self.request.GET.urlencode(),
        )
        return context


class CensusEditView(views.ObjectEditView):
    """Opening a census fills in the threshold in force (the policy engine's parameter) and
    creates a record for every organization of the region, all in one transaction."""

    model = Census
    form_class = CensusForm

    def get_form(self, instance):
        form = super().get_form(instance)
        if instance.pk is None:
            form.fields.pop("status")
            form.fields["threshold"].required = False
            form.fields["threshold"].help_text = "留空则按政策参数在该区域的现行值（" + ParameterValues().resolve(STANDALONE_MIN, None).source + "）。"
        return form

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form(instance)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, object=instance))
        creating = instance.pk is None
        census = form.instance
        if creating and not census.threshold:
            # The value in force is stored with the census, so a closed census stays
            # reproducible after the district changes its policy.
            resolved = ParameterValues().resolve(STANDALONE_MIN, census.region.path)
            census.threshold, census.threshold_source = resolved.value, resolved.source[:200]
        elif creating:
            census.threshold_source = "开启时手工设定"
        if census.status == Census.Status.CLOSED and not census.closed_on:
            from django.utils import timezone

            census.closed_on = timezone.localdate()
        with transaction.atomic(), tracked(census):
            census.save()
            check_still_in_scope(census, request.user, self.action)
            if creating:
                created = census.populate()
                messages.success(request, f"已开启摸底“{census}”，生成摸底记录 {created} 条。")
        return redirect("ledger:census_detail", pk=census.pk)


class CensusRecordDetailView(views.ObjectDetailView):
    model = CensusRecord
    queryset = CensusRecord.objects.select_related("organization", "region__parent", "census")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record_ = context["object"]
        context["previous_record"] = record_.previous()
        context["can_change"] = CensusRecord.objects.scoped(self.request.user, "change").filter(pk=record_.pk).exists()
        return context


class CensusRecordEditView(views.ObjectEditView):
    model = CensusRecord
    form_class = CensusRecordForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        census_id = getattr(kwargs.get("object"), "census_id", None)  # none yet on the add page
        if census_id:
            context["list_url"] = reverse("ledger:census_detail", args=[census_id])
        return context



class CensusDeleteView(views.ObjectDeleteView):
    model = Census


class CensusRecordListView(views.ObjectListView):
    model = CensusRecord
    queryset = CensusRecord.objects.select_related("organization", "region__parent", "census")
    filterset_class = CensusRecordFilterSet
    table_class = CensusRecordTable
    template_name = "ledger/censusrecord_list.html"


class CensusRecordDeleteView(views.ObjectDeleteView):
    model = CensusRecord
