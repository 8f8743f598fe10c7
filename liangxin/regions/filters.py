"""The region subtree filter every list with a region offers: a region and everything below it."""

import django_filters

from liangxin.regions.models import Region


class RegionSubtreeFilter(django_filters.ModelChoiceFilter):
    """Filter by a region and everything below it; the choices are the user's own regions."""

    def __init__(self, *args, path_lookup: str = "region__path", **kwargs):
        self.path_lookup = path_lookup
        kwargs.setdefault("label", "区域")
        kwargs.setdefault("queryset", _user_regions)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.path_lookup}__startswith": value.path})


def _user_regions(request):
    if request is None:
        return Region.objects.none()
    return Region.objects.scoped(request.user).filter(level__lt=Region.Level.GRID + 1)
