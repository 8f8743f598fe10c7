"""What the committees did about their instructors in the demo: quarterly meetings (INS-4),
spot checks (INS-5), training (MEM-7) and the half-yearly evaluations (INS-8).

Runs after `InstructorActivity.build()` on the same seeded rng and reads its cast (the laggard,
the demo instructor, who was on leave, who went untrained or unevaluated), so the district is
the one it has always been. Evaluations come last: their quantitative part is computed from
everything before them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from liangxin.demo.activity import DAY, InstructorActivity, active_between
from liangxin.demo.words import (
    EVALUATION_COMMENTS,
    MEETING_OPINIONS,
    MEETING_REPORTS,
    MEETING_SOLUTIONS,
    SPOT_CHECK_FINDINGS,
    TRAININGS,
)
from liangxin.instructors.compliance import previous_quarter, quarter_bounds
from liangxin.instructors.evaluation import score
from liangxin.instructors.models import Evaluation, Instructor, QuarterlyMeeting, SpotCheck, TrainingRecord
from liangxin.regions.models import Region

# Appraisal scores (qualitative, mass, results: 60% of the total by default) by intended grade;
# the quantitative 40% comes from the data. With at most 39 in appraisal, the total stays under
# 60 unless the data scores above 91, far beyond a laggard who meets about half the weeks.
APPRAISAL_LEVELS = {"excellent": (92, 98), "good": (77, 87), "fair": (60, 70), "poor": (30, 36)}


class CommitteeRecord:
    """The committees' side of an `InstructorActivity` that has been built. `build()` writes it."""

    def __init__(self, activity: InstructorActivity):
        self.activity = activity
        self.rng, self.today = activity.rng, activity.today

    def build(self) -> None:
        self.build_meetings()
        self.build_spot_checks()
        self.build_trainings()
        self.build_evaluations()  # last: the quantitative part is computed from everything above

    # ----------------------------------------------------------------- committees (INS-4, INS-5)
    def committees(self) -> list[tuple[Region, list[Instructor]]]:
        """Streets that manage instructors, with them, in street order."""
        activity = self.activity
        staff: dict[int, list[Instructor]] = defaultdict(list)
        for instructor in activity.instructors:
            staff[instructor.region.pk].append(instructor)
        return [(street, staff[street.pk]) for street in activity.b.streets if staff[street.pk]]

    def build_meetings(self) -> None:
        activity = self.activity
        rng, today = self.rng, self.today
        committees = self.committees()
        # One street other than the demo's skipped last quarter's meeting.
        later = [street for street, _ in committees[1:]]
        self.no_meeting = rng.choice(later) if later else None
        skipped = previous_quarter(today)
        meetings: list[QuarterlyMeeting] = []
        present: list[tuple[QuarterlyMeeting, list[Instructor], list[int]]] = []
        for street, staff in committees:
            quarter = quarter_bounds(activity.last_half[0])
            while quarter[0] <= today:
                first, last = quarter
                quarter = quarter_bounds(last + DAY)
                if street is self.no_meeting and (first, last) == skipped:
                    continue
                if last >= today:  # this quarter: held already in some streets
                    if (today - first).days < 45 or rng.random() < 0.4:
                        continue
                    day = activity.working_day(first + rng.randint(20, (today - first).days - 1) * DAY, back=True)
                else:
                    day = activity.working_day(first + rng.randint(30, (last - first).days - 10) * DAY)
                meeting = QuarterlyMeeting(
                    region=street, date=day, title=f"{day.year}年第{(day.month - 1) // 3 + 1}季度党建工作指导员和业主工作例会",
                    instructor_reports=rng.choice(MEETING_REPORTS),
                    owner_opinions="".join(rng.sample(MEETING_OPINIONS, 2)), problems_solved=rng.choice(MEETING_SOLUTIONS),
                )
                came = [i for i in staff if activity.current(i, day) and day not in activity.on_leave[i.pk]
                        and (i is activity.demo or rng.random() < 0.9)]
                owners = [a.organization_id for i in came for a in activity.current(i, day) if rng.random() < 0.6]
                meetings.append(meeting)
                present.append((meeting, came, list(dict.fromkeys(owners))))
        QuarterlyMeeting.objects.bulk_create(meetings)
        instructors = QuarterlyMeeting.instructors_present.through
        organizations = QuarterlyMeeting.organizations_present.through
        instructors.objects.bulk_create([instructors(quarterlymeeting_id=m.pk, instructor_id=i.pk)
                                         for m, came, _ in present for i in came])
        organizations.objects.bulk_create([organizations(quarterlymeeting_id=m.pk, organization_id=org)
                                           for m, _, owners in present for org in owners])

    def build_spot_checks(self) -> None:
        activity = self.activity
        rng, today = self.rng, self.today
        committees = self.committees()
        later = [street for street, _ in committees[1:] if street is not self.no_meeting] or [s for s, _ in committees[1:]]
        stale = rng.choice(later) if later else None  # its last check is more than a quarter old
        checks: list[SpotCheck] = []
        for street, staff in committees:
            day = today - (rng.randint(100, 140) if street is stale else rng.randint(5, 60)) * DAY
            while day >= activity.start:
                day = activity.working_day(day, back=True)
                available = [i for i in staff if activity.current(i, day) and day not in activity.on_leave[i.pk]] or staff
                chosen = rng.sample(available, min(len(available), rng.choice((1, 1, 2))))
                if activity.laggard in available and activity.laggard not in chosen and day > today - 60 * DAY:
                    chosen.append(activity.laggard)  # the committee has noticed
                for instructor in chosen:
                    result = SpotCheck.Result.GOOD
                    findings = rectification = ""
                    if instructor is activity.laggard or rng.random() < 0.1:
                        result = SpotCheck.Result.MINOR if instructor is not activity.laggard else SpotCheck.Result.SERIOUS
                        findings, rectification = rng.choice(SPOT_CHECK_FINDINGS)
                    checks.append(SpotCheck(region=street, instructor=instructor, date=day, randomly_selected=rng.random() < 0.6,
                                            result=result, findings=findings, rectification=rectification))
                day -= rng.randint(50, 85) * DAY
        SpotCheck.objects.bulk_create(checks)

    # ----------------------------------------------------------------- training (MEM-7)
    def build_trainings(self) -> None:
        activity = self.activity
        rng, today = self.rng, self.today
        # The district's yearly rotation for all instructors, this year's and last year's.
        recent = activity.working_day(today - rng.randint(60, 300) * DAY, back=True)
        earlier = activity.working_day(recent - rng.randint(330, 400) * DAY, back=True)
        title, organizer, hours = TRAININGS[0]
        records: list[TrainingRecord] = []
        for instructor in activity.instructors:
            sessions = [earlier] if rng.random() < 0.7 else []
            if instructor.pk in activity.untrained:
                sessions = sessions if rng.random() < 0.6 else []  # missed this year's (or never trained)
            else:
                sessions.append(recent)
            for day in sessions:
                records.append(TrainingRecord(instructor=instructor, date=day, title=title.format(year=day.year),
                                              organizer=organizer, hours=Decimal(hours)))
            if instructor.pk not in activity.untrained and rng.random() < 0.3:
                title_, organizer_, hours_ = rng.choice(TRAININGS[1:])
                day = activity.working_day(today - rng.randint(20, 330) * DAY, back=True)
                records.append(TrainingRecord(instructor=instructor, date=day, title=title_,
                                              organizer=organizer_.format(street=instructor.region.name), hours=Decimal(hours_)))
        TrainingRecord.objects.bulk_create(records)

    # ----------------------------------------------------------------- evaluations (INS-8)
    def build_evaluations(self) -> None:
        """The last completed half. The quantitative part comes from the data, by the model's own
        scoring; the appraisal scores are drawn per intended grade, so that grades spread and
        only the laggard is 较差 (not yet adjusted)."""
        activity = self.activity
        rng = self.rng
        start, end = activity.last_half
        half = 1 if start.month == 1 else 2
        evaluations: list[Evaluation] = []
        for instructor in activity.instructors:
            if instructor.pk in activity.unevaluated or not any(active_between(a, start, end) for a in activity.assignments[instructor.pk]):
                continue
            if instructor is activity.laggard:
                low, high = APPRAISAL_LEVELS["poor"]
            elif instructor is activity.demo:
                low, high = APPRAISAL_LEVELS["excellent"]
            else:
                low, high = APPRAISAL_LEVELS[rng.choices(("excellent", "good", "fair"), weights=(3, 5, 2))[0]]
            level = rng.uniform(low, high)
            scores = {name: Decimal(round(min(100.0, level + rng.uniform(-3, 3)) * 2) / 2) for name in
                      ("qualitative_score", "owner_score", "employee_score", "member_score", "results_score")}
            item = Evaluation(instructor=instructor, year=start.year, half=half, **scores)
            score(item, activity.params)  # as Evaluation.save() does
            item.comments = EVALUATION_COMMENTS[item.grade]
            evaluations.append(item)
        Evaluation.objects.bulk_create(evaluations)
