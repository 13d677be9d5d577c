"""{% award_timeline department %}: a unit's award timeline, for the department page (blocs)."""
from django import template

from awards.domain.queries.history import department_timeline

register = template.Library()


@register.inclusion_tag("decisions/history_timeline_section.html")
def award_timeline(department):
    return {"timeline": department_timeline(department=department)}
