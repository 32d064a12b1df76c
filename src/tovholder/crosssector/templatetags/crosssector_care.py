"""Small filters for the agreement's structured content (stored as JSON: codes and ISO dates)."""

import datetime

from django import template

register = template.Library()


@register.filter
def get_label(table: dict, code: str) -> str:
    return table.get(code, "")


@register.filter
def iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
