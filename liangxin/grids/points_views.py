"""Contact points, their visits and demonstration points (REP-3, 003 §三 二): object pages."""

from liangxin.core import views
from liangxin.grids.filtersets import (
    ContactPointFilterSet,
    ContactVisitFilterSet,
    DemonstrationPointFilterSet,
)
from liangxin.grids.forms import ContactPointForm, ContactVisitForm, DemonstrationPointForm
from liangxin.grids.models import ContactPoint, ContactVisit, DemonstrationPoint
from liangxin.grids.tables import ContactPointTable, ContactVisitTable, DemonstrationPointTable


class ContactPointListView(views.ObjectListView):
    model = ContactPoint
    queryset = ContactPoint.objects.select_related("region__parent", "organization")
    filterset_class = ContactPointFilterSet
    table_class = ContactPointTable


class ContactPointDetailView(views.ObjectDetailView):
    model = ContactPoint
    queryset = ContactPoint.objects.select_related("region__parent", "organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point, user = context["object"], self.request.user
        context.update(
            visits=ContactVisit.objects.scoped(user).filter(contact_point=point)[:50],
            can_add_visit=user.has_perm("grids.add_contactvisit")
            and ContactPoint.objects.scoped(user, "change").filter(pk=point.pk).exists(),
        )
        return context


class ContactPointEditView(views.ObjectEditView):
    model = ContactPoint
    form_class = ContactPointForm


class ContactPointDeleteView(views.ObjectDeleteView):
    model = ContactPoint


class ContactVisitListView(views.ObjectListView):
    model = ContactVisit
    queryset = ContactVisit.objects.select_related("contact_point__region", "contact_point__organization")
    filterset_class = ContactVisitFilterSet
    table_class = ContactVisitTable


class ContactVisitDetailView(views.ObjectDetailView):
    model = ContactVisit
    queryset = ContactVisit.objects.select_related("contact_point__region", "contact_point__organization")
    fields = "contact_point,visited_on,content,problems,follow_up"


class ContactVisitEditView(views.ObjectEditView):
    model = ContactVisit
    form_class = ContactVisitForm


class ContactVisitDeleteView(views.ObjectDeleteView):
    model = ContactVisit


class DemonstrationPointListView(views.ObjectListView):
    model = DemonstrationPoint
    queryset = DemonstrationPoint.objects.select_related("region", "organization")
    filterset_class = DemonstrationPointFilterSet
    table_class = DemonstrationPointTable


class DemonstrationPointDetailView(views.ObjectDetailView):
    model = DemonstrationPoint
    queryset = DemonstrationPoint.objects.select_related("region", "organization")
    fields = "organization,region,designated_on,designated_by,reasons,review_due,reviewed_on,status"


class DemonstrationPointEditView(views.ObjectEditView):
    model = DemonstrationPoint
    form_class = DemonstrationPointForm


class DemonstrationPointDeleteView(views.ObjectDeleteView):
    model = DemonstrationPoint
