import django_filters
from django import forms
from django.db.models import Q

from liangxin.core.filters import BaseFilterSet
from liangxin.core.validators import normalize_code
from liangxin.members.models import IN_DEVELOPMENT, MEMBER_CATEGORIES, DevelopmentStep, Member, Recruit
from liangxin.regions.filters import RegionSubtreeFilter


class MemberFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label="姓名或身份证号")
    region = RegionSubtreeFilter(path_lookup="organization__region__path")
    category = django_filters.ChoiceFilter(
        choices=[c for c in Member.Category.choices if c[0] in MEMBER_CATEGORIES], label="党员类别",
    )
    flow_status = django_filters.ChoiceFilter(choices=Member.FlowStatus.choices[1:], label="流动状态")
    # Users pick by name; the ids stay for links from an organization's or party organization's
    # page and for the API, as hidden fields no one has to type.
    organization_name = django_filters.CharFilter(field_name="organization__name", lookup_expr="icontains", label="工作单位")
    party_org_name = django_filters.CharFilter(field_name="party_org__name", lookup_expr="icontains", label="所在党组织")
    organization = django_filters.NumberFilter(field_name="organization_id", label="工作单位", widget=forms.HiddenInput)
    party_org = django_filters.NumberFilter(field_name="party_org_id", label="所在党组织", widget=forms.HiddenInput)

    class Meta:
        model = Member
        fields = ["q", "region", "category", "flow_status", "organization_name", "party_org_name", "organization",
                  "party_org"]

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        # A full 身份证号 is matched exactly through its blind index; anything else by name.
        if len(normalize_code(value)) == 18:
            return queryset.filter(Q(pk__in=Member.people.with_id_number(value).values("pk")) | Q(name__icontains=value))
        return queryset.filter(name__icontains=value)


class RecruitFilterSet(MemberFilterSet):
    """The development pipeline's list: the roster's filters, with the stage in place of the category."""

    category = django_filters.ChoiceFilter(choices=[c for c in Member.Category.choices if c[0] in IN_DEVELOPMENT], label="阶段")

    class Meta(MemberFilterSet.Meta):
        model = Recruit
        fields = ["q", "region", "category", "organization_name", "party_org_name", "organization", "party_org"]


class DevelopmentStepFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="member__name", lookup_expr="icontains", label="姓名")
    region = RegionSubtreeFilter(path_lookup="member__organization__region__path")
    stage = django_filters.ChoiceFilter(choices=Member.Category.choices, label="阶段")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="日期自")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="日期至")
    member = django_filters.NumberFilter(field_name="member_id", label="姓名", widget=forms.HiddenInput)

    class Meta:
        model = DevelopmentStep
        fields = ["q", "region", "stage", "date_after", "date_before", "member"]


