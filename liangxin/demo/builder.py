"""DemoBuilder: the district in dependency order, from one seeded `random.Random`.

This module holds the shared state, the small draws (names, 身份证号, 统一社会信用代码,
addresses, election dates), the region tree, the organizations and the pairings; the party
organizations and members (partyorgs.py) and the instructors (instructors.py) are steps the
builder inherits, each in its own module.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric, uscc

from liangxin.core.crypto import blind_index
from liangxin.core.validators import CREDIT_CODE_ALPHABET, normalize_code
from liangxin.demo.census import build_census
from liangxin.demo.development import build_development
from liangxin.demo.flowing import build_flowing
from liangxin.demo.funding import build_funding
from liangxin.demo.grids import GridSteps
from liangxin.demo.inspections import build_inspections
from liangxin.demo.instructors import InstructorSteps
from liangxin.demo.partyorgs import PartyOrgSteps
from liangxin.demo.words import (
    BRANCH_TERM_DAYS,
    BRAND_CHARS,
    BUSINESS_LINES,
    CITY_NAME,
    CLINIC_KINDS,
    CLUBS,
    COMMITTEE_TERM_DAYS,
    COMMUNITY_HEADS,
    COMMUNITY_TAILS,
    CREDIT_CODE_HEADS,
    DEFAULT_ORGS,
    DEFAULT_SEED,
    DISTRICT_CODE,
    DISTRICT_NAME,
    ENTERPRISE_SUBTYPE_WEIGHTS,
    FEMALE_GIVEN,
    HOMETOWNS,
    LOCAL_ID_PREFIXES,
    MALE_GIVEN,
    MANUFACTURING_LINES,
    MIGRANT_ID_PREFIXES,
    MOBILE_PREFIXES,
    NONPROFIT_KINDS,
    PAIRED_UNITS,
    ROADS,
    SCHOOL_BRANDS,
    SCHOOL_KINDS,
    SHOPS,
    SOCIAL_INDUSTRY,
    SOCIAL_SUBTYPE_WEIGHTS,
    STREET_PAIRED_UNIT_SUFFIXES,
    STREETS,
    SURNAME_CUM_WEIGHTS,
    SURNAMES,
    TRADES,
)
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region


@dataclass
class _Grid:
    region: Region
    community: Region
    street_index: int


@dataclass
class _OrgPlan:
    """An organization with what the builder decided about it before it reaches the database."""

    org: Organization
    grid: _Grid
    reported_total: int = 0
    formal: int = 0
    probationary: int = 0
    roster: bool = False
    owner_gender: str = ""
    party_org: PartyOrg | None = None  # the active party organization covering it
    branches: list[PartyOrg] = field(default_factory=list)  # where its members' relationships sit




class DemoBuilder(PartyOrgSteps, InstructorSteps, GridSteps):
    """Builds the district in dependency order: regions, organizations, party organizations,
    members, secretaries, instructors, pairings, grid leads, and the instructors' record."""

    def __init__(self, orgs: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED, today: datetime.date | None = None):
        self.n = orgs
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.streets: list[Region] = []
        self.grids: list[_Grid] = []
        self.plans: list[_OrgPlan] = []
        self.party_orgs: list[list[PartyOrg]] = [[], [], []]  # by depth: top level, children, grandchildren
        self.coverage: list[tuple[PartyOrg, _OrgPlan]] = []
        self.members: list[Member] = []
        self.committee_plan: _OrgPlan | None = None  # the 基层党委 the demo secretary manages
        self.org_names: set[str] = set()
        # Values that must stay unique, including against rows already in the database.
        self.credit_codes = set(Organization.objects.exclude(credit_code=None).values_list("credit_code", flat=True))
        self.id_indexes = set(Member.objects.values_list("id_number_index", flat=True))

    # ----------------------------------------------------------------- small draws
    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def person(self, gender: str | None = None) -> tuple[str, str]:
        rng = self.rng
        gender = gender or rng.choice("MF")
        pool = MALE_GIVEN if gender == "M" else FEMALE_GIVEN
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.65 else "")
        return rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0] + given, gender

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def brand(self) -> str:
        first, second = self.rng.sample(BRAND_CHARS, 2)
        return first + second

    def id_number(self, gender: str, birth: datetime.date, migrant: bool) -> str:
        """A 身份证号 with a valid GB 11643 check digit, unique by its blind index."""
        prefixes = MIGRANT_ID_PREFIXES if migrant else LOCAL_ID_PREFIXES
        while True:
            sequence = self.rng.randrange(100)
            sex_digit = self.rng.choice("13579" if gender == "M" else "02468")
            stem = f"{self.rng.choice(prefixes)}{birth:%Y%m%d}{sequence:02d}{sex_digit}"
            number = stem + ric.calc_check_digit(stem + "0")  # ric wants a placeholder check digit
            index = blind_index(normalize_code(number))
            if index not in self.id_indexes:
                self.id_indexes.add(index)
                return number

    def credit_code(self, subtype: str, founded: datetime.date) -> str:
        """A 统一社会信用代码 per GB 32100: authority and kind, division, organization code
        (GB 11714, with its own check character) and the check character."""
        head = CREDIT_CODE_HEADS[subtype]
        division = "440307" if head in ("92", "51", "52", "31") else self.rng.choice(("440300", "440300", "440307"))
        letters = [c for c in CREDIT_CODE_ALPHABET if c.isalpha()]
        while True:
            if founded.year < 2015:
                body = f"{self.rng.randrange(10**8):08d}"
            elif head.startswith("5"):
                body = "MJ" + self.rng.choice(letters) + f"{self.rng.randrange(10**5):05d}"
            else:
                body = "MA5" + "".join(self.rng.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
            weighted = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
            check = 11 - weighted % 11
            stem = head + division + body + {10: "X", 11: "0"}.get(check, str(check))
            code = stem + uscc.calc_check_digit(stem)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def address(self, grid: _Grid) -> str:
        street = self.streets[grid.street_index]
        text = f"{CITY_NAME}{DISTRICT_NAME}{street.name}{grid.community.name}{self.rng.choice(ROADS)}{self.rng.randint(1, 999)}号"
        if self.rng.random() < 0.4:
            text += f"{self.rng.randint(1, 12)}栋{self.rng.randint(1, 20)}楼"
        return text

    def election_dates(self, type_: str, not_before: datetime.date | None) -> tuple[datetime.date, datetime.date | None]:
        """Founding and last election; about one in seven is overdue (ORG-9)."""
        earliest = self.today - datetime.timedelta(days=7000)
        if not_before:  # not before the organization it belongs to
            earliest = max(earliest, not_before + datetime.timedelta(days=90))
        span = (self.today - datetime.timedelta(days=60) - earliest).days
        founded = earliest + datetime.timedelta(days=self.rng.randint(0, span)) if span > 0 else self.days_ago(20, 40)
        if self.rng.random() < 0.03:
            return founded, None
        term = COMMITTEE_TERM_DAYS if type_ == PartyOrg.Type.COMMITTEE else BRANCH_TERM_DAYS
        if self.rng.random() < 0.15:
            elected = self.days_ago(term + 30, term + 1000)
        else:
            elected = self.days_ago(10, term - 40)
        return founded, max(elected, founded)

    # ----------------------------------------------------------------- regions
    def build_regions(self) -> Region:
        rng = self.rng
        root = Region(code=DISTRICT_CODE, name=DISTRICT_NAME, level=Region.Level.DISTRICT)
        root.save()
        n_streets = max(3, min(len(STREETS), self.n // 250))
        # About 22 organizations a grid on average leaves room under the limit of 30 (GRID-2).
        n_grids = max(math.ceil(self.n / 22), 2 * n_streets)
        per_street = [rng.randint(5, 9) for _ in range(n_streets)]
        if sum(per_street) > n_grids:  # a small district: fewer communities, each with a grid
            total = sum(per_street)
            per_street = [max(1, count * n_grids // total) for count in per_street]
        used_names: set[str] = set()
        communities: list[tuple[Region, int]] = []
        for s_index, (street_name, _short) in enumerate(STREETS[:n_streets]):
            street = Region(code=f"{DISTRICT_CODE}{s_index + 1:03d}", name=street_name, level=Region.Level.STREET, parent=root)
            self.streets.append(street)
            is_park = street_name.endswith("园")
            for c_index in range(per_street[s_index]):
                while True:
                    head, tail = rng.choice(COMMUNITY_HEADS), rng.choice(COMMUNITY_TAILS)
                    suffix = "片区" if is_park else ("村" if rng.random() < 0.15 else "社区")
                    name = head + tail + suffix
                    if head != tail and name not in used_names:
                        used_names.add(name)
                        break
                community = Region(code=f"{street.code}{c_index + 1:03d}", name=name, level=Region.Level.COMMUNITY, parent=street)
                communities.append((community, s_index))
        grid_counts = [1] * len(communities)
        for _ in range(n_grids - len(communities)):
            grid_counts[rng.randrange(len(communities))] += 1
        for (community, s_index), count in zip(communities, grid_counts, strict=True):
            for g_index in range(count):
                grid = Region(code=f"{community.code}{g_index + 1:03d}", name=f"第{g_index + 1}网格", level=Region.Level.GRID, parent=community)
                self.grids.append(_Grid(grid, community, s_index))
        for level in (self.streets, [c for c, _ in communities], [g.region for g in self.grids]):
            self.save_level(level)
        return root

    @staticmethod
    def save_level(regions: list[Region]) -> None:
        """One level of the tree in two statements instead of Region.save()'s two per row (plus
        savepoints); the materialized path is computed exactly as Region.save() does."""
        Region.objects.bulk_create(regions, batch_size=500)
        for region in regions:
            region.path = f"{region.parent.path}{region.pk}/"
        Region.objects.bulk_update(regions, ["path"], batch_size=500)

    def grid_loads(self) -> list[int]:
        """Organizations per grid: mostly 3-29, two grids at exactly 30 and one or two over the
        limit (31-33) so that the grid-size rule has something to flag."""
        rng = self.rng
        order = list(range(len(self.grids)))
        rng.shuffle(order)
        loads = [0] * len(self.grids)
        specials = [30, 30, 31, 33] if self.n >= 1000 else [30, 30, 32]
        for index, load in zip(order, specials, strict=False):
            loads[index] = load
        rest = order[len(specials):]
        mean = (self.n - sum(specials)) / len(rest)
        for index in rest:
            loads[index] = min(29, max(3, round(rng.gauss(mean, 6))))
        diff = self.n - sum(loads)
        while diff:
            index = rest[rng.randrange(len(rest))]
            if diff > 0 and loads[index] < 29:
                loads[index] += 1
                diff -= 1
            elif diff < 0 and loads[index] > 1:
                loads[index] -= 1
                diff += 1
        return loads

    # ----------------------------------------------------------------- organizations
    def organization_name(self, subtype: str, grid: _Grid, line: str, shop: str) -> str:
        """A name in the style of the registers: 深圳市华信电子科技有限公司, 平湖潮汕商会 …"""
        rng = self.rng
        short = STREETS[grid.street_index][1]
        patterns = {
            "limited": lambda b: f"{CITY_NAME}{b}{line}有限公司",
            "joint_stock": lambda b: f"深圳{b}{line}股份有限公司",
            "sole": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{b}{line}{'厂' if line in MANUFACTURING_LINES else '商行'}",
            "partnership": lambda b: f"深圳{b}{line}合伙企业（有限合伙）",
            "foreign": lambda b: f"{b}{line}（深圳）有限公司",
            "individual": lambda b: f"{DISTRICT_NAME}{short}{rng.choice(SURNAMES[:40])}记{shop}",
            "association": lambda b: rng.choice((f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(TRADES)}行业协会",
                                                 f"{short}{rng.choice(TRADES)}{rng.choice(('协会', '促进会', '联合会'))}")),
            "chamber": lambda b: rng.choice((f"{DISTRICT_NAME}{rng.choice(HOMETOWNS)}商会", f"{short}{rng.choice(HOMETOWNS)}商会",
                                             f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(TRADES)}商会")),
            "school": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(SCHOOL_BRANDS) if rng.random() < 0.5 else b}{rng.choice(SCHOOL_KINDS)}",
            "medical": lambda b: f"深圳{b}{rng.choice(CLINIC_KINDS)}",
            "law_firm": lambda b: f"广东{b}律师事务所",
            "accounting": lambda b: f"深圳{b}会计师事务所（普通合伙）",
            "social_group": lambda b: rng.choice((f"{DISTRICT_NAME}{rng.choice(CLUBS)}协会", f"{short}{rng.choice(CLUBS)}联谊会")),
            "nonprofit": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{b}{rng.choice(NONPROFIT_KINDS)}",
            "foundation": lambda b: f"{CITY_NAME}{b}{rng.choice(('公益', '慈善'))}基金会",
        }
        for attempt in range(50):
            # Two-character brands run out for the commonest patterns: then three characters.
            name = patterns[subtype](self.brand() if attempt < 40 else self.brand() + rng.choice(BRAND_CHARS))
            if name not in self.org_names:
                break
        else:
            name = f"{name}（{grid.community.name}）"
        self.org_names.add(name)
        return name

    def employees(self, subtype: str) -> int:
        rng = self.rng
        if subtype == "individual":
            return rng.randint(1, 15)
        r = rng.random()
        if subtype not in Organization.ENTERPRISE_SUBTYPES:
            r *= 0.95  # social organizations are smaller: no giants
        if r < 0.72:
            return 1 + int(48 * rng.random() ** 2)
        if r < 0.94:
            return 50 + int(250 * rng.random() ** 1.5)
        if r < 0.993:
            return 301 + int(699 * rng.random() ** 1.5)
        return 1001 + int(7000 * rng.random() ** 3)

    def reported_total(self, employees: int) -> int:
        """Members reported by the ledger: many 0, many 1-2, some 3-10, more in bigger firms."""
        rng = self.rng
        buckets = ((0, 0), (1, 2), (3, 10), (11, 30), (31, 49))
        if employees < 50:
            weights = (82, 15, 3, 0, 0)
        elif employees <= 300:
            weights = (58, 25, 15, 2, 0)
        elif employees <= 1000:
            weights = (25, 22, 40, 12, 1)
        else:
            weights = (0, 0, 40, 45, 15)
        low, high = rng.choices(buckets, weights=weights)[0]
        if (low, high) == (3, 10):
            return 3 + int(8 * rng.random() ** 2)
        return rng.randint(low, high)

    def build_organizations(self) -> None:
        rng = self.rng
        loads = self.grid_loads()
        slots = [grid for grid, load in zip(self.grids, loads, strict=True) for _ in range(load)]
        rng.shuffle(slots)
        line_weights = [w for _, _, w in BUSINESS_LINES]
        enterprise_kinds, enterprise_weights = zip(*ENTERPRISE_SUBTYPE_WEIGHTS.items(), strict=True)
        social_kinds, social_weights = zip(*SOCIAL_SUBTYPE_WEIGHTS.items(), strict=True)
        for grid in slots:
            enterprise = rng.random() < 0.85
            if enterprise:
                subtype = rng.choices(enterprise_kinds, weights=enterprise_weights)[0]
            else:
                subtype = rng.choices(social_kinds, weights=social_weights)[0]
            line, industry, _ = rng.choices(BUSINESS_LINES, weights=line_weights)[0]
            shop, shop_industry = rng.choice(SHOPS)
            if subtype == "individual":
                industry = shop_industry
            elif not enterprise:
                industry = SOCIAL_INDUSTRY[subtype]
            employees = self.employees(subtype)
            founded = self.days_ago(60, 34 * 365) if employees < 300 else self.days_ago(3 * 365, 34 * 365)
            status = rng.choices(Organization.Status.values, weights=(91, 4, 3, 2))[0]
            owner_name, owner_gender = ("", "")
            if subtype not in ("association", "chamber", "social_group", "foundation"):
                owner_name, owner_gender = self.person(rng.choices("MF", weights=(3, 1))[0])
            payroll = None
            if rng.random() < 0.85:
                payroll = Decimal(f"{employees * rng.uniform(5.5, 14.0):.2f}")
            scale = ""
            if enterprise:
                above = employees >= 300 or (employees >= 50 and rng.random() < 0.3)
                scale = Organization.Scale.ABOVE if above and subtype != "individual" else Organization.Scale.BELOW
            org = Organization(
                name=self.organization_name(subtype, grid, line, shop),
                kind=Organization.Kind.ENTERPRISE if enterprise else Organization.Kind.SOCIAL,
                subtype=subtype, credit_code=self.credit_code(subtype, founded), industry=industry, scale=scale,
                status=status, address=self.address(grid), region=grid.region, owner_name=owner_name,
                employees=employees, payroll=payroll,
                has_union=rng.random() < min(0.97, 0.08 + employees / 150),
                has_youth_league=rng.random() < min(0.9, 0.03 + employees / 400),
                has_women_federation=rng.random() < min(0.85, 0.02 + employees / 500),
                founded_on=founded,
            )
            plan = _OrgPlan(org=org, grid=grid, owner_gender=owner_gender)
            if rng.random() < 0.88:  # most organizations have ledger figures; the rest are blank
                self.set_members(plan, self.reported_total(employees))
            self.plans.append(plan)
        self.make_big_organizations()
        for plan in self.plans:
            plan.org.owner_is_member = bool(plan.org.owner_name) and plan.formal > 0 and rng.random() < 0.25
            active = plan.org.status in (Organization.Status.NORMAL, Organization.Status.SUSPENDED)
            # The roster (党员名册) is entered for the big ones and for about half of the rest.
            chance = 1.0 if plan.reported_total >= 50 else 0.5 if plan.formal >= 3 else 0.3
            plan.roster = active and plan.reported_total > 0 and rng.random() < chance
        Organization.objects.bulk_create([plan.org for plan in self.plans], batch_size=1000)

    def set_members(self, plan: _OrgPlan, total: int) -> None:
        """Split a reported total into formal and probationary members (about 1 in 10)."""
        probationary = sum(self.rng.random() < 0.1 for _ in range(total))
        plan.reported_total, plan.formal, plan.probationary = total, total - probationary, probationary
        plan.org.reported_formal_members = plan.formal
        plan.org.reported_probationary_members = plan.probationary

    def make_big_organizations(self) -> None:
        """A few large enterprises with 50-120 members, the first one in the first street so
        that the demo secretary has a 基层党委 with branches to manage."""
        rng = self.rng
        count = max(2, self.n // 1000)
        eligible = [p for p in self.plans if p.org.subtype in ("limited", "joint_stock", "foreign")
                    and p.org.status == Organization.Status.NORMAL]
        in_first_street = [p for p in eligible if p.grid.street_index == 0] or [
            p for p in self.plans if p.grid.street_index == 0 and p.org.status == Organization.Status.NORMAL]
        first = self.committee_plan = rng.choice(in_first_street)
        others = rng.sample([p for p in eligible if p is not first], count - 1)
        for number, plan in enumerate([first, *others]):
            org = plan.org
            org.employees = rng.randint(1200, 6000)
            org.scale = Organization.Scale.ABOVE
            org.payroll = Decimal(f"{org.employees * rng.uniform(8.0, 16.0):.2f}")
            org.has_union = org.has_youth_league = org.has_women_federation = True
            org.founded_on = min(org.founded_on, self.days_ago(8 * 365, 25 * 365))
            total = rng.randint(105, 120) if number == 0 else rng.randint(55, 120)
            self.set_members(plan, total)

    def build_pairings(self) -> None:
        """结对共建: each unit with one organization (PAIR-1), a few with two, some with history."""
        rng = self.rng
        n_units = max(3, round(self.n / 500))
        n_street_units = n_units // 5
        existing = set(PairedUnit.objects.values_list("name", flat=True))
        district_names = [name for name in PAIRED_UNITS if name not in existing][: n_units - n_street_units]
        district = self.streets[0].parent
        institution_words = ("医院", "中心", "馆", "署")
        units = [
            PairedUnit(
                name=name, level=PairedUnit.Level.DISTRICT, region=district,
                category=PairedUnit.Category.INSTITUTION if any(w in name for w in institution_words) else PairedUnit.Category.ORGAN,
                # A few section-level institutions: not bound to pair (PAIR-1), some pair anyway.
                rank=PairedUnit.Rank.SECTION if number % 9 == 8 else PairedUnit.Rank.DEPUTY_DIVISION,
                party_org_name=f"中共{name}委员会" if number % 3 == 0 else f"中共{name}支部委员会",
                contact_name=SURNAMES[number * 7 % len(SURNAMES)] + MALE_GIVEN[number * 5 % len(MALE_GIVEN)],
            )
            for number, name in enumerate(district_names)
        ]
        street_of: dict[int, int] = {}
        for number in range(n_street_units):
            s_index = number % len(self.streets)
            name = f"{self.streets[s_index].name}{STREET_PAIRED_UNIT_SUFFIXES[number // len(self.streets) % 3]}"
            if name not in existing:
                unit = PairedUnit(name=name, level=PairedUnit.Level.STREET, region=self.streets[s_index],
                                  category=PairedUnit.Category.INSTITUTION if "中心" in name else PairedUnit.Category.ORGAN,
                                  rank=PairedUnit.Rank.SECTION, has_party_org=True, party_org_name=f"{name}党支部")
                street_of[id(unit)] = s_index
                units.append(unit)
        PairedUnit.objects.bulk_create(units)
        operating = [p for p in self.plans if p.org.status == Organization.Status.NORMAL and p.org.employees >= 20]
        with_party_org = [p for p in operating if p.party_org]
        paired: set[int] = set()
        pairings: list[Pairing] = []

        def pick(s_index: int | None, need_party_org: bool = False) -> _OrgPlan | None:
            pool = with_party_org if need_party_org or rng.random() < 0.7 else operating
            if s_index is not None:  # street units pair within their own street (PAIR-1)
                pool = [p for p in pool if p.grid.street_index == s_index]
            pool = [p for p in pool if id(p) not in paired]
            return rng.choice(pool) if pool else None

        for number, unit in enumerate(units):
            s_index = street_of.get(id(unit))
            current = 1 if number == 0 else rng.choices((0, 1, 2), weights=(10, 75, 15))[0]
            for index in range(current):
                plan = pick(s_index, need_party_org=number == index == 0)  # the demo unit sees a party org
                if plan:
                    paired.add(id(plan))
                    pairings.append(Pairing(unit=unit, organization=plan.org, start_date=self.days_ago(60, 1200)))
            if current == 0 or rng.random() < 0.3:
                plan = pick(s_index)
                if plan:
                    start = self.days_ago(1300, 2600)
                    pairings.append(Pairing(unit=unit, organization=plan.org, start_date=start,
                                            end_date=start + datetime.timedelta(days=rng.randint(365, 1000))))
        Pairing.objects.bulk_create(pairings, batch_size=1000)


    def build(self) -> Region:
        root = self.build_regions()
        self.build_organizations()
        self.build_party_orgs()
        self.build_members()
        self.assign_secretaries()
        self.build_instructors()
        self.build_pairings()
        self.assign_grid_leads()
        self.build_instructor_activity()
        self.build_grid_people()
        build_census(root, self.rng, self.today)
        build_development(self)  # last, with their own random streams: the rest of the demo stays as it was
        build_flowing(self)
        build_funding(self, root)
        build_inspections(self, root)
        return root

