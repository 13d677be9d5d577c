from datetime import date

from django import template

register = template.Library()


@register.filter
def vietnamese_date(value):
    """"ngày 04 tháng 01 năm 2018": Decree 30 writes days below 10 and the months January and February with a
    leading zero; a blank line to fill by hand when the date is not set yet."""
    if not value:
        return "ngày      tháng      năm"
    day = date.fromisoformat(value) if isinstance(value, str) else value
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"
