"""`{% member_activities member as activities %}`: the activities a member attended, for the
member's page; `{% party_org_workers party_org as workers %}`: a party organization's full-time
Party workers, for its page (neither app names a party-life module; their templates ask here)."""

from django import template

from liangxin.partylife.models import Activity, PartyWorker

register = template.Library()


@register.simple_tag(takes_context=True)
def member_activities(context, member, limit: int = 20):
    user = context.get("user")
    if user is None or not user.has_perm("partylife.view_activity"):
        return None
    return list(Activity.objects.scoped(user).filter(attendance__member=member, attendance__present=True)
                .select_related("kind", "party_org").order_by("-date", "-pk")[:limit])


@register.simple_tag(takes_context=True)
def party_org_workers(context, party_org):
    """Serving first, then those who left (the latest ten); None when the role may not read them."""
    user = context.get("user")
    if user is None or not user.has_perm("partylife.view_partyworker"):
        return None
    workers = PartyWorker.objects.scoped(user).filter(party_org=party_org).select_related("member")
    return {"serving": list(workers.current()), "ended": list(workers.exclude(pk__in=workers.current().values("pk"))
                                                           .order_by("-end_date", "-pk")[:10]),
            "may_add": user.has_perm("partylife.add_partyworker")}
