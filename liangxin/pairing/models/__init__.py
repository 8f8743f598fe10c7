"""结对共建 (seed 004): government units paired with 两新 organizations, and the points system
built on them.

The models are split by part (register: units and pairings; points: the points record); this package re-exports every
one, so `from liangxin.pairing.models import X` names them all.
"""

from liangxin.pairing.models.assessment import SelfAssessment
from liangxin.pairing.models.evaluation import Invitation, UnitEvaluation
from liangxin.pairing.models.inspection import Inspection, InspectionQuerySet
from liangxin.pairing.models.points import PointsRecord, PointsRecordQuerySet, RecordPhoto
from liangxin.pairing.models.register import PairedUnit, PairedUnitQuerySet, Pairing, PairingQuerySet

__all__ = ["Inspection", "InspectionQuerySet", "UnitEvaluation", "Invitation", "PairedUnit", "PairedUnitQuerySet", "Pairing", "PairingQuerySet", "PointsRecord", "PointsRecordQuerySet",
           "RecordPhoto", "SelfAssessment"]
