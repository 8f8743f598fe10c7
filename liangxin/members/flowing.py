"""Flowing members' work (MEM-3): what a registration, a certificate and a placement change on
the member, each in the caller's transaction and logged; the ledger of flowing members."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Q, Subquery

from liangxin.audit.log import tracked
from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region


def flowing_members(queryset=None):
    """The 流动党员台账: members flowing in or out, with their current registration's other end,
    its verification and the last contact."""
    queryset = queryset if queryset is not None else Member.objects.all()
    current = FlowRegistration.objects.filter(member=OuterRef("pk"), ended_on__isnull=True).order_by("-registered_on", "-pk")
    contact = FlowContact.objects.filter(member=OuterRef("pk")).order_by("-date", "-pk")
    return queryset.exclude(flow_status="").annotate(
        other_party_org=Subquery(current.values("other_party_org")[:1]),
        registered_on=Subquery(current.values("registered_on")[:1]),
        verified_on=Subquery(current.values("verified_on")[:1]),
        last_contact=Subquery(contact.values("date")[:1]),
        whereabouts=Subquery(contact.values("whereabouts")[:1]),
    )


def apply_registration(registration: FlowRegistration) -> None:
    """The member's flow status follows their open registration (none open: not flowing)."""
    member = Member.objects.get(pk=registration.member_id)
    with tracked(member):
        open_one = member.flow_registrations.filter(ended_on__isnull=True).order_by("-registered_on", "-pk").first()
        member.flow_status = open_one.direction if open_one else ""
        if not member.flow_status:
            member.flow_certificate_no, member.flow_certificate_valid_until = "", None
        member.save()


def apply_certificate(certificate: FlowCertificate) -> None:
    """The member carries the valid certificate's number and validity (none valid: the last
    one's, so MEM-3 shows it expired or withdrawn)."""
    member = Member.objects.get(pk=certificate.member_id)
    with tracked(member):
        valid = member.flow_certificates.filter(status=FlowCertificate.Status.VALID).first()
        if valid is not None:
            member.flow_certificate_no, member.flow_certificate_valid_until = valid.number, valid.valid_until
        else:
            member.flow_certificate_valid_until = certificate.withdrawn_on or certificate.valid_until
        member.save()


def renew(certificate: FlowCertificate, number: str, issued_on: datetime.date, valid_until: datetime.date) -> FlowCertificate:
    """A new certificate replaces a valid one (换发): the old is marked 已换发."""
    with tracked(certificate):
        certificate.status = FlowCertificate.Status.RENEWED
        certificate.save()
    new = FlowCertificate(member=certificate.member, number=number, issued_on=issued_on, valid_until=valid_until,
                          issuer=certificate.issuer)
    new.full_clean()
    with tracked(new):
        new.save()
    apply_certificate(new)
    return new


def withdraw(certificate: FlowCertificate, on: datetime.date, reason: str) -> None:
    with tracked(certificate):
        certificate.status = FlowCertificate.Status.WITHDRAWN
        certificate.withdrawn_on, certificate.withdraw_reason = on, reason
        certificate.save()
    apply_certificate(certificate)


def placement_choices(member: Member, user):
    """Party organizations a flowing member with none can join, nearest first: those covering
    the member's organization, then the joint branches of its grid and community, then the
    rest of the street's, all within the user's jurisdiction."""
    active = PartyOrg.objects.scoped(user).active()
    org = member.organization
    if org is None:
        return active.order_by("name")[:50], []
    covering = list(active.filter(organizations=org))
    region = org.region
    near = active.filter(type=PartyOrg.Type.JOINT_BRANCH).filter(
        Q(region=region) | Q(region=region.parent_id) | Q(region__parent=region.parent_id)
    ).exclude(pk__in=[p.pk for p in covering])
    suggested = covering + list(near.order_by("name")[:10])
    street = next((r for r in [*region.ancestors(), region] if r.level == Region.Level.STREET), region)
    others = active.filter(region__path__startswith=street.path).exclude(pk__in=[p.pk for p in suggested]).order_by("name")[:40]
    return suggested, list(others)
