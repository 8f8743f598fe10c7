"""The demo district's quarterly bulletin (REP-3): last quarter's, drafted from the demo's record,
reviewed and frozen with its Word document by the district's administrator, so that the
bulletins page has one issued bulletin to open and download (the next quarter's is the user's
to draft). Built once: a demo that already holds a bulletin (one a user drafted included) is
left as it is."""

from __future__ import annotations

import datetime

from django.utils import timezone

from liangxin.accounts.models import User
from liangxin.core.periods import previous_quarter, quarter_of
from liangxin.regions.models import Region
from liangxin.reports import bulletin_docx, bulletins
from liangxin.reports.models import QuarterlyBulletin

GOOD_PRACTICE = ("坚持“一月一到访、一季一活动、一年一总结”，结对单位与企业党组织共同制定年度共建计划。",
                 "党建工作指导员每周到联系组织工作半天，帮助新建党组织规范“三会一课”。")
REQUIREMENTS = ("各街道要对尚未覆盖的组织逐个制定组建计划，按季度报送进展。",
                "各结对单位要及时在积分行动记录本中记录开展情况，并请组织党组织负责人确认。")


def build_bulletin(root: Region, today: datetime.date) -> None:
    if QuarterlyBulletin.objects.exists():
        return
    start, _ = previous_quarter(today)
    admin = User.objects.filter(username="admin").first()
    now = timezone.now()
    bulletin = QuarterlyBulletin(region=root, year=start.year, quarter=quarter_of(start), good_practice="\n".join(GOOD_PRACTICE),
                                 requirements="\n".join(REQUIREMENTS), status=QuarterlyBulletin.Status.FROZEN,
                                 drafted_at=now, reviewed_by=admin, reviewed_at=now, frozen_by=admin, frozen_at=now)
    bulletin.figures = bulletins.draft(bulletin)
    bulletin.frozen_docx = bulletin_docx.docx(bulletin)
    bulletin.save()
