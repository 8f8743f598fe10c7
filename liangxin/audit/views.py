
from liangxin.audit.filtersets import ChangeLogFilterSet
from liangxin.audit.models import ChangeLog
from liangxin.audit.tables import ChangeLogTable
from liangxin.core import views


class ChangeLogListView(views.ObjectListView):
    """Read-only: no page or endpoint edits or deletes log rows."""

    model = ChangeLog
    queryset = ChangeLog.objects.select_related("content_type")
    filterset_class = ChangeLogFilterSet
    table_class = ChangeLogTable
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = False
        return context


