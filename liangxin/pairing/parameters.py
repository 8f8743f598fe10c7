"""Citations and parameters of 结对共建 (seed 004): the cadence, the confirmation, and the points
table (附件3) as policy data. Declarations only: this module imports nothing of the project but
the registry's types, so the pairing models and services read their numbers from here.

The points table is parameters like every other policy number: an administrator overrides a
kind's points or yearly cap for a region from a date on (/rules/, 参数), and a record's points
are the value in force for its organization's region on the record's date. The notice
publishes 附件3 only by its title: the default points are ours, to be replaced by the
district's own table.

Quotes are copied from the seed, traditional characters kept.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

# --- Citations -------------------------------------------------------------------------------

C_PAIR_DISTRICT = Citation("004", "二", "黨組織關系在龍崗的區直、駐區單位和單獨組建黨組織的副處級以上事業單位與1家“兩新”組織結對共建(見附件1)。")
C_PAIR_STREET = Citation("004", "二", "街道機關、事業單位和黨組織關系在街道的駐街單位與轄區內1家“兩新”組織結對共建(由各街道結合實際安排結對)。")
C_CADENCE = Citation("004", "一", "機關、事業單位黨群組織要做到“一月一到訪、一季一活動、一年一總結”")
C_VISIT = Citation("004", "一", "黨群組織工作人員每月均要深入結對“兩新”組織1次")
C_ACTIVITY = Citation("004", "一", "每季度要牽頭組織開展1次雙方黨群組織間的聯合活動")
C_SUMMARY = Citation("004", "一", "主要負責人每年要主持召開1次結對共建、創先爭優工作會議,邀請街道負責同志和企業主參加")
C_RECORD = Citation("004", "四(二)", "結對共建工作開展情況要記入《積分行動記錄本》(附件2),詳細記載開展時間、工作內容、參加人員和具體成效,并由“兩新”組織黨組織負責人簽名確認。")
C_SELF = Citation("004", "四(二)", "量化標準,各單位每年底要對工作開展情況進行自評積分。")
C_TABLE = Citation("004", "四(四)", "按照積分表(附件3)對各單位工作開展情況進行積分")
C_EVAL = Citation("004", "四(四)", "每年年中和年終組織“兩新”組織黨群組織、員工代表和企業主對各單位工作開展情況進行評議(附件4),評議結果轉化為積分,計入積分表。")
C_INSPECT = Citation("004", "四(三)", "區委黨群共建辦每季進行1次督辦檢查,檢查結果進行通報,推廣好的做法和經驗,表揚工作突出的單位。")
C_OPEN_DAY = Citation("004", "三(五)", "每年舉辦1次“黨員陣地開放日”活動")
C_FESTIVALS = Citation("004", "三(四)", "積極組織開展“七一”和春節慰問活動。")
C_ACTIVIST = Citation("004", "三(三)", "每年至少要培養1名入黨積極分子")

_TABLE_NOTE = "通知只公布了附件3的标题，默认分值为本系统拟定，请按本区积分表修改。"

# --- Cadence and confirmation ------------------------------------------------------------------

GRACE_DAYS = PARAMETERS.declare(
    "pairing_cadence_grace_days", "到访、活动、总结逾期宽限天数", 10, "天", C_CADENCE, maximum=90,
    note="月、季、年结束后再过这些天仍没有已确认的记录，才提示逾期（留出补录和确认的时间）。",
)
CONFIRM_DAYS = PARAMETERS.declare(
    "pairing_confirm_days", "积分行动记录待确认提示天数", 7, "天", C_RECORD, minimum=1, maximum=90,
    note="记录提交后超过这些天仍未确认或退回的，提示组织党组织负责人（无党组织的由街道）处理。",
)
SELF_ASSESSMENT_DAY = PARAMETERS.declare(
    "pairing_self_assessment_day", "年度自评截止（次年1月第几天）", 15, "日", C_SELF, minimum=1, maximum=31,
)

OCCASION_DAYS = PARAMETERS.declare(
    "pairing_occasion_days", "节日慰问记录计入的节前天数", 30, "天", C_FESTIVALS, minimum=1, maximum=90,
    note="“七一”和春节（按农历）前这些天内至节后15天的慰问记录，计为该节日的慰问。",
)

# --- Points table (附件3): points per confirmed record and the yearly cap per kind -------------

# (kind, label, points, cap per year, citation): the record kinds of 附件2 and what each earns.
POINT_KINDS = (
    ("visit", "到访", 2, 12, C_VISIT),
    ("activity", "联合活动", 5, 4, C_ACTIVITY),
    ("summary", "年度总结会议", 10, 1, C_SUMMARY),
    ("lecture", "送党课、讲座、法律、图书", 3, 4, Citation("004", "三(三)", "通過送黨課、送講座、送法律、送圖書等方式,共同抓好黨員教育管理工作")),
    ("condolence", "慰问（七一、春节）", 3, 2, C_FESTIVALS),
    ("open_day", "党员阵地开放日", 5, 1, C_OPEN_DAY),
    ("aid", "帮扶困难员工", 3, 4, Citation("004", "三(四)", "與“兩新”組織黨群組織聯手開展幫扶活動")),
    ("research", "专题调研报告", 5, 2, Citation("004", "三(七)", "牽頭形成專題調研報告,為企業決策提供參考")),
    ("activist", "培养入党积极分子", 5, 2, C_ACTIVIST),
    ("other", "其他共建工作", 1, 5, C_TABLE),
)
POINTS = {
    kind: PARAMETERS.declare(f"pairing_points_{kind}", f"积分表：{label}（每次）", points, "分", citation, maximum=100, note=_TABLE_NOTE)
    for kind, label, points, _cap, citation in POINT_KINDS
}
CAPS = {
    kind: PARAMETERS.declare(f"pairing_cap_{kind}", f"积分表：{label}每年计分上限", cap, "次", citation, maximum=366,
                             note="超过上限的记录照常保存，不再加分。")
    for kind, label, _points, cap, citation in POINT_KINDS
}
EVAL_MAX_POINTS = PARAMETERS.declare(
    "pairing_evaluation_max_points", "积分表：评议折算满分（每次评议）", 20, "分", C_EVAL, maximum=100,
    note="年中、年终评议的平均得分（百分制）按此满分折算计入积分。",
)
EVAL_DAYS = PARAMETERS.declare(
    "pairing_evaluation_days", "年中、年终评议收齐期限（半年结束后天数）", 31, "天", C_EVAL, minimum=1, maximum=120,
    note="年中评议在7月1日起、年终评议在次年1月1日起这些天内，应收齐两新组织党组织、群团组织、员工代表和企业主四方的评议。",
)
BULLETIN_DAYS = PARAMETERS.declare(
    "pairing_bulletin_days", "季度督办检查通报期限（季度结束后天数）", 30, "天", C_INSPECT, minimum=1, maximum=90,
    note="季度结束后这些天内，区委和各街道党群共建办应完成督办检查并印发通报。",
)
COMMEND_PERCENT = PARAMETERS.declare(
    "pairing_commend_percent", "通报表扬、年度表彰的单位比例", 10, "%", C_INSPECT, minimum=1, maximum=100,
    note="按积分从高到低，表扬积分为正的前这一比例的单位（至少1个）；年度表彰名单按全年积分同样列出。",
)
