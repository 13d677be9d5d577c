"""Scale API: nested tree, template creation, copy, validation, Excel, criteria, refusals in Vietnamese."""
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from audit.models import AuditEvent
from scoring.domain.scales import freeze_scale
from scoring.exporters.scales import XLSX_CONTENT_TYPE, export_scale
from scoring.models import Criterion, ScoringScale
from tests.scoring.scales.test_excel import workbook

pytestmark = pytest.mark.integration


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_login(user)
        return client
    return as_user


def test_retrieve_gives_the_nested_tree(api, world, bloc_year_scale):
    data = api(world.officer).get(reverse("v1:scale-detail", args=[bloc_year_scale.pk])).json()
    assert {k: data[k] for k in ("name", "is_template", "bloc_year", "total", "bonus_cap", "status")} == {
        "name": "Thang điểm khối", "is_template": False, "bloc_year": world.own.pk, "total": "100.00",
        "bonus_cap": "10.00", "status": "draft"}
    assert [(g["code"], [(c["code"], [s["code"] for s in c["children"]]) for c in g["children"]])
            for g in data["criteria"]] == [
        ("I", [("I.1", []), ("I.2", [])]), ("II", [("II.1", ["II.1.a", "II.1.b"]), ("II.2", [])]),
        ("T", [("T.1", [])]), ("TR", [("TR.1", [])])]
    first = data["criteria"][0]["children"][0]
    assert {k: v for k, v in first.items() if k not in ("id", "children")} == {
        "code": "I.1", "title": "Nội dung I.1", "kind": "normal", "kind_label": "Tiêu chí chấm điểm",
        "max_points": "40.00", "evidence_required": True, "guidance": "Đủ chỉ tiêu: 40 điểm.", "position": 0}


def test_list_filters_templates_and_bloc_years(api, world, template, bloc_year_scale):
    client = api(world.board)
    assert [s["id"] for s in client.get(reverse("v1:scale-list"), {"is_template": "true"}).json()["results"]] == [
        template.pk]
    assert [s["id"] for s in client.get(reverse("v1:scale-list"), {"bloc_year": world.own.pk}).json()["results"]] \
        == [bloc_year_scale.pk]


def test_create_template_defaults_the_bonus_cap(api, world):
    response = api(world.board).post(reverse("v1:scale-list"), {"province": world.province.pk, "name": "Mẫu 1000",
                                                                 "total": "1000"}, format="json")
    assert (response.status_code, response.json()["bonus_cap"], response.json()["is_template"]) == (
        201, "100.00", True)


def test_create_template_refuses_bad_input_in_vietnamese(api, world):
    response = api(world.board).post(reverse("v1:scale-list"), {"province": world.province.pk, "name": "",
                                                                 "total": "abc"}, format="json")
    assert (response.status_code, response.json()) == (400, {
        "name": ["Trường này không được để trống."], "total": ["Cần một số (ví dụ 10 hoặc 2.5)."]})


def test_copy_then_copy_again(api, world, template):
    client = api(world.secretariat)
    url = reverse("v1:scale-copy", args=[template.pk])
    response = client.post(url, {"bloc_year": world.own.pk}, format="json")
    assert (response.status_code, response.json()["copied_from"], response.json()["bloc_year"]) == (
        201, template.pk, world.own.pk)
    assert ScoringScale.objects.get(bloc_year=world.own).criteria.count() == 12
    again = client.post(url, {"bloc_year": world.own.pk}, format="json")
    assert (again.status_code, again.json()) == (400, {"detail": "Năm thi đua đã có thang điểm."})


def test_validation_result(api, world, bloc_year_scale):
    bloc_year_scale.criteria.filter(code="T.1").update(max_points=Decimal("12"))
    data = api(world.leader).get(reverse("v1:scale-validation", args=[bloc_year_scale.pk])).json()
    assert data == {"valid": False, "problems": [
        "“T”: điểm tối đa 10 khác tổng điểm các tiêu chí con (12).",
        "Tổng điểm thưởng là 12, vượt trần điểm thưởng (10)."],
        "totals": {"total": "100.00", "bonus_cap": "10.00", "normal": "100.00", "bonus": "12.00",
                   "penalty": "5.00"}}


def test_export_is_an_xlsx_file(api, world, template):
    response = api(world.officer).get(reverse("v1:scale-export", args=[template.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, XLSX_CONTENT_TYPE)
    assert load_workbook(BytesIO(response.content)).active["A5"].value == "I"


def test_import_replaces_the_tree(api, world, bloc_year_scale, template):
    template.criteria.filter(code="I.1").update(title="Chỉ tiêu kế hoạch")
    file = BytesIO(export_scale(template))
    file.name = "mau.xlsx"
    response = api(world.secretariat).post(reverse("v1:scale-import-excel", args=[bloc_year_scale.pk]),
                                           {"file": file}, format="multipart")
    assert (response.status_code, response.json()["criteria"][0]["children"][0]["title"]) == (
        200, "Chỉ tiêu kế hoạch")


def test_import_with_bad_rows_answers_400_listing_them(api, world, bloc_year_scale):
    file = workbook(("I", "Nhóm", 100), ("I.1", "Một", "abc"))
    file.name = "sai.xlsx"
    before = AuditEvent.objects.count()
    response = api(world.secretariat).post(reverse("v1:scale-import-excel", args=[bloc_year_scale.pk]),
                                           {"file": file}, format="multipart")
    assert (response.status_code, response.json()) == (400, {"detail": "Dòng 5: điểm tối đa 'abc' không phải là số"})
    assert (AuditEvent.objects.count(), bloc_year_scale.criteria.count()) == (before, 12)


def test_criteria_create_update_move_delete(api, world, bloc_year_scale):
    client = api(world.secretariat)
    group = bloc_year_scale.criteria.get(code="TR")
    created = client.post(reverse("v1:criterion-list"), {"scale": bloc_year_scale.pk, "parent": group.pk,
                                                         "code": "TR.2", "title": "Chậm báo cáo",
                                                         "max_points": "1.5"}, format="json")
    assert (created.status_code, created.json()["kind"], created.json()["position"]) == (201, "penalty", 1)
    pk = created.json()["id"]
    patched = client.patch(reverse("v1:criterion-detail", args=[pk]), {"max_points": "2"}, format="json")
    assert patched.json()["max_points"] == "2.00"
    moved = client.post(reverse("v1:criterion-move", args=[pk]), {"direction": "up"}, format="json")
    assert moved.json()["position"] == 0
    assert client.delete(reverse("v1:criterion-detail", args=[pk])).status_code == 204
    assert not Criterion.objects.filter(pk=pk).exists()


def test_criterion_of_a_frozen_scale_is_refused_with_the_reason(api, world, bloc_year_scale):
    freeze_scale(scale=bloc_year_scale, user=None)
    response = api(world.board).patch(reverse("v1:criterion-detail", args=[bloc_year_scale.criteria.first().pk]),
                                      {"title": "Đổi"}, format="json")
    assert (response.status_code, response.json()) == (400, {"detail": (
        "Thang điểm đã khóa vì giao ước thi đua đã được ký; mọi thay đổi phải qua đề nghị sửa đổi được "
        "Ban Thi đua - Khen thưởng duyệt.")})


def test_criterion_parent_of_another_scale_is_refused(api, world, bloc_year_scale, template):
    response = api(world.board).post(reverse("v1:criterion-list"), {
        "scale": bloc_year_scale.pk, "parent": template.criteria.get(code="I").pk, "code": "Z", "title": "Z",
        "max_points": "1"}, format="json")
    assert (response.status_code, response.json()) == (400, {"detail": "Tiêu chí cha không thuộc thang điểm này."})


def test_move_refuses_an_unknown_direction(api, world, bloc_year_scale):
    response = api(world.board).post(reverse("v1:criterion-move", args=[bloc_year_scale.criteria.first().pk]),
                                     {"direction": "left"}, format="json")
    assert (response.status_code, response.json()) == (400, {"direction": ["“left” không phải là lựa chọn hợp lệ."]})


def test_scoring_settings_defaults_then_a_versioned_patch(api, world):
    client = api(world.board)
    url = reverse("v1:scoring-settings-detail", args=[world.province.pk])
    assert client.get(url).json() == {
        "province": world.province.pk, "aggregation_method": "mean_of_cross", "discrepancy_percent": "10.00",
        "excellent_percent": "90.00", "good_percent": "70.00", "complete_percent": "50.00",
        "tie_break_chain": ["first_group", "fewer_penalties", "ballot"], "inspectors_per_member": 1,
        "bonus_cap_percent": "10.00", "version": 1}
    saved = client.patch(url, {"inspectors_per_member": 2, "tie_break_chain": ["ballot"], "version": 1},
                         format="json")
    assert (saved.status_code, saved.json()["inspectors_per_member"], saved.json()["tie_break_chain"],
            saved.json()["version"]) == (200, 2, ["ballot"], 2)
    stale = client.patch(url, {"inspectors_per_member": 3, "version": 1}, format="json")
    assert (stale.status_code, stale.json()) == (
        409, {"detail": "Quy định chấm điểm vừa được người khác cập nhật; hãy tải lại trang."})
    missing = client.patch(url, {"inspectors_per_member": 3}, format="json")
    assert (missing.status_code, missing.json()) == (400, {"version": ["Trường này là bắt buộc."]})
