"""Citations and parameters of Party-building funding (FUND-1…3, seed 003 §三 三). Declarations
only (see liangxin.rules.registry); quotes verbatim from the seed, traditional characters kept."""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

C_BUDGET = Citation("003", "§三 三", "縣財政按照每位黨員50元的標準,把“兩新”組織黨建工作經費列入年度財政預算,并按黨組織隸屬關系撥付。")
C_DUES = Citation("003", "§三 三", "組織部將“兩新”組織黨員所繳納黨費的留存部分全額返還。")
C_SET_ASIDE = Citation("003", "§三 三", "“兩新”組織應參照國有企業標準,按職工工資總額的0.5%至2%列支黨員教育活動經費")

PER_MEMBER = PARAMETERS.declare("funding_per_member_yuan", "每名党员每年党建工作经费", 50, "元", C_BUDGET, minimum=1, maximum=10000)
SET_ASIDE_MIN = PARAMETERS.declare(
    "set_aside_min_basis_points", "党员教育活动经费占工资总额下限", 50, "万分之", C_SET_ASIDE, minimum=1, maximum=10000,
    note="0.5%即万分之50。",
)
SET_ASIDE_MAX = PARAMETERS.declare(
    "set_aside_max_basis_points", "党员教育活动经费占工资总额上限", 200, "万分之", C_SET_ASIDE, minimum=1, maximum=10000,
    note="2%即万分之200：超过上限的不提示，只在经费页面标出。",
)
