"""The statistics page (every account of the province): tables, SVG charts, filters, export links and
downloads; its queries do not grow with the number of awards."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.domain.statistics import FIELDS
from tests.decisions.history.conftest import live_award

pytestmark = pytest.mark.integration


def test_page_shows_counts_and_charts(stats, client):
    w = stats
    client.force_login(w.other_officer)
    response = client.get(reverse("decisions:statistics"))
    assert response.status_code == 200
    assert response.context["stats"].total == 8
    html = response.content.decode()
    assert '<p class="lead" data-testid="total">8 khen thưởng còn hiệu lực' in html
    for chart_id in ("awards-by-type", "awards-by-year"):
        svg = re.search(rf'<svg [^>]*id="{chart_id}".*?</svg>', html, re.S).group(0)
        assert "style=" not in svg and "<script" not in svg
    assert "<title>Cờ thi đua của UBND tỉnh: 3 khen thưởng</title>" in html
    assert "Không thuộc khối nào trong năm" in html
    assert "(nay là Sở Văn hóa và Thể thao)" in html


def test_filters_apply_and_bad_ones_are_named(stats, client):
    w = stats
    client.force_login(w.board)
    url = reverse("decisions:statistics")
    response = client.get(url, {"year_from": 2020, "bloc": w.own.bloc_id})
    assert response.context["stats"].total == 3
    response = client.get(url, {"year_from": 2021, "year_to": 2019, "award_type": "99999", "bloc": "x"})
    assert response.context["filter_errors"] == [
        ("Đến năm", ["“Đến năm” phải không nhỏ hơn “Từ năm”."]),
        ("Hình thức", ["Lựa chọn không hợp lệ hoặc không tồn tại."]),
        ("Khối", ["Lựa chọn không hợp lệ hoặc không tồn tại."])]
    assert response.context["stats"].filters.year_from == 2021
    assert response.context["stats"].total == 0
    far_bloc = client.get(url, {"bloc": w.far.bloc_id})
    assert far_bloc.context["stats"].total == 8  # another province's bloc is not a choice: left out


def test_another_province_is_not_reachable(stats, client):
    w = stats
    client.force_login(w.board)
    response = client.get(reverse("decisions:statistics"), {"province": w.far_province.pk})
    assert response.context["filters"].province == w.province


def test_superuser_picks_a_province(stats, client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "", "x")
    client.force_login(root)
    response = client.get(reverse("decisions:statistics"), {"province": stats.far_province.pk})
    assert response.context["stats"].total == 1


def test_downloads(stats, client):
    w = stats
    client.force_login(w.officer)
    csv = client.get(reverse("decisions:statistics_csv"), {"year_from": 2020})
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv["Content-Disposition"] == f'attachment; filename="khen-thuong-{w.province.code}-2020-.csv"'
    assert csv.content.decode("utf-8-sig").split("\r\n")[0] == ",".join(FIELDS)
    assert len(csv.content.decode("utf-8-sig").split("\r\n")) == 1 + 3 + 1
    data = client.get(reverse("decisions:statistics_json"))
    assert data["Content-Type"] == "application/json"
    assert data.json()["count"] == 8


def _queries(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_queries_do_not_grow_with_awards(history, client):
    w = history
    urls = [reverse("decisions:statistics"), reverse("decisions:statistics") + "?bloc=%d" % w.own.bloc_id,
            reverse("decisions:statistics_csv"), reverse("decisions:statistics_json")]
    live_award(w.finance, w.types["co_thi_dua_tinh"], 2019)
    few = [_queries(client, w.board, url) for url in urls]
    for year in range(1995, 2019):
        for unit in (w.finance, w.culture_old):
            for code in ("co_thi_dua_tinh", "tap_the_lao_dong_xuat_sac"):
                live_award(unit, w.types[code], year)
    live_award(w.culture, w.types["co_thi_dua_tinh"], 2020, is_withdrawn=True)
    many = [_queries(client, w.board, url) for url in urls]
    assert few == many
