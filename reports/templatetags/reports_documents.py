"""Filters of the document templates (reports/templates/reports/documents/)."""
from datetime import date
from decimal import Decimal, InvalidOperation

from django import template

from scoring.domain.aggregation import format_points

register = template.Library()


@register.filter
def points(value):
    """A score from the snapshot (a decimal string) in the Vietnamese format of the minutes: 92,50; blank
    when there is none."""
    if value in (None, ""):
        return ""
    try:
        return format_points(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return value


@register.filter
def short_date(value):
    """An ISO date of the snapshot as 04/01/2018."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def times(count):
    """range(count), for a row of columns whose number the snapshot gives."""
    return range(int(count or 0))


@register.filter
def pad(items, count):
    """The items, followed by None up to `count` cells."""
    items = list(items or [])
    return items + [None] * (int(count or 0) - len(items))


@register.filter
def chunks(items, size):
    """The items in rows of `size` (the last row padded with None): a grid of signature lines."""
    items, size = list(items or []), int(size)
    rows = [items[i:i + size] for i in range(0, len(items), size)]
    if rows:
        rows[-1] += [None] * (size - len(rows[-1]))
    return rows
