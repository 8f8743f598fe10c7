"""`{% member_activities member as activities %}`: the activities a member attended, for the
member's page (the members app names no party-life module; its template asks here)."""

from django import template

from liangxin.partylife.models import Activity

register = template.Library()


@register.simple_tag(takes_context=True)
def member_activities(context, member, limit: int = 20):
    user = context.get("user")
    if user is None or not user.has_perm("partylife.view_activity"):
        return None
    return list(Activity.objects.scoped(user).filter(attendance__member=member, attendance__present=True)
                .select_related("kind", "party_org").order_by("-date", "-pk")[:limit])
