"""The grids app's models, one module per part of seed 002: the grid layout and its people
(grids.py: GRID-1, 3, 4, 5), service centres and their subsidies (centres.py: GRID-6), the roll-out
and joint meetings (rollout.py: GRID-7), contact and demonstration points (points.py: REP-3)."""

from liangxin.grids.models.centres import CentreSubsidy, ServiceCentre
from liangxin.grids.models.grids import (
    GridChange,
    Officer,
    OfficerQuerySet,
    PromisingEmployee,
    TrackingRecord,
)
from liangxin.grids.models.points import ContactPoint, ContactVisit, DemonstrationPoint
from liangxin.grids.models.rollout import JointMeeting, RolloutState

__all__ = ["CentreSubsidy", "ContactPoint", "ContactVisit", "DemonstrationPoint", "GridChange", "JointMeeting", "Officer", "RolloutState", "OfficerQuerySet", "PromisingEmployee", "ServiceCentre", "TrackingRecord"]
