"""The region filters every list with a region offers: a region and everything below it, or
one region exactly; both offer the user's own regions in the region picker."""

import django_filters

from liangxin.regions.models import Region
from liangxin.regions.widgets import RegionChoiceField


def user_regions(request):
    if request is None:
        return Region.objects.none()
    return Region.objects.scoped(request.user).filter(level__lt=Region.Level.GRID + 1)


class RegionChoiceFilter(django_filters.ModelChoiceFilter):
    """One region, picked in the region picker among the user's own regions."""

    field_class = RegionChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "区域")
        kwargs.setdefault("queryset", user_regions)
        super().__init__(*args, **kwargs)


class RegionSubtreeFilter(RegionChoiceFilter):
    """Filter by a region and everything below it."""

    def __init__(self, *args, path_lookup: str = "region__path", **kwargs):
        self.path_lookup = path_lookup
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path})
