"""{{ amount|vnd }}: an amount of đồng written the Vietnamese way (36.270.000), in every language."""
from django import template

from decisions.domain.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    return format_vnd(amount)
