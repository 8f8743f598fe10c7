"""Party organizations named in a ledger: the rows that name the same party organization
anywhere in the importer's jurisdiction are one (joint) organization covering all of theirs —
a county-level joint branch of an industry or an association (003 §二 第一: 依托行业协会组建)
has its organizations in several towns. Gathered row by row while the organizations are saved
(`_party_org`), then found or created for the whole file at the end (`_save_groups`), in
batches: validated as PartyOrgForm would, saved in bulk, one change-log row each.

Where one sits: a new one at the lowest region containing all its organizations; an existing
one where it is when that region contains them, else at the lowest region containing both
(never narrower, so whoever saw it still does). The import's notes say so when the
organizations span streets or an existing one moves; a name that two existing party
organizations could mean is an error naming both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.forms import model_to_dict

from liangxin.audit.log import saved_entries, tracked
from liangxin.ledger import validation
from liangxin.ledger.bulk import any_of, insert
from liangxin.ledger.columns import normalize_header
from liangxin.ledger.importing import Row, require_permissions
from liangxin.ledger.regions import Node
from liangxin.ledger.validation import PrefetchedMultipleChoiceField, RowValidator
from liangxin.organizations.models import Organization
from liangxin.partyorgs.forms import PartyOrgForm
from liangxin.partyorgs.models import PartyOrg


def _masked(value: str) -> bool:
    return "*" in (value or "")


@dataclass
class PartyOrgGroup:
    """The rows that name the same party organization: one (joint) org."""

    name: str
    region: Node  # the lowest region containing the organizations of its rows
    rows: list[int] = field(default_factory=list)
    organization_ids: list[int] = field(default_factory=list)
    streets: set[int] = field(default_factory=set)
    values: dict = field(default_factory=dict)  # type, mode, secretary_name, secretary_phone


class PartyOrgGroups:
    """The party-organization part of the organization ledger's handler (a mixin: it uses the
    handler's user, regions, allowed regions, errors, notes and counts)."""

    PARTY_KEYS = ("party_org_type", "party_org_mode", "secretary_name", "secretary_phone")

    def _party_org(self, row: Row, organization, street) -> None:
        values = row.values
        name = values.get("party_org_name", "")
        has = values.get("has_party_org")
        if not name:
            if has:
                self.error(row, "party_org_name", "填写了已建立党组织，请填写党组织名称（几行填写同一名称即为同一个联合党组织）。")
            return
        if "has_party_org" in self.header.positions and has is False:
            self.error(row, "has_party_org", "填写了党组织名称，但“是否建立党组织”为否，请核对。")
            return
        node = self.regions.nodes[organization.region_id]
        key = normalize_header(name)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = PartyOrgGroup(name=name, region=node)
        elif group.region is not node:
            common = self.regions.lowest_common(group.region, node)
            if common is None:
                self.error(row, "party_org_name", f"党组织“{name}”在第{group.rows[0]}行覆盖的组织与本行的组织分属两个互不隶属的区域，"
                                                  "不能是同一个党组织。请核对所属区域，或改用不同的党组织名称。")
                return
            group.region = common
        group.rows.append(row.number)
        group.organization_ids.append(organization.pk)
        group.streets.add(street.pk)
        for k in self.PARTY_KEYS:
            given = values.get(k)
            if not given or k in row.bad_keys:
                continue
            if k not in group.values:
                group.values[k] = given
            elif group.values[k] != given and not _masked(given):
                column = self.layout.by_key[k].header
                self.error(row, k, f"同一党组织“{name}”在第{group.rows[0]}行的{column}是“{group.values[k]}”，两处不一致，请统一。")

    def _save_groups(self) -> None:
        groups = list(self.groups.values())
        for start in range(0, len(groups), 2000):
            batch = groups[start:start + 2000]
            found = self._find_party_orgs(batch)
            new = []
            for group in batch:
                if id(group) not in found:
                    continue  # ambiguous: reported
                instance = found[id(group)]
                if instance is None and self._party_org_validator() is not None:
                    new.append(group)
                else:
                    self._save_group(group, instance)
            if new:
                self._create_groups(new)

    def _find_party_orgs(self, groups: list[PartyOrgGroup]) -> dict:
        """The party organization each group updates (None: a new one), for a batch of groups
        in two queries: one of that name already covering one of its organizations, else one
        of that name in the importer's jurisdiction or above the group's organizations (a
        district's joint branch named in a street's ledger is that one, not a new one). A
        group two of them could mean is reported and left out."""
        ordering = PartyOrg._meta.ordering or ["pk"]
        org_ids = {pk for group in groups for pk in group.organization_ids}
        covering: dict[tuple[int, str], list] = {}
        through = PartyOrg.organizations.through.objects.filter(any_of(PartyOrg.organizations.through, "organization", org_ids))
        for org_id, po_id, name in through.values_list("organization_id", "partyorg_id", "partyorg__name"):
            covering.setdefault((org_id, name), []).append(po_id)
        candidates = {po for ids in covering.values() for po in ids}
        names = {group.name for group in groups}
        by_pk = {p.pk: p for p in PartyOrg.objects.filter(any_of(PartyOrg, "pk", candidates) | any_of(PartyOrg, "name", names))
                 .select_related("region", "secretary").order_by(*ordering)}
        rank = {pk: i for i, pk in enumerate(by_pk)}
        by_name: dict[str, list] = {}
        for party_org in by_pk.values():
            by_name.setdefault(party_org.name, []).append(party_org)
        found = {}
        for group in groups:
            pks = {po for org_id in group.organization_ids for po in covering.get((org_id, group.name), ())}
            if pks:
                meant = [by_pk[pk] for pk in sorted(pks, key=rank.__getitem__)]
            else:
                meant = [p for p in by_name.get(group.name, [])
                         if p.region_id in self.allowed or group.region.path.startswith(p.region.path)]
            if len(meant) > 1:
                meant = [p for p in meant if p.status == PartyOrg.Status.ACTIVE] or meant
            if len(meant) > 1:
                self._ambiguous(group, meant)
                continue
            found[id(group)] = meant[0] if meant else None
        return found

    def _ambiguous(self, group: PartyOrgGroup, party_orgs: list) -> None:
        places = "；".join(f"{self.regions.label(self.regions.nodes[p.region_id])}的“{p.name}”（编号{p.pk}）" for p in party_orgs)
        message = (f"系统中已有{len(party_orgs)}个名为“{group.name}”的党组织：{places}，无法确定本行指哪一个。"
                   "请先在“党组织”中把它们改为能区分的名称（如加上街道名），再在“党组织名称”列填写对应的名称后重新导入。")
        for number in group.rows:
            self.error(number, "party_org_name", message)

    def _placed(self, group: PartyOrgGroup, data: dict, before: int | None) -> None:
        """A note for the preview when a party organization's place is not obvious from its
        rows: its organizations span streets, or an existing one moves up to contain them."""
        region = data["region"]
        kind = PartyOrg.Type(data["type"]).label
        if before is not None and before != region:
            self.notes.append(f"{kind}「{group.name}」覆盖的组织超出了 {self.regions.label(self.regions.nodes[before])}，"
                              f"将移至 {self.regions.label(self.regions.nodes[region])}。")
        elif len(group.streets) > 1:
            self.notes.append(f"{kind}「{group.name}」覆盖{len(group.streets)}个街道的组织，将设在 {self.regions.label(self.regions.nodes[region])}。")

    def _party_org_validator(self) -> RowValidator | None:
        if self.party_org_validator is None:
            self.party_org_validator = False
            if validation.supports(PartyOrgForm):
                validator = RowValidator(PartyOrgForm, self.user, prefetched={"region"})
                self._prefetched_regions(validator.fields["region"])
                validator.fields["organizations"].__class__ = PrefetchedMultipleChoiceField
                validator.fields["organizations"].instances = self.visible_orgs = set()
                self.party_org_validator = validator
        return self.party_org_validator or None

    def _group_data(self, group: PartyOrgGroup, instance) -> dict:
        if instance is None or instance.pk is None:
            data = {"status": PartyOrg.Status.ACTIVE, "region": group.region.pk, "organizations": []}
        else:
            data = model_to_dict(instance, fields=PartyOrgForm.Meta.fields)
            data["organizations"] = [o.pk if hasattr(o, "pk") else o for o in data.get("organizations", [])]
            data["secretary_phone"] = instance.secretary_phone
            current = self.regions.nodes[instance.region_id]
            if not group.region.path.startswith(current.path):
                data["region"] = (self.regions.lowest_common(current, group.region) or current).pk
        organizations = sorted(set(data["organizations"]) | set(group.organization_ids))
        joint = len(organizations) > 1
        values = group.values
        data.update(name=group.name, organizations=organizations)
        existing = instance is not None and instance.pk is not None
        data["type"] = values.get("party_org_type") or (data.get("type") if existing else None) or (
            PartyOrg.Type.JOINT_BRANCH if joint else PartyOrg.Type.BRANCH)
        data["mode"] = values.get("party_org_mode") or (
            PartyOrg.Mode.JOINT if joint else (data.get("mode") or PartyOrg.Mode.STANDALONE))
        secretary = values.get("secretary_name")
        if secretary and not (existing and instance.secretary_id and instance.secretary.name == secretary):
            data["secretary_name"] = secretary
        phone = values.get("secretary_phone")
        if phone and not _masked(phone):
            data["secretary_phone"] = phone
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items() if v is not None}

    def _group_errors(self, group: PartyOrgGroup, errors: dict, fields) -> None:
        for name, messages in errors.items():
            key = {"name": "party_org_name", "type": "party_org_type", "mode": "party_org_mode",
                   "secretary_name": "secretary_name", "secretary_phone": "secretary_phone"}.get(name, "party_org_name")
            label = "" if name in ("name", "type", "mode", "secretary_name", "secretary_phone", "__all__") else f"{fields[name].label}："
            for message in messages:
                for number in group.rows:
                    self.error(number, key, f"党组织“{group.name}”：{label}{message}")

    def _create_groups(self, groups: list[PartyOrgGroup]) -> None:
        """New party organizations for a batch of groups: validated as PartyOrgForm would,
        saved with one INSERT, their organizations with another, and their log rows with a third."""
        require_permissions(self.user, "partyorgs.add_partyorg")
        validator = self._party_org_validator()
        org_ids = sorted({pk for group in groups for pk in group.organization_ids} - self.visible_orgs)
        for start in range(0, len(org_ids), 5000):
            chunk = org_ids[start:start + 5000]
            self.visible_orgs.update(Organization.objects.scoped(self.user, "view").filter(any_of(Organization, "pk", chunk)).values_list("pk", flat=True))
        self.region_choices.load({group.region.pk for group in groups})
        ready = []
        for group in groups:
            instance = PartyOrg()
            data = self._group_data(group, None)
            cleaned, errors, _exclude = validator.validate(data, instance)
            if not errors:
                unique = validator.check_unique([(0, instance, _exclude)])
                errors = unique.get(0, {})
            if errors:
                self._group_errors(group, errors, validator.fields)
                continue
            self._placed(group, data, None)
            ready.append((group, instance, list(cleaned.get("organizations") or [])))
        if not ready:
            return
        instances = [instance for _, instance, _ in ready]
        insert(instances)
        through = PartyOrg.organizations.through
        insert([through(partyorg_id=instance.pk, organization_id=org_id) for _, instance, orgs in ready for org_id in orgs],
               returning=False)
        insert(saved_entries([(instance, None, {"organizations": orgs}) for _, instance, orgs in ready]), returning=False)
        inside = set(PartyOrg.objects.scoped(self.user, "change").filter(any_of(PartyOrg, "pk", [i.pk for i in instances])).values_list("pk", flat=True))
        for group, instance, _ in ready:
            if instance.pk not in inside:
                self.error(group.rows[0], "party_org_name", "保存后该党组织不在您的管辖范围内。")
            self.counts["党组织新增"] += 1

    def _save_group(self, group: PartyOrgGroup, instance) -> None:
        if instance is None:
            require_permissions(self.user, "partyorgs.add_partyorg")
            instance = PartyOrg()
        creating = instance.pk is None
        before = None if creating else instance.region_id
        data = self._group_data(group, instance)
        form = PartyOrgForm(data, instance=instance, user=self.user)
        self._prefetched_regions(form.fields["region"])
        # Unchanged is unchanged whoever imports it: a street re-importing its own export
        # names the district's joint branch its organizations belong to.
        if not creating and not form.has_changed():
            self.counts["党组织未变"] += 1
            return
        if not creating and not PartyOrg.objects.scoped(self.user, "change").filter(pk=instance.pk).exists():
            for number in group.rows:
                self.error(number, "party_org_name", f"党组织“{group.name}”设在 {self.regions.label(self.regions.nodes[before])}，"
                                                     "不在您的管辖范围内，本表会改变它（覆盖的组织或书记等），不能在此导入。请交由其所在区域导入，或核对党组织名称。")
            return
        if not form.is_valid():
            self._group_errors(group, form.errors, form.fields)
            return
        with tracked(form.instance):
            party_org = form.save()
        if not PartyOrg.objects.scoped(self.user, "change").filter(pk=party_org.pk).exists():
            self.error(group.rows[0], "party_org_name", "保存后该党组织不在您的管辖范围内。")
        self._placed(group, data, before)
        self.counts["党组织新增" if creating else "党组织修改"] += 1
