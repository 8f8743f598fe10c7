"""Party-building instructors (党建工作指导员): the management measures of seed 000.

An instructor's jurisdiction is the organizations currently assigned to them, and an
assignment gives an organization work coverage (ORG-7) unless the instructor is on a long leave
(art. 17): then only a reassigned instructor covers it. Around these two models: training
(MEM-7), work plans (art. 3), visits and the work log (art. 12), major-event reports (art. 16),
leave (art. 17), quarterly meetings (art. 11, 14), spot checks (art. 15) and half-yearly
evaluations (art. 19-21).

Scoping: region roles see what concerns their own instructors (the instructor's managing
street) and, for records about an organization, what concerns organizations in their subtree.
An instructor sees the records of their organizations and only their own personal records;
they change only what they wrote themselves.

The models are split by part (roster, work, leave, committee, evaluation); this package
re-exports every one, so `from liangxin.instructors.models import X` names them all.
"""

from liangxin.instructors.models.committee import QuarterlyMeeting, SpotCheck
from liangxin.instructors.models.evaluation import Evaluation
from liangxin.instructors.models.leave import Leave, LeaveQuerySet
from liangxin.instructors.models.roster import (
    Assignment,
    AssignmentQuerySet,
    Instructor,
    InstructorQuerySet,
    TrainingRecord,
)
from liangxin.instructors.models.work import (
    MajorEventReport,
    Visit,
    VisitPhoto,
    WorkPlan,
    _photo_path,  # noqa: F401 -- migration 0004 names it here
)

__all__ = [
    "Assignment", "AssignmentQuerySet", "Evaluation", "Instructor", "InstructorQuerySet", "Leave", "LeaveQuerySet",
    "MajorEventReport", "QuarterlyMeeting", "SpotCheck", "TrainingRecord", "Visit", "VisitPhoto", "WorkPlan",
]
