"""The words and numbers the demo district is drawn from: place names, surnames and given
names, lines of business and name patterns, dispatching and paired units, and the sizes and
defaults of the demo itself."""

import itertools

DEMO_PASSWORD = "Liangxin@2026"
DEFAULT_SEED = 2026
DEFAULT_ORGS = 10_000
MIN_ORGS = 200  # below this the district cannot hold every feature (big firms, overfull grids …)
DISTRICT_CODE = "440307"
DISTRICT_NAME = "龙岗区"
CITY_NAME = "深圳市"

# Streets, towns and parks (GRID-1) with the short form used in organization names.
STREETS = (
    ("平湖街道", "平湖"), ("坂田街道", "坂田"), ("布吉街道", "布吉"), ("吉华街道", "吉华"), ("南湾街道", "南湾"),
    ("横岗街道", "横岗"), ("园山街道", "园山"), ("龙城街道", "龙城"), ("龙岗街道", "龙岗"), ("宝龙工业园", "宝龙"),
)
COMMUNITY_HEADS = "新上下大东西南北龙凤石沙松禾白黄青金荷华丰安和清富鹤"
COMMUNITY_TAILS = "岗坑塘湖岭坪田围坳头朗园山埔井背湾"
ROADS = (
    "平安大道", "龙岗大道", "深汕路", "华南大道", "环城路", "新木路", "富民路", "工业大道", "宝龙大道", "清林路",
    "坂雪岗大道", "布澜路", "吉华路", "南湾路", "沙湾路", "横坪路", "园湖路", "盛平路", "龙翔大道", "爱南路",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Zipf-like weights: 王, 李, 张 are far commoner than 汤.
SURNAME_CUM_WEIGHTS = list(itertools.accumulate(1 / (rank + 6) for rank in range(len(SURNAMES))))
MALE_GIVEN = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林阳建国志文锋亮成海东峰嘉晨坤荣"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲婷雪琳丹萍红洁慧颖莉倩玉兰梅琴英璐晶欣怡佳悦蕾琪媛瑶雯"
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
    "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "199",
)
# Birthplace codes of 身份证号: the district itself, Guangdong, and the provinces migrants come from.
LOCAL_ID_PREFIXES = ("440307", "440307", "440303", "440304", "440306", "441521", "445281", "441424", "441622")
MIGRANT_ID_PREFIXES = (
    "430524", "431021", "360721", "360730", "450881", "450821", "511321", "513022", "421182", "421125",
    "412726", "411527", "350583", "350181", "342422", "522121", "500234",
)

BRAND_CHARS = "华信达科创源盛鑫丰泰宏宇恒瑞凯博通新天海金永安德利成嘉兴明远晟腾飞辉中联欣荣长顺益佳美康和润昌富立致正锦越鹏启诚冠捷迅航"
# Lines of business with the GB/T 4754 section they belong to and how common they are here.
BUSINESS_LINES = (
    ("电子科技", "C", 10), ("精密模具", "C", 5), ("五金制品", "C", 6), ("塑胶制品", "C", 5), ("光电科技", "C", 4),
    ("服装", "C", 3), ("包装材料", "C", 3), ("印刷", "C", 3), ("家具", "C", 2), ("新材料", "C", 3),
    ("智能装备", "C", 3), ("医疗器械", "C", 2), ("电路板", "C", 2), ("照明科技", "C", 2),
    ("软件", "I", 4), ("信息技术", "I", 4), ("网络科技", "I", 3), ("通信技术", "I", 2),
    ("贸易", "F", 6), ("商贸", "F", 4), ("供应链", "F", 3), ("进出口", "F", 2), ("电子商务", "F", 3),
    ("物流", "G", 4), ("运输", "G", 2), ("国际货运代理", "G", 1), ("餐饮管理", "H", 3), ("酒店管理", "H", 1),
    ("建筑工程", "E", 3), ("装饰工程", "E", 3), ("机电安装工程", "E", 1), ("园林绿化工程", "E", 1),
    ("房地产开发", "K", 1), ("物业管理", "K", 3), ("投资咨询", "L", 2), ("人力资源", "L", 2),
    ("企业管理咨询", "L", 2), ("广告", "L", 1), ("检测技术", "M", 2), ("工业设计", "M", 1), ("生物科技", "M", 2),
    ("环保科技", "N", 2), ("家政服务", "O", 2), ("汽车维修", "O", 1), ("文化传媒", "R", 2), ("体育发展", "R", 1),
    ("农业科技", "A", 1), ("新能源科技", "D", 1), ("融资担保", "J", 1),
)
MANUFACTURING_LINES = frozenset(line for line, section, _ in BUSINESS_LINES if section == "C")
SHOPS = (
    ("餐馆", "H"), ("快餐店", "H"), ("五金店", "F"), ("便利店", "F"), ("士多店", "F"), ("理发店", "O"),
    ("汽车修理店", "O"), ("粮油店", "F"), ("茶行", "F"), ("电器维修部", "O"), ("服装店", "F"), ("水果店", "F"),
)
TRADES = (
    "电子", "五金", "物流", "餐饮", "建筑", "服装", "印刷", "家具", "软件", "物业管理", "家政服务", "模具", "新材料",
    "美容美发", "汽车维修", "电子商务", "跨境电商", "装饰", "眼镜", "珠宝", "皮具", "纺织", "食品", "智能制造", "新能源",
)
HOMETOWNS = (
    "潮汕", "梅州", "湖南", "江西", "广西", "四川", "湖北", "河南", "福建", "揭阳", "汕尾", "茂名", "湛江", "客家",
    "温州", "安徽", "重庆", "贵州", "普宁", "陆丰", "五华", "兴宁", "信宜", "化州", "莆田", "晋江", "邵阳", "衡阳",
)
CLUBS = (
    "书法家", "摄影家", "作家", "音乐家", "围棋", "志愿者", "义工", "登山", "慈善", "客家文化", "武术", "老年人体育",
    "青年创业", "女企业家", "退役军人", "篮球", "足球", "龙舟", "舞蹈", "收藏家",
)
SCHOOL_BRANDS = ("阳光", "启航", "星辰", "博雅", "育才", "爱华", "英才", "童乐", "蓓蕾", "智慧树", "小太阳", "春蕾", "远航")
SCHOOL_KINDS = ("幼儿园", "幼儿园", "幼儿园", "实验学校", "外国语学校", "艺术培训中心", "职业技能培训学校")
CLINIC_KINDS = ("门诊部", "口腔门诊部", "中医诊所", "医院", "康复医院", "综合门诊部")
NONPROFIT_KINDS = ("社工服务中心", "养老院", "康复中心", "青少年服务中心", "社区服务中心", "心理咨询服务中心")
DEPARTMENTS = ("生产部", "研发中心", "行政后勤", "销售部", "质量部", "物流部", "财务部", "工程部")
ORDINALS = "一二三四五六七八九十"

ENTERPRISE_SUBTYPE_WEIGHTS = {"limited": 70, "joint_stock": 3, "sole": 6, "partnership": 3, "foreign": 6, "individual": 12}
SOCIAL_SUBTYPE_WEIGHTS = {
    "association": 15, "chamber": 12, "school": 20, "medical": 12, "law_firm": 8, "accounting": 5,
    "social_group": 10, "nonprofit": 15, "foundation": 3,
}
SOCIAL_INDUSTRY = {
    "association": "S", "chamber": "S", "social_group": "S", "foundation": "S", "school": "P", "medical": "Q",
    "law_firm": "L", "accounting": "L", "nonprofit": "Q",
}
# GB 32100 positions 1-2: the registering authority and the kind of body it registers.
CREDIT_CODE_HEADS = {
    "limited": "91", "joint_stock": "91", "sole": "91", "partnership": "91", "foreign": "91", "individual": "92",
    "association": "51", "chamber": "51", "social_group": "51", "school": "52", "medical": "52", "nonprofit": "52",
    "foundation": "53", "law_firm": "31", "accounting": "91",
}
INSTRUCTOR_UNITS = (
    "区发展和改革局", "区工业和信息化局", "区人力资源局", "区市场监督管理局", "区财政局", "区商务局", "区住房和建设局",
    "区教育局", "区卫生健康局", "区统计局", "区科技创新局", "区城市管理和综合执法局", "区总工会", "团区委", "区妇联",
    "区委组织部", "区委统战部", "区工商业联合会", "区税务局",
)
INSTRUCTOR_POSITIONS = ("科长", "副科长", "一级主任科员", "二级主任科员", "四级调研员", "副主任")
PAIRED_UNITS = (
    "区司法局", "区审计局", "区档案馆", "区文化广电旅游体育局", "区应急管理局", "区退役军人事务局", "区医疗保障局",
    "区水务局", "区政务服务数据管理局", "区机关事务管理局", "区人民法院", "区人民检察院", "区民政局", "区交通运输局",
    "区人民医院", "区中心医院", "区疾病预防控制中心", "区融媒体中心", "区公共资源交易中心", "区投资推广署",
)
STREET_PAIRED_UNIT_SUFFIXES = ("公共服务办公室", "综合行政执法队", "社区健康服务中心")
DISSOLVED_REASONS = (
    "企业关闭，党组织随之撤销",
    "企业注销，党员组织关系已转出",
    "企业搬迁出本区，组织关系转至迁入地党组织",
    "正式党员不足3人，撤销后党员并入社区联合党支部",
)
BRANCH_TERM_DAYS = 3 * 365
COMMITTEE_TERM_DAYS = 5 * 365

