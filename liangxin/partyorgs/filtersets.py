import django_filters

from liangxin.core.filters import BaseFilterSet, SearchFilter
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.filters import RegionSubtreeFilter


class PartyOrgFilterSet(BaseFilterSet):
    q = SearchFilter(fields=("name", "secretary_name", "secretary__name", "organizations__name"), label="搜索")
    region = RegionSubtreeFilter()
    type = django_filters.ChoiceFilter(choices=PartyOrg.Type.choices, label="党组织类别")
    mode = django_filters.ChoiceFilter(choices=PartyOrg.Mode.choices, label="组建方式")
    status = django_filters.ChoiceFilter(choices=PartyOrg.Status.choices, label="状态")

    class Meta:
        model = PartyOrg
        fields = ["q", "region", "type", "mode", "status"]

    @property
    def qs(self):
        # Searching covered organizations' names joins a to-many relation.
        return super().qs.distinct() if self.form.is_bound and self.data.get("q") else super().qs
