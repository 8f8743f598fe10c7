"""Citations and parameters of the standards (seeds 001, 003): the 六有 and 五个一 checklists
(STD-1, STD-2) and the 双强六好 and 五个好 ratings (STD-3, STD-4). Declarations only: this module
imports nothing of the project but the registry's types.

The checklists' items are data (ChecklistItem, installed by migration 0002 from DEFAULT_ITEMS
below, each with its citation); the ratings' dimensions are the seeds' own words, fixed here.
The seeds name the standards but give no scores: the pass marks are ours, to be set by the
district.
"""

from liangxin.rules.types import Citation, ParameterSet

PARAMETERS = ParameterSet()

C_SIX_HAVE = Citation("001", "二(一)3", "按照有场所、有设施、有标志、有党旗、有书报、有制度的“六有”标准,加强非公企业党组织活动场所规范化建设")
C_FIVE_ONES = Citation("003", "§二 第五", "深入開展“五個一”規范化建設工作")
C_ROOM = Citation("003", "§二 第五", "建有一間約30平方米左右、能容納全體黨員召開會議、學習、座談交流等所用的活動場所")
C_BOARD = Citation("003", "§二 第五", "二是有一個黨員公示欄")
C_SIGN = Citation("003", "§二 第五", "三是有一塊黨組織標識牌")
C_FLAG = Citation("003", "§二 第五", "四是有一面黨旗")
C_SYSTEMS = Citation("003", "§二 第五", "五是有一套黨建工作制度")
C_SSH = Citation("001", "一", "双强六好”(党建强、发展强,生产经营好、企业文化好、劳动关系好、党组织班子好、党员队伍好、社会评价好)的要求")
C_FIVE_GOOD = Citation("003", "§二", "80%以上的“兩新”組織的黨組織達到領導班子好、隊伍素質好、制度建設好、工作業績好、群眾反映好的“五個好”目標")

_OURS = "文件未规定分值，默认值为本系统拟定，请按本地评定办法修改。"

ROOM_AREA = PARAMETERS.declare(
    "standards_room_min_area", "党员活动室面积（约）", 25, "平方米", C_ROOM, minimum=1, maximum=1000,
    note="县讲话要求“约30平方米左右”：默认不足25平方米的在核实时提示。")
SSH_DIMENSION_PASS = PARAMETERS.declare(
    "rating_ssh_dimension_pass", "“双强六好”各项达标分", 60, "分", C_SSH, maximum=100, note=_OURS)
SSH_OVERALL_PASS = PARAMETERS.declare(
    "rating_ssh_overall_pass", "“双强六好”总评达标分（各项平均）", 80, "分", C_SSH, maximum=100, note=_OURS)
FIVE_DIMENSION_PASS = PARAMETERS.declare(
    "rating_five_good_dimension_pass", "“五个好”各项达标分", 60, "分", C_FIVE_GOOD, maximum=100, note=_OURS)
FIVE_OVERALL_PASS = PARAMETERS.declare(
    "rating_five_good_overall_pass", "“五个好”总评达标分（各项平均）", 80, "分", C_FIVE_GOOD, maximum=100, note=_OURS)

SIX_HAVE, FIVE_ONES = "six_have", "five_ones"
PHOTO, AREA, SYSTEMS = "photo", "area", "systems"

# (standard, code, name, requirement, evidence, citation): the checklists' first items.
DEFAULT_ITEMS = (
    (SIX_HAVE, "venue", "有场所", "有固定的党组织活动场所", AREA, C_SIX_HAVE),
    (SIX_HAVE, "facilities", "有设施", "配备桌椅、电教设备等活动设施", PHOTO, C_SIX_HAVE),
    (SIX_HAVE, "sign", "有标志", "有党组织标志、标识", PHOTO, C_SIX_HAVE),
    (SIX_HAVE, "flag", "有党旗", "活动场所悬挂党旗", PHOTO, C_SIX_HAVE),
    (SIX_HAVE, "reading", "有书报", "有党建书籍、报刊等学习资料", PHOTO, C_SIX_HAVE),
    (SIX_HAVE, "systems", "有制度", "党组织工作制度上墙", SYSTEMS, C_SIX_HAVE),
    (FIVE_ONES, "room", "一间党员活动室", "约30平方米，能容纳全体党员开会、学习、座谈", AREA, C_ROOM),
    (FIVE_ONES, "board", "一个党员公示栏", "置于公开显眼处，有全体党员的形象照，注明姓名、籍贯、入党时间、职务", PHOTO, C_BOARD),
    (FIVE_ONES, "sign", "一块标识牌", "党组织标识牌由乡镇、部门统一制作，置于正门显眼位置", PHOTO, C_SIGN),
    (FIVE_ONES, "flag", "一面党旗", "按标准样式制作，置于党员活动室正墙居中位置", PHOTO, C_FLAG),
    (FIVE_ONES, "systems", "一套党建工作制度", "基本工作制度、党员教育管理、党内民主、激励关怀帮扶、主题活动等制度", SYSTEMS, C_SYSTEMS),
)

SSH, FIVE_GOOD = "ssh", "five_good"
# The dimensions of each rating, as the seeds name them (code, label).
DIMENSIONS = {
    SSH: (("party_building", "党建强"), ("development", "发展强"), ("operations", "生产经营好"), ("culture", "企业文化好"),
          ("labour", "劳动关系好"), ("leadership", "党组织班子好"), ("members", "党员队伍好"), ("reputation", "社会评价好")),
    FIVE_GOOD: (("leadership", "领导班子好"), ("team", "队伍素质好"), ("systems", "制度建设好"), ("performance", "工作业绩好"),
                ("mass", "群众反映好")),
}
PASS_MARKS = {SSH: (SSH_DIMENSION_PASS, SSH_OVERALL_PASS), FIVE_GOOD: (FIVE_DIMENSION_PASS, FIVE_OVERALL_PASS)}
