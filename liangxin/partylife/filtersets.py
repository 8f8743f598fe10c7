"""One FilterSet per object, shared by the list pages, the archive's export and the API."""

import django_filters
from django import forms

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.partylife.models import Activity, ActivityKind, CrossAppointment, PartyWorker, Training
from liangxin.regions.filters import RegionSubtreeFilter


class ActivityFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("topic", "party_org__name", "place"))
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    year = django_filters.NumberFilter(field_name="date__year", label="年度", min_value=1949, max_value=9999)
    kind = django_filters.ModelChoiceFilter(queryset=ActivityKind.objects.all(), label="活动类别")
    three_meetings = django_filters.BooleanFilter(field_name="kind__three_meetings", label="三会一课")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期从")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期到")
    party_org_name = django_filters.CharFilter(field_name="party_org__name", lookup_expr="icontains", label="党组织")
    # The id stays for links from a party organization's page and for the API.
    party_org = django_filters.NumberFilter(field_name="party_org_id", label="党组织", widget=forms.HiddenInput)
    member = django_filters.NumberFilter(method="filter_member", label="参加党员", widget=forms.HiddenInput)

    class Meta:
        model = Activity
        fields = ["q", "region", "year", "kind", "three_meetings", "date_from", "date_to", "party_org_name", "party_org",
                  "member"]

    def filter_member(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(attendance__member_id=value, attendance__present=True)


class CrossAppointmentFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("party_org__name",), label="党组织")
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    secretary_in_management = django_filters.BooleanFilter(label="书记进入经营管理层")
    secretary_union_chair = django_filters.BooleanFilter(label="书记兼任工会主席")
    one_shoulder = django_filters.BooleanFilter(label="“一肩挑”")

    class Meta:
        model = CrossAppointment
        fields = ["q", "region", "secretary_in_management", "secretary_union_chair", "one_shoulder"]


class ActivityKindFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "description"))
    active = django_filters.BooleanFilter(label="启用")
    three_meetings = django_filters.BooleanFilter(label="三会一课")

    class Meta:
        model = ActivityKind
        fields = ["q", "active", "three_meetings"]


class TrainingFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("party_org__name", "organizer", "topic"), label="党组织、举办单位或内容")
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    role = django_filters.ChoiceFilter(choices=Training.Role.choices, label="参训身份", empty_label="全部")
    year = django_filters.NumberFilter(field_name="date__year", label="年度")

    class Meta:
        model = Training
        fields = ["q", "region", "role", "year"]


class PartyWorkerFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("party_org__name", "position"), label="党组织或岗位")
    region = RegionSubtreeFilter(path_lookup="party_org__region__path")
    serving = django_filters.BooleanFilter(method="filter_serving", label="在任")
    # The id stays for links from a party organization's page and for the API.
    party_org = django_filters.NumberFilter(field_name="party_org_id", label="党组织", widget=forms.HiddenInput)

    class Meta:
        model = PartyWorker
        fields = ["q", "region", "serving", "party_org"]

    def filter_serving(self, queryset, name, value):
        if value is None:
            return queryset
        serving = PartyWorker.objects.current().values("pk")
        return queryset.filter(pk__in=serving) if value else queryset.exclude(pk__in=serving)
