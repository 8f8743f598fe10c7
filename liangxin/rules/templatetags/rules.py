from django import template

from liangxin.accounts.roles import READ_ONLY_ROLES
from liangxin.rules.services import stage_items, todo_items

register = template.Library()


@register.inclusion_tag("rules/includes/todo.html", takes_context=True)
def rules_todo(context):
    request = context["request"]
    return {"todo": todo_items(request.user), "request": request, "read_only": request.user.role in READ_ONLY_ROLES}


@register.inclusion_tag("rules/includes/stages.html", takes_context=True)
def rules_stages(context):
    """The stage rules' distributions (ORG-10: counts per stage), not to-dos."""
    return {"stages": stage_items(context["request"].user)}
