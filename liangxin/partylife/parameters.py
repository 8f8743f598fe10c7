"""Citations and parameters of party life (seeds 001, 003 and the national baseline): the
三会一课 cadence, the policy-and-law study (MEM-5), the monthly half day (MEM-6) and the
archive's photos (STD-5). Declarations only: this module imports nothing of the project but
the registry's types, so the models read their numbers from here.

Quotes are copied from the seeds, traditional characters kept; the national baseline's quotes
are from the 《中国共产党支部工作条例（试行）》(2018) as published.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

# --- Citations -------------------------------------------------------------------------------

C_ARCHIVE = Citation(
    "001", "二(一)4",
    "非公企业党组织开展的所有活动,包括“三会一课”、各种会议、学习培训、民主评议、文体活动等情况,用专门记录本作好记载,以图片资料形式,按照统一标准分类建档",
)
C_THREE_MEETINGS = Citation(
    "national", "《中国共产党支部工作条例（试行）》第十五条",
    "党支部要严格执行“三会一课”制度。支部党员大会一般每季度召开1次，支部委员会会议一般每月召开1次，党小组会一般每月召开1次，"
    "党课每季度至少1次",
)
C_COMMITTEE = Citation(
    "national", "《中国共产党支部工作条例（试行）》第八条",
    "正式党员7人以上的党支部，设立支部委员会",
)
C_GROUPS = Citation(
    "national", "《中国共产党支部工作条例（试行）》第九条",
    "党员人数较多或者党员工作地、居住地比较分散的党支部，按照便于组织开展活动原则，应当划分若干党小组",
)
C_POLICY_STUDY = Citation("003", "§二 第三", "黨組織每季度至少組織一次黨員學習有關政策和法律法規的活動")
C_HALF_DAY = Citation("003", "§三 三", "業主要保證黨組織每月至少有半天的活動時間")
C_CROSS = Citation("001", "二(二)1", "实行党支部成员与企业管理层交叉任职,提倡党支部书记兼任企业副总经理和工会主席")
C_CROSS_003 = Citation("003", "§二 第四", "具備條件的,可實行黨員業主與黨組織書記“一肩挑”")

# --- 三会一课 (national baseline; the seeds name it, 004 三(二)) -----------------------------

GENERAL_MEETINGS = PARAMETERS.declare(
    "partylife_general_meetings_per_quarter", "支部党员大会每季度次数", 1, "次", C_THREE_MEETINGS, maximum=12)
COMMITTEE_MEETINGS = PARAMETERS.declare(
    "partylife_committee_meetings_per_month", "支委会每月次数", 1, "次", C_THREE_MEETINGS, maximum=10)
GROUP_MEETINGS = PARAMETERS.declare(
    "partylife_group_meetings_per_month", "党小组会每月次数", 1, "次", C_THREE_MEETINGS, maximum=10)
LECTURES = PARAMETERS.declare(
    "partylife_lectures_per_quarter", "党课每季度次数", 1, "次", C_THREE_MEETINGS, maximum=12)
COMMITTEE_MIN_MEMBERS = PARAMETERS.declare(
    "partylife_committee_min_members", "设支委会（须开支委会）的党员数", 7, "名", C_COMMITTEE, minimum=1,
    note="党员不足此数的党支部不设支部委员会，不要求开支委会。按党员名册计（无名册的按台账报送数）。")
GROUP_MIN_MEMBERS = PARAMETERS.declare(
    "partylife_group_min_members", "划分党小组（须开党小组会）的党员数", 15, "名", C_GROUPS, minimum=1,
    note="条例只说“党员人数较多”，默认15名，请按本地规定修改。")
CADENCE_GRACE_DAYS = PARAMETERS.declare(
    "partylife_cadence_grace_days", "三会一课、学习和活动时间的补录宽限天数", 10, "天", C_THREE_MEETINGS, maximum=90,
    note="月、季度结束后再过这些天仍无记录，才列为未落实（留出补录的时间）。")

# --- MEM-5, MEM-6 ---------------------------------------------------------------------------

POLICY_STUDIES = PARAMETERS.declare(
    "partylife_policy_studies_per_quarter", "政策法规学习每季度次数", 1, "次", C_POLICY_STUDY, minimum=1, maximum=12)
MONTHLY_HOURS = PARAMETERS.declare(
    "partylife_monthly_activity_hours", "每月党的活动时间（半天）", 4, "小时", C_HALF_DAY, minimum=1, maximum=100,
    note="“半天”按4小时计；一个月内各项活动的时长合计。")

# --- MEM-7 secretaries' part (003 §二 第二) ---------------------------------------------------

C_SECRETARY_TRAINING = Citation("003", "§二 第二", "每年要對“兩新”組織黨組織書記和專職黨務工作者進行一次集中培訓")
SECRETARY_TRAINING_DAYS = PARAMETERS.declare(
    "partylife_secretary_training_days", "党组织书记、专职党务工作者培训间隔", 365, "天", C_SECRETARY_TRAINING, minimum=1,
    maximum=731, note="“每年一次”按最近一次集中培训距今不超过这些天计；书记须已在党员名册中登记，专职党务工作者按在任名单。")

# --- STD-5 archive --------------------------------------------------------------------------

PHOTO_DAYS = PARAMETERS.declare(
    "partylife_photo_days", "活动补传图片资料期限", 7, "天", C_ARCHIVE, maximum=90,
    note="活动日期后超过这些天仍没有照片的，列为未按要求建档。")

# The kinds of the unified classification that the rules above count, by code: the rows are
# data (ActivityKind, an administrator adds more), these codes name the ones policy speaks of.
GENERAL_MEETING, COMMITTEE_MEETING, GROUP_MEETING, LECTURE = "general_meeting", "committee_meeting", "group_meeting", "lecture"
POLICY_STUDY = "policy_study"

# (code, name, 三会一课, description): the classification's first rows. Migration 0002 installs
# its own copy; `ActivityKind.objects.install_defaults()` puts back what a flush removed (the
# demo's reset, the tests' transactional cases).
DEFAULT_KINDS = (
    (GENERAL_MEETING, "支部党员大会", True, "三会一课：一般每季度召开1次"),
    (COMMITTEE_MEETING, "支委会", True, "三会一课：一般每月召开1次"),
    (GROUP_MEETING, "党小组会", True, "三会一课：一般每月召开1次"),
    (LECTURE, "党课", True, "三会一课：每季度至少1次"),
    ("life_meeting", "组织生活会", False, "一般每年召开1次"),
    ("appraisal", "民主评议党员", False, "一般每年开展1次"),
    ("theme_day", "主题党日", False, "每月相对固定1天"),
    ("training", "学习培训", False, ""),
    (POLICY_STUDY, "政策法规学习", False, "每季度至少1次（县讲话）"),
    ("culture", "文体活动", False, ""),
    ("other", "其他活动", False, ""),
)
