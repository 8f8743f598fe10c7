"""The list, detail, edit and delete pages of activities and of their classification: the
base views of liangxin.core with their attributes stated, as every app does."""

from django.db.models import Count, Q

from liangxin.core import views as core
from liangxin.partylife import forms
from liangxin.partylife.filtersets import (
    ActivityFilterSet,
    ActivityKindFilterSet,
    CrossAppointmentFilterSet,
    PartyWorkerFilterSet,
    TrainingFilterSet,
)
from liangxin.partylife.models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    CrossAppointment,
    PartyWorker,
    Training,
)
from liangxin.partylife.stats import cross_appointment_counts
from liangxin.partylife.tables import (
    ActivityKindTable,
    ActivityTable,
    CrossAppointmentTable,
    PartyWorkerTable,
    TrainingTable,
)

ACTIVITIES = Activity.objects.select_related("kind", "party_org")


class ActivityListView(core.ObjectListView):
    model = Activity
    queryset = ACTIVITIES.annotate(
        n_present=Count("attendance", filter=Q(attendance__present=True), distinct=True),
        n_photos=Count("photos", distinct=True),
    )
    filterset_class = ActivityFilterSet
    table_class = ActivityTable
    template_name = "partylife/activity_list.html"  # the list with 档案 and 导出档案 buttons


class ActivityDetailView(core.ObjectDetailView):
    model = Activity
    queryset = ACTIVITIES
    fields = "party_org,kind,date,hours,place,host,topic,minutes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        activity, user = context["object"], self.request.user
        context["photos"] = ActivityPhoto.objects.scoped(user).filter(activity=activity)
        attendance = list(activity.attendance.select_related("member"))
        context["present"] = [a for a in attendance if a.present]
        context["absent"] = [a for a in attendance if not a.present]
        return context


class ActivityEditView(core.ObjectEditView):
    model = Activity
    queryset = ACTIVITIES
    form_class = forms.ActivityForm
    template_name = "partylife/activity_edit.html"

    def post(self, request, *args, **kwargs):
        if "_load" in request.POST:
            # 载入名册: the page again with the chosen party organization's roster, what was
            # typed kept (as the form's initial values), nothing saved and no errors yet.
            instance = self.get_instance()
            initial = {key: value for key, value in request.POST.items() if key not in ("csrfmiddlewaretoken", "_load")}
            form = self.form_class(None, instance=instance, initial=initial, user=request.user)
            return self.render_to_response(self.get_context_data(form=form, object=instance))
        return super().post(request, *args, **kwargs)


class ActivityDeleteView(core.ObjectDeleteView):
    model = Activity
    queryset = ACTIVITIES


CROSS = CrossAppointment.objects.select_related("party_org__region")


class CrossAppointmentListView(core.ObjectListView):
    model = CrossAppointment
    queryset = CROSS
    filterset_class = CrossAppointmentFilterSet
    table_class = CrossAppointmentTable
    template_name = "partylife/crossappointment_list.html"  # the list with its counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = cross_appointment_counts(context["filterset"].qs)
        return context


class CrossAppointmentDetailView(core.ObjectDetailView):
    model = CrossAppointment
    queryset = CROSS
    fields = ("party_org,secretary_in_management,secretary_union_chair,one_shoulder,members_in_management,"
              "managers_in_committee,notes")


class CrossAppointmentEditView(core.ObjectEditView):
    model = CrossAppointment
    queryset = CROSS
    form_class = forms.CrossAppointmentForm


class CrossAppointmentDeleteView(core.ObjectDeleteView):
    model = CrossAppointment
    queryset = CROSS


class ActivityKindListView(core.ObjectListView):
    model = ActivityKind
    filterset_class = ActivityKindFilterSet
    table_class = ActivityKindTable


class ActivityKindDetailView(core.ObjectDetailView):
    model = ActivityKind
    fields = "three_meetings,description,order,active,region"


class ActivityKindEditView(core.ObjectEditView):
    model = ActivityKind
    form_class = forms.ActivityKindForm


class ActivityKindDeleteView(core.ObjectDeleteView):
    model = ActivityKind


TRAININGS = Training.objects.select_related("party_org__region", "attendee")


class TrainingListView(core.ObjectListView):
    model = Training
    queryset = TRAININGS
    filterset_class = TrainingFilterSet
    table_class = TrainingTable


class TrainingDetailView(core.ObjectDetailView):
    model = Training
    queryset = TRAININGS
    fields = "party_org,attendee,role,date,hours,organizer,topic"


class TrainingEditView(core.ObjectEditView):
    model = Training
    queryset = TRAININGS
    form_class = forms.TrainingForm


class TrainingDeleteView(core.ObjectDeleteView):
    model = Training
    queryset = TRAININGS


WORKERS = PartyWorker.objects.select_related("party_org__region", "member")


class PartyWorkerListView(core.ObjectListView):
    model = PartyWorker
    queryset = WORKERS
    filterset_class = PartyWorkerFilterSet
    table_class = PartyWorkerTable


class PartyWorkerDetailView(core.ObjectDetailView):
    model = PartyWorker
    queryset = WORKERS
    fields = "party_org,member,position,start_date,end_date,notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        worker, user = context["object"], self.request.user
        context["may_end"] = worker.end_date is None and PartyWorkerEndView.opens_for(user, {"pk": worker.pk})
        # The trainings MEM-7 reads for this person (any party organization's record of them).
        context["trainings"] = (list(Training.objects.scoped(user).filter(attendee=worker.member_id).order_by("-date")[:10])
                                if user.has_perm("partylife.view_training") else None)
        return context


class PartyWorkerEditView(core.ObjectEditView):
    model = PartyWorker
    queryset = WORKERS
    form_class = forms.PartyWorkerForm


class PartyWorkerEndView(core.ObjectEditView):
    """结束任职: the post's end date, for a post still open (an ended one is changed on its edit page)."""

    model = PartyWorker
    queryset = WORKERS.filter(end_date__isnull=True)
    form_class = forms.PartyWorkerEndForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = f"结束任职：{kwargs.get('object')}"
        return context


class PartyWorkerDeleteView(core.ObjectDeleteView):
    model = PartyWorker
    queryset = WORKERS
