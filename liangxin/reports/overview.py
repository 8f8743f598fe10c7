"""The overview sentence of seed 003 §一, generated for a region and a day:

    目前，全县共有“两新”组织10001家，从业人员3.24万人，党员668名（其中……新经济组织9908家，从业人员
    3.13万人，党员510名；……新社会组织93家，从业人员1064人，党员158名）。目前，全县共建立“两新”党组
    织42个（其中新经济组织37个、新社会组织5个）。

The figures are COV-2's (liangxin.rules.stats: the same definitions as the coverage dashboard),
as they stood on the day (`history_figures`' reconstruction for a past day). The speech writes
people in 万 once they reach ten thousand and keeps organizations exact; so do we, and the page
shows the exact figures beside the sentence.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.rules.stats import region_figures, with_rates

# How a speech names the whole of a region by its name's ending ("全县", "全街道"); the longer
# endings first, so that 社区 and 园区 are not read as 区.
_WHOLE = (("街道", "全街道"), ("社区", "全社区"), ("园区", "全园区"), ("省", "全省"), ("市", "全市"),
          ("区", "全区"), ("县", "全县"), ("旗", "全旗"), ("镇", "全镇"), ("乡", "全乡"), ("村", "全村"))


def whole_of(region: Region | None) -> str:
    name = region.name if region else ""
    return next((word for ending, word in _WHOLE if name.endswith(ending)), "全辖区")


def people(n: int) -> str:
    """People as a speech says them: exact below ten thousand, else in 万 to two decimals
    (32,400 → 3.24万, 30,000 → 3万)."""
    if n < 10_000:
        return f"{n}人"
    wan = (Decimal(n) / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return f"{wan:f}万人"


@dataclass(frozen=True)
class Overview:
    region: Region | None
    on: datetime.date
    figures: dict

    @property
    def sentence(self) -> str:
        f, whole = self.figures, whole_of(self.region)
        return (
            f"目前，{whole}共有“两新”组织{f['organizations']}家，从业人员{people(f['employees'])}，党员{f['members']}名"
            f"（其中个体户和民营企业等新经济组织{f['organizations_economic']}家，从业人员{people(f['employees_economic'])}，"
            f"党员{f['members_economic']}名；各种行业协会和社会团体等新社会组织{f['organizations_social']}家，"
            f"从业人员{people(f['employees_social'])}，党员{f['members_social']}名）。"
            f"目前，{whole}共建立“两新”党组织{f['party_orgs']}个"
            f"（其中新经济组织{f['party_orgs_economic']}个、新社会组织{f['party_orgs_social']}个）。"
        )


def overview(user, region: Region, on: datetime.date | None = None) -> Overview:
    """The overview of `region` inside the user's jurisdiction (None: everything, for the
    command line), today or as on a past day."""
    today = timezone.localdate()
    past = on if on and on < today else None
    orgs = Organization.objects.all() if user is None else Organization.objects.scoped(user)
    party_orgs = PartyOrg.objects.all() if user is None else PartyOrg.objects.scoped(user)
    figures = region_figures([{"pk": region.pk, "path": region.path}], orgs, party_orgs, on=past)[region.pk]
    return Overview(region, past or today, with_rates(figures))
