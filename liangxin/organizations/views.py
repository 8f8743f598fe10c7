from liangxin.core import views
from liangxin.organizations.filtersets import OrganizationFilterSet
from liangxin.organizations.forms import OrganizationForm
from liangxin.organizations.models import Organization
from liangxin.organizations.tables import OrganizationTable


class OrganizationListView(views.ObjectListView):
    model = Organization
    queryset = Organization.objects.select_related("region__parent")
    filterset_class = OrganizationFilterSet
    table_class = OrganizationTable
    template_name = "organizations/organization_list.html"  # the list page with the ledger's 导入/导出 buttons


class OrganizationDetailView(views.ObjectDetailView):
    model = Organization
    queryset = Organization.objects.select_related("region").with_member_figures()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        user = self.request.user
        context.update(
            party_orgs=obj.party_orgs.scoped(user).select_related("region"),
            # The roster is the members app's: a role without it (the leader) gets no names here either.
            members=obj.members.scoped(user).order_by("name")[:100] if user.has_perm("members.view_member") else [],
            instructors=obj.instructor_assignments.current().select_related("instructor"),
            ancestors=obj.region.ancestors(),
        )
        return context


class OrganizationEditView(views.ObjectEditView):
    model = Organization
    form_class = OrganizationForm


class OrganizationDeleteView(views.ObjectDeleteView):
    model = Organization
