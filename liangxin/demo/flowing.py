"""The demo district's flowing members (MEM-3): each flowing member's registration with the
party organization at the other end (most verified within days, a few not), the 活动证 as
records (a few never issued, some expired), and a contact log for most."""

from __future__ import annotations

import datetime
import random
from typing import Any

from liangxin.members.models import FlowCertificate, FlowContact, FlowRegistration, Member

HOMES = ("湖南省衡阳市衡南县", "江西省赣州市于都县", "广西壮族自治区玉林市博白县", "四川省南充市营山县",
         "河南省信阳市固始县", "湖北省黄冈市麻城市", "广东省梅州市五华县", "贵州省毕节市威宁县")
HOME_ORGS = ("镇党委", "村党支部", "街道党工委")
DESTINATIONS = ("广东省东莞市长安镇", "浙江省宁波市北仑区", "江苏省苏州市昆山市", "上海市松江区", "福建省厦门市湖里区")
SITUATIONS = ("在企业生产一线工作，按时参加所在支部组织生活", "工作稳定，参加流入地党组织活动", "近期换了工作，仍在本市",
              "在外务工，通过线上学习参加组织生活")
THOUGHTS = ("希望多组织技能培训", "思想稳定，愿意发挥党员作用", "关心子女在当地入学", "")
REASONS = ("务工", "经商", "学习")


def _days(rng: random.Random, low: int, high: int) -> datetime.timedelta:
    return datetime.timedelta(days=rng.randint(low, high))


def build_flowing(builder: Any, seed: int = 4016) -> int:
    rng, today = random.Random(seed), builder.today
    flowing = [m for m in builder.members if m.flow_status]
    registrations, certificates, contacts, cleared = [], [], [], []
    # Never issued a certificate: every 15th of those placed in a party organization (the first
    # two keep their expired certificate).
    never_issued = {id(m) for m in [m for m in flowing[2:] if m.party_org_id][::15]}
    for number, member in enumerate(flowing):
        inflow = member.flow_status == Member.FlowStatus.INFLOW
        valid_until = member.flow_certificate_valid_until
        term = rng.choice((365, 730))
        issued = (valid_until - datetime.timedelta(days=term)) if valid_until else today - _days(rng, 30, 600)
        registered = min(issued, today) - _days(rng, 0, 10)
        if number % 12 == 5 and id(member) not in never_issued:  # registered lately, not yet verified: MEM-3 flags the overdue ones
            registered = today - _days(rng, 5, 80)
            verified = None
        else:
            verified = registered + _days(rng, 1, 20)
            verified = verified if verified <= today else None
        place = rng.choice(HOMES if inflow else DESTINATIONS)
        other = f"{place}{rng.choice(HOME_ORGS)}" if inflow else f"{place}流动党员党支部"
        registrations.append(FlowRegistration(member=member, direction=member.flow_status, other_party_org=other,
                                              other_place=place, reason=rng.choice(REASONS), registered_on=registered,
                                              verified_on=verified))
        if id(member) in never_issued:
            member.flow_certificate_no, member.flow_certificate_valid_until = "", None
            cleared.append(member)
        elif member.flow_certificate_no:
            issuer = member.party_org.name if member.party_org_id else other
            certificates.append(FlowCertificate(member=member, number=member.flow_certificate_no, issued_on=issued,
                                                valid_until=valid_until, issuer=issuer[:200]))
        if rng.random() < 0.7:
            for _ in range(rng.randint(1, 3)):
                contacts.append(FlowContact(member=member, date=today - _days(rng, 3, 300), way=rng.choice(FlowContact.Way.values),
                                            situation=rng.choice(SITUATIONS), thoughts=rng.choice(THOUGHTS),
                                            whereabouts=place if not inflow else ""))
    Member.objects.bulk_update(cleared, ["flow_certificate_no", "flow_certificate_valid_until"], batch_size=1000)
    FlowRegistration.objects.bulk_create(registrations, batch_size=1000)
    FlowCertificate.objects.bulk_create(certificates, batch_size=1000)
    FlowContact.objects.bulk_create(contacts, batch_size=1000)
    return len(flowing)
