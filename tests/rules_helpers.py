"""Small builders for the rules tests (real models, no mocks)."""

import itertools

from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

_codes = itertools.count(1)


def region(parent, name, level=None):
    level = level or parent.level + 1
    return Region.objects.create(code=f"{parent.code}{800 + next(_codes) % 199}", name=name, level=level, parent=parent)


def org(grid, name, **kw):
    return Organization.objects.create(name=name, region=grid, **kw)


def party_org(grid, name, *orgs, **kw):
    p = PartyOrg.objects.create(name=name, region=grid, **kw)
    p.organizations.add(*orgs)
    return p


def names(qs):
    return sorted(str(o) for o in qs)
