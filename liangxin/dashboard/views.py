from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from liangxin.accounts.roles import READ_ONLY_ROLES, Role
from liangxin.dashboard.figures import home_figures
from liangxin.instructors.views import WorkspaceView
from liangxin.pairing import views as pairing_views
from liangxin.pairing.services import todos as pairing_todos
from liangxin.reports.views import LeadersView
from liangxin.rules.services import VIEW_PERMISSION
from liangxin.rules.stats import cached_coverage


class HomeView(LoginRequiredMixin, TemplateView):
    """The user's jurisdiction at a glance, with the to-do list from the rule registry."""

    template_name = "dashboard/home.html"

    def get(self, request, *args, **kwargs):
        # An instructor's home is their phone workspace.
        if request.user.role == Role.INSTRUCTOR and hasattr(request.user, "instructor"):
            return WorkspaceView.as_view()(request, *args, **kwargs)
        # A paired unit's home is its phone workspace (what is due, one button to record).
        if request.user.role == Role.PAIRED_UNIT and request.user.paired_unit_id:
            return pairing_views.WorkspaceView.as_view()(request, *args, **kwargs)
        # A leader's home is the read-only overview (issue 17 item 5): figures, not a to-do list.
        if request.user.role == Role.LEADER and request.user.has_perm(VIEW_PERMISSION):
            return LeadersView.as_view()(request, *args, **kwargs)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        context = super().get_context_data(title="首页", **home_figures(user), **kwargs)
        if user.region_id:
            context["region"] = user.region
        # The points records waiting for this user's confirmation (the organization's Party
        # leader; the street where there is none).
        context["pairing_todos"] = pairing_todos(user)
        if user.role in READ_ONLY_ROLES:
            context.update(read_only=True, coverage=cached_coverage(user, user.region if user.region_id else None))
        return context
