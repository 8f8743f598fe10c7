"""Pages of party life beyond each object's list, detail, edit and delete (object_views.py): the
archive by year and kind, its zip, and the photo files."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core.downloads import attachment_disposition, dated_filename
from liangxin.core.views import PhotoFileView
from liangxin.partylife.archive import TooLarge, write_archive, year_kind_counts
from liangxin.partylife.filtersets import ActivityFilterSet
from liangxin.partylife.models import Activity, ActivityPhoto

VIEW_PERMISSION = "partylife.view_activity"


class ActivityPhotoFileView(PhotoFileView):
    """An activity's photo."""

    photo_model = ActivityPhoto
    denied = "您的角色不能查看活动照片。"


class _ArchiveMixin(LoginRequiredMixin):
    request: object

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        return user.has_perm(VIEW_PERMISSION)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.opens_for(request.user, kwargs):
            raise PermissionDenied("您的角色不能查看组织生活档案。")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def filterset(self):
        request = self.request
        return ActivityFilterSet(request.GET or None, queryset=Activity.objects.scoped(request.user), request=request)


class ArchiveView(_ArchiveMixin, TemplateView):
    """The archive: activities counted by year and kind (each count opens the list), with the
    list's filters (region, party organization, …) and the zip of what is filtered."""

    template_name = "partylife/archive.html"

    def get_context_data(self, **kwargs):
        filterset = self.filterset()
        years, kinds, counts = year_kind_counts(filterset.qs)
        query = self.request.GET.copy()
        for key in ("year", "kind", "page"):
            query.pop(key, None)
        base = query.urlencode()
        rows = [(year, [(kind, counts.get((year, kind.pk), 0)) for kind in kinds],
                 sum(counts.get((year, kind.pk), 0) for kind in kinds)) for year in years]
        return super().get_context_data(
            title="组织生活档案", filterset=filterset, kinds=kinds, rows=rows, base_query=base,
            list_url=reverse("partylife:activity_list"), export_url=reverse("partylife:archive_export"),
            total=sum(counts.values()), **kwargs,
        )


class ArchiveExportView(_ArchiveMixin, View):
    """The filtered archive as a zip (a folder per year and kind, and 索引.xlsx); logged."""

    def get(self, request):
        filterset = self.filterset()
        if filterset.is_bound and not filterset.is_valid():
            messages.error(request, "筛选条件有误，请修改后再导出。")
            return redirect(reverse("partylife:archive") + "?" + request.GET.urlencode())
        out = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it when the response is sent
        try:
            count = write_archive(filterset.qs, request.user, out)
        except TooLarge as error:
            out.close()
            messages.error(request, str(error))
            return redirect(reverse("partylife:archive") + "?" + request.GET.urlencode())
        user = request.user
        record(ChangeLog.Action.EXPORT, user=user, region_path=user.region.path if user.region_id else "",
               detail=f"导出组织生活档案{count}条")
        out.seek(0)
        response = FileResponse(out, content_type="application/zip")
        response["Content-Disposition"] = attachment_disposition(dated_filename("组织生活档案", ".zip"))
        return response
