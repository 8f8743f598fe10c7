import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    GridChange,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
from liangxin.regions.filters import RegionSubtreeFilter


class OfficerFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "position"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")
    duty = django_filters.ChoiceFilter(choices=Officer.Duty.choices, label="职责")

    class Meta:
        model = Officer
        fields = ["q", "within", "duty"]


class TrackingRecordFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("content",), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")

    class Meta:
        model = TrackingRecord
        fields = ["q", "within"]


class PromisingEmployeeFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "organization__name", "reason"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="organization__region__path", label="所属区域")

    class Meta:
        model = PromisingEmployee
        fields = ["q", "within"]


class GridChangeFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("summary",), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")
    kind = django_filters.ChoiceFilter(choices=GridChange.Kind.choices, label="调整类型")

    class Meta:
        model = GridChange
        fields = ["q", "within", "kind"]


class ServiceCentreFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "address", "services"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")
    kind = django_filters.ChoiceFilter(choices=ServiceCentre.Kind.choices, label="类型")
    location = django_filters.ChoiceFilter(choices=ServiceCentre.Location.choices, label="所在场所")

    class Meta:
        model = ServiceCentre
        fields = ["q", "within", "kind", "location"]


class CentreSubsidyFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("centre__name", "document", "granted_by"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="centre__region__path", label="所属区域")
    year = django_filters.NumberFilter(label="年度")
    kind = django_filters.ChoiceFilter(choices=CentreSubsidy.Kind.choices, label="补助类型")

    class Meta:
        model = CentreSubsidy
        fields = ["q", "within", "year", "kind", "centre"]


class RolloutStateFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("region__name", "notes"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")
    pilot = django_filters.BooleanFilter(label="试点单位")

    class Meta:
        model = RolloutState
        fields = ["q", "within", "pilot"]


class JointMeetingFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("title", "attendees", "decisions"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")

    class Meta:
        model = JointMeeting
        fields = ["q", "within"]


class ContactPointFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("leader_name", "leader_position", "organization__name", "region__name"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")

    class Meta:
        model = ContactPoint
        fields = ["q", "within"]


class ContactVisitFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("content", "problems"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="contact_point__region__path", label="所属区域")

    class Meta:
        model = ContactVisit
        fields = ["q", "within", "contact_point"]


class DemonstrationPointFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "reasons", "organization__name"), label="搜索")
    within = RegionSubtreeFilter(path_lookup="region__path", label="所属区域")
    status = django_filters.ChoiceFilter(choices=DemonstrationPoint.Status.choices, label="状态")

    class Meta:
        model = DemonstrationPoint
        fields = ["q", "within", "status"]
