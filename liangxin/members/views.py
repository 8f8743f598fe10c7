from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import views
from liangxin.members.filtersets import MemberFilterSet
from liangxin.members.forms import MemberForm
from liangxin.members.models import Member
from liangxin.members.tables import MemberTable


class MemberListView(views.ObjectListView):
    model = Member
    queryset = Member.objects.select_related("organization", "party_org")
    filterset_class = MemberFilterSet
    table_class = MemberTable
    template_name = "members/member_list.html"  # the list page with the ledger's 导入/导出 buttons


class MemberDetailView(views.ObjectDetailView):
    model = Member
    queryset = Member.objects.select_related("organization", "party_org")


class MemberEditView(views.ObjectEditView):
    model = Member
    form_class = MemberForm


class MemberDeleteView(views.ObjectDeleteView):
    model = Member


@login_required
@require_POST
def reveal_id_number(request, pk):
    """The full 身份证号, for a role that holds the permission; every view is logged."""
    if not request.user.has_perm("members.view_id_number"):
        raise PermissionDenied("您的角色不能查看完整身份证号。")
    member = get_object_or_404(Member.objects.scoped(request.user), pk=pk)
    record(ChangeLog.Action.VIEW_PII, member, detail="查看完整身份证号")
    return render(request, "members/includes/id_number.html", {"object": member, "revealed": True})
