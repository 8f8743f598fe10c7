from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    """An amount in yuan as finance staff write it: thousands grouped, two places (100,000.00).
    Formatted from the Decimal, never through a float; the zh-hans locale groups nothing."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):,.2f}"
