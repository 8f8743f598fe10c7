from decimal import Decimal

from django import template

from liangxin.grids.models import ContactPoint, DemonstrationPoint

register = template.Library()


@register.filter
def yuan(value) -> str:
    """An amount in yuan as finance staff write it: thousands grouped, two places (100,000.00).
    Formatted from the Decimal, never through a float; the zh-hans locale groups nothing."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"


@register.inclusion_tag("grids/_points.html", takes_context=True)
def points_of(context, obj):
    """The contact points and demonstration points of an organization or a region (REP-3), as
    the viewer may see them: `{% points_of object %}` on the organization and grid pages."""
    user = context.get("user")
    field = "organization" if obj._meta.model_name == "organization" else "region"
    result = {"user": user, "contact_points": [], "demonstration_points": []}
    if user is not None and user.has_perm("grids.view_contactpoint"):
        result["contact_points"] = list(ContactPoint.objects.scoped(user).current().filter(**{field: obj}).select_related("organization", "region"))
    if user is not None and user.has_perm("grids.view_demonstrationpoint"):
        result["demonstration_points"] = list(DemonstrationPoint.objects.scoped(user).filter(
            status=DemonstrationPoint.Status.ACTIVE, **{field: obj}))
    return result
