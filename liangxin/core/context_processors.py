def navigation(request):
    """The menu entries the user may open, so templates never show a link that answers 404."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [
        ("core:home", "首页", "house", None),
        ("regions:region_list", "区域网格", "diagram-3", "regions.view_region"),
        ("organizations:organization_list", "两新组织", "buildings", "organizations.view_organization"),
        ("partyorgs:partyorg_list", "党组织", "flag", "partyorgs.view_partyorg"),
        ("members:member_list", "党员", "people", "members.view_member"),
        ("instructors:compliance", "指导员", "person-badge", "instructors.add_instructor"),
        ("instructors:visit_list", "工作日志", "journal-check", "instructors.view_visit"),
        ("rules:rule_list", "政策规则", "list-check", "organizations.view_organization"),
        ("rules:coverage", "覆盖看板", "bar-chart", "organizations.view_organization"),
        ("ledger:census_list", "摸底", "clipboard-check", "ledger.view_census"),
        ("audit:changelog_list", "变更日志", "clock-history", "audit.view_changelog"),
        ("accounts:user_list", "用户管理", "person-gear", "accounts.view_user"),
    ]
    return {"nav_items": [(url, label, icon) for url, label, icon, perm in items if perm is None or user.has_perm(perm)]}
