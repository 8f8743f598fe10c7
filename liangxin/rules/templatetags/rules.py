from django import template

from liangxin.rules.services import todo_items

register = template.Library()


@register.inclusion_tag("rules/includes/todo.html", takes_context=True)
def rules_todo(context):
    request = context["request"]
    return {"todo": todo_items(request.user), "request": request}
