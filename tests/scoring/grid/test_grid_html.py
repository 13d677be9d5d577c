"""The grid's own format_html escapes exactly as Django's: the rows are the page's only unescaped output."""
from decimal import Decimal

import pytest
from django.utils import html as django_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from scoring.views import grid_html

pytestmark = pytest.mark.unit

VALUES = ['<script>alert("x")</script>', "Tom & Jerry's \"quote\"", mark_safe("<b>kept</b>"), 7, -3, True, None,
          Decimal("7.50"), 1.5, "", "Điểm trừ <IV>", gettext_lazy("Điểm trừ"), SafeString("a&amp;b")]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_is_escaped_as_django_escapes_it(value):
    template = '<td data-x="{}">{v}</td>'
    mine = grid_html.format_html(template, value, v=value)
    assert mine == django_html.format_html(template, value, v=value)
    assert isinstance(mine, SafeString)


def test_an_int_subclass_is_escaped_through_its_text():
    class Tricky(int):
        def __str__(self):
            return "<i>"

    assert grid_html.format_html("{}", Tricky(1)) == django_html.format_html("{}", Tricky(1)) == "&lt;i&gt;"
