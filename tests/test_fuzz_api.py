"""Schemathesis over the whole API, as an administrator and as a street user: no request, however
malformed, may answer a server error. Bounded (a few examples per operation, examples derived
from a fixed seed, no example database) so it runs in the normal suite, gives the same cases on
every run, and a new endpoint is fuzzed from the day it lands."""

from io import StringIO

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from liangxin.wsgi import application
from tests.openapi import served_schema

# Loaded at collection, as Schemathesis parametrizes one test per operation from it: the schema
# is generated from the code and reads no data.
schema = schemathesis.openapi.from_dict(served_schema())
schema.app, schema.location = application, "/api/schema/?format=json"
schema.config.phases.coverage.enabled = False
bounded = settings(max_examples=3, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _district(world):
    """The conftest district, so lookups, filters and writes meet real rows. As Django's test
    client does, requests do not close the database connection when they end: the calls go to
    the WSGI app in this process, and closing would end the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _auth(username: str) -> dict[str, str]:
    """The token a script would use, as `liangxin token USERNAME` prints it."""
    out = StringIO()
    call_command("token", username, stdout=out)
    return {"Authorization": f"Token {out.getvalue().split()[-1]}"}


@schema.parametrize()
@bounded
def test_it_answers_no_server_error_to_the_administrator(case):
    case.call_and_validate(headers=_auth("admin"), checks=[not_a_server_error])


@schema.parametrize()
@bounded
def test_it_answers_no_server_error_to_a_street_user(case):
    case.call_and_validate(headers=_auth("street1"), checks=[not_a_server_error])
