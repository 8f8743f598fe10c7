from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangxin.accounts import secondfactor
from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import views
from liangxin.members.development_views import StepAddView
from liangxin.members.filtersets import MemberFilterSet
from liangxin.members.forms import MemberForm
from liangxin.members.models import DevelopmentStep, Member
from liangxin.members.services import flowing_context, next_step
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member, user = context["object"], self.request.user
        context["steps"] = DevelopmentStep.objects.scoped(user).filter(member=member).select_related("contact_1", "contact_2")
        context["flowing"] = flowing_context(member, user)
        if member.category == Member.Category.PROBATIONARY:
            context["next"] = next_step(member)
            context["can_step"] = StepAddView.opens_for(user, {"pk": member.pk})
        return context


class MemberEditView(views.ObjectEditView):
    model = Member
    form_class = MemberForm


class MemberDeleteView(views.ObjectDeleteView):
    model = Member


@login_required
@require_POST
def reveal_id_number(request, pk):
    """The full 身份证号, for a role that holds the permission and passed the second factor in the
    last SECOND_FACTOR_RECENT_MINUTES; every view is logged."""
    if not request.user.has_perm("members.view_id_number"):
        raise PermissionDenied("您的角色不能查看完整身份证号。")
    member = get_object_or_404(Member.people.scoped(request.user), pk=pk)  # an applicant's page shows it too
    if not secondfactor.verified_recently(request):
        # The second factor within the last few minutes, as for a full export; then back to
        # the member's page, where one more click shows the number.
        target = secondfactor.reverify_url(member.get_absolute_url())
        if request.htmx:
            return HttpResponse(headers={"HX-Redirect": target})
        return redirect(target)
    record(ChangeLog.Action.VIEW_PII, member, detail="查看完整身份证号")
    return render(request, "members/includes/id_number.html", {"object": member, "revealed": True})
