"""The pairings map's page (liangxin.pairing.map)."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import TemplateView

from liangxin.core.views import ObjectViewMixin
from liangxin.pairing.map import pairing_map
from liangxin.pairing.models import Pairing
from liangxin.rules.services import region_in_scope, root_region


class PairingMapView(ObjectViewMixin, TemplateView):
    model = Pairing
    template_name = "pairing/map.html"

    @classmethod
    def permitted(cls, user, action: str) -> bool:
        # Drawn for a region: roles scoped by organization or by unit have their own pages instead.
        return super().permitted(user, action) and root_region(user) is not None

    def get_context_data(self, **kwargs):
        user = self.request.user
        region = region_in_scope(user, self.request.GET.get("region"))
        if region is None:
            raise Http404("没有可显示的区域")
        ancestors = region.ancestors_in_scope(user)
        data = pairing_map(user, region)
        # The same pairings as a table (phones, screen readers, printing).
        nodes = {node["id"]: node for node in data.get("nodes", [])}
        table = [{**link, "unit": nodes[link["source"]], "organization": nodes[link["target"]]} for link in data.get("links", [])]
        return super().get_context_data(title=f"结对关系图 · {region.name}", region=region, ancestors=ancestors,
                                        data=data, table=table, **kwargs)
