"""What each kind of file does with its rows. Every row is validated by the model's own form
(the one the web UI uses), with the importer as the form's user, so the import can accept
nothing the UI would refuse; every save goes through `tracked` for one change-log row."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.forms import model_to_dict, modelform_factory
from django.utils import timezone

from liangxin.audit.log import saved_entries, tracked
from liangxin.instructors.models import Assignment, Instructor
from liangxin.ledger import validation
from liangxin.ledger.bulk import any_of, insert
from liangxin.ledger.columns import normalize_header
from liangxin.ledger.forms import CensusRecordForm
from liangxin.ledger.importing import Handler, Row, require_permissions
from liangxin.ledger.layouts import CENSUS, ORGANIZATION_LEDGER, PAIRINGS, REGION_TREE
from liangxin.ledger.models import Census, CensusRecord
from liangxin.ledger.party_groups import PartyOrgGroup, PartyOrgGroups
from liangxin.ledger.regions import RegionIndex, RegionNotFound
from liangxin.ledger.validation import (
    ChoiceInstances,
    PrefetchedChoiceField,
    RowValidator,
)
from liangxin.organizations.forms import OrganizationForm
from liangxin.organizations.models import Organization
from liangxin.pairing.forms import PairedUnitForm, PairingForm
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.forms import RegionForm
from liangxin.regions.models import Region

REGION_KEYS = ("region_code", "street", "community", "grid")


# What a user must hold to import each kind of file (checked again, per object, by scoped()).
PERMISSIONS = {
    "ledger": ("organizations.add_organization", "organizations.change_organization"),
    "regions": ("regions.add_region", "regions.change_region"),
    "census": ("ledger.change_censusrecord",),
    "pairings": ("pairing.add_pairedunit", "pairing.add_pairing", "pairing.change_pairing"),
}


def can_import(user, kind: str) -> bool:
    return user.has_perm("ledger.add_importjob") and all(user.has_perm(p) for p in PERMISSIONS[kind])


class RegionAware(Handler):
    """Rows located by region code or name path, only inside the importer's jurisdiction."""

    def __init__(self, user, census=None):
        super().__init__(user, census)
        self.regions = RegionIndex()
        self.allowed = set(Region.objects.scoped(user, "view").values_list("pk", flat=True))
        # Rows of one grid name it the same way: each distinct way is resolved once (the tree
        # does not change during a ledger or census import).
        self.resolved: dict[tuple, object] = {}
        self.streets: dict[int, object] = {}

    def street_of(self, node):
        street = self.streets.get(node.pk)
        if street is None:
            street = self.streets[node.pk] = self.regions.street_of(node)
        return street

    def locate(self, row: Row):
        values = row.values
        if any(k in row.bad_keys for k in REGION_KEYS):
            return None
        names = (values.get("region_code", ""), values.get("street", ""), values.get("community", ""), values.get("grid", ""))
        node = self.resolved.get(names)
        if node is None:
            try:
                node = self.regions.resolve(*names, allowed=self.allowed)
            except RegionNotFound as error:
                node = error  # kept: the same names are refused the same way
            self.resolved[names] = node
        if isinstance(node, RegionNotFound):
            key = node.key if node.key in self.header.positions else next((k for k in REGION_KEYS if k in self.header.positions), None)
            self.error(row, key, str(node))
            return None
        if node.pk not in self.allowed:
            key = next((k for k in ("region_code", "street", "community", "grid") if values.get(k)), None)
            self.error(row, key, f"该行属于“{'/'.join(n.name for n in self.regions.ancestors(node) if n.level >= Region.Level.STREET) or node.name}”，"
                                 "不在您的管辖范围内，不能导入。请删除该行，或交由所属街道导入。")
            return None
        return node


class OrganizationLedgerHandler(PartyOrgGroups, RegionAware):
    kind = "ledger"
    layout = ORGANIZATION_LEDGER
    reads = (Region, Organization, PartyOrg, Instructor, Assignment)

    def __init__(self, user, census=None):
        super().__init__(user, census)
        self.seen: dict[tuple, int] = {}  # credit code / (street, name) → first row in the file
        self.groups: dict[str, PartyOrgGroup] = {}  # normalized party organization name → its rows
        self.form_class = None
        self.instructors: dict[tuple, object] = {}
        self.saved_ids: list[int] = []
        self.region_choices: ChoiceInstances | None = None
        self.validator: RowValidator | bool | None = None
        self.party_org_validator: RowValidator | bool | None = None
        self.visible_orgs: set[int] = set()
        self._data_keys: dict[int, list[str]] = {}  # id of a fields dict (kept alive by its form) → keys

    def check_permission(self):
        require_permissions(self.user, *PERMISSIONS["ledger"])

    def _form_class(self):
        if self.form_class is None:
            names = [f for f in OrganizationForm.Meta.fields if f in self.header.positions or f == "region"]
            self.form_class = modelform_factory(Organization, form=OrganizationForm, fields=names)
        return self.form_class

    def process(self, rows: list[Row]) -> None:
        located = []
        for row in rows:
            node = self.locate(row)
            name = row.values.get("name", "")
            if not name:
                self.error(row, "name", "组织名称不能为空。")
                continue
            if node is None:
                continue
            street = self.street_of(node)
            code = row.values.get("credit_code", "")
            key = ("code", code) if code else ("name", street.pk, normalize_header(name))
            if key in self.seen:
                self.error(row, "credit_code" if code else "name", f"与第{self.seen[key]}行是同一个组织（{'统一社会信用代码' if code else '同一街道内名称'}相同），请合并为一行。")
                continue
            self.seen[key] = row.number
            located.append((row, node, street))
        if not located:
            return
        existing = self._existing(located)
        validator = self._validator()
        if validator is None:
            self._process_with_forms(located, existing)
        else:
            self._process_in_bulk(located, existing, validator)

    def _row_data(self, row: Row, instance, fields) -> dict:
        values = row.values
        if not row.bad_keys:
            # Every column of the header is in a readable row's values: the form's among them
            # are found once per import, not per row and field.
            keys = self._data_keys.get(id(fields))
            if keys is None:
                keys = self._data_keys[id(fields)] = [k for k in fields if k in self.header.positions]
            return {k: values[k] for k in keys}
        data = {k: values[k] for k in fields if k in values}
        # Keep the stored value for a cell that could not be read, so the form does not
        # report a second, confusing error about the same cell.
        for key in row.bad_keys:
            if key in fields:
                data[key] = getattr(instance, key, None) if instance else None
        return data

    def _validator(self) -> RowValidator | None:
        """The form's rules without a form per row (see liangxin.ledger.validation); None
        when the form has hooks of its own, and then each row gets the form itself."""
        if self.validator is None:
            form_class = self._form_class()
            if not validation.supports(form_class):
                self.validator = False
            else:
                self.validator = RowValidator(form_class, self.user, prefetched={"region"})
                self._prefetched_regions(self.validator.fields["region"])
        return self.validator or None

    def _process_in_bulk(self, located, existing, validator: RowValidator) -> None:
        """Validate the chunk row by row in memory, check uniqueness for the chunk in one
        query, then save it with one INSERT, one UPDATE and one INSERT of change-log rows."""

        checked = []  # (row, street, instance, before, exclusions, creating, changed)
        self.region_choices.load(node.pk for _, node, _ in located)
        for row, node, street in located:
            instance = existing.get(row.number)
            if instance is False:
                continue  # already reported
            creating = instance is None
            if creating:
                instance = Organization()
                initial, before = None, None
            else:
                initial, before = validator.initial(instance), instance.audit_snapshot()
            data = self._row_data(row, instance if not creating else None, validator.fields)
            data["region"] = node.pk
            _cleaned, errors, exclude = validator.validate(data, instance)
            if errors:
                self._report(row, errors, validator.fields)
                continue
            changed = creating or validator.has_changed(initial, data)
            checked.append((row, street, instance, before, exclude, creating, changed))
        unique_errors = validator.check_unique([(c[0].number, c[2], c[4]) for c in checked if c[6] or c[0].bad_keys])
        rows_ok = []
        for item in checked:
            errors = unique_errors.get(item[0].number)
            if errors:
                self._report(item[0], errors, validator.fields)
            elif not item[0].bad_keys:  # a row with an unreadable cell is validated, never saved
                rows_ok.append(item)
        created = [c[2] for c in rows_ok if c[5]]
        updated = [c[2] for c in rows_ok if not c[5] and c[6]]
        insert(created)
        if updated:
            stamp = Organization._meta.get_field("updated")
            for organization in updated:
                stamp.pre_save(organization, add=False)
            names = [f.name for f in Organization._meta.concrete_fields
                     if f.name in validator.fields and not f.primary_key and not f.generated]
            Organization.objects.bulk_update(updated, [*names, "updated"])
        insert(saved_entries([(c[2], c[3]) for c in rows_ok if c[6]]), returning=False)
        for row, street, organization, _before, _exclude, creating, changed in rows_ok:
            if not changed:
                self.counts["组织未变"] += 1
            else:
                self.counts["组织新增" if creating else "组织修改"] += 1
            self.saved_ids.append(organization.pk)
            self._party_org(row, organization, street)
        self._instructors_chunk([(c[0], c[2], c[1]) for c in rows_ok])

    def _report(self, row: Row, errors: dict, fields) -> None:
        """Errors by form field, each attributed to its column (as form_errors does)."""
        for name, messages in errors.items():
            if name in row.bad_keys:
                continue
            key = name if name in self.layout.by_key else None
            label = "" if key or name == "__all__" else f"{fields[name].label if name in fields else name}："
            for message in messages:
                self.error(row, key, f"{label}{message}")

    def _process_with_forms(self, located, existing) -> None:
        form_class = self._form_class()
        for row, node, street in located:
            instance = existing.get(row.number)
            if instance is False:
                continue  # already reported
            data = self._row_data(row, instance, form_class.base_fields)
            data["region"] = node.pk
            form = form_class(data, instance=instance or Organization(), user=self.user)
            self._prefetched_regions(form.fields["region"])
            if not form.is_valid():
                self.form_errors(row, form)
                continue
            if row.bad_keys:
                continue  # validated for the rest of its cells, but not saved
            if instance is not None and not form.has_changed():
                organization = instance
                self.counts["组织未变"] += 1
            else:
                with tracked(form.instance):
                    organization = form.save()
                self.counts["组织新增" if instance is None else "组织修改"] += 1
            self.saved_ids.append(organization.pk)
            self._party_org(row, organization, street)
            self._instructors(row, organization, street)

    def _instructors_chunk(self, saved) -> None:
        """`_instructors` for a chunk, with the current assignments read in one query."""
        wanted = [(row, org, street) for row, org, street in saved if row.values.get("instructors")]
        if not wanted:
            return
        current: dict[int, set] = {}
        pairs = Assignment.objects.current().filter(organization__in=[o.pk for _, o, _ in wanted])
        for org_id, name in pairs.values_list("organization_id", "instructor__name"):
            current.setdefault(org_id, set()).add(name)
        for row, organization, street in wanted:
            self._instructors(row, organization, street, current.get(organization.pk, set()))

    def _prefetched_regions(self, field) -> None:
        """The form's region choices are the user's scoped regions, as in the UI; each is read
        once per import (the bulk path reads a chunk's in one query), not once per row."""
        if self.region_choices is None:
            self.region_choices = ChoiceInstances(field.queryset.only("pk", "code", "name", "level", "parent_id", "path"))
        field.__class__ = PrefetchedChoiceField
        field.instances = self.region_choices

    def _existing(self, located) -> dict:
        """The organizations the rows update, fetched per chunk: by credit code, else by name
        within the street. An organization outside the jurisdiction is an error, not an update."""
        codes = {r.values["credit_code"] for r, _, _ in located if r.values.get("credit_code")}
        names = {r.values["name"] for r, _, _ in located}
        by_code, by_name = {}, {}
        # Unordered and without the region joined (its path is in self.regions): the model's
        # ordering by region path would join and sort every region for each chunk.
        if codes:
            for org in Organization.objects.filter(any_of(Organization, "credit_code", codes)).order_by():
                by_code[org.credit_code] = org
        # By name through the name index; only those in the row's street match (below).
        for org in Organization.objects.filter(any_of(Organization, "name", names)).order_by("pk"):
            by_name.setdefault(normalize_header(org.name), []).append(org)
        candidates = {o.pk for o in by_code.values()} | {o.pk for group in by_name.values() for o in group}
        changeable = set(Organization.objects.scoped(self.user, "change").filter(pk__in=candidates).values_list("pk", flat=True)) if candidates else set()
        result = {}
        for row, _node, street in located:
            code = row.values.get("credit_code", "")
            org = by_code.get(code) if code else None
            if org is None:
                street_path = self.regions.nodes[street.pk].path
                same_name = [o for o in by_name.get(normalize_header(row.values["name"]), [])
                             if self.regions.nodes[o.region_id].path.startswith(street_path) and (not code or not o.credit_code)]
                # The first in the model's ordering (region path, name), as the query once gave.
                org = min(same_name, key=lambda o: (self.regions.nodes[o.region_id].path, o.name)) if same_name else None
            if org is not None and org.pk not in changeable:
                self.error(row, "credit_code" if code else "name",
                           "该组织已登记在您管辖范围以外（其他街道或社区），不能在此导入修改。请核对统一社会信用代码，或联系区委组织部。")
                result[row.number] = False
                continue
            result[row.number] = org
        return result

    def _instructors(self, row: Row, organization, street, current: set | None = None) -> None:
        text = row.values.get("instructors", "")
        if not text:
            return
        street_path = self.regions.nodes[street.pk].path
        if current is None:
            current = set(Assignment.objects.current().filter(organization=organization).values_list("instructor__name", flat=True))
        for name in [n.strip() for n in re.split(r"[、,，;；/]", text) if n.strip()]:
            if name in current:
                continue
            key = (street.pk, name)
            if key not in self.instructors:
                self.instructors[key] = Instructor.objects.filter(name=name, region__path__startswith=street_path).first()
            instructor = self.instructors[key]
            if instructor is None:
                known = list(Instructor.objects.filter(region__path__startswith=street_path).values_list("name", flat=True)[:200])
                self.error(row, "instructors", f"指导员“{name}”未在本街道登记。{RegionIndex._suggest(name, known)}请先登记指导员，或改正姓名。")
                continue
            assignment = Assignment(instructor=instructor, organization=organization, start_date=timezone.localdate())
            with tracked(assignment):
                assignment.save()
            self.counts["指导员联系新增"] += 1

    def finish(self) -> None:
        self._save_groups()
        # The set-based check that every saved organization is still inside the jurisdiction
        # (the same rule as check_still_in_scope, once for the whole file).
        for start in range(0, len(self.saved_ids), 5000):
            chunk = self.saved_ids[start:start + 5000]
            inside = Organization.objects.scoped(self.user, "change").filter(any_of(Organization, "pk", chunk)).count()
            if inside != len(set(chunk)):
                self.error(0, None, "保存后有组织不在您的管辖范围内，已取消导入。")
                return

class RegionTreeHandler(Handler):
    """The region tree's own sheet: code, name, level, parent code. Parents come first."""

    kind = "regions"
    layout = REGION_TREE
    reads = (Region,)

    def __init__(self, user, census=None):
        super().__init__(user, census)
        self.seen: dict[str, int] = {}
        self.form_class = modelform_factory(Region, form=RegionForm, fields=["code", "name", "level", "parent", "responsible_person"])

    def check_permission(self):
        require_permissions(self.user, *PERMISSIONS["regions"])

    def process(self, rows: list[Row]) -> None:
        codes = {r.values.get("code") for r in rows} | {r.values.get("parent_code") for r in rows}
        known = {r.code: r for r in Region.objects.filter(code__in=[c for c in codes if c])}
        changeable = set(Region.objects.scoped(self.user, "change").filter(pk__in=[r.pk for r in known.values()]).values_list("pk", flat=True))
        for row in rows:
            code, parent_code = row.values.get("code", ""), row.values.get("parent_code", "")
            if code in self.seen:
                self.error(row, "code", f"与第{self.seen[code]}行的区域代码重复。")
                continue
            self.seen[code] = row.number
            instance = known.get(code)
            if instance is not None and instance.pk not in changeable:
                self.error(row, "code", "该区域不在您的管辖范围内，不能在此导入修改。")
                continue
            parent = known.get(parent_code) if parent_code else None
            if parent_code and parent is None:
                parent = Region.objects.filter(code=parent_code).first()
                if parent is None:
                    self.error(row, "parent_code", f"上级代码“{parent_code}”不存在：上级区域应已在系统中，或在本表中写在本行之前。")
                    continue
            data = {k: v for k, v in row.values.items() if k in self.form_class.base_fields}
            data["parent"] = parent.pk if parent else None
            if instance is not None:
                data.setdefault("responsible_person", instance.responsible_person)
            form = self.form_class(data, instance=instance or Region(), user=self.user)
            if not form.is_valid():
                for name, errors in form.errors.as_data().items():
                    key = {"parent": "parent_code"}.get(name, name if name in self.layout.by_key else None)
                    for error in errors:
                        if name == "parent" and error.code == "invalid_choice":
                            # The form offers only parents inside the jurisdiction; a file names
                            # one by code, so say why that code is not accepted.
                            self.error(row, key, f"上级区域“{parent_code}”不在您的管辖范围内，请填写您管辖范围内的上级代码。")
                        else:
                            self.error(row, key, " ".join(error.messages))
                continue
            if row.bad_keys:
                continue
            if instance is not None and not form.has_changed():
                self.counts["区域未变"] += 1
                continue
            with tracked(form.instance):
                region = form.save()
            if not Region.objects.scoped(self.user, "change").filter(pk=region.pk).exists():
                self.error(row, "parent_code", "保存后该区域不在您的管辖范围内，请选择您管辖范围内的上级区域。")
            known[region.code] = region
            self.counts["区域新增" if instance is None else "区域修改"] += 1


class CensusHandler(RegionAware):
    """A census sheet: each row fills the record of one organization of an open census."""

    kind = "census"
    layout = CENSUS
    reads = (Region, Census, CensusRecord, Organization)

    def __init__(self, user, census=None):
        super().__init__(user, census)
        if census is None:
            raise ValueError("census required")
        self.seen: dict[int, int] = {}

    def check_permission(self):
        require_permissions(self.user, *PERMISSIONS["census"])
        if self.census.is_closed:
            raise PermissionDenied("该摸底已结束，记录只读，不能再导入。")

    def process(self, rows: list[Row]) -> None:
        fields = [f for f in CensusRecordForm.Meta.fields if f in self.header.positions]
        form_class = modelform_factory(CensusRecord, form=CensusRecordForm, fields=fields)
        records = CensusRecord.objects.scoped(self.user, "change").filter(census=self.census).select_related("organization", "region", "census")
        for row in rows:
            node = self.locate(row)
            if node is None:
                continue
            code, name = row.values.get("credit_code", ""), row.values.get("name", "")
            street = self.street_of(node)
            if code:
                record = records.filter(organization__credit_code=code).first()
            else:
                record = records.filter(organization__name=name, region__path__startswith=street.path).first()
            if record is None:
                self.error(row, "credit_code" if code else "name", "本次摸底中没有该组织（或不在您的管辖范围内）。请核对统一社会信用代码或名称。")
                continue
            if record.pk in self.seen:
                self.error(row, "name", f"与第{self.seen[record.pk]}行是同一个组织，请合并为一行。")
                continue
            self.seen[record.pk] = row.number
            data = model_to_dict(record, fields=fields)
            data.update({k: v for k, v in row.values.items() if k in fields and k not in row.bad_keys})
            data = {k: v for k, v in data.items() if v is not None}
            form = form_class(data, instance=record, user=self.user)
            if not form.is_valid():
                self.form_errors(row, form)
                continue
            if row.bad_keys:
                continue
            if not form.has_changed():
                self.counts["摸底未变"] += 1
                continue
            with tracked(form.instance):
                form.save()
            self.counts["摸底已更新"] += 1


class PairingsHandler(Handler):
    """附件1 安排表 of seed 004: each row pairs a unit (created, or matched by name) with an
    organization found inside the importer's jurisdiction (by credit code, else by name). The
    unit and the pairing are each validated by the register's own form; a pairing already in the
    register (same unit, organization and start date) is updated, not doubled."""

    kind = "pairings"
    layout = PAIRINGS
    reads = (Region, Organization, PairedUnit, Pairing)
    UNIT_FIELDS = ("level", "category", "rank", "has_party_org", "party_org_name")

    def __init__(self, user, census=None):
        super().__init__(user, census)
        self.regions = RegionIndex()
        self.allowed = set(Region.objects.scoped(user, "view").values_list("pk", flat=True))
        self.units: dict[str, PairedUnit] = {}  # normalized name → the unit made or matched in this file
        self.unit_rows: dict[str, int] = {}
        self.seen: dict[tuple, int] = {}
        self.organizations = Organization.objects.scoped(user, "view")
        self.visible_units = PairedUnit.objects.scoped(user, "view")
        self.changeable_units = PairedUnit.objects.scoped(user, "change")
        unit_fields = ["name", "level", "region", "category", "rank", "has_party_org", "party_org_name"]
        self.unit_form = modelform_factory(PairedUnit, form=PairedUnitForm, fields=unit_fields)
        self.pairing_form = modelform_factory(Pairing, form=PairingForm, fields=[
            "unit", "organization", "start_date", "end_date", "unit_contact", "organization_contact", "notes"])

    def check_permission(self):
        require_permissions(self.user, *PERMISSIONS["pairings"])

    def _organization(self, row: Row):
        code, name, street_name = (row.values.get(k, "") for k in ("credit_code", "organization", "street"))
        if code:
            org = Organization.objects.filter(credit_code=code).select_related("region").first()
            if org is None or not self.organizations.filter(pk=org.pk).exists():
                self.error(row, "credit_code", "您的管辖范围内没有这个统一社会信用代码的组织。请核对代码，或先在台账中登记该组织。")
                return None
            if name and normalize_header(name) != normalize_header(org.name):
                self.error(row, "organization", f"与统一社会信用代码对应的组织是“{org.name}”，名称不一致。请核对名称或代码。")
                return None
            return org
        candidates = list(self.organizations.filter(name=name).select_related("region"))
        if street_name:
            street = normalize_header(street_name)
            candidates = [o for o in candidates
                          if normalize_header(self.regions.street_of(self.regions.nodes[o.region_id]).name) == street]
        if not candidates:
            self.error(row, "organization", "您的管辖范围内没有这个名称的组织。请核对名称（须与台账一致），或填写统一社会信用代码。")
            return None
        if len(candidates) > 1:
            self.error(row, "organization", f"您的管辖范围内有{len(candidates)}个同名组织，请填写统一社会信用代码或组织所在街道加以区分。")
            return None
        return candidates[0]

    def _unit_region(self, row: Row, organization) -> Region | None:
        """A district unit belongs to the district holding the organization; a street unit to the
        street named, else to the organization's street."""
        node = self.regions.nodes[organization.region_id]
        if row.values.get("level") == PairedUnit.Level.STREET:
            name = row.values.get("unit_street", "")
            if name:
                found = self.regions.by_level_name.get((Region.Level.STREET, normalize_header(name)), [])
                if not found:
                    self.error(row, "unit_street", f"没有名为“{name}”的街道（乡镇、园区），请核对名称。")
                    return None
                street = found[0]
            else:
                street = self.regions.at_level(node, Region.Level.STREET)
        else:
            street = self.regions.at_level(node, Region.Level.DISTRICT)
        return Region.objects.get(pk=street.pk) if street else None

    def _unit(self, row: Row, organization) -> PairedUnit | None:
        name = row.values["unit"]
        key = normalize_header(name)
        if key in self.units:
            return self.units[key]
        existing = PairedUnit.objects.filter(name=name).select_related("region").first()
        if existing is not None and not self.visible_units.filter(pk=existing.pk).exists():
            self.error(row, "unit", "该单位已由其他街道或区委党群共建办登记，不在您的管辖范围内。请交由登记它的一方导入，或核对单位名称。")
            return None
        if existing is not None and not self.changeable_units.filter(pk=existing.pk).exists():
            self.units[key] = existing  # the district's unit, read by a street: paired, not changed
            return existing
        given = {k: row.values[k] for k in self.UNIT_FIELDS if k in self.header.positions and k not in row.bad_keys}
        if existing is not None:
            data = model_to_dict(existing, fields=["name", "level", "region", *self.UNIT_FIELDS])
            data.update({k: v for k, v in given.items() if v not in ("", None) or k == "has_party_org"})
            if "level" in given and given["level"] != existing.level or "unit_street" in self.header.positions and row.values.get("unit_street"):
                region = self._unit_region(row, organization)
                if region is None:
                    return None
                data["region"] = region.pk
        else:
            region = self._unit_region(row, organization)
            if region is None:
                return None
            data = {"name": name, "level": PairedUnit.Level.DISTRICT, "category": PairedUnit.Category.ORGAN,
                    "rank": PairedUnit.Rank.DEPUTY_DIVISION, "has_party_org": "has_party_org" not in self.header.positions,
                    "party_org_name": "", "region": region.pk}
            data.update({k: v for k, v in given.items() if v not in ("", None) or k == "has_party_org"})
        if not data.get("has_party_org"):
            data.pop("has_party_org", None)  # an unchecked box is an absent key
        form = self.unit_form(data, instance=existing or PairedUnit(), user=self.user)
        if not form.is_valid():
            labels = {"region": "单位所属区域"}
            for field, messages in form.errors.items():
                key = {"name": "unit", "region": "unit_street" if "unit_street" in self.header.positions else "level"}.get(field, field)
                for message in messages:
                    self.error(row, key if key in self.layout.by_key else None, f"{labels.get(field, '')}{'：' if field in labels else ''}{message}")
            return None
        if row.bad_keys:
            return None
        if existing is not None and not form.has_changed():
            unit = existing
            self.counts["单位未变"] += 1
        else:
            with tracked(form.instance):
                unit = form.save()
            self.counts["单位新增" if existing is None else "单位修改"] += 1
        self.units[key] = unit
        return unit

    def process(self, rows: list[Row]) -> None:
        for row in rows:
            if not row.values.get("unit"):
                self.error(row, "unit", "单位名称不能为空。")
                continue
            if not row.values.get("organization") and not row.values.get("credit_code"):
                self.error(row, "organization", "请填写结对组织名称或统一社会信用代码。")
                continue
            organization = self._organization(row)
            if organization is None:
                continue
            unit = self._unit(row, organization)
            if unit is None:
                continue
            key = (unit.pk, organization.pk)
            if key in self.seen:
                self.error(row, "organization", f"与第{self.seen[key]}行是同一对单位和组织，请合并为一行。")
                continue
            self.seen[key] = row.number
            self._pairing(row, unit, organization)

    def _pairing(self, row: Row, unit: PairedUnit, organization) -> None:
        start = row.values.get("start_date", "")
        existing = Pairing.objects.scoped(self.user, "change").filter(unit=unit, organization=organization,
                                                                      start_date=start or None).first()
        data = model_to_dict(existing, fields=["unit_contact", "organization_contact", "end_date", "notes"]) if existing else {}
        data.update({k: row.values[k] for k in ("start_date", "end_date", "unit_contact", "organization_contact", "notes")
                     if k in self.header.positions and k not in row.bad_keys and (row.values[k] or not existing)})
        data.update(unit=unit.pk, organization=organization.pk)
        data = {k: v for k, v in data.items() if v is not None}
        form = self.pairing_form(data, instance=existing or Pairing(), user=self.user)
        if not form.is_valid():
            for field, messages in form.errors.items():
                key = field if field in self.layout.by_key else None
                for message in messages:
                    if field == "organization" and "选择" in message and "有效" in message:
                        message = "该组织不在您的管辖范围内，不能为它安排结对。"
                    if field == "unit" and "选择" in message and "有效" in message:
                        message = "该单位不在您的管辖范围内，不能为它安排结对。"
                    self.error(row, key, message)
            return
        if row.bad_keys:
            return
        if existing is not None and not form.has_changed():
            self.counts["结对未变"] += 1
            return
        with tracked(form.instance):
            form.save()
        self.counts["结对新增" if existing is None else "结对修改"] += 1


HANDLERS = {"ledger": OrganizationLedgerHandler, "regions": RegionTreeHandler, "census": CensusHandler,
            "pairings": PairingsHandler}
