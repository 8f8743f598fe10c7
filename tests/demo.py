"""The demo district (`manage.py demo`) for tests: the command run as `make demo` runs it, and
the helpers the tests of its command (test_demo) and of its contents (test_demo_district) share."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Q

from liangxin.instructors.models import (
    Evaluation,
    Leave,
    MajorEventReport,
    QuarterlyMeeting,
    SpotCheck,
    TrainingRecord,
    Visit,
    WorkPlan,
)
from liangxin.members.models import Member
from liangxin.regions.models import Region
from liangxin.rules.registry import get_rule

ACCOUNTS = ("admin", "street1", "street2", "grid1", "instructor1", "secretary1", "pairing1", "leader1")
INSTRUCTOR_RECORDS = (Visit, WorkPlan, MajorEventReport, Leave, QuarterlyMeeting, SpotCheck, TrainingRecord, Evaluation)


def run_demo(orgs: int = 300) -> str:
    out = StringIO()
    call_command("demo", orgs=orgs, stdout=out)
    return out.getvalue()


def section(rule_id: str):
    """The rule, or MEM-7's instructor part (MEM-7 has parts; these tests are about instructors)."""
    rule = get_rule(rule_id)
    return rule.section("instructors") if rule.parts else rule


def in_demo(root: Region) -> Q:
    return Q(region__path__startswith=root.path)


def demo_members(root: Region):
    """Members of the demo district (a shared test world may hold others)."""
    return Member.objects.filter(Q(organization__region__path__startswith=root.path)
                                 | Q(party_org__region__path__startswith=root.path))
