"""`build_demo`: the demo district and its accounts, built once, confirmed on every run."""

import time

from django.db import transaction

from liangxin.demo.accounts import DemoResult, district_counts, ensure_demo_accounts
from liangxin.demo.builder import DemoBuilder
from liangxin.demo.words import DEFAULT_ORGS, DEFAULT_SEED, DISTRICT_CODE
from liangxin.regions.models import Region


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
