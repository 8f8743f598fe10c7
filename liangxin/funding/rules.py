"""FUND-2 (dues returned in full) and FUND-3 (0.5%–2% of payroll set aside), last year's, which
is complete; FUND-1 is the funding page's budget and balance; FUND-4 (the service centres'
subsidies, 002 四 2) is a figure of the funding page (liangxin.funding.subsidies), whose park
centres below their subsidy are GRID-6B's rows: one check, not two."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import CharField, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from liangxin.funding.models import SetAside
from liangxin.funding.parameters import C_DUES, C_SET_ASIDE, SET_ASIDE_MIN
from liangxin.grids.parameters import (
    C_002_PARK_SUBSIDY,
    C_002_PILOT_SUBSIDY,
    COUNTY_PILOT_SUBSIDY,
    PARK_CENTRE_SUBSIDY,
)
from liangxin.organizations.models import covered_by_party_org
from liangxin.rules.queries import text, today
from liangxin.rules.registry import Rule

FUND = "党建经费"


def fund2(qs, params):
    year = today().year - 1
    return qs.filter(year=year, returned__lt=F("retained")).annotate(
        finding=text(str(year), "年留存党费应返还", F("retained"), "元，已返还", F("returned"), "元"))


def fund3(qs, params):
    year = today().year - 1
    amount = Subquery(SetAside.objects.filter(organization=OuterRef("pk"), year=year).values("amount")[:1])
    money = DecimalField(max_digits=20, decimal_places=4)
    return (
        qs.active().filter(covered_by_party_org(), payroll__gt=0)
        .annotate(set_aside=Coalesce(amount, Value(Decimal("0")), output_field=money),
                  floor=ExpressionWrapper(F("payroll") * 10000 * params.expr(SET_ASIDE_MIN, "region__path") / 10000,
                                          output_field=money))
        .filter(Q(set_aside__lt=F("floor")))
        .annotate(finding=text(str(year), "年列支党员教育活动经费", F("set_aside"), "元，低于工资总额的下限（",
                               F("floor"), "元）"))
        .annotate(kind_text=Value("", output_field=CharField()))
    )


RULES = (
    Rule("FUND-2", "党费留存部分未全额返还", FUND, (C_DUES,), "将上年“两新”组织党员所缴党费的留存部分全额返还给党组织。",
         model="funding.DuesReturn", query=fund2, region_path_field="party_org__region__path", search_fields=("party_org__name",)),
    Rule("FUND-3", "党员教育活动经费低于工资总额的0.5%", FUND, (C_SET_ASIDE,),
         "督促组织按职工工资总额的万分之{set_aside_min_basis_points}以上列支党员教育活动经费，并据实在税前扣除。",
         parameters=(SET_ASIDE_MIN,), query=fund3),
    Rule("FUND-4", "党群服务中心资金补助和城乡试点工作补贴", FUND, (C_002_PARK_SUBSIDY, C_002_PILOT_SUBSIDY),
         "核对市非公党工委对每个园区党群中心{grid_park_centre_subsidy}元的资金补助、对全面启动城乡试点的县区不少于"
         "{grid_county_pilot_subsidy}元的工作补贴，到位后在党群服务中心页登记补助。",
         model="grids.CentreSubsidy", parameters=(PARK_CENTRE_SUBSIDY, COUNTY_PILOT_SUBSIDY), kind="figure",
         link="funding:funding",
         scope_note="经费概况页按年度、区域合计各类补助（精确到分），并列出应到未到的金额；缺补助的园区中心逐个见 GRID-6B，"
                    "城乡试点按县区内登记的工作补贴累计核对。"),
)
