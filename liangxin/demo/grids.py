"""Grid management's people (seed 002): the grids' responsible persons' phones (GRID-3) and the
leaders in charge and staff of streets and communities (GRID-4), each with a few gaps so the
rules show cases. A step of DemoBuilder, run last so the draws before it stay as they were."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from liangxin.grids.models import CentreSubsidy, Officer, PromisingEmployee, ServiceCentre, TrackingRecord
from liangxin.regions.models import Region

TRACKING_NOTES = (
    "走访网格内企业，掌握经营和用工情况，无企业增减。",
    "新入驻企业1家，已登记入台账；流入党员1名，已编入联合党支部。",
    "1家企业停业，已核实并报街道；了解员工中入党意向。",
    "组织网格内党员参加开放式主题党日，了解流动党员去向。",
)
PROMISING_REASONS = ("技术骨干，获评年度优秀员工", "主动靠近党组织，递交入党申请书意向", "带领班组完成攻坚任务", "热心公益，群众评价好")


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
        self.build_tracking(rng)
        # The steps added after the first demo draw from their own generator, so that adding
        # one never changes what the steps after it (the census) drew before.
        self.build_service_centres(random.Random(6))

    def build_tracking(self, rng) -> None:
        """GRID-5: most grids kept a record this month and some earlier ones; about one in eight
        has none recent (the demo grid user's first grid always has one); a few promising
        employees noted in the organizations of grids that track."""
        records, promising = [], []
        grids = [g.region for g in self.grids]  # type: ignore[attr-defined]
        by_grid: dict[int, list] = {}
        for plan in self.plans:  # type: ignore[attr-defined]
            by_grid.setdefault(plan.grid.region.pk, []).append(plan.org)
        # The demo street always shows a case: its last grid lapsed.
        first_street = [i for i, g in enumerate(self.grids) if g.street_index == 0]  # type: ignore[attr-defined]
        shown_lapse = first_street[-1] if len(first_street) > 1 else -1
        for index, region in enumerate(grids):
            lapsed = index > 0 and (rng.random() < 0.12 or index == shown_lapse)
            for months in range(3):
                if lapsed and months == 0:
                    continue
                day = self.days_ago(months * 30 + 1, months * 30 + 25)  # type: ignore[attr-defined]
                records.append(TrackingRecord(region=region, recorded_on=day, content=rng.choice(TRACKING_NOTES)))
            orgs = by_grid.get(region.pk) or []
            if orgs and rng.random() < 0.3:
                promising.append(PromisingEmployee(organization=rng.choice(orgs), name=self.person()[0],  # type: ignore[attr-defined]
                                                   position=rng.choice(("技术员", "车间主任", "销售经理", "财务主管")),
                                                   reason=rng.choice(PROMISING_REASONS), noted_on=self.days_ago(10, 200)))  # type: ignore[attr-defined]
        TrackingRecord.objects.bulk_create(records, batch_size=1000)
        PromisingEmployee.objects.bulk_create(promising, batch_size=1000)

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

    def build_service_centres(self, rng: random.Random) -> None:
        """GRID-6: streets, towns and the park get their kind; most streets a 党群服务中心 serving
        their grids, some communities a venue; the park centre's city subsidy only partly paid
        (GRID-6B), one street without any centre or venue and one whose centre is still being
        built (GRID-6); the demo street's centre has the county's pilot subsidy."""
        streets = self.streets  # type: ignore[attr-defined]
        for street in streets:
            street.street_kind = (Region.StreetKind.PARK if street.name.endswith("园")
                                  else Region.StreetKind.TOWN if street.name.endswith("镇") else Region.StreetKind.STREET)
        Region.objects.bulk_update(streets, ["street_kind"])
        today = self.today  # type: ignore[attr-defined]
        grids_of: dict[int, list[Region]] = {}
        communities: dict[int, Region] = {}
        for grid in self.grids:  # type: ignore[attr-defined]
            grids_of.setdefault(grid.street_index, []).append(grid.region)
            grids_of.setdefault(-grid.community.pk, []).append(grid.region)
            communities[grid.community.pk] = grid.community
        plain = [i for i, street in enumerate(streets) if street.street_kind != Region.StreetKind.PARK]
        without = plain[-1] if len(plain) >= 3 else -1  # a street with nothing yet
        building = plain[-2] if len(plain) >= 4 else -1  # a street whose centre is being built
        centres, subsidies = [], []
        for index, street in enumerate(streets):
            if index == without:
                continue
            park = street.street_kind == Region.StreetKind.PARK
            opened = None if index == building else today - datetime.timedelta(days=rng.randint(200, 3000))
            centre = ServiceCentre(
                name=f"{street.name}党群服务中心", kind=ServiceCentre.Kind.CENTRE,
                location=ServiceCentre.Location.PARK if park else ServiceCentre.Location.STREET, region=street,
                address=f"{street.name}{rng.choice(('行政服务大楼', '综合服务中心', '管委会大楼'))}{rng.randint(1, 5)}楼",
                area=Decimal(rng.randrange(300, 1500, 10)), opened_on=opened, opening_hours="周一至周六 9:00—18:00",
                services="党建工作指导和咨询；党员教育培训；流动党员接纳和组织关系转接；开放式组织生活；入党积极分子培养。",
                notes="" if opened else "改造施工中，计划年内启用。",
            )
            centres.append((centre, grids_of.get(index, [])))
            if park and opened:
                # The city's 100,000 yuan per park centre, paid in two instalments: the second is missing.
                subsidies.append(CentreSubsidy(centre=centre, year=opened.year, kind=CentreSubsidy.Kind.PARK_CENTRE,
                                               amount=Decimal("60000.00"), granted_on=opened, document="市委石党发32号文件"))
            elif index == 0 and opened:
                subsidies.append(CentreSubsidy(centre=centre, year=opened.year, kind=CentreSubsidy.Kind.COUNTY_PILOT,
                                               amount=Decimal("50000.00"), granted_on=opened,
                                               notes="城乡试点工作补贴，用于对试点街道的奖励。"))
                subsidies.append(CentreSubsidy(centre=centre, year=today.year, kind=CentreSubsidy.Kind.OTHER,
                                               amount=Decimal("12345.67"), granted_by="区委组织部", granted_on=today.replace(day=1),
                                               notes="阵地设施更新。"))
        for pk, community in communities.items():
            if rng.random() < 0.3:
                venue = ServiceCentre(
                    name=f"{community.name}党群服务站", kind=ServiceCentre.Kind.VENUE, location=ServiceCentre.Location.COMMUNITY,
                    region=community, address=f"{community.name}居委会一楼", area=Decimal(rng.randrange(60, 300, 5)),
                    opened_on=today - datetime.timedelta(days=rng.randint(100, 2000)), opening_hours="周一至周五 8:30—17:30",
                    services="党员活动室、党员公示栏、书报阅览；面向辖区非公企业开放。",
                )
                centres.append((venue, grids_of.get(-pk, [])))
        ServiceCentre.objects.bulk_create([centre for centre, _ in centres])
        through = ServiceCentre.grids.through
        through.objects.bulk_create([through(servicecentre_id=centre.pk, region_id=grid.pk) for centre, grids in centres for grid in grids],
                                    batch_size=2000)
        CentreSubsidy.objects.bulk_create(subsidies)
