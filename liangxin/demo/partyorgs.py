"""Party organizations (standalone, joint, dissolved; committees with branches), members
(flowing ones included), secretaries and grid leads: steps of DemoBuilder."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from liangxin.core.crypto import blind_index
from liangxin.core.validators import normalize_code
from liangxin.demo.words import DEPARTMENTS, DISSOLVED_REASONS, DISTRICT_CODE, ORDINALS, STREETS
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

if TYPE_CHECKING:
    from liangxin.demo.builder import _OrgPlan  # cycle: the builder runs this module's steps


class PartyOrgSteps:
    """DemoBuilder's steps after the organizations: party organizations, members, secretaries
    and grid leads."""

    # ----------------------------------------------------------------- party organizations
    def new_party_org(self, name: str, type_: str, mode: str, region: Region, *, parent: PartyOrg | None = None,
                      not_before: datetime.date | None = None, depth: int = 0) -> PartyOrg:
        founded, elected = self.election_dates(type_, not_before)
        party_org = PartyOrg(name=name, type=type_, mode=mode, region=region, parent=parent,
                             founded_on=founded, last_election_on=elected)
        self.party_orgs[depth].append(party_org)
        return party_org

    def cover(self, party_org: PartyOrg, plans: list[_OrgPlan], branches: list[PartyOrg] | None = None) -> None:
        for plan in plans:
            self.coverage.append((party_org, plan))
            plan.party_org = party_org
            plan.branches = branches or [party_org]

    def build_party_orgs(self) -> None:
        rng = self.rng
        T, M = PartyOrg.Type, PartyOrg.Mode
        active_status = (Organization.Status.NORMAL, Organization.Status.SUSPENDED)
        big = sorted((p for p in self.plans if p.reported_total >= 50),
                     key=lambda p: (p is not self.committee_plan, -p.reported_total))
        # ≥ 100 members make a 基层党委 and ≥ 50 a 党总支, each with branches (ORG-3); with enough
        # of them, the smallest stays a plain branch so that the ORG-3 rule has something to flag.
        for index, plan in enumerate(big):
            org, region = plan.org, plan.grid.region
            if index == len(big) - 1 and len(big) >= 4:
                self.cover(self.new_party_org(f"{org.name}党支部", T.BRANCH, M.STANDALONE, region, not_before=org.founded_on), [plan])
                continue
            committee = plan.reported_total >= 100 or plan is self.committee_plan
            top = self.new_party_org(f"{org.name}{'党委' if committee else '党总支'}", T.COMMITTEE if committee else T.GENERAL_BRANCH,
                                     M.STANDALONE, region, not_before=org.founded_on)
            departments = rng.sample(DEPARTMENTS, rng.randint(3, 5) if committee else rng.randint(2, 4))
            leaves = [self.new_party_org(f"{org.name}{d}党支部", T.BRANCH, M.STANDALONE, region, parent=top,
                                         not_before=top.founded_on, depth=1) for d in departments]
            if plan is self.committee_plan:  # three levels: committee → general branch → branches
                general = self.new_party_org(f"{org.name}制造中心党总支", T.GENERAL_BRANCH, M.STANDALONE, region,
                                             parent=top, not_before=top.founded_on, depth=1)
                leaves += [self.new_party_org(f"{org.name}制造中心第{ORDINALS[k]}党支部", T.BRANCH, M.STANDALONE, region,
                                              parent=general, not_before=general.founded_on, depth=2) for k in range(2)]
            self.cover(top, [plan], leaves)
            for leaf in leaves:  # each branch works in the enterprise it belongs to
                self.coverage.append((leaf, plan))
        # Standalone branches where there are ≥ 3 formal members (ORG-1, ORG-2), leaving some
        # uncovered: those are the "should establish but has not" cases.
        for plan in self.plans:
            eligible = plan.party_org is None and 3 <= plan.formal < 50 and plan.org.status in active_status
            if eligible and rng.random() < (0.95 if plan.formal > 10 else 0.8):
                self.cover(self.new_party_org(f"{plan.org.name}党支部", T.BRANCH, M.STANDALONE, plan.grid.region,
                                              not_before=plan.org.founded_on), [plan])
        self.build_joint_party_orgs()
        # One closed organization whose standalone branch was never dissolved (ORG-4 has work).
        closed = [p for p in self.plans if p.org.status == Organization.Status.CLOSED and p.party_org is None]
        if closed:
            plan = max(closed, key=lambda p: (p.formal, p.org.employees))
            self.cover(self.new_party_org(f"{plan.org.name}党支部", T.BRANCH, M.STANDALONE, plan.grid.region,
                                          not_before=plan.org.founded_on), [plan])
        self.build_dissolved_party_orgs()
        for party_orgs in self.party_orgs:  # parents first: bulk_create copies their new pks into parent_id
            PartyOrg.objects.bulk_create(party_orgs, batch_size=500)
        through = PartyOrg.organizations.through
        through.objects.bulk_create(
            [through(partyorg_id=po.pk, organization_id=plan.org.pk) for po, plan in self.coverage], batch_size=1000
        )

    def joint_candidates(self, plans: list[_OrgPlan]) -> list[_OrgPlan]:
        """Small, uncovered, operating organizations, those with members first."""
        found = [p for p in plans if p.party_org is None and p.formal < 3 and p.org.status == Organization.Status.NORMAL]
        self.rng.shuffle(found)
        return sorted(found, key=lambda p: p.reported_total == 0)

    def build_joint_party_orgs(self) -> None:
        """联合组建 in grids and communities, 依托组建 on trade associations, 属地组建 in buildings."""
        rng = self.rng
        T, M = PartyOrg.Type, PartyOrg.Mode
        by_grid: dict[int, list[_OrgPlan]] = {}
        by_community: dict[int, list[_OrgPlan]] = {}
        for plan in self.plans:
            by_grid.setdefault(id(plan.grid), []).append(plan)
            by_community.setdefault(id(plan.grid.community), []).append(plan)
        joint_count = 0
        for grid in self.grids:
            candidates = self.joint_candidates(by_grid.get(id(grid), []))
            if len(candidates) >= 3 and (rng.random() < 0.3 or joint_count < 2):
                chosen = candidates[: rng.randint(3, min(8, len(candidates)))]
                name = f"{grid.community.name}{grid.region.name}联合党支部"
                self.cover(self.new_party_org(name, T.JOINT_BRANCH, M.JOINT, grid.region), chosen)
                joint_count += 1
        seen: set[int] = set()
        for grid in self.grids:
            community = grid.community
            if id(community) in seen:
                continue
            seen.add(id(community))
            candidates = self.joint_candidates(by_community[id(community)])
            if len(candidates) >= 3 and rng.random() < 0.08:
                chosen = candidates[: rng.randint(3, min(8, len(candidates)))]
                self.cover(self.new_party_org(f"{community.name}非公企业联合党支部", T.JOINT_BRANCH, M.JOINT, community), chosen)
        # 依托组建: a trade association's joint branch across one street.
        trades = (("G", "物流"), ("C", "五金"), ("H", "餐饮"), ("E", "建筑"), ("I", "软件"), ("F", "商贸"))
        made, tries = 0, 0
        while made < max(1, self.n // 2500) and tries < 50:
            tries += 1
            s_index = rng.randrange(len(self.streets))
            industry, trade = rng.choice(trades)
            name = f"{STREETS[s_index][1]}{trade}行业协会联合党支部"
            candidates = self.joint_candidates([p for p in self.plans if p.grid.street_index == s_index and p.org.industry == industry])
            if len(candidates) >= 3 and all(po.name != name for po in self.party_orgs[0]):
                chosen = candidates[: rng.randint(3, min(6, len(candidates)))]
                self.cover(self.new_party_org(name, T.JOINT_BRANCH, M.INDUSTRY, chosen[0].grid.region), chosen)
                made += 1
        # 属地组建: the community brings the firms of one office building into one branch.
        made, tries = 0, 0
        while made < max(1, self.n // 2500) and tries < 50:
            tries += 1
            grid = rng.choice(self.grids)
            candidates = self.joint_candidates(by_community[id(grid.community)])
            if len(candidates) >= 2:
                chosen = candidates[: rng.randint(2, min(6, len(candidates)))]
                building = rng.choice(("创业大厦", "科技园", "商务中心", "产业园"))
                name = f"{grid.community.name}{self.brand()}{building}党支部"
                self.cover(self.new_party_org(name, T.BRANCH, M.TERRITORIAL, grid.community), chosen)
                made += 1

    def build_dissolved_party_orgs(self) -> None:
        """Branches of closed or deregistered organizations, dissolved and covering nothing (ORG-4)."""
        rng = self.rng
        gone = [p for p in self.plans if p.party_org is None
                and p.org.status in Organization.INACTIVE_STATUSES]
        for number, plan in enumerate(rng.sample(gone, min(len(gone), max(2, self.n // 1000)))):
            joint = number == 1  # one dissolved joint branch, the rest standalone
            name = f"{plan.grid.community.name}{plan.grid.region.name}第二联合党支部" if joint else f"{plan.org.name}党支部"
            party_org = self.new_party_org(name, PartyOrg.Type.JOINT_BRANCH if joint else PartyOrg.Type.BRANCH,
                                           PartyOrg.Mode.JOINT if joint else PartyOrg.Mode.STANDALONE, plan.grid.region,
                                           not_before=plan.org.founded_on)
            party_org.status = PartyOrg.Status.DISSOLVED
            # Founded after the organization, dissolved at least a year later, in the past.
            lived = self.today - datetime.timedelta(days=20) - plan.org.founded_on
            party_org.dissolved_on = max(self.days_ago(20, 1500), plan.org.founded_on + lived * 3 / 4)
            party_org.founded_on = min(party_org.founded_on, party_org.dissolved_on - min(lived / 2, datetime.timedelta(days=400)))
            if party_org.last_election_on:
                party_org.last_election_on = min(max(party_org.last_election_on, party_org.founded_on), party_org.dissolved_on)
            party_org.dissolved_reason = DISSOLVED_REASONS[number % len(DISSOLVED_REASONS)]
            party_org.secretary_name = self.person()[0]

    # ----------------------------------------------------------------- members
    def new_member(self, plan: _OrgPlan | None, category: str, party_org: PartyOrg | None, *,
                   migrant: bool, name: str = "", gender: str = "") -> Member:
        rng = self.rng
        if not name:
            name, gender = self.person()
        year = int(rng.triangular(1960, 2003, 1986))
        birth = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        adult = birth.replace(year=birth.year + 18, day=min(birth.day, 28))
        if category == Member.Category.FULL and (self.today - adult).days < 800:
            category = Member.Category.PROBATIONARY  # too young to have finished probation
        if category == Member.Category.PROBATIONARY:
            joined = self.days_ago(15, 350)
        else:
            joined = adult + datetime.timedelta(days=rng.randint(180, (self.today - adult).days - 400))
        if year < 1975:
            education = rng.choices(Member.Education.values, weights=(3, 17, 20, 35, 25))[0]
        else:
            education = rng.choices(Member.Education.values, weights=(8, 42, 30, 15, 5))[0]
        id_number = self.id_number(gender, birth, migrant)
        return Member(
            name=name, gender=gender, id_number=id_number, id_number_index=blind_index(normalize_code(id_number)),
            phone=self.mobile() if rng.random() < 0.95 else "", birth_date=birth, education=education, joined_on=joined,
            category=category, organization=plan.org if plan else None, party_org=party_org,
            position=Member.Position.MANAGEMENT if rng.random() < 0.12 else Member.Position.STAFF,
        )

    def make_flowing(self, member: Member, status: str, number: int) -> None:
        """A 流动党员活动证 valid for one or two years; about a quarter have expired (MEM-3)."""
        issued = self.days_ago(30, 900)
        member.flow_status = status
        member.flow_certificate_no = f"LD{DISTRICT_CODE}{issued.year}{number:05d}"
        member.flow_certificate_valid_until = issued + datetime.timedelta(days=self.rng.choice((365, 730)))

    def build_members(self) -> None:
        rng = self.rng
        roster = [p for p in self.plans if p.roster]
        # A handful of rosters deliberately disagree with the ledger (member_figures_differ).
        differing = {id(p) for p in rng.sample(roster, min(len(roster), max(3, self.n // 1500)))}
        flow_number = 0
        for plan in roster:
            formal, probationary = plan.formal, plan.probationary
            if id(plan) in differing:  # one record missing, or one too many
                if formal + probationary > 1 and rng.random() < 0.5:
                    if formal:
                        formal -= 1
                    else:
                        probationary -= 1
                else:
                    formal += 1
            categories = [Member.Category.FULL] * formal + [Member.Category.PROBATIONARY] * probationary
            for index, category in enumerate(categories):
                migrant = rng.random() < 0.6
                party_org = rng.choice(plan.branches) if plan.branches else None
                if index == 0 and plan.org.owner_is_member and category == Member.Category.FULL:
                    member = self.new_member(plan, category, party_org, migrant=False,
                                             name=plan.org.owner_name, gender=plan.owner_gender)
                    member.position = Member.Position.OWNER
                else:
                    member = self.new_member(plan, category, party_org, migrant=migrant)
                if migrant and rng.random() < 0.06:  # works here, membership registered elsewhere
                    flow_number += 1
                    self.make_flowing(member, Member.FlowStatus.INFLOW, flow_number)
                    if rng.random() < 0.3:
                        member.party_org = None  # not yet placed in an org here (MEM-3 flags it)
                self.members.append(member)
        # Outflow: registered with a branch here, working elsewhere.
        homes = [po for po in self.party_orgs[0] if po.status == PartyOrg.Status.ACTIVE
                 and po.type in (PartyOrg.Type.BRANCH, PartyOrg.Type.JOINT_BRANCH)]
        for _ in range(max(2, len(self.members) // 70)):
            member = self.new_member(None, Member.Category.FULL, rng.choice(homes), migrant=False)
            flow_number += 1
            self.make_flowing(member, Member.FlowStatus.OUTFLOW, flow_number)
            self.members.append(member)
        flowing = [m for m in self.members if m.flow_status]
        for member in flowing[:2]:  # at least two certificates have expired, however small the demo
            member.flow_certificate_valid_until = self.days_ago(10, 200)
        Member.objects.bulk_create(self.members, batch_size=1000)  # derives the blind index, recounts

    def assign_secretaries(self) -> None:
        """Secretaries are FULL members of their own org where the roster has one; otherwise only
        a name and phone are known (the roster has not been entered yet)."""
        rng = self.rng
        full_by_org: dict[int, list[Member]] = {}
        full_by_party_org: dict[int, list[Member]] = {}
        for member in self.members:
            if member.category != Member.Category.FULL or member.flow_status:
                continue
            if member.organization_id:
                full_by_org.setdefault(member.organization_id, []).append(member)
            if member.party_org_id:
                full_by_party_org.setdefault(member.party_org_id, []).append(member)
        covered_org: dict[int, Organization] = {}
        for party_org, plan in self.coverage:
            covered_org.setdefault(party_org.pk, plan.org)
        used: set[int] = set()
        changed: list[Member] = []
        for party_org in [po for level in self.party_orgs for po in level]:
            if party_org.status != PartyOrg.Status.ACTIVE:
                continue
            if party_org.parent_id or party_org.mode != PartyOrg.Mode.STANDALONE:
                candidates = full_by_party_org.get(party_org.pk, [])
            else:
                candidates = full_by_org.get(covered_org[party_org.pk].pk, [])
            candidates = [m for m in candidates if m.pk not in used]
            big = party_org.type in (PartyOrg.Type.COMMITTEE, PartyOrg.Type.GENERAL_BRANCH)
            owners = [m for m in candidates if m.position == Member.Position.OWNER]
            if big and owners and rng.random() < 0.5:
                secretary = owners[0]  # the owner is secretary: a deputy for Party work (ORG-8)
            elif candidates and rng.random() < 0.7:
                secretary = rng.choice(candidates)
                secretary.position = rng.choices(
                    (Member.Position.CROSS, Member.Position.MANAGEMENT, secretary.position), weights=(5, 3, 2))[0]
                changed.append(secretary)
            else:
                party_org.secretary_name = self.person()[0]
                party_org.secretary_phone = self.mobile() if rng.random() < 0.9 else ""
                continue
            used.add(secretary.pk)
            party_org.secretary = secretary
            others = [m for m in candidates if m.pk not in used]
            if big and others and (secretary.position == Member.Position.OWNER or rng.random() < 0.6):
                party_org.deputy_secretary = rng.choice(others)
                used.add(party_org.deputy_secretary.pk)
        PartyOrg.objects.bulk_update(
            [po for level in self.party_orgs for po in level],
            ["secretary", "deputy_secretary", "secretary_name", "secretary_phone"], batch_size=500,
        )
        Member.objects.bulk_update(changed, ["position"], batch_size=1000)

    def assign_grid_leads(self) -> None:
        """GRID-3: most grids have a lead party organization (the strongest in the grid, else one
        in the community) and a responsible person; some are still blank."""
        rng = self.rng
        strongest: dict[int, tuple[int, PartyOrg]] = {}
        for party_org, plan in self.coverage:
            if party_org.status == PartyOrg.Status.ACTIVE and not party_org.parent_id:
                for key in (plan.grid.region.pk, plan.grid.community.pk):
                    if key not in strongest or plan.org.employees > strongest[key][0]:
                        strongest[key] = (plan.org.employees, party_org)
        # About one grid in eight (at least one, never the demo grid user's) has no lead yet.
        blank = {id(g) for g in rng.sample(self.grids[1:], max(1, round(len(self.grids) * 0.12)))}
        for grid in self.grids:
            lead = strongest.get(grid.region.pk) or strongest.get(grid.community.pk)
            if lead and id(grid) not in blank:
                grid.region.lead_party_org = lead[1]
            if grid.region.lead_party_org_id or rng.random() < 0.5:
                grid.region.responsible_person = self.person()[0]
        Region.objects.bulk_update([g.region for g in self.grids], ["lead_party_org", "responsible_person"], batch_size=500)

