"""Citations and parameters of the grid rules in liangxin.grids.rules (seed 002). Declarations
only (see liangxin.rules.registry); quotes are verbatim from the seed."""

import calendar
import datetime

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

# --- GRID-6: service centres and their subsidies (002 二(三), 四 2) ------------------------------
C_002_CENTRES = Citation("002", "二(三)", "重点在工业园区、乡镇街道、商务楼宇、商贸区、专业市场等处改造完善党员活动和服务阵地,统筹建设开放式党群服务中心")
C_002_PARK_CENTRE = Citation("002", "四 2", "各工业园区要严格按照规定进度建设启用党群服务中心")
C_002_PARK_PILOT = Citation("002", "三 1", "4月底前全面建成高新区党群服务中心")
C_002_PARK_SUBSIDY = Citation("002", "四 2", "市非公党工委将给予每个园区党群中心10万元的资金补助")
C_002_PILOT_SUBSIDY = Citation("002", "四 2", "市非公党工委对按规定全面启动城乡试点的县区,一次性给予不少于5万元的工作补贴")

DATE_UNIT = "日期（年月日八位数字，如 20160430）"


def as_date(value: int) -> datetime.date:
    """A date parameter's value (YYYYMMDD, the parameters being integers) as a date; a day past
    the month's end (20160631) is read as the month's last day."""
    year, month, day = value // 10000, max(1, min(12, value // 100 % 100)), max(1, value % 100)
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


PARK_CENTRE_DEADLINE = PARAMETERS.declare(
    "grid_park_centre_deadline", "园区党群服务中心建成启用期限", 20160430, DATE_UNIT, C_002_PARK_PILOT,
    minimum=20000101, maximum=29991231,
    note="文件：高新区4月底前建成，经开区、生态经济区“月底前”建成（原文缺月份）；默认取4月30日，其他园区可按区域设置。",
)
PARK_CENTRE_SUBSIDY = PARAMETERS.declare(
    "grid_park_centre_subsidy", "园区党群中心市级资金补助", 100000, "元", C_002_PARK_SUBSIDY, minimum=0,
)
COUNTY_PILOT_SUBSIDY = PARAMETERS.declare(
    "grid_county_pilot_subsidy", "城乡试点县区工作补贴下限", 50000, "元", C_002_PILOT_SUBSIDY, minimum=0,
    note="一次性补贴，重点用于对街道乡镇的奖励；按县区内各中心登记的“城乡试点工作补贴”合计核对。",
)

# --- GRID-7: roll-out by phases and joint meetings (002 三, 四 1) --------------------------------
C_002_PILOT = Citation("002", "三 2", "6月底前,各县区在至少1个乡镇和1个街道改造建设服务辖区各领域的区域党员服务中心,试行非公企业党建网格化管理")
C_002_DIVIDE = Citation("002", "三 2", "完成对整个县区的划片分格,建立网格化管理制度和考评机制,落实县区、街道、乡镇责任,开展相关党务人员的培训")
C_002_ROLLOUT = Citation("002", "三 2", "10月底前,各县区全面推行网格化管理")
C_002_ASSESS = Citation("002", "三 2", "纳入各级基层党的建设目标考核和党组织书记党建述职范围")
C_002_SUMMARY = Citation("002", "三 3", "进一步总结完善网格化管理制度机制")
C_002_JOINT = Citation("002", "四 1", "协调解决工作中存在的问题")

PILOT_DEADLINE = PARAMETERS.declare(
    "grid_pilot_deadline", "城乡试点启动期限", 20160630, DATE_UNIT, C_002_PILOT, minimum=20000101, maximum=29991231,
    note="各县区至少1个乡镇和1个街道试点；文件为2016年6月底，后推行的县区按本地进度设置。",
)
ROLLOUT_DEADLINE = PARAMETERS.declare(
    "grid_rollout_deadline", "全面推行网格化管理期限", 20161031, DATE_UNIT, C_002_ROLLOUT, minimum=20000101, maximum=29991231,
    note="期限前完成划片分格、建立制度和考评机制、开展培训；文件为2016年10月底。",
)
SUMMARY_DEADLINE = PARAMETERS.declare(
    "grid_summary_deadline", "总结完善阶段期限", 20161231, DATE_UNIT, C_002_SUMMARY, minimum=20000101, maximum=29991231,
    note="文件第三阶段“总结完善（2016年）”，取年底；推进情况页按此显示阶段。",
)

# The phases of 002 三, in order, each with the parameter holding its deadline.
PHASES = (
    ("park_pilot", "园区试点推行", PARK_CENTRE_DEADLINE),
    ("pilot", "城乡试点推行", PILOT_DEADLINE),
    ("rollout", "全面推行", ROLLOUT_DEADLINE),
    ("summary", "总结完善", SUMMARY_DEADLINE),
)

# --- REP-3: contact points and demonstration points (003 §三 二) ---------------------------------
C_003_CONTACT = Citation("003", "§三 二", "要定期到聯系點開展調查研究,及時加強督促指導")
C_003_DEMONSTRATION = Citation("003", "§三 二", "通過創建一批“兩新”組織黨建工作示范點,發揮示范帶動作用")

CONTACT_VISIT_DAYS = PARAMETERS.declare(
    "rep_contact_visit_days", "联系点走访间隔", 92, "天", C_003_CONTACT, minimum=1, maximum=366,
    note="文件要求“定期”，未给出天数；默认每季度至少走访一次。",
)
