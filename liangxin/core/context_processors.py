from django.urls import reverse

from liangxin.core.links import opens_for

# The menu, grouped the way the work is: the ledger, instructors, policy, administration.
# Each entry names the permission it needs, and is shown only when its page opens for the user
# (core.links), so no one sees a link that answers 403.
MENU = [
    ("台账", "journal-text", [
        ("organizations:organization_list", "两新组织", "buildings", "organizations.view_organization"),
        ("partyorgs:partyorg_list", "党组织", "flag", "partyorgs.view_partyorg"),
        ("members:member_list", "党员", "people", "members.view_member"),
        ("members:recruit_list", "发展党员", "person-up", "members.view_recruit"),
        ("members:flowing_list", "流动党员", "signpost-2", "members.view_member"),
        ("regions:region_list", "区域网格", "diagram-3", "regions.view_region"),
        ("ledger:census_list", "摸底", "clipboard-check", "ledger.view_census"),
        ("ledger:import", "导入台账", "upload", "ledger.add_importjob"),
    ]),
    ("网格化管理", "grid-3x3", [
        ("grids:grid_map", "网格地图", "grid-1x2", "regions.view_region"),
        ("grids:officer_list", "分管领导和工作人员", "person-lines-fill", "grids.view_officer"),
        ("grids:servicecentre_list", "党群服务中心", "house-heart", "grids.view_servicecentre"),
        ("grids:centresubsidy_list", "中心补助", "cash-coin", "grids.view_centresubsidy"),
        ("grids:rolloutstate_list", "推进情况", "signpost-split", "grids.view_rolloutstate"),
        ("grids:jointmeeting_list", "联席会议", "people-fill", "grids.view_jointmeeting"),
        ("grids:contactpoint_list", "领导干部联系点", "person-check", "grids.view_contactpoint"),
        ("grids:demonstrationpoint_list", "党建工作示范点", "award", "grids.view_demonstrationpoint"),
    ]),
    ("指导员", "person-badge", [
        ("instructors:compliance", "指导员履职", "person-badge", "instructors.add_instructor"),
        ("instructors:visit_list", "工作日志", "journal-check", "instructors.view_visit"),
    ]),
    ("结对共建", "link-45deg", [
        ("pairing:pairedunit_list", "共建单位", "bank", "pairing.view_pairedunit"),
        ("pairing:pairing_list", "结对关系", "link-45deg", "pairing.view_pairing"),
        ("pairing:pairing_map", "结对关系图", "diagram-2", "pairing.view_pairing"),
        ("pairing:pointsrecord_list", "积分行动记录", "journal-check", "pairing.view_pointsrecord"),
        ("pairing:selfassessment_list", "年度自评", "clipboard-data", "pairing.add_pairedunit"),
        ("pairing:unitevaluation_list", "评议", "chat-square-text", "pairing.view_unitevaluation"),
        ("pairing:inspection_list", "督办检查和通报", "megaphone", "pairing.view_inspection"),
        ("pairing:commendation", "年度表彰名单", "award", "pairing.view_inspection"),
    ]),
    ("组织生活", "calendar-check", [
        ("partylife:activity_add", "记录活动", "plus-circle", "partylife.add_activity"),
        ("partylife:archive", "活动档案", "archive", "partylife.view_activity"),
        ("partylife:activitykind_list", "活动类别", "tags", "partylife.add_activitykind"),
        ("partylife:crossappointment_list", "交叉任职", "people", "partylife.view_crossappointment"),
        ("partylife:training_list", "书记培训", "mortarboard", "partylife.view_training"),
        ("partylife:partyworker_list", "专职党务工作者", "person-badge", "partylife.view_partyworker"),
        ("assessments:checklist_list", "六有、五个一", "clipboard-check", "assessments.view_checklist"),
        ("assessments:ratinground_list", "双强六好、五个好评定", "award", "assessments.view_ratinground"),
        ("assessments:checklistitem_list", "规范化建设项目", "list-ol", "assessments.add_checklistitem"),
    ]),
    ("党建经费", "cash-coin", [
        ("funding:funding", "经费概况", "cash-coin", "funding.view_allocation"),
        ("funding:expense_list", "经费支出", "receipt", "funding.view_expense"),
        ("funding:setaside_list", "教育经费列支", "piggy-bank", "funding.view_setaside"),
    ]),
    ("政策与覆盖", "bar-chart", [
        ("rules:coverage", "覆盖看板", "bar-chart", "organizations.view_organization"),
        ("reports:leaders", "领导总览", "display", "organizations.view_organization"),
        ("rules:rule_list", "政策规则", "list-check", "organizations.view_organization"),
        ("reports:annual", "统计年报", "file-earmark-bar-graph", "organizations.view_organization"),
        ("reports:quarterlybulletin_list", "季度通报", "file-earmark-word", "reports.view_quarterlybulletin"),
        ("inspections:inspectionround_list", "党建工作年检", "clipboard2-check", "inspections.view_inspectionround"),
        ("inspections:inspectionresult_list", "年检结果", "card-checklist", "inspections.view_inspectionresult"),
    ]),
    ("管理", "gear", [
        ("audit:changelog_list", "变更日志", "clock-history", "audit.view_changelog"),
        ("accounts:user_list", "用户管理", "person-gear", "accounts.view_user"),
    ]),
]
# API 文档 is a developer's tool, not part of anyone's daily work: it sits in the user corner
# of whoever hands out API tokens (the administrator, who manages accounts) and of staff.
API_DOCS_PERMISSION = "accounts.change_user"


def navigation(request):
    """The menu groups and entries the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    groups = []
    for label, icon, entries in MENU:
        allowed = [(url, text, ico) for url, text, ico, perm in entries
                   if (perm is None or user.has_perm(perm)) and opens_for(user, reverse(url))]
        if allowed:
            groups.append({"label": label, "icon": icon, "items": allowed})
    return {"nav_groups": groups, "show_api_docs": user.is_staff or user.has_perm(API_DOCS_PERMISSION)}
