"""The spreadsheet layouts: what the importer reads, and therefore what exports and templates
write. Column keys are the model form's field names wherever a column is a form field."""

from liangxin.ledger.columns import Column, Layout
from liangxin.ledger.models import CensusRecord
from liangxin.members.models import MEMBER_CATEGORIES, Member
from liangxin.organizations.models import Organization
from liangxin.pairing.models import PairedUnit, PointsRecord
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region

SEQ = Column("seq", "序号", "text", synonyms=("编号", "序"), example="示例", width=6)
NAME = Column("name", "组织名称", required=True, width=30, example="深圳市示例电子有限公司",
              synonyms=("单位名称", "企业名称", "组织全称", "单位全称", "社会组织名称", "企业(单位)名称", "名称"))
CREDIT_CODE = Column("credit_code", "统一社会信用代码", "code18", width=22, example="91440300MA5F00001B",
                     synonyms=("信用代码", "社会信用代码", "统一信用代码", "统一代码", "组织机构代码"),
                     help="18位，请把该列设为“文本”格式，防止Excel改成 4.40307E+17。")
STREET = Column("street", "所属街道", width=12, example="东街道",
                synonyms=("街道", "乡镇", "镇街", "所属乡镇", "所属园区", "街道(乡镇)", "所属街道(乡镇/园区)", "街道(乡镇/园区)"))
COMMUNITY = Column("community", "所属社区", width=12, example="东一社区",
                   synonyms=("社区", "村", "社区(村)", "所属村", "所属社区(村)", "社区(村/片区)"))
GRID = Column("grid", "所属网格", width=14, example="东一第1网格", synonyms=("网格", "网格名称"))
REGION_CODE = Column("region_code", "区域代码", "narrow", width=18, example="",
                     synonyms=("网格代码", "区划代码", "所属区域代码", "所属网格代码"),
                     help="所属网格（或社区）的代码；填写后以代码为准，名称须与之一致。")

ORGANIZATION_LEDGER = Layout("ledger", "两新组织台账", [
    SEQ, NAME, CREDIT_CODE,
    Column("kind", "组织类别", "choice", choices=tuple(Organization.Kind.choices), example="非公企业",
           synonyms=("组织类型", "单位类别", "单位类型", "类别", "组织类别(非公企业/社会组织)")),
    Column("subtype", "细分类型", "choice", choices=tuple(Organization.Subtype.choices), example="有限责任公司",
           synonyms=("企业类型", "登记类型")),
    Column("industry", "行业", "choice", choices=tuple(Organization.Industry.choices), example="制造业",
           synonyms=("所属行业", "行业类别", "行业分类", "行业门类"), width=20),
    Column("scale", "规模", "choice", choices=tuple(Organization.Scale.choices), example="规上",
           synonyms=("企业规模", "规模(规上/规下)")),
    Column("status", "经营状态", "choice", choices=tuple(Organization.Status.choices), example="正常",
           synonyms=("运营状态", "经营情况", "状态")),
    Column("address", "地址", width=30, example="东街道示例路1号", synonyms=("注册地址", "经营地址", "办公地址", "详细地址", "单位地址")),
    STREET, COMMUNITY, GRID, REGION_CODE,
    Column("owner_name", "出资人", example="王某", synonyms=("业主", "出资人(业主)", "主要出资人", "投资人")),
    Column("owner_is_member", "出资人是否党员", "bool", example="否", synonyms=("业主是否党员", "出资人(业主)是否党员")),
    Column("employees", "从业人员数", "int", example=120, synonyms=("从业人员", "从业人数", "职工人数", "员工人数", "职工数", "从业人员(人)")),
    Column("reported_formal_members", "正式党员数", "int", example=3, synonyms=("正式党员", "党员数", "党员人数", "正式党员人数")),
    Column("reported_probationary_members", "预备党员数", "int", example=0, synonyms=("预备党员", "预备党员人数")),
    Column("has_party_org", "是否建立党组织", "bool", example="是", synonyms=("已建党组织", "是否建党组织", "是否已建党组织")),
    Column("party_org_name", "党组织名称", width=28, example="深圳市示例电子有限公司党支部", synonyms=("所在党组织", "党组织")),
    Column("party_org_type", "党组织类别", "choice", choices=tuple(PartyOrg.Type.choices), example="党支部", synonyms=("党组织类型",)),
    Column("party_org_mode", "组建方式", "choice", choices=tuple(PartyOrg.Mode.choices), example="单独组建", synonyms=("党组织组建方式",)),
    Column("secretary_name", "党组织书记", example="张某", synonyms=("书记", "书记姓名", "党组织书记姓名")),
    Column("secretary_phone", "书记电话", "narrow", width=14, example="13800000000",
           synonyms=("书记联系电话", "书记手机", "党组织书记电话"), help="导出时按规定隐去中间四位；导入带 * 的号码视为不修改。"),
    Column("instructors", "党建指导员", example="", synonyms=("党建工作指导员", "指导员"), help="多人用顿号（、）分隔；须已在系统中登记。"),
    Column("has_union", "是否建立工会", "bool", example="是", synonyms=("工会", "建立工会", "是否建工会")),
    Column("has_youth_league", "是否建立共青团", "bool", example="否", synonyms=("共青团", "团组织", "是否建立团组织", "是否建团组织")),
    Column("has_women_federation", "是否建立妇联", "bool", example="否", synonyms=("妇联", "妇女组织", "是否建立妇女组织")),
    Column("founded_on", "成立日期", "date", example="2015-06-01", synonyms=("成立时间", "注册日期", "登记日期")),
    Column("payroll", "工资总额(万元)", "decimal", example="", synonyms=("工资总额",)),
    Column("notes", "备注", width=20, synonyms=("说明",)),
])

REGION_TREE = Layout("regions", "区域网格", [
    Column("code", "区域代码", "narrow", required=True, width=18, example="440399001001003",
           synonyms=("区划代码", "代码", "编码", "网格代码", "统计用区划代码")),
    Column("name", "名称", required=True, width=20, example="东一第3网格", synonyms=("区域名称", "网格名称", "单位名称")),
    Column("level", "层级", "choice", choices=tuple(Region.Level.choices), required=True, example="网格", synonyms=("级别", "类型")),
    Column("parent_code", "上级代码", "narrow", width=18, example="440399001001", synonyms=("上级区域代码", "上级区划代码", "父级代码", "上级编码")),
    Column("responsible_person", "责任人", example="", synonyms=("网格责任人", "负责人")),
])

_CENSUS_FIELDS = {f.name: f for f in CensusRecord._meta.get_fields() if hasattr(f, "verbose_name")}


def _census_choice(name, **kw):
    f = _CENSUS_FIELDS[name]
    return Column(name, f.verbose_name, "choice", choices=tuple(f.choices), **kw)


CENSUS = Layout("census", "摸底表", [
    SEQ, NAME, CREDIT_CODE, STREET, COMMUNITY, GRID, REGION_CODE,
    Column("surveyed", "已摸底", "bool", example="是", synonyms=("是否已摸底", "摸底完成")),
    Column("surveyed_on", "摸底日期", "date", example="2026-03-01"),
    _census_choice("kind", example="非公企业", synonyms=("组织类型",)),
    _census_choice("scale", example="规下"),
    _census_choice("operating_status", example="正常", synonyms=("状态",)),
    Column("employees", "从业人员数", "int", example=40, synonyms=("从业人员", "职工人数")),
    Column("formal_members", "正式党员数", "int", example=3, synonyms=("正式党员", "党员数")),
    Column("probationary_members", "预备党员数", "int", example=0, synonyms=("预备党员",)),
    Column("members_suffice", "党员数达到单独组建条件", "bool", example="是", help="由系统按门槛计算，导入时忽略。"),
    Column("has_party_org", "已建党组织", "bool", example="否", synonyms=("是否建立党组织",)),
    Column("secretary_candidate", "书记人选", example="李某", synonyms=("党组织书记人选",)),
    _census_choice("owner_attitude", example="支持", synonyms=("出资人(业主)态度", "业主态度")),
    Column("plan_target_date", "计划组建日期", "date", example="2026-06-30", synonyms=("计划组建时间",)),
    _census_choice("plan_mode", example="单独组建"),
    Column("plan_responsible", "组建责任人", example="街道组织委员"),
    Column("reasons", "未建原因", width=24),
    Column("responsibility", "责任人/责任单位", synonyms=("责任单位", "责任人")),
    Column("countermeasures", "措施", width=24, synonyms=("工作措施", "对策")),
    Column("notes", "备注", width=20),
], min_matches=4)

# 附件1 of seed 004 (结对共建工作安排表): one row per pairing, the unit on the left, the 两新
# organization it pairs with on the right. Units are created or matched by name; organizations
# are matched (never created) by credit code, else by name, inside the importer's jurisdiction.
PAIRINGS = Layout("pairings", "结对共建工作安排表", [
    SEQ,
    Column("unit", "单位名称", required=True, width=26, example="区司法局",
           synonyms=("结对单位", "结对单位名称", "机关事业单位", "机关、事业单位", "单位")),
    Column("level", "单位层级", "choice", choices=tuple(PairedUnit.Level.choices), example="区直单位",
           synonyms=("层级", "单位级别"), help="区直单位由区委党群共建办管理；街道单位由所在街道管理，只能与本街道的组织结对。"),
    Column("unit_street", "单位所在街道", width=12, example="",
           synonyms=("单位所属街道",), help="街道单位填写所在街道（乡镇、园区）；留空则取结对组织所在街道。区直单位不填。"),
    Column("category", "单位类别", "choice", choices=tuple(PairedUnit.Category.choices), example="机关",
           synonyms=("单位性质", "单位类型")),
    Column("rank", "机构级别", "choice", choices=tuple(PairedUnit.Rank.choices), example="副处级以上", synonyms=("级别", "单位规格")),
    Column("has_party_org", "单独组建党组织", "bool", example="是", synonyms=("是否单独组建党组织", "单位是否单独组建党组织")),
    Column("party_org_name", "单位党组织名称", width=28, example="中共区司法局支部委员会", synonyms=("单位党组织",)),
    Column("unit_contact", "单位负责人", example="陈某", synonyms=("单位联系人", "结对单位负责人", "单位联络人")),
    Column("organization", "结对组织名称", required=True, width=30, example="深圳市示例电子有限公司",
           synonyms=("结对两新组织", "两新组织名称", "结对“两新”组织", "结对“两新”组织名称", "结对企业", "结对组织", "两新组织")),
    Column("credit_code", "统一社会信用代码", "code18", width=22, example="91440300MA5F00001B",
           synonyms=("信用代码", "社会信用代码", "结对组织统一社会信用代码"),
           help="结对组织的18位代码；填写后按代码找组织，名称须与之一致。不填则按名称在您的管辖范围内查找。"),
    Column("street", "组织所在街道", width=12, example="东街道",
           synonyms=("所属街道", "街道", "结对组织所在街道"), help="结对组织所在街道；同名组织不止一家时用来区分。"),
    Column("organization_contact", "组织负责人", example="刘某", synonyms=("组织联系人", "两新组织负责人", "企业负责人")),
    Column("start_date", "开始日期", "date", required=True, example="2026-01-01", synonyms=("结对时间", "结对日期", "起始日期")),
    Column("end_date", "结束日期", "date", example="", synonyms=("截止日期", "终止日期")),
    Column("notes", "备注", width=20, synonyms=("说明",)),
])

# Export-only layouts (the party organizations and members are imported through the ledger
# and the member forms respectively).
PARTY_ORGS = Layout("partyorgs", "党组织", [
    SEQ, Column("name", "党组织名称", width=30), Column("type", "党组织类别", "choice", choices=tuple(PartyOrg.Type.choices)),
    Column("mode", "组建方式", "choice", choices=tuple(PartyOrg.Mode.choices)), STREET, COMMUNITY, GRID, REGION_CODE,
    Column("organizations", "覆盖组织", width=40), Column("secretary_name", "党组织书记"),
    Column("secretary_phone", "书记电话", "narrow"), Column("founded_on", "成立日期", "date"),
    Column("last_election_on", "上次换届日期", "date"), Column("status", "状态", "choice", choices=tuple(PartyOrg.Status.choices)),
])

PAIRED_UNITS = Layout("paired_units", "结对共建单位", [
    SEQ, Column("name", "单位名称", width=26), Column("level", "单位层级", "choice", choices=tuple(PairedUnit.Level.choices)),
    Column("region", "所属区域", width=14), Column("category", "单位类别", "choice", choices=tuple(PairedUnit.Category.choices)),
    Column("rank", "机构级别", "choice", choices=tuple(PairedUnit.Rank.choices)), Column("has_party_org", "单独组建党组织", "bool"),
    Column("party_org_name", "单位党组织名称", width=28), Column("contact_name", "联络人"),
    Column("pairings", "当前结对组织", width=36), Column("notes", "备注", width=20),
])

POINTS_RECORDS = Layout("points_records", "积分行动记录", [
    SEQ, Column("date", "开展时间", "date"), Column("kind", "工作类别", "choice", choices=tuple(PointsRecord.Kind.choices)),
    Column("unit", "结对单位", width=26), Column("organization", "结对组织", width=30), Column("content", "工作内容", width=40),
    Column("participants", "参加人员", width=30), Column("results", "具体成效", width=30),
    Column("status", "确认状态", "choice", choices=tuple(PointsRecord.Status.choices)), Column("points", "积分", "int"),
    Column("example", "好的做法", "bool"),
])

MEMBERS = Layout("members", "党员", [
    SEQ, Column("name", "姓名"), Column("gender", "性别", "choice", choices=tuple(Member.Gender.choices)),
    Column("id_number", "身份证号", "code18", width=22), Column("phone", "联系电话", "narrow"),
    Column("birth_date", "出生日期", "date"), Column("education", "学历", "choice", choices=tuple(Member.Education.choices)),
    Column("joined_on", "入党日期", "date"), Column("category", "党员类别", "choice",
                                                                 choices=tuple(c for c in Member.Category.choices if c[0] in MEMBER_CATEGORIES)),
    Column("organization", "工作单位", width=30), Column("organization_credit_code", "工作单位统一社会信用代码", "code18", width=22),
    Column("party_org", "组织关系所在党组织", width=30),
    Column("position", "岗位", "choice", choices=tuple(Member.Position.choices)),
    Column("flow_status", "流动状态", "choice", choices=tuple(Member.FlowStatus.choices)),
])

LAYOUTS = {layout.name: layout for layout in (ORGANIZATION_LEDGER, REGION_TREE, CENSUS, PAIRINGS, PARTY_ORGS, MEMBERS,
                                              PAIRED_UNITS, POINTS_RECORDS)}
