"""Citations and parameters of the members' rules (MEM-1, MEM-2, MEM-4) and of the development
pipeline's time rules. Declarations only (see liangxin.rules.registry): the models read the
pipeline's numbers from here, the rules in liangxin.members.rules.

The pipeline is the national baseline (DOMAIN.md MEM-4), not a seed: its citations quote
《中国共产党发展党员工作细则》(2014), whose articles every Party organization works by,
and the Party Constitution for the probation year.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

_RULES = "《中国共产党发展党员工作细则》"

# --- Citations -------------------------------------------------------------------------------

C_AGE = Citation("national", f"{_RULES}第五条", "年满十八岁的中国工人、农民、军人、知识分子和其他社会阶层的先进分子……可以申请加入中国共产党")
C_TALK = Citation("national", f"{_RULES}第七条", "党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话")
C_CONTACTS = Citation("national", f"{_RULES}第九条", "党组织应当指定一至两名正式党员作入党积极分子的培养联系人")
C_ACTIVIST_YEAR = Citation(
    "national", f"{_RULES}第十三条", "对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子……可列为发展对象"
)
C_REVIEW = Citation("national", f"{_RULES}第十五条", "对发展对象进行政治审查……未经政治审查或政治审查不合格的，不能发展入党")
C_PROBATION = Citation(
    "national", "《中国共产党章程》第七条", "预备党员的预备期为一年。……预备党员预备期满，党的支部应当及时讨论他能否转为正式党员。"
)
C_001_NEW_MEMBERS = Citation("001", "二(一)2", "三是每年新发展5-8名非公有制企业党员。")

# --- The pipeline's time rules ---------------------------------------------------------------

MIN_AGE = PARAMETERS.declare("applicant_min_age", "申请入党最低年龄", 18, "周岁", C_AGE, minimum=18, maximum=30)
TALK_DAYS = PARAMETERS.declare(
    "application_talk_days", "收到入党申请书后谈话期限", 30, "天", C_TALK, minimum=1, maximum=90,
    note="细则为“一个月内”，按30天计。",
)
CONTACTS = PARAMETERS.declare("cultivating_contacts", "培养联系人（正式党员）人数", 2, "名", C_CONTACTS, minimum=1, maximum=2)
ACTIVIST_DAYS = PARAMETERS.declare(
    "activist_min_days", "列为发展对象前作为入党积极分子的培养天数", 365, "天", C_ACTIVIST_YEAR, minimum=365, maximum=1095,
    note="细则为“一年以上”：确定为入党积极分子满365天后，才能列为发展对象。",
)
PROBATION_YEARS = PARAMETERS.declare("probation_years", "预备期", 1, "年", C_PROBATION, minimum=1, maximum=1)
DUE_WARNING = PARAMETERS.declare(
    "development_warning_days", "发展党员时间节点到期前提醒天数", 30, "天", C_PROBATION, minimum=1, maximum=180,
    note="谈话期限、预备期满转正讨论到期前这些天起提示，过期标为逾期。",
)

# --- MEM-2: new members developed in a town's non-public enterprises ----------------------------

NEW_MEMBERS_MIN = PARAMETERS.declare(
    "town_new_members_min", "每个镇每年在非公企业发展新党员数（下限）", 5, "名", C_001_NEW_MEMBERS, minimum=1,
    note="镇实施方案为每年5-8名：少于下限的街道（乡镇、园区）提示；多于8名不提示。",
)

# --- MEM-3: flowing members --------------------------------------------------------------------

C_003_REGISTER = Citation("003", "§二 第二", "在“兩新”組織中實行“凡進必登、凡登必核”的管理辦法")
C_003_KNOW = Citation("003", "§二 第二", "做到知現狀、知想法、知去向")
C_003_LEDGER = Citation("003", "§二 第二", "要認真做好建立流動黨員信息管理臺帳、查驗補發《流動黨員活動證》")

FLOW_VERIFY_DAYS = PARAMETERS.declare(
    "flow_verify_days", "流动党员登记后核实期限", 30, "天", C_003_REGISTER, minimum=1, maximum=180,
    note="文件要求“凡登必核”，未给出天数：登记后这些天内仍未与对方党组织核实的，提示核实。",
)
