"""Citations and parameters of the annual inspection (年检, REP-2, seed 003 §三 二). Declarations
only (see liangxin.rules.registry); quotes verbatim from the seed, traditional characters kept."""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

C_INSPECTION = Citation("003", "§三 二", "建立“兩新”組織黨建工作年檢和統計工作年報制度,按照黨組織隸屬關系,由上級主管部門負責對"
                                          "所管理的“兩新”組織進行黨建工作年檢和統計工作年報")
C_YEAR_END = Citation("003", "§三 二", "負責統計所登記非公經濟組織的黨建工作情況,年底向組織部門報告")

GRACE_MONTHS = PARAMETERS.declare(
    "inspection_grace_months", "年检结果录入宽限期", 0, "个月", C_YEAR_END, minimum=0, maximum=11,
    note="年检和年报在年底报告，次年1月起提示上年未年检的组织；如需给录入留出时间，可设为1至3个月。",
)
