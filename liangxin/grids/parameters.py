"""Citations and parameters of the grid rules in liangxin.grids.rules (seed 002). Declarations
only (see liangxin.rules.registry); quotes are verbatim from the seed."""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

C_002_LEAD = Citation("002", "二(一)", "依托网格内生产经营好、党建工作扎实的企业党组织牵头进行联络服务")
C_002_LEAD_DUTY = Citation("002", "二(二)2", "村社区党组织及其它网格牵头党组织:对区域内非公企业发挥联络服务")
C_002_OFFICERS = Citation("002", "二(四)", "一名工作人员具体负责非公党建工作")
C_002_TRACK = Citation("002", "二(二)2", "加强调查摸底和动态联络,及时掌握辖区非公企业增减、党员流入流出、企业员工中优秀分子等情况")
C_002_DUTY = Citation("002", "四 1", "要明确街道、乡镇、社区和村抓非公企业党建工作的责任")

TRACKING_DAYS = PARAMETERS.declare(
    "grid_tracking_days", "网格动态跟踪记录间隔", 31, "天", C_002_TRACK, minimum=1, maximum=366,
    note="文件要求“及时掌握”，未给出天数；默认每月至少记录一次，与网格责任人的月度简报一致。",
)
