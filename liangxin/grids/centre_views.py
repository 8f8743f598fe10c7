"""Service centres and their subsidies (GRID-6, 002 二(三), 四 2): the conventional object pages."""

from decimal import Decimal

from django.db.models import Sum

from liangxin.core import views
from liangxin.grids.filtersets import CentreSubsidyFilterSet, ServiceCentreFilterSet
from liangxin.grids.forms import CentreSubsidyForm, ServiceCentreForm
from liangxin.grids.models import CentreSubsidy, ServiceCentre
from liangxin.grids.tables import CentreSubsidyTable, ServiceCentreTable


class ServiceCentreListView(views.ObjectListView):
    model = ServiceCentre
    queryset = ServiceCentre.objects.select_related("region__parent")
    filterset_class = ServiceCentreFilterSet
    table_class = ServiceCentreTable


class ServiceCentreDetailView(views.ObjectDetailView):
    model = ServiceCentre
    queryset = ServiceCentre.objects.select_related("region__parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        centre, user = context["object"], self.request.user
        subsidies = None
        if user.has_perm("grids.view_centresubsidy"):
            subsidies = CentreSubsidy.objects.scoped(user).filter(centre=centre).order_by("-year", "pk")
        context.update(
            grids=centre.grids.scoped(user).select_related("parent").order_by("path"),
            organizations=centre.organizations.scoped(user).order_by("name")[:100],
            subsidies=subsidies,
            # Summed in the database, exact to the fen (DecimalField; never a float).
            subsidy_total=(subsidies.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")) if subsidies is not None else None,
            can_add_subsidy=user.has_perm("grids.add_centresubsidy")
            and ServiceCentre.objects.scoped(user, "change").filter(pk=centre.pk).exists(),
        )
        return context


class ServiceCentreEditView(views.ObjectEditView):
    model = ServiceCentre
    form_class = ServiceCentreForm


class ServiceCentreDeleteView(views.ObjectDeleteView):
    model = ServiceCentre


class CentreSubsidyListView(views.ObjectListView):
    model = CentreSubsidy
    queryset = CentreSubsidy.objects.select_related("centre")
    filterset_class = CentreSubsidyFilterSet
    table_class = CentreSubsidyTable


class CentreSubsidyDetailView(views.ObjectDetailView):
    model = CentreSubsidy
    queryset = CentreSubsidy.objects.select_related("centre")
    fields = "centre,year,kind,amount,granted_by,granted_on,document,notes"


class CentreSubsidyEditView(views.ObjectEditView):
    model = CentreSubsidy
    form_class = CentreSubsidyForm


class CentreSubsidyDeleteView(views.ObjectDeleteView):
    model = CentreSubsidy
