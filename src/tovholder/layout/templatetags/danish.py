"""Template filters over layout.formats (loaded as a builtin): {{ x|hours }}, {{ x|amount }}, {{ x|number:1 }}."""

from django import template

from tovholder.layout import formats

register = template.Library()


@register.filter
def number(value, decimals=None):
    if value in (None, ""):
        return "–"
    return formats.number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def hours(value):
    return "–" if value in (None, "") else formats.hours(value)


@register.filter
def amount(value):
    return "–" if value in (None, "") else formats.amount(value)
