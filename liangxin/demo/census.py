"""The demo district's census (摸底) in progress: opened for the whole district three weeks ago,
a month to go, the first streets well on with it and the last barely started, so the census
pages show progress by street, records filled in both ways (a plan, or the reasons) and many
still to do."""

import datetime
import random

from liangxin.ledger.models import Census, CensusRecord
from liangxin.regions.models import Region
from liangxin.rules.parameters import STANDALONE_MIN
from liangxin.rules.values import ParameterValues

REASONS = ("党员人数不足3名", "出资人顾虑影响经营", "员工流动性大", "刚成立不久，人员未稳定")
COUNTERMEASURES = ("选派党建指导员联系", "纳入联合党支部", "发展入党积极分子", "做好出资人思想工作")
RESPONSIBLE = ("街道党建办", "社区党委", "网格党支部")
MODES = ("standalone", "joint", "industry", "territorial")


def build_census(root: Region, rng: random.Random, today: datetime.date) -> Census:
    resolved = ParameterValues().resolve(STANDALONE_MIN, root.path)
    census = Census.objects.create(
        name=f"{today.year}年度两新组织党建工作摸底", year=today.year, region=root,
        deadline=today + datetime.timedelta(days=30), threshold=resolved.value, threshold_source=resolved.source[:200],
    )
    census.populate()
    streets = list(root.children.order_by("code").values_list("path", flat=True))
    records = list(CensusRecord.objects.filter(census=census).select_related("region", "census"))
    filled = []
    for record in records:
        street = next((i for i, path in enumerate(streets) if record.region.path.startswith(path)), len(streets))
        share = max(0.05, 0.9 - 0.12 * street)  # the first street nearly done, the last barely begun
        if rng.random() >= share:
            continue
        record.surveyed = True
        record.surveyed_on = today - datetime.timedelta(days=rng.randint(0, 20))
        if record.needs_plan:
            record.plan_target_date = today + datetime.timedelta(days=rng.randint(30, 180))
            record.plan_mode = rng.choice(MODES)
            record.plan_responsible = rng.choice(RESPONSIBLE)
            record.secretary_candidate = "待定"
        elif record.needs_reasons:
            record.reasons = rng.choice(REASONS)
            record.responsibility = rng.choice(RESPONSIBLE)
            record.countermeasures = rng.choice(COUNTERMEASURES)
        record.owner_attitude = rng.choice(CensusRecord.Attitude.values)
        filled.append(record)
    fields = ["surveyed", "surveyed_on", "plan_target_date", "plan_mode", "plan_responsible", "secretary_candidate",
              "reasons", "responsibility", "countermeasures", "owner_attitude"]
    CensusRecord.objects.bulk_update(filled, fields, batch_size=1000)
    return census
