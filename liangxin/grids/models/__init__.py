"""The grids app's models, one module per part of seed 002: the grid layout and its people
(grids.py: GRID-1, 3, 4, 5), service centres and their subsidies (centres.py: GRID-6)."""

from liangxin.grids.models.centres import CentreSubsidy, ServiceCentre
from liangxin.grids.models.grids import (
    GridChange,
    Officer,
    OfficerQuerySet,
    PromisingEmployee,
    TrackingRecord,
)

__all__ = ["CentreSubsidy", "GridChange", "Officer", "OfficerQuerySet", "PromisingEmployee", "ServiceCentre", "TrackingRecord"]
