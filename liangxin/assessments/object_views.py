"""The list, detail, edit and delete pages of checklists, their items, rating rounds and
ratings: the base views of liangxin.core with their attributes stated."""

from django.contrib import messages
from django.shortcuts import redirect

from liangxin.assessments import forms
from liangxin.assessments.checklists import may_review, may_submit
from liangxin.assessments.filtersets import (
    ChecklistFilterSet,
    ChecklistItemFilterSet,
    RatingFilterSet,
    RatingRoundFilterSet,
)
from liangxin.assessments.models import Checklist, ChecklistItem, Rating, RatingRound
from liangxin.assessments.parameters import DIMENSIONS, PASS_MARKS
from liangxin.assessments.rating import APPROVE_PERMISSION, generate, may_regenerate, subjects
from liangxin.assessments.tables import ChecklistItemTable, ChecklistTable, RatingRoundTable, RatingTable
from liangxin.core import views as core
from liangxin.rules.values import ParameterValues

CHECKLISTS = Checklist.objects.select_related("party_org__region")


class ChecklistListView(core.ObjectListView):
    model = Checklist
    queryset = CHECKLISTS.prefetch_related("entries")
    filterset_class = ChecklistFilterSet
    table_class = ChecklistTable


class ChecklistDetailView(core.ObjectDetailView):
    model = Checklist
    queryset = CHECKLISTS
    fields = "party_org,standard"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = []
        for entry in context["object"].entries.select_related("item", "reviewed_by"):
            rows.append({"entry": entry, "may_submit": may_submit(user, entry), "may_review": may_review(user, entry),
                         "form": forms.EntryForm(initial={"area": entry.area, "systems": entry.systems, "note": entry.note},
                                                 prefix=f"e{entry.pk}")})
        context["rows"] = rows
        context["can_change"] = False  # the entries are filled below; the checklist itself has nothing to edit
        return context


class ChecklistEditView(core.ObjectEditView):
    model = Checklist
    queryset = CHECKLISTS
    form_class = forms.ChecklistForm


class ChecklistDeleteView(core.ObjectDeleteView):
    model = Checklist
    queryset = CHECKLISTS


class ChecklistItemListView(core.ObjectListView):
    model = ChecklistItem
    filterset_class = ChecklistItemFilterSet
    table_class = ChecklistItemTable


class ChecklistItemDetailView(core.ObjectDetailView):
    model = ChecklistItem
    fields = "standard,requirement,evidence,source,quote,order,active,region"


class ChecklistItemEditView(core.ObjectEditView):
    model = ChecklistItem
    form_class = forms.ChecklistItemForm


class ChecklistItemDeleteView(core.ObjectDeleteView):
    model = ChecklistItem


ROUNDS = RatingRound.objects.select_related("region", "approved_by")


class RatingRoundListView(core.ObjectListView):
    model = RatingRound
    queryset = ROUNDS
    filterset_class = RatingRoundFilterSet
    table_class = RatingRoundTable


class RatingRoundDetailView(core.ObjectDetailView):
    model = RatingRound
    queryset = ROUNDS
    fields = "region,year,scheme,status,approved_on,notes"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_, user = context["object"], self.request.user
        ratings = list(Rating.objects.scoped(user).filter(round=round_).select_related("organization", "party_org", "round"))
        params = ParameterValues()
        dimension_key, overall_key = PASS_MARKS[round_.scheme]
        context.update(
            ratings=ratings, dimensions=DIMENSIONS[round_.scheme],
            rows=[(r, [r.scores.get(code) for code, _ in DIMENSIONS[round_.scheme]]) for r in ratings],
            passed=sum(r.passed for r in ratings), unscored=sum(r.average is None for r in ratings),
            dimension_pass=params.value(dimension_key, round_.region.path), overall_pass=params.value(overall_key, round_.region.path),
            may_approve=not round_.approved and context["can_change"] and user.has_perm(APPROVE_PERMISSION),
            may_regenerate=not round_.approved and may_regenerate(user, round_),
            # Subjects no longer in the round (dissolved, closed, moved out): their ratings stay
            # until the street deletes them; the table marks them.
            gone=set() if round_.approved else _gone(round_, ratings),
        )
        context["can_change"] = context["can_change"] and not round_.approved
        context["can_delete"] = context["can_delete"] and not round_.approved
        return context


def _gone(round_: RatingRound, ratings: list[Rating]) -> set[int]:
    current = set(subjects(round_).values_list("pk", flat=True))
    return {r.pk for r in ratings if (r.organization_id or r.party_org_id) not in current}


class RatingRoundEditView(core.ObjectEditView):
    model = RatingRound
    queryset = ROUNDS
    form_class = forms.RatingRoundForm

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302 and "pk" not in kwargs:
            # A new round: one rating per subject, its scores pre-filled with the suggestions.
            round_ = RatingRound.objects.scoped(request.user).order_by("-pk").first()
            if round_ is not None and not round_.ratings.exists():
                count = generate(round_)
                messages.info(request, f"已生成{count}项评定，建议得分已按系统数据预填，请逐项核定。")
        return response


class RatingRoundDeleteView(core.ObjectDeleteView):
    model = RatingRound
    queryset = ROUNDS.exclude(status=RatingRound.Status.APPROVED)


RATINGS = Rating.objects.select_related("round__region", "organization", "party_org")


class RatingListView(core.ObjectListView):
    model = Rating
    queryset = RATINGS
    filterset_class = RatingFilterSet
    table_class = RatingTable


class RatingDetailView(core.ObjectDetailView):
    model = Rating
    queryset = RATINGS
    fields = "round,organization,party_org,average,passed,evidence"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rating = context["object"]
        context["rows"] = [(label, rating.suggested.get(code), rating.basis.get(code, ""), rating.scores.get(code))
                           for code, label in rating.dimensions]
        return context


class RatingEditView(core.ObjectEditView):
    """Scores are changed while the round is open; an approved round's ratings are read-only
    (outside the change queryset: the page answers 404, the detail page offers no button)."""

    model = Rating
    queryset = RATINGS.exclude(round__status=RatingRound.Status.APPROVED)
    form_class = forms.RatingForm
    template_name = "assessments/rating_edit.html"

    @classmethod
    def permitted(cls, user, action: str) -> bool:
        # Ratings come from their round (generate); none is added by hand.
        return action != "add" and super().permitted(user, action)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if response.status_code == 302:
            return redirect(Rating.objects.get(pk=kwargs["pk"]).round.get_absolute_url())
        return response


class RatingDeleteView(core.ObjectDeleteView):
    model = Rating
    queryset = RATINGS.exclude(round__status=RatingRound.Status.APPROVED)
