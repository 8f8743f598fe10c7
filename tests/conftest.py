"""A small hand-built district shared by every test, and one persona per role.

Built once per test session (per xdist worker) outside any test's transaction; each test runs
inside a transaction that is rolled back, so tests may change the world freely.
"""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.assessments.models import ChecklistItem
from liangxin.instructors.models import Assignment, Instructor
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partylife.models import ActivityKind
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from tests.identity import force_login_verified

# Hashing cost is not under test here; the real hasher stays in production settings.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.DPV_DEFAULT_HISTORY_HASHER = "tests.identity.FastHistoryHasher"
# WhiteNoise would rescan every static file (node_modules included) for each test client.
settings.WHITENOISE_AUTOREFRESH = True
# Background jobs run in the request that enqueues them (django-tasks' immediate backend) where
# the queue is not the point; tests/test_worker.py runs the real worker on the database backend.
override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}).enable()

PASSWORD = "Test@2026pass"

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite, then again on PostgreSQL: there, a test that touches
    no database (validators, layout, files, configuration) would only repeat itself."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return
    uses_database = [item for item in items
                     if DATABASE_FIXTURES & set(item.fixturenames) or item.get_closest_marker("django_db")]
    if len(uses_database) < len(items):
        kept = set(uses_database)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = uses_database


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The to-do list and the coverage dashboard are cached per user and region, and ids
    repeat between tests: every test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


def _code(stem: str) -> str:
    from stdnum.cn import uscc

    return stem + uscc.calc_check_digit(stem)


def id_number(stem17: str) -> str:
    from stdnum.cn import ric

    return stem17 + ric.calc_check_digit(stem17 + "0")


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    # Data of migrations, gone after a transactional test's flush.
    ActivityKind.objects.install_defaults()
    ChecklistItem.objects.install_defaults()
    w.district = Region.objects.create(code="440399", name="测试区", level=Region.Level.DISTRICT)
    w.street1 = Region.objects.create(code="440399001", name="东街道", level=Region.Level.STREET, parent=w.district)
    w.street2 = Region.objects.create(code="440399002", name="西街道", level=Region.Level.STREET, parent=w.district)
    w.community1 = Region.objects.create(code="440399001001", name="东一社区", level=Region.Level.COMMUNITY, parent=w.street1)
    w.community2 = Region.objects.create(code="440399002001", name="西一社区", level=Region.Level.COMMUNITY, parent=w.street2)
    w.grid1 = Region.objects.create(code="440399001001001", name="东一第1网格", level=Region.Level.GRID, parent=w.community1)
    w.grid1b = Region.objects.create(code="440399001001002", name="东一第2网格", level=Region.Level.GRID, parent=w.community1)
    w.grid2 = Region.objects.create(code="440399002001001", name="西一第1网格", level=Region.Level.GRID, parent=w.community2)

    def org(name, region, stem, **kw):
        return Organization.objects.create(name=name, region=region, credit_code=_code(stem), **kw)

    w.org1 = org("东方电子有限公司", w.grid1, "91440399MA0000001", employees=120, reported_formal_members=3)
    w.org1b = org("东升物流有限公司", w.grid1b, "91440399MA0000002", employees=20)
    w.org2 = org("西城科技有限公司", w.grid2, "91440399MA0000003", employees=60, reported_formal_members=2)
    w.party_org1 = PartyOrg.objects.create(name="东方电子有限公司党支部", region=w.grid1, type=PartyOrg.Type.BRANCH)
    w.party_org1.organizations.add(w.org1)
    w.party_org2 = PartyOrg.objects.create(name="西城科技有限公司党支部", region=w.grid2, type=PartyOrg.Type.BRANCH)
    w.party_org2.organizations.add(w.org2)
    w.member1 = Member.objects.create(
        name="张伟", id_number=id_number("11010119900307001"), phone="13812340011", organization=w.org1,
        party_org=w.party_org1,
    )
    w.member2 = Member.objects.create(
        name="李娜", id_number=id_number("44030319920101002"), phone="13912340022", organization=w.org2,
        party_org=w.party_org2,
    )
    w.instructor = Instructor.objects.create(name="王指导", dispatching_unit="区发改局", region=w.street1)
    Assignment.objects.create(instructor=w.instructor, organization=w.org1b, start_date=datetime.date(2025, 1, 1))
    w.unit = PairedUnit.objects.create(name="区司法局", region=w.district)
    Pairing.objects.create(unit=w.unit, organization=w.org2, start_date=datetime.date(2025, 1, 1))

    def user(username, role, **kw):
        u = User(username=username, role=role, display_name=username, **kw)
        u.set_password(PASSWORD)
        u.save()
        return u

    w.admin = user("admin", Role.ADMIN, region=w.district)
    w.street_user = user("street1", Role.COMMITTEE, region=w.street1)
    w.other_street_user = user("street2", Role.COMMITTEE, region=w.street2)
    w.grid_user = user("grid1", Role.COMMUNITY, region=w.grid1)
    w.instructor_user = user("instructor1", Role.INSTRUCTOR)
    w.instructor.user = w.instructor_user
    w.instructor.save()
    w.secretary = user("secretary1", Role.SECRETARY, party_org=w.party_org1)
    w.paired_user = user("pairing1", Role.PAIRED_UNIT, paired_unit=w.unit)
    w.leader = user("leader1", Role.LEADER, region=w.district)
    return w


_WORLD: dict = {}


def _load_world() -> SimpleNamespace:
    """The committed shared world, rebuilt if a transactional test has flushed the database."""
    district = _WORLD.get("district")
    if district is None or not Region.objects.filter(pk=district[1]).exists():
        _WORLD.clear()
        _WORLD.update({name: (type(obj), obj.pk) for name, obj in vars(build_world()).items()})
    return SimpleNamespace(**{name: model.objects.get(pk=pk) for name, (model, pk) in _WORLD.items()})


@contextmanager
def rolled_back_at_the_end(django_db_blocker):
    """For a module-scoped fixture: rows added once for a module's tests, in a transaction rolled
    back when the module is done. Each test's own transaction is a savepoint inside it, so what a
    test changes is undone before the next, and the committed world stays as the other modules
    expect it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def _committed_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        _load_world()


@pytest.fixture
def world(_committed_world, db) -> SimpleNamespace:
    """Fresh instances of the shared world for each test; the test's transaction is rolled back."""
    return _load_world()


@pytest.fixture
def transactional_world(_committed_world, transactional_db) -> SimpleNamespace:
    """The world for tests that need committed data (a live server in another thread). Django
    flushes the database after such a test; the next `world` rebuilds it."""
    return _load_world()


@pytest.fixture
def login():
    def _login(user) -> Client:
        client = Client()
        force_login_verified(client, user)
        return client

    return _login
