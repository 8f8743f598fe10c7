"""Builders for the instructor tests (real models, no mocks)."""

import datetime

from liangxin.instructors.models import Assignment, Instructor, Visit

PNG = (  # a 1×1 PNG, small and valid
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def instructor(region, name="李指导", unit="区财政局", *orgs, start=datetime.date(2024, 1, 1), **kw):
    person = Instructor.objects.create(name=name, dispatching_unit=unit, region=region, **kw)
    for org in orgs:
        Assignment.objects.create(instructor=person, organization=org, start_date=start)
    return person


def visit(person, org, day, minutes=None, **kw):
    if minutes is not None:
        kw.setdefault("hours", None)
        start = datetime.datetime.combine(day, datetime.time(9, 0))
        kw["arrived_at"], kw["left_at"] = start.time(), (start + datetime.timedelta(minutes=minutes)).time()
    return Visit.objects.create(instructor=person, organization=org, date=day, **kw)
