"""`build_demo`: the demo district and its accounts, built once, repaired on every run."""

import time

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from liangxin.demo.accounts import DemoError, DemoResult, district_counts, ensure_demo_accounts
from liangxin.demo.builder import DemoBuilder
from liangxin.demo.bulletins import build_bulletin
from liangxin.demo.pairing import build_pairing_record, ensure_secretary1_invitation
from liangxin.demo.partylife import build_party_life, build_standards
from liangxin.demo.words import DEFAULT_ORGS, DEFAULT_SEED, DISTRICT_CODE
from liangxin.partylife.models import Activity
from liangxin.regions.models import Region
from liangxin.rules.models import CoverageSnapshot
from liangxin.rules.stats import backfill_snapshots, take_snapshots


def build_demo(orgs: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED, reset: bool = False) -> DemoResult:
    """Build the demo district unless it exists, then create or repair the demo accounts.

    A demo that users changed keeps their changes: the accounts are repaired around them
    (ensure_demo_accounts). Only when the district no longer holds what an account needs (no
    party organization, instructor or pairing left in it), or with `reset`, is the database
    emptied and the district built afresh. Building runs in one transaction: an interrupted
    run leaves nothing half-built."""
    started = time.perf_counter()
    rebuilt_because = ""
    if reset:
        _empty_database()
    else:
        try:
            with transaction.atomic():
                root = Region.objects.filter(code=DISTRICT_CODE).first()
                if root is not None:
                    accounts = ensure_demo_accounts(root)
                    ensure_secretary1_invitation(timezone.localdate())
                    if not Activity.objects.exists():  # a demo built before party life was added
                        build_party_life(root, timezone.localdate(), seed)
                        build_standards(root, timezone.localdate(), seed)
                    if not CoverageSnapshot.objects.exists():  # a demo built before it kept its history
                        _snapshots()
                    build_bulletin(root, timezone.localdate())  # a demo built before it issued one
                    return DemoResult(False, time.perf_counter() - started, district_counts(root), accounts,
                                      f"{root.name}（{root.code}）")
        except DemoError as error:
            rebuilt_because = str(error)
            _empty_database()
    with transaction.atomic():
        root = DemoBuilder(orgs=orgs, seed=seed).build()
        accounts = ensure_demo_accounts(root)
        # After the accounts: secretary1's and pairing1's records are drawn for them.
        build_pairing_record(root, timezone.localdate(), seed)
        build_party_life(root, timezone.localdate(), seed)
        build_standards(root, timezone.localdate(), seed)
        _snapshots()
        build_bulletin(root, timezone.localdate())  # last: it prints the snapshots' and the rules' figures
    return DemoResult(True, time.perf_counter() - started, district_counts(root), accounts, f"{root.name}（{root.code}）",
                      rebuilt_because=rebuilt_because, reset=reset)


def _snapshots() -> None:
    """The monthly coverage snapshots a running site takes (the worker's periodic job), for the
    past year from the ledger's history and for this month: the dashboard's trend and the
    leaders' overview compare with them."""
    backfill_snapshots()
    take_snapshots()


def _empty_database() -> None:
    """Every table emptied (Django's flush: TRUNCATE on PostgreSQL, which the change log's
    append-only triggers, on UPDATE and DELETE, let through), then the content types and
    permissions recreated, as after `migrate`. PostgreSQL refuses to TRUNCATE a table with
    deferred foreign-key checks still pending in the transaction (a caller's own writes):
    they are run first. CASCADE: a table Django no longer manages (an app removed before its
    migration dropped it) must not stop a reset."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0, allow_cascade=True)
    ContentType.objects.clear_cache()  # the rows were recreated with new ids
