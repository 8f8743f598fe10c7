"""The roll-out (GRID-7, 002 三): each region's state, with the phases and their deadlines in
force for the user's county; the joint meetings (002 四 1)."""

from django.utils import timezone

from liangxin.core import views
from liangxin.grids.filtersets import JointMeetingFilterSet, RolloutStateFilterSet
from liangxin.grids.forms import JointMeetingForm, RolloutStateForm
from liangxin.grids.models import JointMeeting, RolloutState
from liangxin.grids.parameters import PHASES, as_date
from liangxin.grids.tables import JointMeetingTable, RolloutStateTable
from liangxin.rules.values import ParameterValues


def phases_for(path: str | None) -> list[dict]:
    """The phases of 002 三 with the deadlines in force at a region path (its own overrides,
    else the seed's 2016 dates), each marked past or ahead."""
    values, today = ParameterValues(), timezone.localdate()
    rows = []
    for key, title, parameter in PHASES:
        deadline = as_date(values.value(parameter, path))
        rows.append({"key": key, "title": title, "deadline": deadline, "past": deadline < today})
    return rows


class RolloutStateListView(views.ObjectListView):
    model = RolloutState
    queryset = RolloutState.objects.select_related("region")
    filterset_class = RolloutStateFilterSet
    table_class = RolloutStateTable
    template_name = "grids/rolloutstate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        region = getattr(self.request.user, "region", None)
        context["phases"] = phases_for(region.path if region else None)
        return context


class RolloutStateDetailView(views.ObjectDetailView):
    model = RolloutState
    queryset = RolloutState.objects.select_related("region")
    fields = "region,pilot,pilot_since,divided_on,system_on,training_on,rolled_out_on,in_assessment,notes"


class RolloutStateEditView(views.ObjectEditView):
    model = RolloutState
    form_class = RolloutStateForm


class RolloutStateDeleteView(views.ObjectDeleteView):
    model = RolloutState


class JointMeetingListView(views.ObjectListView):
    model = JointMeeting
    queryset = JointMeeting.objects.select_related("region")
    filterset_class = JointMeetingFilterSet
    table_class = JointMeetingTable


class JointMeetingDetailView(views.ObjectDetailView):
    model = JointMeeting
    queryset = JointMeeting.objects.select_related("region")


class JointMeetingEditView(views.ObjectEditView):
    model = JointMeeting
    form_class = JointMeetingForm


class JointMeetingDeleteView(views.ObjectDeleteView):
    model = JointMeeting
