from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key, label):
    """A column header that sorts by `key`, toggling the direction, keeping the search."""
    current = context.get("sort_key", "")
    params = {"sort": f"-{key}" if current == key else key}
    if context.get("search_query"):
        params["q"] = context["search_query"]
    state = {key: (" ▲", _("đang sắp xếp tăng dần")), f"-{key}": (" ▼", _("đang sắp xếp giảm dần"))}
    arrow, spoken = state.get(current, ("", ""))
    return format_html('<a href="?{}">{}{}<span class="visually-hidden">{}</span></a>',
                       urlencode(params), label, arrow, f" ({spoken})" if spoken else "")
