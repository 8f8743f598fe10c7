from django.db.models import Count

from liangxin.core import views
from liangxin.organizations.models import Organization
from liangxin.regions.filtersets import RegionFilterSet
from liangxin.regions.forms import RegionForm
from liangxin.regions.models import Region
from liangxin.regions.tables import RegionTable


class RegionListView(views.ObjectListView):
    model = Region
    queryset = Region.objects.select_related("parent", "lead_party_org").annotate(organization_count=Count("organizations"))
    filterset_class = RegionFilterSet
    table_class = RegionTable
    template_name = "regions/region_list.html"  # the list page with the ledger's 导入/导出 buttons
    paginate_by = 50


class RegionDetailView(views.ObjectDetailView):
    model = Region
    queryset = Region.objects.select_related("parent", "lead_party_org")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region, user = context["object"], self.request.user
        organizations = Organization.objects.scoped(user).filter(region__path__startswith=region.path)
        context.update(
            ancestors=region.ancestors().scoped(user),
            children=region.children.scoped(user).annotate(organization_count=Count("organizations")),
            subtree_organizations=organizations.count(),
            direct_organizations=organizations.filter(region=region).order_by("name")[:50],
        )
        return context


class RegionEditView(views.ObjectEditView):
    model = Region
    form_class = RegionForm


class RegionDeleteView(views.ObjectDeleteView):
    model = Region
