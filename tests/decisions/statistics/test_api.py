"""API of the statistics and the national export: exact JSON, filters validated with Vietnamese messages,
the same export bytes as the pages."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from decisions.domain.queries.statistics import StatisticsFilters
from decisions.domain.statistics import export_csv

pytestmark = pytest.mark.integration
STATS = reverse("v1:award-statistics-list")


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_statistics_json(stats):
    w = stats
    data = api(w.leader).get(STATS, {"year_to": 2019}).json()
    types = [w.types[c] for c in ("co_thi_dua_tinh", "bang_khen_chu_tich_tinh", "tap_the_lao_dong_xuat_sac",
                                  "chien_si_thi_dua_tinh")]
    assert data == {
        "province": w.province.pk,
        "filters": {"year_from": None, "year_to": 2019, "award_type": None, "bloc": None},
        "total": 5,
        "by_type": [{"award_type": t.pk, "code": t.code, "name": t.name, "count": n}
                    for t, n in zip(types, [3, 2, 0, 0])],
        "by_year": [{"key": 2019, "name": "2019", "total": 5, "by_type": [3, 2, 0, 0]}],
        "by_bloc": [{"key": w.own.bloc_id, "name": w.own.bloc.name, "total": 3, "by_type": [2, 1, 0, 0]},
                    {"key": w.other.bloc_id, "name": w.other.bloc.name, "total": 1, "by_type": [1, 0, 0, 0]},
                    {"key": None, "name": "", "total": 1, "by_type": [0, 1, 0, 0]}],
        "by_department": [
            {"key": w.finance.pk, "name": "Sở Tài chính", "total": 2, "by_type": [1, 1, 0, 0]},
            {"key": w.tourism.pk, "name": "Sở Du lịch", "total": 1, "by_type": [1, 0, 0, 0]},
            {"key": w.planning.pk, "name": "Sở Kế hoạch", "total": 1, "by_type": [0, 1, 0, 0]},
            {"key": w.culture_old.pk, "name": "Sở Văn hóa", "total": 1, "by_type": [1, 0, 0, 0]}],
    }


@pytest.mark.parametrize(("params", "expected"), [
    (lambda w: {"year_from": "abc"}, {"year_from": ["Cần một số nguyên."]}),
    (lambda w: {"year_from": 2020, "year_to": 2019}, {"year_to": ["“Đến năm” phải không nhỏ hơn “Từ năm”."]}),
    (lambda w: {"year_to": 1800}, {"year_to": ["Giá trị không được nhỏ hơn 1945."]}),
    (lambda w: {"province": w.far_province.pk}, {"province": ["Tỉnh không tồn tại."]}),
    (lambda w: {"bloc": w.far.bloc_id}, {"bloc": ["Khối không tồn tại."]}),
    (lambda w: {"award_type": 10**12}, {"award_type": ["Hình thức khen thưởng không tồn tại."]}),
])
def test_bad_filters(stats, params, expected):
    for url in (STATS, reverse("v1:award-statistics-export-csv"), reverse("v1:award-statistics-export-json")):
        response = api(stats.board).get(url, params(stats))
        assert (response.status_code, response.json()) == (400, expected)


def test_a_filter_of_another_province_the_superuser_sees(stats, django_user_model):
    w = stats
    root = django_user_model.objects.create_superuser("root", "", "x")
    response = api(root).get(STATS, {"province": w.province.pk, "bloc": w.far.bloc_id})
    assert (response.status_code, response.json()) == (400, {"bloc": ["Không thuộc tỉnh được chọn."]})
    assert api(root).get(STATS, {"province": w.far_province.pk}).json()["total"] == 1


def test_exports_match_the_pages(stats):
    w = stats
    client = api(w.other_officer)
    csv = client.get(reverse("v1:award-statistics-export-csv"), {"year_from": 2020})
    assert csv.status_code == 200
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content == export_csv(StatisticsFilters(province=w.province, year_from=2020))
    document = client.get(reverse("v1:award-statistics-export-json")).json()
    assert (document["schema_version"], document["count"]) == ("1.0", 8)


def test_csv_export_answers_a_client_that_accepts_only_csv(stats):
    client = api(stats.board)
    response = client.get(reverse("v1:award-statistics-export-csv"), HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfaward_id,")
    bad = client.get(reverse("v1:award-statistics-export-csv"), {"year_from": "x"}, HTTP_ACCEPT="text/csv")
    assert (bad.status_code, bad.content.decode()) == (400, '{"year_from":["Cần một số nguyên."]}')
