"""Instructors, their assignments and their record (activity.py): steps of DemoBuilder."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from liangxin.demo.activity import InstructorActivity
from liangxin.demo.committees import CommitteeRecord
from liangxin.demo.words import INSTRUCTOR_POSITIONS, INSTRUCTOR_UNITS
from liangxin.instructors.models import Assignment, Instructor
from liangxin.organizations.models import Organization

if TYPE_CHECKING:
    from liangxin.demo.builder import _OrgPlan  # cycle: the builder runs this module's steps


class InstructorSteps:
    """DemoBuilder's instructor steps: the roster and assignments, then (after every other
    step, so that the rest of the district does not depend on it) their record."""

    def build_instructors(self) -> None:
        """Instructors give work coverage to organizations without a party organization (ORG-7);
        the first one, in the first street, becomes the demo instructor."""
        rng = self.rng
        uncovered_by_street: dict[int, list[_OrgPlan]] = {}
        covered_by_street: dict[int, list[_OrgPlan]] = {}
        for plan in self.plans:
            if plan.org.status != Organization.Status.NORMAL:
                continue
            target = covered_by_street if plan.party_org else uncovered_by_street
            target.setdefault(plan.grid.street_index, []).append(plan)
        for plans in uncovered_by_street.values():
            plans.sort(key=lambda p: -p.org.employees)  # the larger ones first (ORG-6, ORG-7)
        taken: set[int] = set()
        instructors: list[Instructor] = []
        assignments: list[Assignment] = []
        for number in range(max(4, round(self.n / 330))):
            s_index = 0 if number == 0 else rng.randrange(len(self.streets))
            source = rng.choices(Instructor.Source.values, weights=(60, 20, 12, 8))[0]
            unit = rng.choice(INSTRUCTOR_UNITS) if rng.random() < 0.8 else f"{self.streets[s_index].name}办事处"
            position = "退休干部" if source == Instructor.Source.RETIRED else rng.choice(INSTRUCTOR_POSITIONS)
            instructor = Instructor(name=self.person()[0], dispatching_unit=unit, position=position, source=source,
                                    full_time=rng.random() < 0.3, region=self.streets[s_index])
            instructors.append(instructor)
            if number == 0:
                count = rng.randint(4, 6)  # the demo instructor
            elif rng.random() < 0.35:
                count = 1  # one-to-one (INS-1)
            else:
                count = rng.randint(2, 7)  # one-to-many
            pool = [p for p in uncovered_by_street.get(s_index, []) if id(p) not in taken][: max(20, count * 4)]
            for plan in rng.sample(pool, min(count, len(pool))):
                taken.add(id(plan))
                assignments.append(Assignment(instructor=instructor, organization=plan.org, start_date=self.days_ago(30, 1400)))
            if number % 3 == 1:  # history: firms they helped until those set up their own branch
                history = covered_by_street.get(s_index) or uncovered_by_street.get(s_index, [])
                for plan in rng.sample(history, min(len(history), rng.randint(1, 2))):
                    start = self.days_ago(900, 2400)
                    end = min(start + datetime.timedelta(days=rng.randint(180, 720)), self.today - datetime.timedelta(days=30))
                    assignments.append(Assignment(instructor=instructor, organization=plan.org, start_date=start, end_date=end))
        Instructor.objects.bulk_create(instructors)
        Assignment.objects.bulk_create(assignments, batch_size=1000)
        self.instructors, self.instructor_assignments = instructors, assignments

    def build_instructor_activity(self) -> None:
        activity = InstructorActivity(self, self.instructors, self.instructor_assignments)
        activity.build()
        CommitteeRecord(activity).build()

