"""The 流动党员台账's filters, table and export (one column set for the page and the sheet)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils import timezone

from liangxin.core.filters import BaseFilterSet
from liangxin.core.tables import BaseTable
from liangxin.ledger.columns import Column, Layout
from liangxin.ledger.exporting import Export, write_export
from liangxin.members.filtersets import MemberFilterSet
from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.regions.filters import RegionSubtreeFilter


class FlowingFilterSet(MemberFilterSet):
    state = django_filters.ChoiceFilter(
        label="需办理", method="filter_state",
        choices=(("unplaced", "未编入党组织"), ("no_certificate", "无有效活动证"), ("unverified", "登记未核实")),
    )

    class Meta(MemberFilterSet.Meta):
        fields = ["q", "region", "flow_status", "state", "organization_name", "party_org_name", "organization", "party_org"]

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "unplaced":
            return queryset.filter(flow_status=Member.FlowStatus.INFLOW, party_org__isnull=True)
        if value == "no_certificate":
            return queryset.filter(Q(flow_certificate_valid_until__isnull=True) | Q(flow_certificate_valid_until__lt=today))
        if value == "unverified":
            return queryset.filter(registered_on__isnull=False, verified_on__isnull=True)
        return queryset


class FlowingTable(BaseTable):
    phone_columns = ("name", "flow_status", "flow_certificate_valid_until")
    name = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    flow_status = tables.Column(verbose_name="流动", attrs={"td": {"class": "text-nowrap"}})
    other_party_org = tables.Column(verbose_name="流出地/流入地党组织", orderable=False)
    verified_on = tables.DateColumn(verbose_name="核实日期", format="Y-m-d", orderable=False)
    flow_certificate_no = tables.Column(verbose_name="活动证号")
    flow_certificate_valid_until = tables.DateColumn(verbose_name="有效期至", format="Y-m-d")
    last_contact = tables.DateColumn(verbose_name="最近联系", format="Y-m-d", orderable=False)

    class Meta(BaseTable.Meta):
        model = Member
        fields = ("name", "flow_status", "organization", "party_org", "other_party_org", "verified_on",
                  "flow_certificate_no", "flow_certificate_valid_until", "last_contact")
        empty_text = "没有符合条件的流动党员。"


class RegistrationFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="member__name", lookup_expr="icontains", label="姓名")
    region = RegionSubtreeFilter(path_lookup="member__organization__region__path")
    direction = django_filters.ChoiceFilter(choices=FlowRegistration.Direction.choices, label="流动方向")

    class Meta:
        model = FlowRegistration
        fields = ["q", "region", "direction"]


class RegistrationTable(BaseTable):
    phone_columns = ("member", "direction", "registered_on")
    member = tables.Column(verbose_name="党员", linkify=lambda record: record.member.get_absolute_url())
    direction = tables.Column(linkify=True)
    registered_on = tables.DateColumn(format="Y-m-d")
    verified_on = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = FlowRegistration
        fields = ("member", "direction", "other_party_org", "registered_on", "verified_on", "ended_on")
        empty_text = "没有流动党员登记。"


FLOWING = Layout("flowing_members", "流动党员台账", [
    Column("seq", "序号", "int", width=6), Column("name", "姓名", width=10), Column("id_number", "身份证号", "code18", width=22),
    Column("phone", "联系电话", "narrow"), Column("flow_status", "流动状态", width=8),
    Column("organization", "工作单位", width=28), Column("party_org", "所在党组织", width=28),
    Column("other_party_org", "流出地/流入地党组织", width=28), Column("registered_on", "登记日期", "date"),
    Column("verified_on", "核实日期", "date"), Column("flow_certificate_no", "活动证号", width=18),
    Column("flow_certificate_valid_until", "活动证有效期至", "date"), Column("last_contact", "最近联系", "date"),
    Column("whereabouts", "去向", width=24),
])


class FlowingExport(Export):
    def __init__(self, queryset):
        super().__init__("flowing_members", FLOWING.title, FLOWING, "members.view_member")
        self._queryset = queryset

    def queryset(self, user, params):
        return self._queryset

    def rows(self, queryset, user):
        for n, m in enumerate(queryset.iterator(chunk_size=2000), start=1):
            yield [n, m.name, m.id_number, m.phone, m.get_flow_status_display(), m.organization.name if m.organization_id else "",
                   m.party_org.name if m.party_org_id else "", m.other_party_org or "", m.registered_on, m.verified_on,
                   m.flow_certificate_no, m.flow_certificate_valid_until, m.last_contact, m.whereabouts or ""]


def write_flowing(queryset, user, out) -> int:
    return write_export(FlowingExport(queryset), user, None, out)


class CertificateFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="member__name", lookup_expr="icontains", label="姓名")
    number = django_filters.CharFilter(lookup_expr="icontains", label="活动证号")
    status = django_filters.ChoiceFilter(choices=FlowCertificate.Status.choices, label="状态")

    class Meta:
        model = FlowCertificate
        fields = ["q", "number", "status"]


class CertificateTable(BaseTable):
    phone_columns = ("number", "member", "valid_until")
    number = tables.Column(linkify=True)
    member = tables.Column(verbose_name="党员", linkify=lambda record: record.member.get_absolute_url())
    issued_on = tables.DateColumn(format="Y-m-d")
    valid_until = tables.DateColumn(format="Y-m-d")

    class Meta(BaseTable.Meta):
        model = FlowCertificate
        fields = ("number", "member", "issued_on", "valid_until", "issuer", "status")
        empty_text = "没有流动党员活动证。"


class ContactFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="member__name", lookup_expr="icontains", label="姓名")
    way = django_filters.ChoiceFilter(choices=FlowContact.Way.choices, label="联系方式")

    class Meta:
        model = FlowContact
        fields = ["q", "way"]


class ContactTable(BaseTable):
    phone_columns = ("member", "date", "way")
    member = tables.Column(verbose_name="党员", linkify=lambda record: record.member.get_absolute_url())
    date = tables.DateColumn(format="Y-m-d", linkify=True)

    class Meta(BaseTable.Meta):
        model = FlowContact
        fields = ("member", "date", "way", "situation", "whereabouts")
        empty_text = "没有联系记录。"
