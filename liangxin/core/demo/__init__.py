"""The demo district behind `manage.py demo`: a realistic ledger to show, try and measure with.

Every screen, rule and statistic needs data shaped like a real district's: sizes skewed toward
small firms, organizations that should have a party organization and have none (ORG-1), joint
branches, dissolved ones, overdue elections (ORG-9), flowing members (MEM-3), grids over the limit
(GRID-2), ledger figures that disagree with the member roster. The builder draws all of it from
one seeded `random.Random`, so the same district appears on every machine; dates are counted back
from today so the demo never ages. Rows are bulk-created inside one transaction and no change-log
row is written: this is seed data, not somebody's edit.

The package: words.py (the word lists and sizes), builder.py (DemoBuilder: regions,
organizations, pairings), partyorgs.py (party organizations, members, secretaries, grid leads),
instructors.py (instructors and assignments), accounts.py (demo accounts, figures, report).
"""

import time

from django.db import transaction

from liangxin.core.demo.accounts import (
    DemoAccount,
    DemoError,
    DemoResult,
    district_counts,
    ensure_demo_accounts,
    format_report,
)
from liangxin.core.demo.builder import DemoBuilder
from liangxin.core.demo.words import (
    DEFAULT_ORGS,
    DEFAULT_SEED,
    DEMO_PASSWORD,
    DISTRICT_CODE,
    DISTRICT_NAME,
    MIN_ORGS,
)
from liangxin.regions.models import Region

__all__ = [
    "DEFAULT_ORGS", "DEFAULT_SEED", "DEMO_PASSWORD", "DISTRICT_CODE", "DISTRICT_NAME", "MIN_ORGS", "DemoAccount",
    "DemoBuilder", "DemoError", "DemoResult", "build_demo", "district_counts", "ensure_demo_accounts", "format_report",
]


def build_demo(orgs: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Build the demo district unless it exists, then make sure the demo accounts exist.
    All in one transaction: an interrupted run leaves nothing half-built."""
    started = time.perf_counter()
    with transaction.atomic():
        root = Region.objects.filter(code=DISTRICT_CODE).first()
        created = root is None
        if created:
            root = DemoBuilder(orgs=orgs, seed=seed).build()
        accounts = ensure_demo_accounts(root)
    counts = district_counts(root)
    return DemoResult(created, time.perf_counter() - started, counts, accounts, f"{root.name}（{root.code}）")
