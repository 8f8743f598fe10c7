"""Grid management's people (seed 002): the grids' responsible persons' phones (GRID-3) and the
leaders in charge and staff of streets and communities (GRID-4), each with a few gaps so the
rules show cases. A step of DemoBuilder, run last so the draws before it stay as they were."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from liangxin.grids.models import (
    CentreSubsidy,
    ContactPoint,
    ContactVisit,
    DemonstrationPoint,
    JointMeeting,
    Officer,
    PromisingEmployee,
    RolloutState,
    ServiceCentre,
    TrackingRecord,
)
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
        self.build_rollout(random.Random(7))
        self.build_points(random.Random(8))

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
        street_of: dict[int, int] = {}
        for grid in self.grids:  # type: ignore[attr-defined]
            grids_of.setdefault(grid.street_index, []).append(grid.region)
            grids_of.setdefault(-grid.community.pk, []).append(grid.region)
            communities[grid.community.pk] = grid.community
            street_of[grid.community.pk] = grid.street_index
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
            if street_of[pk] != without and rng.random() < 0.3:
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

    def build_rollout(self, rng: random.Random) -> None:
        """GRID-7: the district piloted in 2016 with its first street (no town: the district has
        none, so the pilot town is flagged); most streets completed every step in 2016, one has
        not held its training, one has registered nothing; joint meetings each quarter of the
        past year, the last one's follow-up overdue (GRID-7B)."""
        streets = self.streets  # type: ignore[attr-defined]
        district = streets[0].parent
        states = [RolloutState(region=district, divided_on=datetime.date(2016, 9, 20), system_on=datetime.date(2016, 9, 28),
                               training_on=datetime.date(2016, 10, 12), rolled_out_on=datetime.date(2016, 10, 28), in_assessment=True,
                               notes="全区划分管理片区和网格，纳入街道党工委书记抓基层党建述职评议考核。")]
        untrained = len(streets) - 1 if len(streets) >= 3 else -1
        silent = 1 if len(streets) >= 3 else -1
        for index, street in enumerate(streets):
            if index == silent:
                continue
            park = street.street_kind == Region.StreetKind.PARK
            pilot = index == 0 or park
            start = datetime.date(2016, 4, 1) if park else datetime.date(2016, 6, rng.randint(1, 25)) if pilot else None
            divided = datetime.date(2016, rng.choice((7, 8, 9)), rng.randint(1, 28))
            states.append(RolloutState(
                region=street, pilot=pilot, pilot_since=start, divided_on=divided,
                system_on=divided + datetime.timedelta(days=rng.randint(5, 30)),
                training_on=None if index == untrained else datetime.date(2016, 10, rng.randint(1, 25)),
                rolled_out_on=datetime.date(2016, 10, rng.randint(20, 31)), in_assessment=index != untrained,
                notes="园区按路网和功能区划片包干。" if park else "",
            ))
        RolloutState.objects.bulk_create(states)
        today = self.today  # type: ignore[attr-defined]
        departments = ("区委组织部（非公党工委）", "区市场监督管理局", "区税务局", "区人力资源局", "区工商联", "重点企业党组织代表")
        meetings = []
        for quarter in range(4):
            held = today - datetime.timedelta(days=quarter * 91 + rng.randint(10, 40))
            overdue = quarter == 0
            meetings.append(JointMeeting(
                region=district, held_on=held, title=f"{held.year}年非公企业党建工作联席会议（{held.month}月）",
                attendees="\n".join(rng.sample(departments, 4)),
                decisions="通报网格化管理推进和党组织覆盖情况；研究新入驻企业党组织组建；协调园区党群服务中心运行经费。",
                follow_ups="市场监督管理局每月推送新登记企业名单；各街道对应建未建企业逐一走访。",
                follow_up_due=held + datetime.timedelta(days=rng.randint(7, 9)) if overdue else held + datetime.timedelta(days=30),
                follow_up_done_on=None if overdue else held + datetime.timedelta(days=rng.randint(10, 28)),
            ))
        meetings.append(JointMeeting(region=streets[0], held_on=today - datetime.timedelta(days=60),
                                     title=f"{streets[0].name}党建工作联席会议", attendees="街道党工委\n街道工商所\n社区党委\n辖区重点企业党支部",
                                     decisions="商务楼宇企业纳入就近网格；楼宇党群服务站延长开放时间。"))
        JointMeeting.objects.bulk_create(meetings)

    def build_points(self, rng: random.Random) -> None:
        """REP-3: the district's leading cadres each keep a contact point (an organization with a
        party organization, or a grid), visited most quarters; one has not been visited for half a
        year. A few demonstration points, one past its review date (REP-3B)."""
        today = self.today  # type: ignore[attr-defined]
        plans = [p for p in self.plans if p.party_org and p.org.employees >= 50]  # type: ignore[attr-defined]
        cadres = (("区委书记", None), ("区委副书记", None), ("区委常委、组织部部长", None), ("区委组织部副部长、非公党工委书记", None),
                  ("街道党工委书记", 0), ("街道党工委副书记", 0))
        points, visits = [], []
        for index, (position, street_index) in enumerate(cadres):
            pool = [p for p in plans if street_index is None or p.grid.street_index == street_index]
            on_grid = index % 3 == 2 or not pool
            plan = None if on_grid else rng.choice(pool)
            grid = rng.choice([g for g in self.grids if street_index is None or g.street_index == street_index])  # type: ignore[attr-defined]
            point = ContactPoint(leader_name=rng.choice("王李张刘陈杨黄赵") + rng.choice(("建国", "志强", "海燕", "立新", "文华")),
                                 leader_position=position, organization=plan.org if plan else None,
                                 region=plan.org.region if plan else grid.region,
                                 start_date=today - datetime.timedelta(days=rng.randint(400, 1200)),
                                 notes="指导党组织规范化建设和发展党员。")
            points.append(point)
            lapsed = index == 1
            for quarter in range(4):
                if lapsed and quarter < 2:
                    continue
                visits.append(ContactVisit(contact_point=point, visited_on=today - datetime.timedelta(days=quarter * 91 + rng.randint(5, 60)),
                                           content=rng.choice(("调研企业党组织建设和生产经营情况，听取党员和职工意见。",
                                                               "督促落实“三会一课”，指导发展入党积极分子。",
                                                               "走访网格内企业，了解党组织覆盖和流动党员管理情况。")),
                                           problems=rng.choice(("", "部分党员参加组织生活不够经常。", "新入驻企业尚未纳入网格联络。")),
                                           follow_up=rng.choice(("", "街道一个月内反馈整改情况。"))))
        ContactPoint.objects.bulk_create(points)
        ContactVisit.objects.bulk_create(visits)
        demonstrations = []
        for index, plan in enumerate(rng.sample(plans, min(4, len(plans)))):
            designated = today - datetime.timedelta(days=rng.randint(300, 900))
            due = designated + datetime.timedelta(days=365 * 2)
            if index == 0:
                due = today - datetime.timedelta(days=rng.randint(10, 60))  # past review (REP-3B)
            demonstrations.append(DemonstrationPoint(
                name=f"{plan.org.name}党建工作示范点", organization=plan.org, region=plan.org.region, designated_on=designated,
                reasons=rng.choice(("“双强六好”党组织，党建带工建、带团建经验突出。", "党员先锋岗和“三无示范岗”活动成效明显。",
                                    "开放式组织生活带动网格内企业参与。")),
                review_due=due if due > designated else designated + datetime.timedelta(days=1),
            ))
        DemonstrationPoint.objects.bulk_create(demonstrations)
