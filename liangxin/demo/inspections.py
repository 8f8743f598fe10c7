"""The demo district's annual inspection of last year (年检, REP-2): each street's round over its
organizations, nearly all 合格 or 基本合格, a few 不合格 and 未参检 with their reasons, and a
handful left unentered in one street, so that REP-2 has a few cases, not most."""

from __future__ import annotations

import datetime
import random
from typing import Any

from liangxin.inspections.models import InspectionResult, InspectionRound, Result

FAILED_REMARKS = ("党组织活动不正常，三会一课记录缺失", "未按期换届，限期整改", "党员活动室挪作他用，限期整改")
ABSENT_REMARKS = ("企业停产，负责人联系不上", "未按通知时间报送材料", "搬迁中，申请缓检")


def build_inspections(builder: Any, root, seed: int = 4018) -> None:
    rng, today = random.Random(seed), builder.today
    year = today.year - 1
    streets = list(root.children.order_by("code"))
    for index, street in enumerate(streets):
        round_ = InspectionRound.objects.create(region=street, year=year, department=f"{street.name}党工委",
                                                started_on=datetime.date(year, 12, 1), notes="按党组织隶属关系逐个年检。")
        round_.add_organizations()
        results = list(round_.results.order_by("pk"))
        for result in results:
            draw = rng.random()
            if index == len(streets) - 1 and draw < 0.04:
                continue  # the last street has not entered a few results yet
            if draw < 0.07:
                result.result, result.remarks = Result.ABSENT, rng.choice(ABSENT_REMARKS)
                continue
            result.result = Result.FAILED if draw < 0.11 else Result.BASIC if draw < 0.3 else Result.PASSED
            if result.result == Result.FAILED:
                result.remarks = rng.choice(FAILED_REMARKS)
            result.inspected_on = min(today, datetime.date(year, 12, 1) + datetime.timedelta(days=rng.randint(0, 50)))
        InspectionResult.objects.bulk_update(results, ["result", "remarks", "inspected_on"], batch_size=1000)
