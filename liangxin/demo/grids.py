"""Grid management's people (seed 002): the grids' responsible persons' phones (GRID-3) and the
leaders in charge and staff of streets and communities (GRID-4), each with a few gaps so the
rules show cases. A step of DemoBuilder, run last so the draws before it stay as they were."""

from __future__ import annotations

from liangxin.grids.models import Officer
from liangxin.regions.models import Region


class GridSteps:
    def build_grid_people(self) -> None:
        rng = self.rng  # type: ignore[attr-defined]  # DemoBuilder's
        grids = [g.region for g in self.grids]  # type: ignore[attr-defined]
        for region in grids:
            # About one responsible person in ten has not given a phone yet.
            if region.responsible_person and rng.random() < 0.9:
                region.responsible_phone = self.mobile()  # type: ignore[attr-defined]
        Region.objects.bulk_update(grids, ["responsible_phone"], batch_size=500)

        communities = list({g.community.pk: g.community for g in self.grids}.values())  # type: ignore[attr-defined]
        officers = []
        for street in self.streets:  # type: ignore[attr-defined]
            officers += self.officers_of(street, "党工委副书记", "党建办干事", rng)
        first_street = self.streets[0].path if self.streets else ""  # type: ignore[attr-defined]
        first_gap = True
        for community in communities:
            officers += self.officers_of(community, "社区党委书记", "社区党建专干", rng,
                                         # The demo street always shows a gap (its first community lacks staff).
                                         skip_staff=first_gap and community.path.startswith(first_street))
            if community.path.startswith(first_street):
                first_gap = False
        Officer.objects.bulk_create(officers, batch_size=500)

    def officers_of(self, region: Region, leader_title: str, staff_title: str, rng, skip_staff: bool = False) -> list[Officer]:
        """The region's two people; about one region in ten lacks one of them, and some had a
        predecessor who left (a closed row before the current one)."""
        rows = []
        gap = rng.random()
        start = self.days_ago(200, 1500)  # type: ignore[attr-defined]
        for duty, title, missing in ((Officer.Duty.LEADER, leader_title, gap < 0.04),
                                     (Officer.Duty.STAFF, staff_title, skip_staff or 0.04 <= gap < 0.1)):
            if rng.random() < 0.2:
                rows.append(Officer(region=region, duty=duty, name=self.person()[0], position=title,  # type: ignore[attr-defined]
                                    phone=self.mobile(), start_date=self.days_ago(1600, 2400),  # type: ignore[attr-defined]
                                    end_date=start))
            if not missing:
                rows.append(Officer(region=region, duty=duty, name=self.person()[0], position=title,  # type: ignore[attr-defined]
                                    phone=self.mobile(), start_date=start))  # type: ignore[attr-defined]
        return rows
