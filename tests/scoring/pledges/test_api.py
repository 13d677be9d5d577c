"""The pledge API: the same rules as the pages, versioned writes (409), Vietnamese messages."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from scoring.enums import AmendmentStatus, ScaleStatus
from scoring.models import Pledge, PledgeSignature, ScaleAmendment, TargetRegistration
from tests.factories.accounts import leader_user
from tests.scoring.pledges.conftest import draft

pytestmark = pytest.mark.integration


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def _pledge(w):
    return reverse("v1:pledge-detail", args=[w.own.pk])


def _targets(w, department):
    return reverse("v1:pledge-register-targets", args=[w.own.pk, department.pk])


def _sign(w):
    return reverse("v1:pledge-sign", args=[w.own.pk])


def test_pledge_before_drafting_reads_as_version_zero(ready, api):
    data = api(ready.officer).get(_pledge(ready)).json()
    assert {k: data[k] for k in ("status", "theme", "contents", "version", "signed_at")} == {
        "status": None, "theme": None, "contents": None, "version": 0, "signed_at": None}
    assert data["scale"] == {"id": ready.scale.pk, "name": "Thang điểm khối 2026", "total": "100.00",
                             "bonus_cap": "10.00", "status": "draft", "status_label": "Đang soạn", "groups": 2,
                             "criteria": 2}
    assert [m["department"] for m in data["members"]] == sorted(
        (d.pk for d in ready.own_departments), key=lambda pk: next(d.name for d in ready.own_departments
                                                                   if d.pk == pk))
    assert data["members"][0] | {"department": None, "name": None} == {
        "department": None, "name": None, "is_leader": data["members"][0]["is_leader"],
        "is_deputy": data["members"][0]["is_deputy"], "targets": None, "targets_version": 0,
        "registered_by": None, "registered_at": None, "signed_by": None, "signed_by_name": None,
        "signed_at": None}


def test_put_creates_then_versions_the_pledge(ready, api):
    client = api(ready.secretariat)
    created = client.put(_pledge(ready), {"theme": "Đoàn kết", "contents": "Nội dung", "version": 0}, format="json")
    assert (created.status_code, created.json()["status"], created.json()["version"]) == (200, "draft", 1)
    stale = client.put(_pledge(ready), {"theme": "X", "contents": "Y", "version": 0}, format="json")
    assert (stale.status_code, stale.json()) == (
        409, {"detail": "Giao ước vừa được người khác cập nhật; hãy tải lại trang và thử lại."})
    patched = client.patch(_pledge(ready), {"contents": "Nội dung mới", "version": 1}, format="json")
    assert (patched.json()["theme"], patched.json()["contents"], patched.json()["version"]) == (
        "Đoàn kết", "Nội dung mới", 2)


@pytest.mark.parametrize(("body", "expected"), [
    ({"theme": "X", "contents": "Y"}, {"version": ["Trường này là bắt buộc."]}),
    ({"theme": "X", "contents": "Y", "version": "một"}, {"version": ["Cần một số nguyên."]}),
    ({"theme": "X", "contents": "Y", "version": 0, "conference": 10**9}, {"conference": ["Hội nghị không tồn tại."]}),
    ({"theme": "X" * 2001, "contents": "Y", "version": 0}, {"theme": ["Không được dài quá 2000 ký tự."]}),
])
def test_bad_pledge_input_is_refused(ready, api, body, expected):
    response = api(ready.board).put(_pledge(ready), body, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert not Pledge.objects.exists()


def test_open_then_open_again(ready, api):
    draft(ready)
    client = api(ready.secretariat)
    url = reverse("v1:pledge-open", args=[ready.own.pk])
    assert client.post(url).json()["status"] == "open"
    assert client.post(url).json() == {"detail": "Giao ước đã được mở ký kết (trạng thái: Đang ký kết)."}


def test_officer_registers_own_targets_only(ready, api):
    draft(ready)
    client = api(ready.officer)
    response = client.put(_targets(ready, ready.own_departments[2]), {"targets": "Tăng 10%", "version": 0},
                          format="json")
    assert response.status_code == 200
    row = next(m for m in response.json()["members"] if m["department"] == ready.own_departments[2].pk)
    assert (row["targets"], row["targets_version"], row["registered_by"]) == ("Tăng 10%", 1, ready.officer.pk)
    refused = client.put(_targets(ready, ready.own_departments[0]), {"targets": "X", "version": 0}, format="json")
    assert (refused.status_code, refused.json()) == (403, {"detail": "Bạn không được đăng ký chỉ tiêu cho đơn vị này."})
    stale = client.put(_targets(ready, ready.own_departments[2]), {"targets": "Y", "version": 0}, format="json")
    assert stale.status_code == 409
    outsider = client.put(_targets(ready, ready.other_departments[0]), {"targets": "X", "version": 0}, format="json")
    assert outsider.status_code == 404
    assert list(TargetRegistration.objects.values_list("targets", flat=True)) == ["Tăng 10%"]


def test_targets_before_any_pledge_are_refused(ready, api):
    response = api(ready.officer).put(_targets(ready, ready.own_departments[2]), {"targets": "X", "version": 0},
                                      format="json")
    assert (response.status_code, response.json()) == (400, {"detail": "Khối chưa soạn giao ước thi đua."})


def test_every_leader_signs_through_the_api_and_the_scale_freezes(open_world, api):
    w = open_world
    for leader in w.leaders[:2]:
        assert api(leader).post(_sign(w), {}, format="json").status_code == 201
    last = api(w.leaders[2]).post(_sign(w), {"department": w.own_departments[2].pk}, format="json")
    data = last.json()
    assert (last.status_code, data["status"], data["scale"]["status"]) == (201, "signed", ScaleStatus.FROZEN)
    assert {m["department"]: m["signed_by"] for m in data["members"]} == {
        d.pk: leader.pk for d, leader in zip(w.own_departments, w.leaders)}
    assert data["signed_at"] is not None
    after = api(w.secretariat).put(_targets(w, w.own_departments[2]), {"targets": "Đổi", "version": 1},
                                   format="json")
    assert (after.status_code, after.json()) == (
        400, {"detail": "Giao ước đã được ký đủ; chỉ tiêu đăng ký không thể thay đổi."})


def test_second_signature_through_the_api_is_refused(open_world, api):
    client = api(open_world.leader)
    client.post(_sign(open_world), {}, format="json")
    again = client.post(_sign(open_world), {}, format="json")
    assert again.status_code == 400
    assert again.json()["detail"].endswith("mỗi đơn vị chỉ ký một lần.")
    assert PledgeSignature.objects.count() == 1


@pytest.mark.parametrize("role", ["officer", "secretariat", "board"])
def test_non_leaders_cannot_sign_through_the_api(open_world, api, role):
    before = AuditEvent.objects.count()
    response = api(getattr(open_world, role)).post(_sign(open_world), {"department": open_world.own_departments[2].pk},
                                                   format="json")
    assert (response.status_code, response.json()) == (
        403, {"detail": "Chỉ thủ trưởng của đơn vị mới được ký giao ước thay mặt đơn vị."})
    assert (PledgeSignature.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_leader_of_another_bloc_gets_404(open_world, api):
    stranger = leader_user(open_world.other_departments[0], username="stranger")
    assert api(stranger).post(_sign(open_world), {}, format="json").status_code == 404
    assert api(stranger).get(_pledge(open_world)).status_code == 404
    assert not PledgeSignature.objects.exists()


def test_sign_for_a_department_outside_the_bloc_is_bad_input(open_world, api):
    response = api(open_world.leader).post(_sign(open_world), {"department": open_world.other_departments[0].pk},
                                           format="json")
    assert (response.status_code, response.json()) == (400, {"department": ["Đơn vị thành viên không tồn tại."]})


def test_amendments_are_requested_listed_and_rejected(ready, api):
    ready.scale.status = ScaleStatus.FROZEN
    ready.scale.save()
    body = {"scale": ready.scale.pk, "change": {"op": "update", "criterion": "I.1", "max_points": "50"},
            "reason": "Điều chỉnh"}
    created = api(ready.secretariat).post(reverse("v1:scaleamendment-list"), body, format="json")
    assert created.status_code == 201
    amendment = ScaleAmendment.objects.get()
    listed = api(ready.officer).get(reverse("v1:scaleamendment-list"), {"bloc_year": ready.own.pk}).json()
    assert [a["id"] for a in listed["results"]] == [amendment.pk]
    decide = reverse("v1:scaleamendment-decide", args=[amendment.pk])
    assert api(ready.secretariat).post(decide, {"approve": False, "note": "X"}, format="json").status_code == 403
    no_note = api(ready.board).post(decide, {"approve": False}, format="json")
    assert (no_note.status_code, no_note.json()) == (400, {"detail": "Hãy ghi lý do không duyệt đề nghị sửa đổi."})
    rejected = api(ready.board).post(decide, {"approve": False, "note": "Chưa đủ căn cứ"}, format="json")
    assert (rejected.json()["status"], rejected.json()["decision_note"]) == (AmendmentStatus.REJECTED,
                                                                            "Chưa đủ căn cứ")


@pytest.mark.parametrize(("change", "expected"), [
    ("không phải JSON", {"detail": "Nội dung thay đổi phải là một đối tượng JSON không rỗng."}),
    ({}, {"detail": "Nội dung thay đổi phải là một đối tượng JSON không rỗng."}),
])
def test_bad_amendment_change_is_refused(ready, api, change, expected):
    ready.scale.status = ScaleStatus.FROZEN
    ready.scale.save()
    response = api(ready.secretariat).post(reverse("v1:scaleamendment-list"), {
        "scale": ready.scale.pk, "change": change, "reason": "Lý do"}, format="json")
    assert (response.status_code, response.json()) == (400, expected)
    assert not ScaleAmendment.objects.exists()


def test_patch_without_version_is_refused(ready, api):
    draft(ready)
    response = api(ready.board).patch(_pledge(ready), {"contents": "Khác"}, format="json")
    assert (response.status_code, response.json()) == (400, {"version": ["Trường này là bắt buộc."]})
    assert Pledge.objects.get().contents == "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026."
