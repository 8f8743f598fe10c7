"""Citations and parameters of the instructor rules (liangxin.instructors.rules), seed 000 unless
marked. Declarations only: this module imports nothing of the project but the registry's types,
so the instructors' models (Leave's reassignment threshold) and the compliance and evaluation
modules read their policy numbers from here.

Quotes are copied from the seeds, traditional characters kept and pinyin glosses removed.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

# --- Citations -------------------------------------------------------------------------------

C_001_SELECT = Citation("001", "二(一)2", "主要从机关事业单位在职(或离任)党员干部中选派(或聘任)党建工作指导员,采取“一对一”或“一对多”方式,驻企指导党建工作。")
C_002_TEAM = Citation("002", "二(四)", "重点通过选派挂职干部、退二线干部等方式,建立一支相对专职的党建指导员队伍")
C_ART3 = Citation("000", "第三条", "黨建工作指導員要結合企業工作實際,制定科學的黨建工作計劃和工作目標。")
C_ART12 = Citation("000", "第十二条", "黨建工作指導員每周至少抽出半天時間深入企業,認真履行職責")
C_ART12_LOG = Citation("000", "第十二条", "認真記好《工作日志》,做到工作有匯報,問題有落實。")
C_ART13 = Citation("000", "第十三条", "注意發現非公企業黨建工作中存在的問題,探索非公黨建的新路子,創新工作方法,積極打造非公黨建的示范點。")
C_ART11 = Citation("000", "第十一条", "以每季度召開例會、座談會、交流會,定期和不定期的督促檢查等方式,加強對黨建工作指導員的管理")
C_ART14 = Citation("000", "第十四条", "各黨(工)委每季度至少召開一次派駐企業業主和黨建工作指導員工作例會")
C_ART15 = Citation("000", "第十五条", "各黨(工)委定期抽查到崗記錄、工作日志,督促黨建工作指導員工作落實。")
C_ART16 = Citation("000", "第十六条", "黨建工作指導員在工作中遇到重大事項,包括企業變更、轉讓、撤銷、兼并及一些對社會影響較大的突發事件等,要及時上報相關情況。")
C_ART17 = Citation("000", "第十七条", "黨建工作指導員因各種原因,需請假一個月以上的,派出單位要及時調整安排新的指導員,保持工作的連續性。")
C_ART19 = Citation("000", "第十九条", "黨建工作指導員的考核結果納入派出單位黨建工作考核范圍。")
C_ART20 = Citation("000", "第二十条", "每半年對黨建工作指導員進行一次考評。")
C_ART20_POOR = Citation("000", "第二十条", "對考評較差的黨建工作指導員,給予批評教育,及時進行調整。")
C_ART21 = Citation("000", "第二十一条", "采取定性與定量、群眾評議和工作實績評估相結合的辦法,對其做出客觀公正的評價")
C_002_TRAINING = Citation("002", "二(四)", "要加强党建指导员和网格牵头党组织负责人的培训,纳入市、县区非公党工委教育培训计划,保证年内集中轮训至少一次。")

# --- Parameters ------------------------------------------------------------------------------

WEEKLY_MINUTES = PARAMETERS.declare("instructor_weekly_minutes", "指导员每周深入企业时间（半天）", 240, "分钟", C_ART12, minimum=1,
                           maximum=7 * 24 * 60, note="“半天”按4小时计。")
MIN_WORKDAYS = PARAMETERS.declare(
    "instructor_week_min_workdays", "计入半天要求的一周最少工作日", 3, "天", C_ART12, minimum=1, maximum=7,
    note="法定节假日（按国务院调休安排，补班日计为工作日）和请假日不算工作日；一周工作日少于此数的不要求半天。《管理办法》未规定，默认3天。",
)
UNVISITED_DAYS = PARAMETERS.declare("instructor_unvisited_days", "联系组织未走访提示天数", 30, "天", C_ART12, minimum=1, maximum=365,
                           note="每周半天到企业，一个月未到某个联系组织即提示。")
PLAN_GRACE_DAYS = PARAMETERS.declare("instructor_plan_grace_days", "制定年度工作计划期限（年初或选派后）", 30, "天", C_ART3, maximum=180)
REPORT_DEADLINE = PARAMETERS.declare("instructor_report_deadline_days", "重大事项报告期限", 3, "天", C_ART16, maximum=60,
                            note="第十六条要求“及时上报”，默认事发后3天内。")
STATUS_WINDOW = PARAMETERS.declare("instructor_status_change_window_days", "经营状态变更核对重大事项报告的期间", 30, "天", C_ART16,
                          minimum=1, maximum=365)
LEAVE_DAYS = PARAMETERS.declare("instructor_leave_reassign_days", "请假超过此天数须调整指导员", 30, "天", C_ART17, minimum=1, maximum=365,
                       note="“一个月以上”按超过30天计（首尾两天都计入）。")
MEETINGS_PER_QUARTER = PARAMETERS.declare("instructor_meetings_per_quarter", "每季度指导员工作例会次数", 1, "次", C_ART14, minimum=1, maximum=12)
SPOT_CHECK_DAYS = PARAMETERS.declare("instructor_spot_check_days", "督查抽查间隔", 90, "天", C_ART15, minimum=1, maximum=366,
                            note="第十五条要求“定期抽查”，默认每季度至少一次。")
RESEARCH_DAYS = PARAMETERS.declare("instructor_research_days", "调研或示范点工作间隔", 183, "天", C_ART13, minimum=1, maximum=366)
TRAINING_DAYS = PARAMETERS.declare("instructor_training_days", "指导员、网格牵头党组织负责人培训间隔", 365, "天", C_002_TRAINING,
                                   minimum=1, maximum=731, note="MEM-7 的指导员部分和网格牵头党组织负责人部分共用（同一条款）。")
EVAL_GRACE_DAYS = PARAMETERS.declare("instructor_evaluation_grace_days", "半年结束后完成考评期限", 30, "天", C_ART20, maximum=180)
W_QUANT = PARAMETERS.declare("instructor_eval_weight_quantitative", "考评权重：定量（工作数据）", 40, "%", C_ART21, maximum=100)
W_QUAL = PARAMETERS.declare("instructor_eval_weight_qualitative", "考评权重：定性评价", 20, "%", C_ART21, maximum=100)
W_MASS = PARAMETERS.declare("instructor_eval_weight_mass", "考评权重：群众评议", 30, "%", C_ART21, maximum=100)
W_RESULTS = PARAMETERS.declare("instructor_eval_weight_results", "考评权重：工作实绩", 10, "%", C_ART21, maximum=100)
Q_WEEKS = PARAMETERS.declare("instructor_eval_q_weeks", "定量分项权重：每周半天达标周数", 40, "%", C_ART12, maximum=100)
Q_VISITS = PARAMETERS.declare("instructor_eval_q_visits", "定量分项权重：联系组织每月走访", 20, "%", C_ART12, maximum=100)
Q_REPORTS = PARAMETERS.declare("instructor_eval_q_reports", "定量分项权重：重大事项按时报告", 20, "%", C_ART16, maximum=100)
Q_PLANS = PARAMETERS.declare("instructor_eval_q_plans", "定量分项权重：工作计划完成", 20, "%", C_ART3, maximum=100)
GRADE_EXCELLENT = PARAMETERS.declare("instructor_grade_excellent", "考评“优秀”最低分", 90, "分", C_ART20, maximum=100)
GRADE_GOOD = PARAMETERS.declare("instructor_grade_good", "考评“良好”最低分", 80, "分", C_ART20, maximum=100)
GRADE_FAIR = PARAMETERS.declare("instructor_grade_fair", "考评“一般”最低分（低于为“较差”）", 60, "分", C_ART20_POOR, maximum=100)
