"""The grid map's page (liangxin.grids.map)."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from liangxin.core.views import ObjectViewMixin
from liangxin.grids.map import grid_map, rows
from liangxin.regions.models import Region
from liangxin.rules.services import region_in_scope, root_region


class GridMapView(ObjectViewMixin, TemplateView):
    model = Region
    template_name = "grids/map.html"

    @classmethod
    def permitted(cls, user, action: str) -> bool:
        # The map starts from the user's own region: roles scoped by organization have none.
        return super().permitted(user, action) and root_region(user) is not None

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = region_in_scope(user, self.request.GET.get("region"))
        if region is None:
            raise Http404("没有可显示的区域")
        data = grid_map(user, region)
        ancestors = region.ancestors_in_scope(user)
        return super().get_context_data(title=f"网格地图 · {region.name}", region=region, ancestors=ancestors,
                                        data=data, rows=rows(data), **kwargs)
