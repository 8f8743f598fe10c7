"""The development pipeline's pages (MEM-4): the people in it, each person's page with their
steps and what is due, the next step with its checklist, and the record of steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from liangxin.audit.log import delete_tracked, tracked
from liangxin.core import views as core
from liangxin.members import pipeline
from liangxin.members.filtersets import DevelopmentStepFilterSet, RecruitFilterSet
from liangxin.members.forms import DevelopmentStepForm, RecruitForm
from liangxin.members.models import DevelopmentStep, Member, Recruit
from liangxin.members.services import next_step, with_stage_since
from liangxin.members.tables import DevelopmentStepTable, RecruitTable

PEOPLE = Recruit.objects.select_related("organization__region", "party_org__region")


class RecruitListView(core.ObjectListView):
    model = Recruit
    queryset = with_stage_since(PEOPLE.prefetch_related("development_steps"))
    filterset_class = RecruitFilterSet
    table_class = RecruitTable


class RecruitDetailView(core.ObjectDetailView):
    model = Recruit
    queryset = PEOPLE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person, user = context["object"], self.request.user
        steps = DevelopmentStep.objects.scoped(user).filter(member=person).select_related("contact_1", "contact_2")
        context["steps"] = steps
        context["next"] = next_step(person)
        context["talk_step"] = next((s for s in steps if s.stage == pipeline.APPLICANT and not s.talked_on), None)
        context["can_step"] = StepAddView.opens_for(user, {"pk": person.pk})
        return context


class RecruitEditView(core.ObjectEditView):
    model = Recruit
    queryset = PEOPLE
    form_class = RecruitForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "pk" not in self.kwargs:
            context["title"] = "登记入党申请人"
        return context


class RecruitDeleteView(core.ObjectDeleteView):
    model = Recruit
    queryset = PEOPLE


class DevelopmentStepListView(core.ObjectListView):
    model = DevelopmentStep
    queryset = DevelopmentStep.objects.select_related("member")
    filterset_class = DevelopmentStepFilterSet
    table_class = DevelopmentStepTable

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = False  # a step is taken from the person's page (下一步)
        return context


class DevelopmentStepDetailView(core.ObjectDetailView):
    model = DevelopmentStep
    queryset = DevelopmentStep.objects.select_related("member", "contact_1", "contact_2")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = context["object"]
        names = ["member", "stage", "date", "decision"]
        names += [n for n in ("talked_on", "political_review_on", "approved_on") if getattr(step, n)]
        names += ["contact_1", "contact_2"] if step.spec.contacts else []
        context["fields"] = ",".join([*names, "note"])
        context["checklist"] = [(label, key in (step.documents or ())) for key, label in step.spec.documents]
        # Only the latest step is undone (删除), and not the application: that is the person's record.
        context["can_delete"] = context["can_delete"] and _undoable(step)
        return context


class DevelopmentStepEditView(core.ObjectEditView):
    """Corrects a step already taken (a date, the talk, the checklist); a new step is StepAddView."""

    model = DevelopmentStep
    queryset = DevelopmentStep.objects.select_related("member")
    form_class = DevelopmentStepForm
    template_name = "members/developmentstep_edit.html"

    @classmethod
    def action_for(cls, kwargs: dict) -> str:
        return "change"

    def get_instance(self):
        return self.get_object()


class StepAddView(core.ObjectEditView):
    """The person's next step (the person's pk in the URL): the stage's fields and checklist; saving it
    moves the same record to the next stage."""

    model = DevelopmentStep
    form_class = DevelopmentStepForm
    template_name = "members/developmentstep_edit.html"

    @classmethod
    def action_for(cls, kwargs: dict) -> str:
        return "add"

    @classmethod
    def opens_for(cls, user, kwargs: dict) -> bool:
        if not (cls.permitted(user, "add") and user.has_perm("members.change_recruit")):
            return False
        return Recruit.objects.scoped(user, "change").filter(pk=kwargs["pk"]).exists()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("members.change_recruit"):
            raise PermissionDenied("您的角色没有此操作的权限。")
        return super().dispatch(request, *args, **kwargs)

    def get_instance(self):
        person = get_object_or_404(PEOPLE.scoped(self.request.user, "change"), pk=self.kwargs["pk"])
        stage = pipeline.next_stage(person.category)
        if stage is None:
            raise Http404
        return DevelopmentStep(member=person, stage=stage)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        step = kwargs["object"]
        context["title"] = f"{step.spec.action}：{step.member}"
        context["person"] = step.member
        context["cancel_url"] = step.member.get_absolute_url()
        return context

    def get_success_url(self, obj) -> str:
        return reverse("members:member_detail" if obj.stage == pipeline.FULL else "members:recruit_detail", args=[obj.member_id])


def _undoable(step: DevelopmentStep) -> bool:
    return step.stage != pipeline.APPLICANT and step.member.category == step.stage


class DevelopmentStepDeleteView(core.ObjectDeleteView):
    """Undo the latest step (a step taken by mistake): the person goes back one stage."""

    model = DevelopmentStep
    queryset = DevelopmentStep.objects.select_related("member")

    def post(self, request, *args, **kwargs):
        step = self.get_object()
        if not _undoable(step):
            messages.error(request, "只能撤销最近的一步（入党申请记录随本人记录删除）。")
            return redirect(step.get_absolute_url())
        # The person as the manager that holds them now (a full member is no longer a recruit).
        person = (Member if step.stage == pipeline.FULL else Recruit).objects.get(pk=step.member_id)
        with transaction.atomic(), tracked(person):
            delete_tracked(step)
            person.category = pipeline.ORDER[pipeline.ORDER.index(step.stage) - 1]
            if step.stage == pipeline.PROBATIONARY:
                person.joined_on = None
            person.save()
        messages.success(request, f"已撤销“{step}”，{person.name}回到{person.get_category_display()}阶段。")
        return redirect(person.get_absolute_url())

