"""Citations and parameters of the rules in liangxin.rules.catalogue (ORG, COV, GRID and the
ledger's MEM rules). Declarations only: this module imports nothing of the project but the
registry's types, so models and other apps (the ledger's census threshold) can import it.

Quotes are copied from the seed files (traditional characters where the seed has them, the
seeds' pinyin glosses removed); tests check that every quote occurs in its seed.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

# --- Citations -------------------------------------------------------------------------------

C_003_ESTABLISH = Citation("003", "§二 第一", "有3名以上正式黨員、具備組建條件的“兩新”組織,要及時組建黨組織。")
C_001_ESTABLISH = Citation("001", "二(一)1", "对新引进或开办的企业,且有3名以上正式党员、条件成熟的,同步建立党组织")
C_003_JOINT = Citation(
    "003", "§二 第一", "不足3名的,按照業務相近、地域相鄰的原則,采取聯合組建、村(社區)企聯建、依托行業協會組建等多種方式建立黨組織。"
)
C_001_JOINT = Citation("001", "二(一)1", "对暂不具备单独组建条件的,建立联合党组织")
C_004_STANDALONE = Citation(
    "004", "三(一)", "在有5名以上正式黨員、有合適支部書記人選、生產經營穩定的“兩新”組織中,單獨建立黨組織"
)
C_003_TRANSFER = Citation("003", "§二 第一", "暫時不能建立黨組織的,可將黨員組織關系轉入業務主管單位或掛靠單位黨組織。")
C_003_SIZE = Citation("003", "§二 第一", "黨員人數接近或超過50名的,應建立黨總支;接近或超過100名的,可建立基層黨委")
C_001_DISSOLVE = Citation("001", "二(一)1", "对已停产关闭的企业,及时解散党组织")
C_001_MEMBERS50 = Citation("001", "二(一)2", "努力实现职工50人以上的非公企业有党员")
C_003_TARGET2009 = Citation(
    "003", "§二", "力爭在2009年內,基本實現從業人員50人以上的“兩新”組織有黨員,100人以上的“兩新”組織有黨組織的目標"
)
C_001_WORK = Citation(
    "001", "二(一)1",
    "因条件暂不具备未建立党组织的企业,要通过选派党建工作指导员,依托工会、共青团、妇委会等群团组织,积极开展党的工作,推动企业建立党组织,实现党的工作覆盖。",
)
C_003_WORK = Citation(
    "003", "§二 第一", "目前還沒有黨員的,可采取選派黨建工作指導員、先行建立工會、婦聯和共青團等群團組織、推薦黨員到“兩新”組織就業等方式,為建立黨組織創造條件。"
)
C_001_DEPUTY = Citation("001", "二(一)2", "规模较大、党员数量较多的企业,主要出资人担任党组织书记的,可配备1名副书记,主抓党建工作。")
C_001_ELECTION = Citation("001", "二(二)2", "落实党的组织生活制度,非公企业党组织要按期换届")
C_NATIONAL_TERMS = Citation("national", "《中国共产党章程》《中国共产党支部工作条例（试行）》", "党的基层委员会每届任期5年，党的总支部委员会、支部委员会每届任期3年")
C_003_STAGES = Citation("003", "§二", "按照“無組織抓組建、有組織抓規范、已規范抓提高”的要求")
C_001_TARGETS = Citation("001", "一", "确保党的组织和工作100%覆盖,60%以上非公企业达到“双强六好”标准")
C_003_FIVE_GOOD = Citation(
    "003", "§二", "80%以上的“兩新”組織的黨組織達到領導班子好、隊伍素質好、制度建設好、工作業績好、群眾反映好的“五個好”目標"
)
C_003_OVERVIEW = Citation("003", "§一", "目前,全縣共有“兩新”組織10001家,從業人員3.24萬人,黨員668名")
C_003_OVERVIEW_PO = Citation("003", "§一", "全縣共建立“兩新”黨組織42個(其中新經濟組織37個、新社會組織5個)")
C_002_GRID = Citation("002", "二(一)", "划分的每个网格企业数一般不超过30家。")
C_002_TRACK = Citation("002", "二(二)", "及时掌握辖区非公企业增减、党员流入流出、企业员工中优秀分子等情况")
C_001_ACTIVISTS = Citation("001", "二(一)2", "每个企业每年至少要培养1—2名入党积极分子。")
C_004_ACTIVISTS = Citation("004", "三(三)", "每年至少要培養1名入黨積極分子")
C_003_REGISTER = Citation("003", "§二 第二", "在“兩新”組織中實行“凡進必登、凡登必核”的管理辦法")
C_003_FLOW_CERT = Citation("003", "§二 第二", "要持黨員證明信、《流動黨員活動證》等憑證,參加黨組織活動")
C_003_FLOW_PLACE = Citation("003", "§二 第二", "對沒有納入黨組織管理的流動黨員,要及時編入黨的組織")

# --- Parameters ------------------------------------------------------------------------------

ESTABLISH_MIN = PARAMETERS.declare("establish_min_members", "应建党组织的正式党员数", 3, "名", C_003_ESTABLISH, minimum=1)
STANDALONE_MIN = PARAMETERS.declare(
    "standalone_min_members", "单独组建的正式党员数", 3, "名", C_003_ESTABLISH, minimum=3,
    note="文件规定不一：镇实施方案和县讲话为3名，区结对共建通知（深龙委办〔2010〕38号）三(一)为5名；各区可按本地文件设定。",
)
# 004 三(一) asks the paired unit to help its organization set up a party organization of its own
# "在有5名以上正式黨員…的“兩新”組織中": for a paired organization, ORG-2 reads this threshold
# instead of standalone_min_members (the higher of the two counts; a clause of ORG-2, not a rule).
PAIRED_STANDALONE_MIN = PARAMETERS.declare(
    "paired_standalone_min_members", "结对组织单独组建的正式党员数", 5, "名", C_004_STANDALONE, minimum=3,
    note="结对共建通知三(一)：结对的两新组织有5名以上正式党员、有合适支部书记人选、生产经营稳定的单独建立党组织；"
         "不足的按联合组建建议。取本参数与“单独组建的正式党员数”中较大者。",
)
GENERAL_BRANCH_MIN = PARAMETERS.declare("general_branch_min_members", "应设党总支的党员数", 50, "名", C_003_SIZE, minimum=1)
COMMITTEE_MIN = PARAMETERS.declare("committee_min_members", "可设基层党委的党员数", 100, "名", C_003_SIZE, minimum=1)
MEMBERS_EMPLOYEES = PARAMETERS.declare("members_employee_threshold", "应有党员的从业人员数", 50, "人", C_001_MEMBERS50, minimum=1)
PARTY_ORG_EMPLOYEES = PARAMETERS.declare("party_org_employee_threshold", "应有党组织的从业人员数", 100, "人", C_003_TARGET2009, minimum=1)
LARGE_EMPLOYEES = PARAMETERS.declare(
    "large_enterprise_employees", "“规模较大”企业的从业人员数", 100, "人", C_001_DEPUTY, minimum=1,
    note="镇实施方案未给出数字，默认沿用县讲话“100人以上”的口径。",
)
BRANCH_TERM = PARAMETERS.declare("branch_term_years", "党支部、党总支每届任期", 3, "年", C_NATIONAL_TERMS, minimum=1, maximum=10)
COMMITTEE_TERM = PARAMETERS.declare("committee_term_years", "基层党委每届任期", 5, "年", C_NATIONAL_TERMS, minimum=1, maximum=10)
ELECTION_WARNING = PARAMETERS.declare("election_warning_days", "换届到期前提醒天数", 90, "天", C_001_ELECTION, maximum=730)
TARGET_ORG = PARAMETERS.declare("target_org_coverage", "组织覆盖率目标", 100, "%", C_001_TARGETS, maximum=100)
TARGET_WORK = PARAMETERS.declare("target_work_coverage", "工作覆盖率目标", 100, "%", C_001_TARGETS, maximum=100)
TARGET_SSH = PARAMETERS.declare("target_two_strong_six_good", "“双强六好”达标率目标", 60, "%", C_001_TARGETS, maximum=100)
TARGET_FIVE = PARAMETERS.declare("target_five_good", "“五个好”达标率目标", 80, "%", C_003_FIVE_GOOD, maximum=100)
GRID_MAX = PARAMETERS.declare("grid_max_enterprises", "每个网格企业数上限", 30, "家", C_002_GRID, minimum=1)
ACTIVISTS = PARAMETERS.declare(
    "activists_per_year", "每个企业每年培养入党积极分子数", 1, "名", C_001_ACTIVISTS, minimum=1,
    note="镇实施方案为“1—2名”：默认取下限；MEM-1 按近一年确定为入党积极分子的人数计。",
)
# MEM-1's clause for paired organizations (004 三(三)): the same rule, its own number.
PAIRED_ACTIVISTS = PARAMETERS.declare(
    "paired_activists_per_year", "结对共建组织每年培养入党积极分子数", 1, "名", C_004_ACTIVISTS, minimum=1,
)
FLOW_WARNING = PARAMETERS.declare("flow_certificate_warning_days", "流动党员活动证到期前提醒天数", 30, "天", C_003_FLOW_CERT, maximum=365)
