"""Server-drawn SVG charts: accessible, escaped, no style attributes or script, exact geometry."""
import re
from decimal import Decimal as D

import pytest

from scoring.charts import final_scores_chart, group_scores_chart, horizontal_bar_chart

pytestmark = pytest.mark.unit


def test_horizontal_bars_are_scaled_to_the_maximum_and_titled():
    svg = horizontal_bar_chart(chart_id="c", title="Điểm", description="Mô tả", max_value=D("100"),
                               bars=[("Sở A", D("92.5")), ("Sở B", D("50")), ("Sở C", None)])
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 110" width="720" height="110" '
                          'role="img" aria-labelledby="c-title c-desc"')
    assert '<title id="c-title">Điểm</title><desc id="c-desc">Mô tả</desc>' in svg
    assert re.findall(r'<rect x="250" y="[\d.]+" width="([\d.]+)"', svg) == ["351.5", "190", "0"]
    assert re.findall(r"<g><title>(.*?)</title>", svg) == ["Sở A: 92,50 điểm", "Sở B: 50,00 điểm", "Sở C: —"]


def test_chart_text_is_escaped_and_free_of_style_and_script():
    name = '<script>alert("x")</script> & Sở "A"'
    svg = final_scores_chart(rows=[(name, D("80"))], scale_total=D("100"), chart_id='x" onload="y')
    assert "<script>" not in svg and "style=" not in svg and 'onload="y' not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sở &quot;A&quot;: 80,00 điểm" in svg


def test_final_scores_axis_reaches_a_score_above_the_total():
    svg = final_scores_chart(rows=[("Sở A", D("105")), ("Sở B", D("84"))], scale_total=D("100"))
    assert re.findall(r'<rect x="250" y="[\d.]+" width="([\d.]+)"', svg) == ["380", "304"]
    assert ">105<" in svg  # the last grid label
    assert "trên thang 100 điểm" in svg


def test_group_chart_draws_shares_of_each_group_maximum_with_a_legend():
    svg = group_scores_chart(rows=[("Sở A", {"I": D("40"), "II": D("20")}), ("Sở B", {"I": D("80")})],
                             groups=[("I", D("80")), ("II", D("20"))])
    bars = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="(\d+)" height="([\d.]+)"', svg)[2:]  # after the legend
    # Two members: bars widen to 28 units (26 drawn, 2 apart), groups 18 apart.
    assert bars == [("53", "26", "100"), ("81", "26", "200"), ("127", "26", "200"), ("155", "26", "0")]
    assert "Nhóm I (tối đa 80,00)" in svg and "Nhóm II (tối đa 20,00)" in svg
    assert "<title>Sở B – nhóm II: —/20,00 điểm (0%)</title>" in svg
    assert 'transform="rotate(-40' in svg and "style=" not in svg
