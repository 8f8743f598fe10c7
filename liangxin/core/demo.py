"""The demo district behind `manage.py demo`: a realistic ledger to show, try and measure with.

Every screen, rule and statistic needs data shaped like a real district's: sizes skewed toward
small firms, organizations that should have a party organization and have none (ORG-1), joint
branches, dissolved ones, overdue elections (ORG-9), flowing members (MEM-3), grids over the limit
(GRID-2), ledger figures that disagree with the member roster. The builder draws all of it from
one seeded `random.Random`, so the same district appears on every machine; dates are counted back
from today so the demo never ages. Rows are bulk-created inside one transaction and no change-log
row is written: this is seed data, not somebody's edit.
"""

import datetime
import itertools
import math
import random
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from stdnum.cn import ric, uscc

from liangxin.accounts.models import User
from liangxin.accounts.roles import Role
from liangxin.core.crypto import blind_index
from liangxin.core.validators import CREDIT_CODE_ALPHABET, normalize_code
from liangxin.instructors.models import Assignment, Instructor
from liangxin.members.models import Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, Pairing
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

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


class DemoError(Exception):
    """The demo cannot be built or its accounts cannot be set up; the message says why."""


@dataclass
class _Grid:
    region: Region
    community: Region
    street_index: int


@dataclass
class _OrgPlan:
    """An organization with what the builder decided about it before it reaches the database."""

    org: Organization
    grid: _Grid
    reported_total: int = 0
    formal: int = 0
    probationary: int = 0
    roster: bool = False
    owner_gender: str = ""
    party_org: PartyOrg | None = None  # the active party organization covering it
    branches: list[PartyOrg] = field(default_factory=list)  # where its members' relationships sit


@dataclass
class DemoAccount:
    username: str
    role_label: str
    display_name: str
    jurisdiction: str


@dataclass
class DemoResult:
    created: bool
    seconds: float
    counts: dict[str, int]
    accounts: list[DemoAccount]
    district: str


class DemoBuilder:
    """Builds the district in dependency order: regions, organizations, party organizations,
    members, secretaries, instructors, pairings, grid leads."""

    def __init__(self, orgs: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED, today: datetime.date | None = None):
        self.n = orgs
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.streets: list[Region] = []
        self.grids: list[_Grid] = []
        self.plans: list[_OrgPlan] = []
        self.party_orgs: list[list[PartyOrg]] = [[], [], []]  # by depth: top level, children, grandchildren
        self.coverage: list[tuple[PartyOrg, _OrgPlan]] = []
        self.members: list[Member] = []
        self.committee_plan: _OrgPlan | None = None  # the 基层党委 the demo secretary manages
        self.org_names: set[str] = set()
        # Values that must stay unique, including against rows already in the database.
        self.credit_codes = set(Organization.objects.exclude(credit_code=None).values_list("credit_code", flat=True))
        self.id_indexes = set(Member.objects.values_list("id_number_index", flat=True))

    # ----------------------------------------------------------------- small draws
    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    def person(self, gender: str | None = None) -> tuple[str, str]:
        rng = self.rng
        gender = gender or rng.choice("MF")
        pool = MALE_GIVEN if gender == "M" else FEMALE_GIVEN
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.65 else "")
        return rng.choices(SURNAMES, cum_weights=SURNAME_CUM_WEIGHTS)[0] + given, gender

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def brand(self) -> str:
        first, second = self.rng.sample(BRAND_CHARS, 2)
        return first + second

    def id_number(self, gender: str, birth: datetime.date, migrant: bool) -> str:
        """A 身份证号 with a valid GB 11643 check digit, unique by its blind index."""
        prefixes = MIGRANT_ID_PREFIXES if migrant else LOCAL_ID_PREFIXES
        while True:
            sequence = self.rng.randrange(100)
            sex_digit = self.rng.choice("13579" if gender == "M" else "02468")
            stem = f"{self.rng.choice(prefixes)}{birth:%Y%m%d}{sequence:02d}{sex_digit}"
            number = stem + ric.calc_check_digit(stem + "0")  # ric wants a placeholder check digit
            index = blind_index(normalize_code(number))
            if index not in self.id_indexes:
                self.id_indexes.add(index)
                return number

    def credit_code(self, subtype: str, founded: datetime.date) -> str:
        """A 统一社会信用代码 per GB 32100: authority and kind, division, organization code
        (GB 11714, with its own check character) and the check character."""
        head = CREDIT_CODE_HEADS[subtype]
        division = "440307" if head in ("92", "51", "52", "31") else self.rng.choice(("440300", "440300", "440307"))
        letters = [c for c in CREDIT_CODE_ALPHABET if c.isalpha()]
        while True:
            if founded.year < 2015:
                body = f"{self.rng.randrange(10**8):08d}"
            elif head.startswith("5"):
                body = "MJ" + self.rng.choice(letters) + f"{self.rng.randrange(10**5):05d}"
            else:
                body = "MA5" + "".join(self.rng.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
            weighted = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
            check = 11 - weighted % 11
            stem = head + division + body + {10: "X", 11: "0"}.get(check, str(check))
            code = stem + uscc.calc_check_digit(stem)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    def address(self, grid: _Grid) -> str:
        street = self.streets[grid.street_index]
        text = f"{CITY_NAME}{DISTRICT_NAME}{street.name}{grid.community.name}{self.rng.choice(ROADS)}{self.rng.randint(1, 999)}号"
        if self.rng.random() < 0.4:
            text += f"{self.rng.randint(1, 12)}栋{self.rng.randint(1, 20)}楼"
        return text

    def election_dates(self, type_: str, not_before: datetime.date | None) -> tuple[datetime.date, datetime.date | None]:
        """Founding and last election; about one in seven is overdue (ORG-9)."""
        earliest = self.today - datetime.timedelta(days=7000)
        if not_before:  # not before the organization it belongs to
            earliest = max(earliest, not_before + datetime.timedelta(days=90))
        span = (self.today - datetime.timedelta(days=60) - earliest).days
        founded = earliest + datetime.timedelta(days=self.rng.randint(0, span)) if span > 0 else self.days_ago(20, 40)
        if self.rng.random() < 0.03:
            return founded, None
        term = COMMITTEE_TERM_DAYS if type_ == PartyOrg.Type.COMMITTEE else BRANCH_TERM_DAYS
        if self.rng.random() < 0.15:
            elected = self.days_ago(term + 30, term + 1000)
        else:
            elected = self.days_ago(10, term - 40)
        return founded, max(elected, founded)

    # ----------------------------------------------------------------- regions
    def build_regions(self) -> Region:
        rng = self.rng
        root = Region(code=DISTRICT_CODE, name=DISTRICT_NAME, level=Region.Level.DISTRICT)
        root.save()
        n_streets = max(3, min(len(STREETS), self.n // 250))
        # About 22 organizations a grid on average leaves room under the limit of 30 (GRID-2).
        n_grids = max(math.ceil(self.n / 22), 2 * n_streets)
        per_street = [rng.randint(5, 9) for _ in range(n_streets)]
        if sum(per_street) > n_grids:  # a small district: fewer communities, each with a grid
            total = sum(per_street)
            per_street = [max(1, count * n_grids // total) for count in per_street]
        used_names: set[str] = set()
        communities: list[tuple[Region, int]] = []
        for s_index, (street_name, _short) in enumerate(STREETS[:n_streets]):
            street = Region(code=f"{DISTRICT_CODE}{s_index + 1:03d}", name=street_name, level=Region.Level.STREET, parent=root)
            self.streets.append(street)
            is_park = street_name.endswith("园")
            for c_index in range(per_street[s_index]):
                while True:
                    head, tail = rng.choice(COMMUNITY_HEADS), rng.choice(COMMUNITY_TAILS)
                    suffix = "片区" if is_park else ("村" if rng.random() < 0.15 else "社区")
                    name = head + tail + suffix
                    if head != tail and name not in used_names:
                        used_names.add(name)
                        break
                community = Region(code=f"{street.code}{c_index + 1:03d}", name=name, level=Region.Level.COMMUNITY, parent=street)
                communities.append((community, s_index))
        grid_counts = [1] * len(communities)
        for _ in range(n_grids - len(communities)):
            grid_counts[rng.randrange(len(communities))] += 1
        for (community, s_index), count in zip(communities, grid_counts, strict=True):
            for g_index in range(count):
                grid = Region(code=f"{community.code}{g_index + 1:03d}", name=f"第{g_index + 1}网格", level=Region.Level.GRID, parent=community)
                self.grids.append(_Grid(grid, community, s_index))
        for level in (self.streets, [c for c, _ in communities], [g.region for g in self.grids]):
            self.save_level(level)
        return root

    @staticmethod
    def save_level(regions: list[Region]) -> None:
        """One level of the tree in two statements instead of Region.save()'s two per row (plus
        savepoints); the materialized path is computed exactly as Region.save() does."""
        Region.objects.bulk_create(regions, batch_size=500)
        for region in regions:
            region.path = f"{region.parent.path}{region.pk}/"
        Region.objects.bulk_update(regions, ["path"], batch_size=500)

    def grid_loads(self) -> list[int]:
        """Organizations per grid: mostly 3-29, two grids at exactly 30 and one or two over the
        limit (31-33) so that the grid-size rule has something to flag."""
        rng = self.rng
        order = list(range(len(self.grids)))
        rng.shuffle(order)
        loads = [0] * len(self.grids)
        specials = [30, 30, 31, 33] if self.n >= 1000 else [30, 30, 32]
        for index, load in zip(order, specials, strict=False):
            loads[index] = load
        rest = order[len(specials):]
        mean = (self.n - sum(specials)) / len(rest)
        for index in rest:
            loads[index] = min(29, max(3, round(rng.gauss(mean, 6))))
        diff = self.n - sum(loads)
        while diff:
            index = rest[rng.randrange(len(rest))]
            if diff > 0 and loads[index] < 29:
                loads[index] += 1
                diff -= 1
            elif diff < 0 and loads[index] > 1:
                loads[index] -= 1
                diff += 1
        return loads

    # ----------------------------------------------------------------- organizations
    def organization_name(self, subtype: str, grid: _Grid, line: str, shop: str) -> str:
        """A name in the style of the registers: 深圳市华信电子科技有限公司, 平湖潮汕商会 …"""
        rng = self.rng
        short = STREETS[grid.street_index][1]
        patterns = {
            "limited": lambda b: f"{CITY_NAME}{b}{line}有限公司",
            "joint_stock": lambda b: f"深圳{b}{line}股份有限公司",
            "sole": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{b}{line}{'厂' if line in MANUFACTURING_LINES else '商行'}",
            "partnership": lambda b: f"深圳{b}{line}合伙企业（有限合伙）",
            "foreign": lambda b: f"{b}{line}（深圳）有限公司",
            "individual": lambda b: f"{DISTRICT_NAME}{short}{rng.choice(SURNAMES[:40])}记{shop}",
            "association": lambda b: rng.choice((f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(TRADES)}行业协会",
                                                 f"{short}{rng.choice(TRADES)}{rng.choice(('协会', '促进会', '联合会'))}")),
            "chamber": lambda b: rng.choice((f"{DISTRICT_NAME}{rng.choice(HOMETOWNS)}商会", f"{short}{rng.choice(HOMETOWNS)}商会",
                                             f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(TRADES)}商会")),
            "school": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{rng.choice(SCHOOL_BRANDS) if rng.random() < 0.5 else b}{rng.choice(SCHOOL_KINDS)}",
            "medical": lambda b: f"深圳{b}{rng.choice(CLINIC_KINDS)}",
            "law_firm": lambda b: f"广东{b}律师事务所",
            "accounting": lambda b: f"深圳{b}会计师事务所（普通合伙）",
            "social_group": lambda b: rng.choice((f"{DISTRICT_NAME}{rng.choice(CLUBS)}协会", f"{short}{rng.choice(CLUBS)}联谊会")),
            "nonprofit": lambda b: f"{CITY_NAME}{DISTRICT_NAME}{b}{rng.choice(NONPROFIT_KINDS)}",
            "foundation": lambda b: f"{CITY_NAME}{b}{rng.choice(('公益', '慈善'))}基金会",
        }
        for attempt in range(50):
            # Two-character brands run out for the commonest patterns: then three characters.
            name = patterns[subtype](self.brand() if attempt < 40 else self.brand() + rng.choice(BRAND_CHARS))
            if name not in self.org_names:
                break
        else:
            name = f"{name}（{grid.community.name}）"
        self.org_names.add(name)
        return name

    def employees(self, subtype: str) -> int:
        rng = self.rng
        if subtype == "individual":
            return rng.randint(1, 15)
        r = rng.random()
        if subtype not in Organization.ENTERPRISE_SUBTYPES:
            r *= 0.95  # social organizations are smaller: no giants
        if r < 0.72:
            return 1 + int(48 * rng.random() ** 2)
        if r < 0.94:
            return 50 + int(250 * rng.random() ** 1.5)
        if r < 0.993:
            return 301 + int(699 * rng.random() ** 1.5)
        return 1001 + int(7000 * rng.random() ** 3)

    def reported_total(self, employees: int) -> int:
        """Members reported by the ledger: many 0, many 1-2, some 3-10, more in bigger firms."""
        rng = self.rng
        buckets = ((0, 0), (1, 2), (3, 10), (11, 30), (31, 49))
        if employees < 50:
            weights = (82, 15, 3, 0, 0)
        elif employees <= 300:
            weights = (58, 25, 15, 2, 0)
        elif employees <= 1000:
            weights = (25, 22, 40, 12, 1)
        else:
            weights = (0, 0, 40, 45, 15)
        low, high = rng.choices(buckets, weights=weights)[0]
        if (low, high) == (3, 10):
            return 3 + int(8 * rng.random() ** 2)
        return rng.randint(low, high)

    def build_organizations(self) -> None:
        rng = self.rng
        loads = self.grid_loads()
        slots = [grid for grid, load in zip(self.grids, loads, strict=True) for _ in range(load)]
        rng.shuffle(slots)
        line_weights = [w for _, _, w in BUSINESS_LINES]
        enterprise_kinds, enterprise_weights = zip(*ENTERPRISE_SUBTYPE_WEIGHTS.items(), strict=True)
        social_kinds, social_weights = zip(*SOCIAL_SUBTYPE_WEIGHTS.items(), strict=True)
        for grid in slots:
            enterprise = rng.random() < 0.85
            if enterprise:
                subtype = rng.choices(enterprise_kinds, weights=enterprise_weights)[0]
            else:
                subtype = rng.choices(social_kinds, weights=social_weights)[0]
            line, industry, _ = rng.choices(BUSINESS_LINES, weights=line_weights)[0]
            shop, shop_industry = rng.choice(SHOPS)
            if subtype == "individual":
                industry = shop_industry
            elif not enterprise:
                industry = SOCIAL_INDUSTRY[subtype]
            employees = self.employees(subtype)
            founded = self.days_ago(60, 34 * 365) if employees < 300 else self.days_ago(3 * 365, 34 * 365)
            status = rng.choices(Organization.Status.values, weights=(91, 4, 3, 2))[0]
            owner_name, owner_gender = ("", "")
            if subtype not in ("association", "chamber", "social_group", "foundation"):
                owner_name, owner_gender = self.person(rng.choices("MF", weights=(3, 1))[0])
            payroll = None
            if rng.random() < 0.85:
                payroll = Decimal(f"{employees * rng.uniform(5.5, 14.0):.2f}")
            scale = ""
            if enterprise:
                above = employees >= 300 or (employees >= 50 and rng.random() < 0.3)
                scale = Organization.Scale.ABOVE if above and subtype != "individual" else Organization.Scale.BELOW
            org = Organization(
                name=self.organization_name(subtype, grid, line, shop),
                kind=Organization.Kind.ENTERPRISE if enterprise else Organization.Kind.SOCIAL,
                subtype=subtype, credit_code=self.credit_code(subtype, founded), industry=industry, scale=scale,
                status=status, address=self.address(grid), region=grid.region, owner_name=owner_name,
                employees=employees, payroll=payroll,
                has_union=rng.random() < min(0.97, 0.08 + employees / 150),
                has_youth_league=rng.random() < min(0.9, 0.03 + employees / 400),
                has_women_federation=rng.random() < min(0.85, 0.02 + employees / 500),
                founded_on=founded,
            )
            plan = _OrgPlan(org=org, grid=grid, owner_gender=owner_gender)
            if rng.random() < 0.88:  # most organizations have ledger figures; the rest are blank
                self.set_members(plan, self.reported_total(employees))
            self.plans.append(plan)
        self.make_big_organizations()
        for plan in self.plans:
            plan.org.owner_is_member = bool(plan.org.owner_name) and plan.formal > 0 and rng.random() < 0.25
            active = plan.org.status in (Organization.Status.NORMAL, Organization.Status.SUSPENDED)
            # The roster (党员名册) is entered for the big ones and for about half of the rest.
            chance = 1.0 if plan.reported_total >= 50 else 0.5 if plan.formal >= 3 else 0.3
            plan.roster = active and plan.reported_total > 0 and rng.random() < chance
        Organization.objects.bulk_create([plan.org for plan in self.plans], batch_size=1000)

    def set_members(self, plan: _OrgPlan, total: int) -> None:
        """Split a reported total into formal and probationary members (about 1 in 10)."""
        probationary = sum(self.rng.random() < 0.1 for _ in range(total))
        plan.reported_total, plan.formal, plan.probationary = total, total - probationary, probationary
        plan.org.reported_formal_members = plan.formal
        plan.org.reported_probationary_members = plan.probationary

    def make_big_organizations(self) -> None:
        """A few large enterprises with 50-120 members, the first one in the first street so
        that the demo secretary has a 基层党委 with branches to manage."""
        rng = self.rng
        count = max(2, self.n // 1000)
        eligible = [p for p in self.plans if p.org.subtype in ("limited", "joint_stock", "foreign")
                    and p.org.status == Organization.Status.NORMAL]
        in_first_street = [p for p in eligible if p.grid.street_index == 0] or [
            p for p in self.plans if p.grid.street_index == 0 and p.org.status == Organization.Status.NORMAL]
        first = self.committee_plan = rng.choice(in_first_street)
        others = rng.sample([p for p in eligible if p is not first], count - 1)
        for number, plan in enumerate([first, *others]):
            org = plan.org
            org.employees = rng.randint(1200, 6000)
            org.scale = Organization.Scale.ABOVE
            org.payroll = Decimal(f"{org.employees * rng.uniform(8.0, 16.0):.2f}")
            org.has_union = org.has_youth_league = org.has_women_federation = True
            org.founded_on = min(org.founded_on, self.days_ago(8 * 365, 25 * 365))
            total = rng.randint(105, 120) if number == 0 else rng.randint(55, 120)
            self.set_members(plan, total)

    # ----------------------------------------------------------------- party organizations
    def new_party_org(self, name: str, type_: str, mode: str, region: Region, *, parent: PartyOrg | None = None,
                      not_before: datetime.date | None = None, depth: int = 0) -> PartyOrg:
        founded, elected = self.election_dates(type_, not_before)
        party_org = PartyOrg(name=name, type=type_, mode=mode, region=region, parent=parent,
                             founded_on=founded, last_election_on=elected)
        self.party_orgs[depth].append(party_org)
        return party_org

    def cover(self, party_org: PartyOrg, plans: list[_OrgPlan], branches: list[PartyOrg] | None = None) -> None:
        for plan in plans:
            self.coverage.append((party_org, plan))
            plan.party_org = party_org
            plan.branches = branches or [party_org]

    def build_party_orgs(self) -> None:
        rng = self.rng
        T, M = PartyOrg.Type, PartyOrg.Mode
        active_status = (Organization.Status.NORMAL, Organization.Status.SUSPENDED)
        big = sorted((p for p in self.plans if p.reported_total >= 50),
                     key=lambda p: (p is not self.committee_plan, -p.reported_total))
        # ≥ 100 members make a 基层党委 and ≥ 50 a 党总支, each with branches (ORG-3); with enough
        # of them, the smallest stays a plain branch so that the ORG-3 rule has something to flag.
        for index, plan in enumerate(big):
            org, region = plan.org, plan.grid.region
            if index == len(big) - 1 and len(big) >= 4:
                self.cover(self.new_party_org(f"{org.name}党支部", T.BRANCH, M.STANDALONE, region, not_before=org.founded_on), [plan])
                continue
            committee = plan.reported_total >= 100 or plan is self.committee_plan
            top = self.new_party_org(f"{org.name}{'党委' if committee else '党总支'}", T.COMMITTEE if committee else T.GENERAL_BRANCH,
                                     M.STANDALONE, region, not_before=org.founded_on)
            departments = rng.sample(DEPARTMENTS, rng.randint(3, 5) if committee else rng.randint(2, 4))
            leaves = [self.new_party_org(f"{org.name}{d}党支部", T.BRANCH, M.STANDALONE, region, parent=top,
                                         not_before=top.founded_on, depth=1) for d in departments]
            if plan is self.committee_plan:  # three levels: committee → general branch → branches
                general = self.new_party_org(f"{org.name}制造中心党总支", T.GENERAL_BRANCH, M.STANDALONE, region,
                                             parent=top, not_before=top.founded_on, depth=1)
                leaves += [self.new_party_org(f"{org.name}制造中心第{ORDINALS[k]}党支部", T.BRANCH, M.STANDALONE, region,
                                              parent=general, not_before=general.founded_on, depth=2) for k in range(2)]
            self.cover(top, [plan], leaves)
            for leaf in leaves:  # each branch works in the enterprise it belongs to
                self.coverage.append((leaf, plan))
        # Standalone branches where there are ≥ 3 formal members (ORG-1, ORG-2), leaving some
        # uncovered: those are the "should establish but has not" cases.
        for plan in self.plans:
            eligible = plan.party_org is None and 3 <= plan.formal < 50 and plan.org.status in active_status
            if eligible and rng.random() < (0.95 if plan.formal > 10 else 0.8):
                self.cover(self.new_party_org(f"{plan.org.name}党支部", T.BRANCH, M.STANDALONE, plan.grid.region,
                                              not_before=plan.org.founded_on), [plan])
        self.build_joint_party_orgs()
        # One closed organization whose standalone branch was never dissolved (ORG-4 has work).
        closed = [p for p in self.plans if p.org.status == Organization.Status.CLOSED and p.party_org is None]
        if closed:
            plan = max(closed, key=lambda p: (p.formal, p.org.employees))
            self.cover(self.new_party_org(f"{plan.org.name}党支部", T.BRANCH, M.STANDALONE, plan.grid.region,
                                          not_before=plan.org.founded_on), [plan])
        self.build_dissolved_party_orgs()
        for party_orgs in self.party_orgs:  # parents first: bulk_create copies their new pks into parent_id
            PartyOrg.objects.bulk_create(party_orgs, batch_size=500)
        through = PartyOrg.organizations.through
        through.objects.bulk_create(
            [through(partyorg_id=po.pk, organization_id=plan.org.pk) for po, plan in self.coverage], batch_size=1000
        )

    def joint_candidates(self, plans: list[_OrgPlan]) -> list[_OrgPlan]:
        """Small, uncovered, operating organizations, those with members first."""
        found = [p for p in plans if p.party_org is None and p.formal < 3 and p.org.status == Organization.Status.NORMAL]
        self.rng.shuffle(found)
        return sorted(found, key=lambda p: p.reported_total == 0)

    def build_joint_party_orgs(self) -> None:
        """联合组建 in grids and communities, 依托组建 on trade associations, 属地组建 in buildings."""
        rng = self.rng
        T, M = PartyOrg.Type, PartyOrg.Mode
        by_grid: dict[int, list[_OrgPlan]] = {}
        by_community: dict[int, list[_OrgPlan]] = {}
        for plan in self.plans:
            by_grid.setdefault(id(plan.grid), []).append(plan)
            by_community.setdefault(id(plan.grid.community), []).append(plan)
        joint_count = 0
        for grid in self.grids:
            candidates = self.joint_candidates(by_grid.get(id(grid), []))
            if len(candidates) >= 3 and (rng.random() < 0.3 or joint_count < 2):
                chosen = candidates[: rng.randint(3, min(8, len(candidates)))]
                name = f"{grid.community.name}{grid.region.name}联合党支部"
                self.cover(self.new_party_org(name, T.JOINT_BRANCH, M.JOINT, grid.region), chosen)
                joint_count += 1
        seen: set[int] = set()
        for grid in self.grids:
            community = grid.community
            if id(community) in seen:
                continue
            seen.add(id(community))
            candidates = self.joint_candidates(by_community[id(community)])
            if len(candidates) >= 3 and rng.random() < 0.08:
                chosen = candidates[: rng.randint(3, min(8, len(candidates)))]
                self.cover(self.new_party_org(f"{community.name}非公企业联合党支部", T.JOINT_BRANCH, M.JOINT, community), chosen)
        # 依托组建: a trade association's joint branch across one street.
        trades = (("G", "物流"), ("C", "五金"), ("H", "餐饮"), ("E", "建筑"), ("I", "软件"), ("F", "商贸"))
        made, tries = 0, 0
        while made < max(1, self.n // 2500) and tries < 50:
            tries += 1
            s_index = rng.randrange(len(self.streets))
            industry, trade = rng.choice(trades)
            name = f"{STREETS[s_index][1]}{trade}行业协会联合党支部"
            candidates = self.joint_candidates([p for p in self.plans if p.grid.street_index == s_index and p.org.industry == industry])
            if len(candidates) >= 3 and all(po.name != name for po in self.party_orgs[0]):
                chosen = candidates[: rng.randint(3, min(6, len(candidates)))]
                self.cover(self.new_party_org(name, T.JOINT_BRANCH, M.INDUSTRY, chosen[0].grid.region), chosen)
                made += 1
        # 属地组建: the community brings the firms of one office building into one branch.
        made, tries = 0, 0
        while made < max(1, self.n // 2500) and tries < 50:
            tries += 1
            grid = rng.choice(self.grids)
            candidates = self.joint_candidates(by_community[id(grid.community)])
            if len(candidates) >= 2:
                chosen = candidates[: rng.randint(2, min(6, len(candidates)))]
                building = rng.choice(("创业大厦", "科技园", "商务中心", "产业园"))
                name = f"{grid.community.name}{self.brand()}{building}党支部"
                self.cover(self.new_party_org(name, T.BRANCH, M.TERRITORIAL, grid.community), chosen)
                made += 1

    def build_dissolved_party_orgs(self) -> None:
        """Branches of closed or deregistered organizations, dissolved and covering nothing (ORG-4)."""
        rng = self.rng
        gone = [p for p in self.plans if p.party_org is None
                and p.org.status in (Organization.Status.CLOSED, Organization.Status.DEREGISTERED)]
        for number, plan in enumerate(rng.sample(gone, min(len(gone), max(2, self.n // 1000)))):
            joint = number == 1  # one dissolved joint branch, the rest standalone
            name = f"{plan.grid.community.name}{plan.grid.region.name}第二联合党支部" if joint else f"{plan.org.name}党支部"
            party_org = self.new_party_org(name, PartyOrg.Type.JOINT_BRANCH if joint else PartyOrg.Type.BRANCH,
                                           PartyOrg.Mode.JOINT if joint else PartyOrg.Mode.STANDALONE, plan.grid.region,
                                           not_before=plan.org.founded_on)
            party_org.status = PartyOrg.Status.DISSOLVED
            # Founded after the organization, dissolved at least a year later, in the past.
            lived = self.today - datetime.timedelta(days=20) - plan.org.founded_on
            party_org.dissolved_on = max(self.days_ago(20, 1500), plan.org.founded_on + lived * 3 / 4)
            party_org.founded_on = min(party_org.founded_on, party_org.dissolved_on - min(lived / 2, datetime.timedelta(days=400)))
            if party_org.last_election_on:
                party_org.last_election_on = min(max(party_org.last_election_on, party_org.founded_on), party_org.dissolved_on)
            party_org.dissolved_reason = DISSOLVED_REASONS[number % len(DISSOLVED_REASONS)]
            party_org.secretary_name = self.person()[0]

    # ----------------------------------------------------------------- members
    def new_member(self, plan: _OrgPlan | None, category: str, party_org: PartyOrg | None, *,
                   migrant: bool, name: str = "", gender: str = "") -> Member:
        rng = self.rng
        if not name:
            name, gender = self.person()
        year = int(rng.triangular(1960, 2003, 1986))
        birth = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        adult = birth.replace(year=birth.year + 18, day=min(birth.day, 28))
        if category == Member.Category.FULL and (self.today - adult).days < 800:
            category = Member.Category.PROBATIONARY  # too young to have finished probation
        if category == Member.Category.PROBATIONARY:
            joined = self.days_ago(15, 350)
        else:
            joined = adult + datetime.timedelta(days=rng.randint(180, (self.today - adult).days - 400))
        if year < 1975:
            education = rng.choices(Member.Education.values, weights=(3, 17, 20, 35, 25))[0]
        else:
            education = rng.choices(Member.Education.values, weights=(8, 42, 30, 15, 5))[0]
        id_number = self.id_number(gender, birth, migrant)
        return Member(
            name=name, gender=gender, id_number=id_number, id_number_index=blind_index(normalize_code(id_number)),
            phone=self.mobile() if rng.random() < 0.95 else "", birth_date=birth, education=education, joined_on=joined,
            category=category, organization=plan.org if plan else None, party_org=party_org,
            position=Member.Position.MANAGEMENT if rng.random() < 0.12 else Member.Position.STAFF,
        )

    def make_flowing(self, member: Member, status: str, number: int) -> None:
        """A 流动党员活动证 valid for one or two years; about a quarter have expired (MEM-3)."""
        issued = self.days_ago(30, 900)
        member.flow_status = status
        member.flow_certificate_no = f"LD{DISTRICT_CODE}{issued.year}{number:05d}"
        member.flow_certificate_valid_until = issued + datetime.timedelta(days=self.rng.choice((365, 730)))

    def build_members(self) -> None:
        rng = self.rng
        roster = [p for p in self.plans if p.roster]
        # A handful of rosters deliberately disagree with the ledger (member_figures_differ).
        differing = {id(p) for p in rng.sample(roster, min(len(roster), max(3, self.n // 1500)))}
        flow_number = 0
        for plan in roster:
            formal, probationary = plan.formal, plan.probationary
            if id(plan) in differing:  # one record missing, or one too many
                if formal + probationary > 1 and rng.random() < 0.5:
                    if formal:
                        formal -= 1
                    else:
                        probationary -= 1
                else:
                    formal += 1
            categories = [Member.Category.FULL] * formal + [Member.Category.PROBATIONARY] * probationary
            for index, category in enumerate(categories):
                migrant = rng.random() < 0.6
                party_org = rng.choice(plan.branches) if plan.branches else None
                if index == 0 and plan.org.owner_is_member and category == Member.Category.FULL:
                    member = self.new_member(plan, category, party_org, migrant=False,
                                             name=plan.org.owner_name, gender=plan.owner_gender)
                    member.position = Member.Position.OWNER
                else:
                    member = self.new_member(plan, category, party_org, migrant=migrant)
                if migrant and rng.random() < 0.06:  # works here, membership registered elsewhere
                    flow_number += 1
                    self.make_flowing(member, Member.FlowStatus.INFLOW, flow_number)
                    if rng.random() < 0.3:
                        member.party_org = None  # not yet placed in an org here (MEM-3 flags it)
                self.members.append(member)
        # Outflow: registered with a branch here, working elsewhere.
        homes = [po for po in self.party_orgs[0] if po.status == PartyOrg.Status.ACTIVE
                 and po.type in (PartyOrg.Type.BRANCH, PartyOrg.Type.JOINT_BRANCH)]
        for _ in range(max(2, len(self.members) // 70)):
            member = self.new_member(None, Member.Category.FULL, rng.choice(homes), migrant=False)
            flow_number += 1
            self.make_flowing(member, Member.FlowStatus.OUTFLOW, flow_number)
            self.members.append(member)
        flowing = [m for m in self.members if m.flow_status]
        for member in flowing[:2]:  # at least two certificates have expired, however small the demo
            member.flow_certificate_valid_until = self.days_ago(10, 200)
        Member.objects.bulk_create(self.members, batch_size=1000)  # derives the blind index, recounts

    def assign_secretaries(self) -> None:
        """Secretaries are FULL members of their own org where the roster has one; otherwise only
        a name and phone are known (the roster has not been entered yet)."""
        rng = self.rng
        full_by_org: dict[int, list[Member]] = {}
        full_by_party_org: dict[int, list[Member]] = {}
        for member in self.members:
            if member.category != Member.Category.FULL or member.flow_status:
                continue
            if member.organization_id:
                full_by_org.setdefault(member.organization_id, []).append(member)
            if member.party_org_id:
                full_by_party_org.setdefault(member.party_org_id, []).append(member)
        covered_org: dict[int, Organization] = {}
        for party_org, plan in self.coverage:
            covered_org.setdefault(party_org.pk, plan.org)
        used: set[int] = set()
        changed: list[Member] = []
        for party_org in [po for level in self.party_orgs for po in level]:
            if party_org.status != PartyOrg.Status.ACTIVE:
                continue
            if party_org.parent_id or party_org.mode != PartyOrg.Mode.STANDALONE:
                candidates = full_by_party_org.get(party_org.pk, [])
            else:
                candidates = full_by_org.get(covered_org[party_org.pk].pk, [])
            candidates = [m for m in candidates if m.pk not in used]
            big = party_org.type in (PartyOrg.Type.COMMITTEE, PartyOrg.Type.GENERAL_BRANCH)
            owners = [m for m in candidates if m.position == Member.Position.OWNER]
            if big and owners and rng.random() < 0.5:
                secretary = owners[0]  # the owner is secretary: a deputy for Party work (ORG-8)
            elif candidates and rng.random() < 0.7:
                secretary = rng.choice(candidates)
                secretary.position = rng.choices(
                    (Member.Position.CROSS, Member.Position.MANAGEMENT, secretary.position), weights=(5, 3, 2))[0]
                changed.append(secretary)
            else:
                party_org.secretary_name = self.person()[0]
                party_org.secretary_phone = self.mobile() if rng.random() < 0.9 else ""
                continue
            used.add(secretary.pk)
            party_org.secretary = secretary
            others = [m for m in candidates if m.pk not in used]
            if big and others and (secretary.position == Member.Position.OWNER or rng.random() < 0.6):
                party_org.deputy_secretary = rng.choice(others)
                used.add(party_org.deputy_secretary.pk)
        PartyOrg.objects.bulk_update(
            [po for level in self.party_orgs for po in level],
            ["secretary", "deputy_secretary", "secretary_name", "secretary_phone"], batch_size=500,
        )
        Member.objects.bulk_update(changed, ["position"], batch_size=1000)

    # ----------------------------------------------------------------- instructors and pairing
    def build_instructors(self) -> None:
        """Instructors give work coverage to organizations without a party organization (ORG-7);
        the first one, in the first street, becomes the demo instructor."""
        rng = self.rng
        uncovered_by_street: dict[int, list[_OrgPlan]] = {}
        covered_by_street: dict[int, list[_OrgPlan]] = {}
        for plan in self.plans:
            if plan.org.status != Organization.Status.NORMAL:
                continue
            target = covered_by_street if plan.party_org else uncovered_by_street
            target.setdefault(plan.grid.street_index, []).append(plan)
        for plans in uncovered_by_street.values():
            plans.sort(key=lambda p: -p.org.employees)  # the larger ones first (ORG-6, ORG-7)
        taken: set[int] = set()
        instructors: list[Instructor] = []
        assignments: list[Assignment] = []
        for number in range(max(4, round(self.n / 330))):
            s_index = 0 if number == 0 else rng.randrange(len(self.streets))
            source = rng.choices(Instructor.Source.values, weights=(60, 20, 12, 8))[0]
            unit = rng.choice(INSTRUCTOR_UNITS) if rng.random() < 0.8 else f"{self.streets[s_index].name}办事处"
            position = "退休干部" if source == Instructor.Source.RETIRED else rng.choice(INSTRUCTOR_POSITIONS)
            instructor = Instructor(name=self.person()[0], dispatching_unit=unit, position=position, source=source,
                                    full_time=rng.random() < 0.3, region=self.streets[s_index])
            instructors.append(instructor)
            if number == 0:
                count = rng.randint(4, 6)  # the demo instructor
            elif rng.random() < 0.35:
                count = 1  # one-to-one (INS-1)
            else:
                count = rng.randint(2, 7)  # one-to-many
            pool = [p for p in uncovered_by_street.get(s_index, []) if id(p) not in taken][: max(20, count * 4)]
            for plan in rng.sample(pool, min(count, len(pool))):
                taken.add(id(plan))
                assignments.append(Assignment(instructor=instructor, organization=plan.org, start_date=self.days_ago(30, 1400)))
            if number % 3 == 1:  # history: firms they helped until those set up their own branch
                history = covered_by_street.get(s_index) or uncovered_by_street.get(s_index, [])
                for plan in rng.sample(history, min(len(history), rng.randint(1, 2))):
                    start = self.days_ago(900, 2400)
                    end = min(start + datetime.timedelta(days=rng.randint(180, 720)), self.today - datetime.timedelta(days=30))
                    assignments.append(Assignment(instructor=instructor, organization=plan.org, start_date=start, end_date=end))
        Instructor.objects.bulk_create(instructors)
        Assignment.objects.bulk_create(assignments, batch_size=1000)

    def build_pairings(self) -> None:
        """结对共建: each unit with one organization (PAIR-1), a few with two, some with history."""
        rng = self.rng
        n_units = max(3, round(self.n / 500))
        n_street_units = n_units // 5
        existing = set(PairedUnit.objects.values_list("name", flat=True))
        district_names = [name for name in PAIRED_UNITS if name not in existing][: n_units - n_street_units]
        units = [PairedUnit(name=name, level=PairedUnit.Level.DISTRICT) for name in district_names]
        street_of: dict[int, int] = {}
        for number in range(n_street_units):
            s_index = number % len(self.streets)
            name = f"{self.streets[s_index].name}{STREET_PAIRED_UNIT_SUFFIXES[number // len(self.streets) % 3]}"
            if name not in existing:
                unit = PairedUnit(name=name, level=PairedUnit.Level.STREET)
                street_of[id(unit)] = s_index
                units.append(unit)
        PairedUnit.objects.bulk_create(units)
        operating = [p for p in self.plans if p.org.status == Organization.Status.NORMAL and p.org.employees >= 20]
        with_party_org = [p for p in operating if p.party_org]
        paired: set[int] = set()
        pairings: list[Pairing] = []

        def pick(s_index: int | None, need_party_org: bool = False) -> _OrgPlan | None:
            pool = with_party_org if need_party_org or rng.random() < 0.7 else operating
            if s_index is not None:  # street units pair within their own street (PAIR-1)
                pool = [p for p in pool if p.grid.street_index == s_index]
            pool = [p for p in pool if id(p) not in paired]
            return rng.choice(pool) if pool else None

        for number, unit in enumerate(units):
            s_index = street_of.get(id(unit))
            current = 1 if number == 0 else rng.choices((0, 1, 2), weights=(10, 75, 15))[0]
            for index in range(current):
                plan = pick(s_index, need_party_org=number == index == 0)  # the demo unit sees a party org
                if plan:
                    paired.add(id(plan))
                    pairings.append(Pairing(unit=unit, organization=plan.org, start_date=self.days_ago(60, 1200)))
            if current == 0 or rng.random() < 0.3:
                plan = pick(s_index)
                if plan:
                    start = self.days_ago(1300, 2600)
                    pairings.append(Pairing(unit=unit, organization=plan.org, start_date=start,
                                            end_date=start + datetime.timedelta(days=rng.randint(365, 1000))))
        Pairing.objects.bulk_create(pairings, batch_size=1000)

    def assign_grid_leads(self) -> None:
        """GRID-3: most grids have a lead party organization (the strongest in the grid, else one
        in the community) and a responsible person; some are still blank."""
        rng = self.rng
        strongest: dict[int, tuple[int, PartyOrg]] = {}
        for party_org, plan in self.coverage:
            if party_org.status == PartyOrg.Status.ACTIVE and not party_org.parent_id:
                for key in (plan.grid.region.pk, plan.grid.community.pk):
                    if key not in strongest or plan.org.employees > strongest[key][0]:
                        strongest[key] = (plan.org.employees, party_org)
        # About one grid in eight (at least one, never the demo grid user's) has no lead yet.
        blank = {id(g) for g in rng.sample(self.grids[1:], max(1, round(len(self.grids) * 0.12)))}
        for grid in self.grids:
            lead = strongest.get(grid.region.pk) or strongest.get(grid.community.pk)
            if lead and id(grid) not in blank:
                grid.region.lead_party_org = lead[1]
            if grid.region.lead_party_org_id or rng.random() < 0.5:
                grid.region.responsible_person = self.person()[0]
        Region.objects.bulk_update([g.region for g in self.grids], ["lead_party_org", "responsible_person"], batch_size=500)

    def build(self) -> Region:
        root = self.build_regions()
        self.build_organizations()
        self.build_party_orgs()
        self.build_members()
        self.assign_secretaries()
        self.build_instructors()
        self.build_pairings()
        self.assign_grid_leads()
        return root


# --------------------------------------------------------------------------- accounts
def _current(prefix: str, today: datetime.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def ensure_demo_accounts(root: Region, today: datetime.date | None = None) -> list[DemoAccount]:
    """Create or refresh the demo accounts with the demo password. Their jurisdictions are
    looked up in the database, so a second run finds the same ones without remembering anything."""
    today = today or timezone.localdate()
    streets = list(root.children.filter(level=Region.Level.STREET).order_by("code")[:2])
    street1, street2 = (streets + [root, root])[:2]
    grid1 = (Region.objects.subtree(street1).filter(level=Region.Level.GRID).annotate(n=Count("organizations"))
             .filter(n__gt=0).order_by("code").first())
    in_street1 = Q(region__path__startswith=street1.path)
    secretary_org = (
        PartyOrg.objects.active().filter(in_street1, type=PartyOrg.Type.COMMITTEE, children__isnull=False)
        .order_by("pk").first()
        or PartyOrg.objects.active().filter(in_street1, type=PartyOrg.Type.JOINT_BRANCH).order_by("pk").first()
    )
    pairing_unit = (PairedUnit.objects.filter(_current("pairings__", today), pairings__organization__region__path__startswith=root.path)
                    .order_by("pk").first())
    for what, found in (("两个街道", len(streets) == 2), ("有组织的网格", grid1), ("街道党组织", secretary_org),
                        ("在结对的共建单位", pairing_unit)):
        if not found:
            raise DemoError(f"演示区 {root.name} 缺少{what}，无法设置演示账号；请在空数据库上重新生成演示数据。")
    role_labels = dict(Role.choices)
    specs = [
        ("admin", Role.ADMIN, "区委组织部管理员", {"region": root}),
        ("street1", Role.COMMITTEE, f"{street1.name}党工委", {"region": street1}),
        ("street2", Role.COMMITTEE, f"{street2.name}党工委", {"region": street2}),
        ("grid1", Role.COMMUNITY, f"{grid1.parent.name}{grid1.name}网格员", {"region": grid1}),
        ("instructor1", Role.INSTRUCTOR, "", {}),
        ("secretary1", Role.SECRETARY, "", {"party_org": secretary_org}),
        ("pairing1", Role.PAIRED_UNIT, f"{pairing_unit.name}联络员", {"paired_unit": pairing_unit}),
        ("leader1", Role.LEADER, "区领导", {"region": root}),
    ]
    # One hash for all eight accounts: PBKDF2 costs ~0.4 s a call, and the password is public anyway.
    password_hash = make_password(DEMO_PASSWORD)
    accounts: list[DemoAccount] = []
    for username, role, display_name, scope in specs:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role, user.is_active, user.is_superuser = role, True, False
        user.is_staff = role == Role.ADMIN
        user.region, user.party_org, user.paired_unit = scope.get("region"), scope.get("party_org"), scope.get("paired_unit")
        if role == Role.SECRETARY:
            display_name = f"{secretary_org.secretary_display or '书记'}（{secretary_org.name}）"[:50]
        user.display_name = display_name
        user.password = password_hash
        user.save()
        if role == Role.INSTRUCTOR:
            instructor = _link_demo_instructor(user, street1, today)
            user.display_name = instructor.name
            user.save(update_fields=["display_name"])
        accounts.append(DemoAccount(username, role_labels[role], user.display_name, _jurisdiction_label(user, today)))
    return accounts


def _link_demo_instructor(user: User, street1: Region, today: datetime.date) -> Instructor:
    """Keep the instructor already linked to the account if it is one of the demo's; otherwise
    link the first unlinked one of the first street with at least three current assignments."""
    linked = Instructor.objects.filter(user=user, region__path__startswith=street1.path).first()
    if linked:
        return linked
    Instructor.objects.filter(user=user).update(user=None)
    instructor = (Instructor.objects.filter(region=street1, user__isnull=True)
                  .annotate(n=Count("assignments", filter=_current("assignments__", today))).filter(n__gte=3)
                  .order_by("pk").first())
    if instructor is None:
        raise DemoError(f"{street1.name}没有联系3个以上组织的指导员，无法设置演示账号 instructor1。")
    instructor.user = user
    instructor.save(update_fields=["user"])
    return instructor


def _jurisdiction_label(user: User, today: datetime.date) -> str:
    if user.role == Role.INSTRUCTOR:
        count = Assignment.objects.current(today).filter(instructor__user=user).count()
        return f"联系 {count} 个组织"
    if user.role == Role.SECRETARY:
        count = Organization.objects.filter(party_orgs__in=PartyOrg.objects.subtree_ids(user.party_org_id)).distinct().count()
        return f"{user.party_org.name}（覆盖 {count} 个组织）"
    if user.role == Role.PAIRED_UNIT:
        count = Pairing.objects.current(today).filter(unit=user.paired_unit).count()
        return f"{user.paired_unit.name}（结对 {count} 个组织）"
    names = [region.name for region in user.region.ancestors()[1:]] + [user.region.name]
    label = "".join(names) if user.region.level > Region.Level.DISTRICT else user.region.name
    return f"{label}（只读统计）" if user.role == Role.LEADER else label


# --------------------------------------------------------------------------- entry point
def district_counts(root: Region) -> dict[str, int]:
    """The figures of the summary, counted in the database (the same on every run)."""
    regions = Region.objects.subtree(root)
    orgs = Organization.objects.filter(region__path__startswith=root.path)
    party_orgs = PartyOrg.objects.filter(region__path__startswith=root.path)
    members = Member.objects.filter(Q(organization__in=orgs) | Q(party_org__in=party_orgs))
    instructors = Instructor.objects.filter(region__path__startswith=root.path)
    assignments = Assignment.objects.filter(instructor__in=instructors)
    pairings = Pairing.objects.filter(organization__in=orgs)
    counts = {f"region_{level}": regions.filter(level=level).count() for level in Region.Level.values}
    counts |= orgs.aggregate(orgs=Count("pk"), enterprises=Count("pk", filter=Q(kind=Organization.Kind.ENTERPRISE)))
    counts |= {
        "covered": orgs.covered().count(),
        "party_orgs": party_orgs.count(),
        "dissolved": party_orgs.filter(status=PartyOrg.Status.DISSOLVED).count(),
        **{f"party_org_{t}": party_orgs.filter(type=t).count() for t in PartyOrg.Type.values},
        "members": members.count(),
        "probationary": members.filter(category=Member.Category.PROBATIONARY).count(),
        "flowing": members.exclude(flow_status="").count(),
        "instructors": instructors.count(),
        "assignments": assignments.filter(_current("", timezone.localdate())).count(),
        "paired_units": PairedUnit.objects.filter(pairings__in=pairings).distinct().count(),
        "pairings": pairings.filter(_current("", timezone.localdate())).count(),
    }
    return counts


def build_demo(orgs: int = DEFAULT_ORGS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Build the demo district unless it exists, then make sure the demo accounts exist.
    All in one transaction: an interrupted run leaves nothing half-built."""
    started = time.perf_counter()
    with transaction.atomic():
        root = Region.objects.filter(code=DISTRICT_CODE).first()
        created = root is None
        if created:
            root = DemoBuilder(orgs=orgs, seed=seed).build()
        accounts = ensure_demo_accounts(root)
    counts = district_counts(root)
    return DemoResult(created, time.perf_counter() - started, counts, accounts, f"{root.name}（{root.code}）")


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns, so the account table lines up."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, width - used)


def format_report(result: DemoResult) -> str:
    c = result.counts
    if result.created:
        head = f"演示数据已生成：{result.district}，用时 {result.seconds:.1f} 秒。"
    else:
        head = f"演示区 {result.district} 已存在，未重复生成；已确认演示账号和密码（用时 {result.seconds:.1f} 秒）。"
    lines = [
        head,
        f"  区域：{c['region_3']} 个区，{c['region_4']} 个街道/园区，{c['region_5']} 个社区/村/片区，{c['region_6']} 个网格",
        f"  两新组织：{c['orgs']} 个（非公企业 {c['enterprises']}，社会组织 {c['orgs'] - c['enterprises']}），已组织覆盖 {c['covered']} 个",
        f"  党组织：{c['party_orgs']} 个（基层党委 {c['party_org_committee']}，党总支 {c['party_org_general_branch']}，"
        f"党支部 {c['party_org_branch']}，联合党支部 {c['party_org_joint_branch']}；其中已撤销 {c['dissolved']}）",
        f"  党员：{c['members']} 名（预备党员 {c['probationary']}，流动党员 {c['flowing']}）",
        f"  党建工作指导员：{c['instructors']} 名，在联组织 {c['assignments']} 个",
        f"  结对共建单位：{c['paired_units']} 个，在结对关系 {c['pairings']} 条",
        "",
        f"演示账号（密码均为 {DEMO_PASSWORD}）",
        "  " + _pad("用户名", 13) + _pad("角色", 26) + _pad("姓名", 44) + "管辖范围",
    ]
    for account in result.accounts:
        lines.append("  " + _pad(account.username, 13) + _pad(account.role_label, 26) + _pad(account.display_name, 44)
                     + account.jurisdiction)
    return "\n".join(lines)
