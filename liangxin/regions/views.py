from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect

from liangxin.core import views
from liangxin.grids.models import GridChange, ServiceCentre
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
        changeable = Region.objects.scoped(user, "change").filter(pk=region.pk).exists()
        adjustable = changeable and not region.closed_on and region.level >= Region.Level.COMMUNITY
        context.update(
            # Buttons only where they lead somewhere: a street sees its own street, but changes
            # only what lies below it (RegionQuerySet.jurisdiction_filter).
            can_change=changeable,
            can_delete=context["can_delete"] and Region.objects.scoped(user, "delete").filter(pk=region.pk).exists(),
            can_split=adjustable and not region.children.filter(closed_on__isnull=True).exists(),
            can_move=adjustable and organizations.filter(region=region).exists(),
            grid_changes=GridChange.objects.scoped(user).filter(Q(region=region) | Q(other_regions=region)).distinct()[:20]
            if user.has_perm("grids.view_gridchange") else None,
            service_centres=ServiceCentre.objects.scoped(user).filter(
                Q(region__path__startswith=region.path) | Q(grids=region)).distinct().order_by("name")[:20]
            if user.has_perm("grids.view_servicecentre") else None,
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

    def post(self, request, *args, **kwargs):
        region = self.get_object()
        refusal = region.deletion_refusal()
        if refusal:
            messages.error(request, refusal)
            return redirect(region.get_absolute_url())
        return super().post(request, *args, **kwargs)
