"""Whole kroner for the follow-up's tables, rounded half up (Django's number format cuts decimals off)."""

from decimal import Decimal

from django import template

from tovholder.layout import formats

from .. import calc

register = template.Library()


@register.filter
def kr(value) -> str:
    if value is None:
        return "–"
    return formats.number(calc.rounded(Decimal(value), "1"), 0)
