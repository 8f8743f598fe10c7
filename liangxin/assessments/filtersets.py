"""One FilterSet per object, shared by the list pages and the API."""

import django_filters
from django import forms

from liangxin.assessments.models import STANDARDS, Checklist, ChecklistItem, Rating, RatingRound
from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.regions.filters import RegionSubtreeFilter


class ChecklistFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("party_org__name",), label="党组织")
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    standard = django_filters.ChoiceFilter(choices=STANDARDS, label="标准")
    pending = django_filters.BooleanFilter(method="filter_pending", label="有待核实项")
    party_org = django_filters.NumberFilter(field_name="party_org_id", label="党组织", widget=forms.HiddenInput)

    class Meta:
        model = Checklist
        fields = ["q", "region", "standard", "pending", "party_org"]

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        pending = queryset.filter(entries__status="submitted").values("pk")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)


class ChecklistItemFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "requirement"))
    standard = django_filters.ChoiceFilter(choices=STANDARDS, label="标准")

    class Meta:
        model = ChecklistItem
        fields = ["q", "standard"]


class RatingRoundFilterSet(BaseFilterSet):
    region = RegionSubtreeFilter()
    year = django_filters.NumberFilter(label="年度", min_value=2000, max_value=9999)
    scheme = django_filters.ChoiceFilter(choices=RatingRound.Scheme.choices, label="评定类别")
    status = django_filters.ChoiceFilter(choices=RatingRound.Status.choices, label="状态")

    class Meta:
        model = RatingRound
        fields = ["region", "year", "scheme", "status"]


class RatingFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("organization__name", "party_org__name"), label="企业或党组织")
    region = RegionSubtreeFilter(path_lookup="round__region__path")
    passed = django_filters.BooleanFilter(label="达标")
    round = django_filters.NumberFilter(field_name="round_id", label="评定", widget=forms.HiddenInput)

    class Meta:
        model = Rating
        fields = ["q", "region", "passed", "round"]
