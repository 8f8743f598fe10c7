"""`{% party_org_standing party_org as standing %}`: a party organization's party life and
standards for its page (the partyorgs app names neither module; its template asks here)."""

from django import template
from django.utils import timezone

from liangxin.assessments.models import Checklist
from liangxin.partylife.models import Activity, CrossAppointment

register = template.Library()


@register.simple_tag(takes_context=True)
def party_org_standing(context, party_org) -> dict | None:
    user = context.get("user")
    if user is None:
        return None
    year = timezone.localdate().year
    standing = {"year": year}
    if user.has_perm("partylife.view_activity"):
        standing["activities"] = Activity.objects.scoped(user).filter(party_org=party_org, date__year=year).count()
    if user.has_perm("assessments.view_checklist"):
        standing["checklists"] = list(Checklist.objects.scoped(user).filter(party_org=party_org).prefetch_related("entries"))
    if user.has_perm("partylife.view_crossappointment"):
        standing["cross"] = CrossAppointment.objects.scoped(user).filter(party_org=party_org).first()
        standing["may_add_cross"] = standing["cross"] is None and user.has_perm("partylife.add_crossappointment")
    return standing if len(standing) > 1 else None
