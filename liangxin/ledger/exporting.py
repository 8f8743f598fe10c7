"""Exports in the layout the importer reads, streamed, and the blank template.

Each exportable list starts from the model's `scoped(user)` queryset and the app's own
FilterSet (the same one the list page and the API use), so an export holds exactly what the
user sees on the page. Rows are written by a small streaming writer (liangxin.ledger.xlsx,
several times faster than openpyxl or XlsxWriter for these plain cells), row by row from a
database iterator: memory does not grow with the list. 18-character identifiers are written
as text with the text number format; text that a spreadsheet would read as a formula is
prefixed with an apostrophe; personal data is written as the user's role sees it on the pages
(liangxin.core.personal: blank when hidden, masked when masked); the full 身份证号 only in the
member export of its own (full_member_export, for the permission, after a recent second factor
and with a reason), and such an export is logged as such.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import ClassVar

import openpyxl
from django.apps import apps
from django.db import connections, transaction
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from liangxin.audit.log import record
from liangxin.audit.models import ChangeLog
from liangxin.core import personal
from liangxin.instructors.models import Assignment, Instructor
from liangxin.ledger.bulk import any_of
from liangxin.ledger.columns import FORMULA_PREFIXES, Layout
from liangxin.ledger.filtersets import CensusRecordFilterSet
from liangxin.ledger.layouts import (
    CENSUS,
    MEMBERS,
    ORGANIZATION_LEDGER,
    PAIRED_UNITS,
    PAIRINGS,
    PARTY_ORGS,
    POINTS_RECORDS,
    REGION_TREE,
)
from liangxin.ledger.models import CensusRecord
from liangxin.ledger.regions import RegionIndex
from liangxin.ledger.xlsx import HEADER, PLAIN, TEXT, SheetWriter
from liangxin.members.filtersets import MemberFilterSet
from liangxin.members.models import Member
from liangxin.organizations.filtersets import OrganizationFilterSet
from liangxin.organizations.models import Organization
from liangxin.pairing.filtersets import PairedUnitFilterSet, PairingFilterSet, PointsRecordFilterSet
from liangxin.pairing.models import PairedUnit, Pairing, PointsRecord
from liangxin.partyorgs.filtersets import PartyOrgFilterSet
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.filtersets import RegionFilterSet
from liangxin.regions.models import Region

HEADER_FILL = PatternFill("solid", fgColor="C00000")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def neutralise(value):
    """Text a spreadsheet would evaluate (= + - @ tab CR first) gets a leading apostrophe;
    the importer removes it again, so a round trip changes nothing."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _plain(value):
    if value.__class__ is str:  # most cells: checked first
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    return neutralise(value)


@dataclass
class Export:
    """One exportable list: its layout, the app's FilterSet, and how a row is written."""

    key: str
    title: str
    layout: Layout
    model_label: str  # the permission to view the rows' model: "organizations.view_organization"
    # Columns that come from another model than the rows': column key → (model, field), so that
    # their personal kind is the one that model declares.
    sources: ClassVar[dict[str, tuple[type, str]]] = {}

    @property
    def model(self):
        app_label, codename = self.model_label.split(".")
        return apps.get_model(app_label, codename.removeprefix("view_"))

    def personal_columns(self) -> dict[int, personal.Kind]:
        """Column position → kind, for the columns holding personal data."""
        found = {}
        for index, column in enumerate(self.layout.columns):
            model, field = self.sources.get(column.key, (self.model, column.key))
            kind = personal.kind_of(model, field)
            if kind is not None:
                found[index] = kind
        return found

    def unmasked(self, user) -> set[personal.Kind]:
        """Kinds this export writes in full for this user, beyond the role's levels."""
        return set()

    def queryset(self, user, params):
        raise NotImplementedError

    def rows(self, queryset, user) -> Iterator[list]:
        raise NotImplementedError

    def filtered(self, model, filterset_class, user, params, base=None):
        queryset = (base if base is not None else model.objects.all()).scoped(user, "view")
        filterset = filterset_class(params or None, queryset=queryset, request=_RequestStub(user))
        return filterset.qs


class _RequestStub:
    """FilterSets take a request for their user-dependent choices; an export may run outside one."""

    def __init__(self, user):
        self.user = user


class OrganizationExport(Export):
    sources = {"secretary_name": (PartyOrg, "secretary_name"), "secretary_phone": (PartyOrg, "secretary_phone"),
               "instructors": (Instructor, "name")}

    def queryset(self, user, params):
        return self.filtered(Organization, OrganizationFilterSet, user, params)

    CHUNK = 2000
    # The organization's own columns, read as plain values: model instances cost more to
    # build than the row costs to write (the region comes from the RegionIndex).
    COLUMNS = ("pk", "name", "credit_code", "kind", "subtype", "industry", "scale", "status", "address", "region_id",
               "owner_name", "owner_is_member", "employees", "reported_formal_members", "reported_probationary_members",
               "has_union", "has_youth_league", "has_women_federation", "founded_on", "payroll", "notes")

    def rows(self, queryset, user):
        """Organizations as value rows from a database iterator, with their active party
        organization and current instructors read for each chunk of 2,000 in a few queries
        (no query per row, and none of prefetch_related's per-object managers)."""
        regions = RegionIndex(by_name=False)
        places: dict[int, tuple] = {}  # region id → (street, community, grid, code)
        labels = [dict(c.choices) for c in (
            Organization.Kind, Organization.Subtype, Organization.Industry, Organization.Scale, Organization.Status)]
        party_cells: dict[int, tuple | None] = {}  # party organization id → its six cells (None: not active)
        n = 0
        chunk = []
        with transaction.atomic(using=queryset.db):
            if connections[queryset.db].vendor == "postgresql":
                # Streamed through a server-side cursor, whose plan PostgreSQL otherwise picks
                # for the first rows (a nested loop over the regions, several times slower for
                # all of them than one hash join and sort).
                with connections[queryset.db].cursor() as cursor:
                    cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
            for values in queryset.values_list(*self.COLUMNS).iterator(chunk_size=self.CHUNK):
                chunk.append(values)
                if len(chunk) >= self.CHUNK:
                    yield from self._chunk_rows(chunk, n, regions, places, labels, party_cells)
                    n += len(chunk)
                    chunk = []
            if chunk:
                yield from self._chunk_rows(chunk, n, regions, places, labels, party_cells)

    def _chunk_rows(self, orgs, n, regions, places, labels, party_cells):
        kinds, subtypes, industries, scales, statuses = labels
        ids = [org[0] for org in orgs]
        # The active party organization of lowest id covering each organization (as before).
        # The links and the party organizations are read apart, each by its index: joined,
        # the planner scanned every party organization for each chunk.
        through = PartyOrg.organizations.through
        links = list(through.objects.filter(any_of(through, "organization", ids)).values_list("organization_id", "partyorg_id"))
        unknown = {po_id for _, po_id in links} - party_cells.keys()
        if unknown:
            for party in PartyOrg.objects.select_related("secretary").filter(any_of(PartyOrg, "pk", unknown)):
                party_cells[party.pk] = (True, party.name, party.get_type_display(), party.get_mode_display(),
                                         party.secretary_display, party.secretary_phone
                                         ) if party.status == PartyOrg.Status.ACTIVE else None
        first: dict[int, int] = {}
        for org_id, po_id in links:
            if party_cells[po_id] is not None and (org_id not in first or po_id < first[org_id]):
                first[org_id] = po_id
        instructors: dict[int, list[str]] = {}
        current = Assignment.objects.current().filter(any_of(Assignment, "organization", ids)).order_by("pk")
        for org_id, name in current.values_list("organization_id", "instructor__name"):
            instructors.setdefault(org_id, []).append(name)
        no_party = (False, "", "", "", "", "")
        for offset, (pk, name, credit_code, kind, subtype, industry, scale, status, address, region_id, owner_name,
                     owner_is_member, employees, formal, probationary, has_union, has_youth_league,
                     has_women_federation, founded_on, payroll, notes) in enumerate(orgs, start=n + 1):
            place = places.get(region_id)
            if place is None:
                place = places[region_id] = (*regions.names(region_id), regions.nodes[region_id].code)
            party = party_cells[first[pk]] if pk in first else no_party
            yield [
                offset, name, credit_code or "", kinds.get(kind, kind or ""), subtypes.get(subtype, subtype or ""),
                industries.get(industry, industry or ""), scales.get(scale, scale or ""),
                statuses.get(status, status or ""), address, *place, owner_name, owner_is_member, employees,
                formal, probationary, *party, "、".join(instructors.get(pk, ())),
                has_union, has_youth_league, has_women_federation, founded_on, payroll, notes,
            ]


class PartyOrgExport(Export):
    def queryset(self, user, params):
        return self.filtered(PartyOrg, PartyOrgFilterSet, user, params, PartyOrg.objects.select_related("region", "secretary"))

    def rows(self, queryset, user):
        regions = RegionIndex(by_name=False)
        for n, p in enumerate(queryset.prefetch_related("organizations").iterator(chunk_size=2000), start=1):
            street, community, grid = regions.names(p.region_id)
            yield [
                n, p.name, p.get_type_display(), p.get_mode_display(), street, community, grid, p.region.code,
                "、".join(o.name for o in p.organizations.all()), p.secretary_display, p.secretary_phone,
                p.founded_on, p.last_election_on, p.get_status_display(),
            ]


@dataclass
class MemberExport(Export):
    # Full 身份证号 instead of masked ones: only the copy full_member_export() makes, which the
    # export view hands out after the permission, a recent second factor and a reason.
    full_ids: bool = False

    def queryset(self, user, params):
        return self.filtered(Member, MemberFilterSet, user, params, Member.objects.select_related("organization", "party_org"))

    def unmasked(self, user):
        # The ordinary member export is masked for everyone, permission or not: a list of full
        # numbers is the separate, audited export (ledger.views.export_full_ids).
        return {personal.Kind.ID_NUMBER} if self.full_ids and user.has_perm("members.view_id_number") else set()

    def rows(self, queryset, user):
        for n, m in enumerate(queryset.iterator(chunk_size=2000), start=1):
            yield [
                n, m.name, m.get_gender_display() if m.gender else "", m.id_number,
                m.phone, m.birth_date, m.get_education_display() if m.education else "", m.joined_on,
                m.get_category_display(), m.organization.name if m.organization_id else "",
                (m.organization.credit_code or "") if m.organization_id else "", m.party_org.name if m.party_org_id else "",
                m.get_position_display(), m.get_flow_status_display() if m.flow_status else "",
            ]


class CensusExport(Export):
    def queryset(self, user, params):
        base = CensusRecord.objects.select_related("organization", "region", "census")
        return self.filtered(CensusRecord, CensusRecordFilterSet, user, params, base)

    def rows(self, queryset, user):
        regions = RegionIndex(by_name=False)
        for n, r in enumerate(queryset.iterator(chunk_size=2000), start=1):
            street, community, grid = regions.names(r.region_id)
            yield [
                n, r.organization.name, r.organization.credit_code or "", street, community, grid, r.region.code,
                r.surveyed, r.surveyed_on, r.get_kind_display(), r.get_scale_display(), r.get_operating_status_display(),
                r.employees, r.formal_members, r.probationary_members, r.members_suffice, r.has_party_org,
                r.secretary_candidate, r.get_owner_attitude_display(), r.plan_target_date, r.get_plan_mode_display(),
                r.plan_responsible, r.reasons, r.responsibility, r.countermeasures, r.notes,
            ]


class RegionExport(Export):
    def queryset(self, user, params):
        return self.filtered(Region, RegionFilterSet, user, params, Region.objects.select_related("parent")).order_by("path")

    def rows(self, queryset, user):
        for r in queryset.iterator(chunk_size=2000):
            yield [r.code, r.name, r.get_level_display(), r.parent.code if r.parent_id else "", r.responsible_person]


class PairingExport(Export):
    """The register's pairings in the 附件1 layout: an export imports back unchanged."""

    sources = {"unit_contact": (Pairing, "unit_contact"), "organization_contact": (Pairing, "organization_contact")}

    def queryset(self, user, params):
        base = Pairing.objects.select_related("unit__region", "organization__region")
        return self.filtered(Pairing, PairingFilterSet, user, params, base).order_by("unit__name", "start_date", "pk")

    def rows(self, queryset, user):
        regions = RegionIndex(by_name=False)
        for n, p in enumerate(queryset.iterator(chunk_size=2000), start=1):
            unit = p.unit
            unit_street = unit.region.name if unit.level == PairedUnit.Level.STREET and unit.region_id else ""
            yield [
                n, unit.name, unit.get_level_display(), unit_street, unit.get_category_display(), unit.get_rank_display(),
                unit.has_party_org, unit.party_org_name, p.unit_contact, p.organization.name, p.organization.credit_code or "",
                regions.names(p.organization.region_id)[0], p.organization_contact, p.start_date, p.end_date, p.notes,
            ]


class PairedUnitExport(Export):
    def queryset(self, user, params):
        return self.filtered(PairedUnit, PairedUnitFilterSet, user, params, PairedUnit.objects.select_related("region"))

    def rows(self, queryset, user):
        current = {}
        for unit_id, name in Pairing.objects.current().filter(unit__in=queryset.values("pk")).values_list("unit", "organization__name"):
            current.setdefault(unit_id, []).append(name)
        for n, u in enumerate(queryset.iterator(chunk_size=2000), start=1):
            yield [
                n, u.name, u.get_level_display(), u.region.name if u.region_id else "", u.get_category_display(),
                u.get_rank_display(), u.has_party_org, u.party_org_name, u.contact_name, "、".join(current.get(u.pk, ())), u.notes,
            ]


class PointsRecordExport(Export):
    def queryset(self, user, params):
        base = PointsRecord.objects.select_related("pairing__unit", "pairing__organization")
        return self.filtered(PointsRecord, PointsRecordFilterSet, user, params, base)

    def rows(self, queryset, user):
        for n, r in enumerate(queryset.iterator(chunk_size=2000), start=1):
            yield [
                n, r.date, r.get_kind_display(), r.pairing.unit.name, r.pairing.organization.name, r.content,
                r.participants, r.results, r.get_status_display(), r.points, r.example,
            ]


EXPORTS = {
    e.key: e for e in (
        OrganizationExport("organizations", "两新组织台账", ORGANIZATION_LEDGER, "organizations.view_organization"),
        PartyOrgExport("partyorgs", "党组织", PARTY_ORGS, "partyorgs.view_partyorg"),
        MemberExport("members", "党员", MEMBERS, "members.view_member"),
        CensusExport("census", "摸底结果", CENSUS, "ledger.view_censusrecord"),
        RegionExport("regions", "区域网格", REGION_TREE, "regions.view_region"),
        PairingExport("pairings", "结对关系", PAIRINGS, "pairing.view_pairing"),
        PairedUnitExport("paired-units", "结对共建单位", PAIRED_UNITS, "pairing.view_pairedunit"),
        PointsRecordExport("points-records", "积分行动记录", POINTS_RECORDS, "pairing.view_pointsrecord"),
    )
}


def full_member_export() -> MemberExport:
    """The member export with full 身份证号 (issue 10 §2; ledger.views.export_full_ids checks who may)."""
    return replace(EXPORTS["members"], full_ids=True)


def write_export(export: Export, user, params, out) -> int:
    """Write the user's filtered, scoped list to `out` (a path or file); returns the row count.
    Rows stream from a database iterator into the sheet (liangxin.ledger.xlsx): memory does not
    grow with the list. Every value is neutralised, and the writer only writes values, never a
    formula; code and phone columns carry the text format "@", date columns a date format."""
    columns = export.layout.columns
    writer = SheetWriter(out, export.title, [column.width for column in columns], header_fill=HEADER_FILL.fgColor.rgb[-6:])
    writer.append([column.header for column in columns], [HEADER] * len(columns))
    styles = [TEXT if column.kind in ("code18", "narrow") else PLAIN for column in columns]
    unmasked = export.unmasked(user)
    limited = [(index, _limiter(kind, personal.level(user, kind))) for index, kind in export.personal_columns().items()
               if kind not in unmasked and personal.level(user, kind) < personal.Level.FULL]
    count = 0
    try:
        for values in export.rows(export.queryset(user, params), user):
            if len(values) != len(columns):
                raise ValueError(f"{export.key}: {len(values)} values for {len(columns)} columns")
            for index, limit in limited:
                values[index] = limit(values[index])
            # _plain, inlined for the common text cell (31 cells × 100,000 rows).
            writer.append([(("'" + value if value.startswith(FORMULA_PREFIXES) else value) if value.__class__ is str
                            else _plain(value)) for value in values], styles)
            count += 1
    finally:
        writer.close()
    return count


def _limiter(kind, lvl):
    """How a personal cell below full view is written: blank when hidden, masked when masked
    (each name of a list joined by 、). Resolved once per column: it runs for every row."""

    masker = personal.masker(kind) if lvl == personal.Level.MASKED else None
    if masker is None:  # hidden, or a yes/no (which cannot be half shown)
        return lambda value: ""

    def limit(value):
        if value.__class__ is not str:
            return "" if value is None else masker(str(value))
        if "、" in value:
            return "、".join(masker(part) for part in value.split("、"))
        return masker(value)

    return limit


def write_template(layout: Layout, out) -> None:
    """A blank sheet with the header, an example row (marked 示例 and skipped on import),
    drop-down lists for coded columns and a sheet of instructions."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = layout.title[:31]
    options = workbook.create_sheet("选项")
    notes = workbook.create_sheet("填写说明")
    for index, column in enumerate(layout.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[letter].width = column.width
        if "seq" in layout.by_key:  # the importer skips the row whose 序号 is 示例
            example = sheet.cell(row=2, column=index, value=neutralise(column.example))
            example.font = Font(italic=True, color="808080")
        if column.kind in ("code18", "narrow"):
            # Text format for the whole column: Excel then keeps 18-digit numbers intact.
            for row in range(2, 2002):
                sheet.cell(row=row, column=index).number_format = "@"
        labels = column.choice_labels if column.kind in ("choice", "bool") else []
        if labels:
            for i, label in enumerate(labels, start=1):
                options.cell(row=i, column=index, value=label)
            validation = DataValidation(
                type="list", formula1=f"=选项!${letter}$1:${letter}${len(labels)}", allow_blank=True,
                showErrorMessage=True, errorTitle="请从下拉列表选择", error=f"“{column.header}”请从下拉列表中选择。",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}5000")
    options.sheet_state = "hidden"
    sheet.freeze_panes = "A2"
    lines = [
        f"{layout.title}导入模板 · 填写说明",
        "1. 第1行是表头，请不要修改列名；可以删除不需要的列（带“必填”的除外），列的顺序可以调整。",
        "2. 第2行是示例（序号为“示例”），导入时会跳过，可直接覆盖或删除。" if "seq" in layout.by_key
        else "2. 示例见本页下方“列说明”中的示例值。",
        "3. 带下拉箭头的列请从列表中选择；是/否列可填“是”“否”或“√”，留空表示否。",
        "4. 统一社会信用代码、身份证号等18位号码所在列已设为“文本”格式；从别处粘贴时请“只粘贴值”，"
        "不要让 Excel 把号码变成 4.40307E+17，否则系统会拒绝该单元格。",
        "5. 日期写成 2023-05-01、2023.5.1 或 2023年5月1日 均可。",
        "6. 所属街道/社区/网格须是系统中已有的区域（也可只填区域代码）；写错的名称不会新建区域，系统会提示最接近的名称。",
        "7. 只能导入您管辖范围内的数据；有任何一行出错，整个文件都不会导入，请按错误标注文件修改后重新导入。",
        *(["8. 多行填写同一个党组织名称，即为同一个党组织（如联合党支部），覆盖这几行的组织，即使它们分属不同街道；党组织设在包含这些组织的最低一级区域。"]
          if layout.name == "ledger" else []),
        *(["8. 一行是一对结对：单位按名称新建或匹配（已登记的单位按本行更新）；结对组织须已在台账中，按统一社会信用代码（或名称）在您的管辖范围内查找，不会新建。",
           "9. 同一单位、组织和开始日期的结对已登记时，按本行更新负责人、结束日期和备注，不会重复。"]
          if layout.name == "pairings" else []),
        "",
        "列说明：",
    ]
    for line in lines:
        notes.append([line])
    for column in layout.columns:
        detail = column.help or ("可选值：" + "、".join(column.choice_labels) if column.choice_labels else "")
        notes.append([f"{column.header}{'（必填）' if column.required else ''}", detail, f"示例：{column.example}" if column.example != "" else ""])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 80
    workbook.save(out)


def log_export(export: Export, user, count: int, params, reason: str = "") -> None:
    """Every export leaves a change-log row; one with full ID numbers says so, with the reason
    given and the row count, as a view of unmasked personal data does."""
    filters = "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()) if v and k != "page")
    region_path = user.region.path if getattr(user, "region_id", None) else ""
    full_ids = personal.Kind.ID_NUMBER in export.unmasked(user)
    detail = f"导出{export.title}{count}条" + (f"（筛选：{filters}）" if filters else "") + ("，含完整身份证号" if full_ids else "")
    if full_ids:
        detail += f"；事由：{reason}"
    record(ChangeLog.Action.EXPORT, None, user=user, region_path=region_path, detail=detail)
    if full_ids:
        record(ChangeLog.Action.VIEW_PII, None, user=user, region_path=region_path,
               detail=f"导出含完整身份证号的党员名单{count}条；事由：{reason}")
