"""The pledge page and its actions, as the members, the secretariat and the Board use them."""
import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from scoring.enums import PledgeStatus
from scoring.models import Pledge, PledgeSignature, TargetRegistration
from tests.factories.accounts import leader_user
from tests.scoring.pledges.conftest import draft

pytestmark = pytest.mark.integration


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _page(w):
    return reverse("scoring:pledge", args=[w.own.pk])


def _sign_url(w, department):
    return reverse("scoring:pledge_sign", args=[w.own.pk, department.pk])


def _targets_url(w, department):
    return reverse("scoring:pledge_targets", args=[w.own.pk, department.pk])


def test_secretariat_drafts_and_opens_the_pledge(ready, client):
    w = ready
    client.force_login(w.secretariat)
    response = client.get(reverse("scoring:pledge_edit", args=[w.own.pk]))
    assert response.context["form"].initial == {"theme": "", "contents": "", "version": 0}
    response = client.post(reverse("scoring:pledge_edit", args=[w.own.pk]),
                           {"theme": "Đoàn kết", "contents": "Thi đua hoàn thành xuất sắc", "version": 0},
                           follow=True)
    assert response.redirect_chain == [(_page(w), 302)]
    assert _messages(response) == ["Đã lưu giao ước."]
    assert "Thi đua hoàn thành xuất sắc" in response.content.decode()
    response = client.post(reverse("scoring:pledge_open", args=[w.own.pk]), follow=True)
    assert _messages(response) == ["Đã mở ký kết giao ước; thủ trưởng các đơn vị thành viên có thể ký."]
    assert Pledge.objects.get().status == PledgeStatus.OPEN


def test_stale_pledge_form_shows_the_conflict_and_keeps_the_text(ready, client):
    w = ready
    draft(w)
    client.force_login(w.board)
    response = client.post(reverse("scoring:pledge_edit", args=[w.own.pk]),
                           {"theme": "Của tôi", "contents": "Bản của tôi", "version": 0})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Giao ước vừa được người khác cập nhật; hãy tải lại trang và thử lại."]
    assert response.context["form"]["contents"].value() == "Bản của tôi"
    assert Pledge.objects.get().contents == "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026."


def test_opening_without_a_pledge_is_refused_with_a_message(ready, client):
    client.force_login(ready.secretariat)
    response = client.post(reverse("scoring:pledge_open", args=[ready.own.pk]))
    assert response.context["form"].non_field_errors() == ["Khối chưa soạn giao ước thi đua."]


def test_page_shows_members_targets_and_signatures(open_world, client):
    w = open_world
    client.force_login(w.leader)
    client.post(_sign_url(w, w.own_departments[1]))
    signature = PledgeSignature.objects.get()
    client.force_login(w.officer)
    response = client.get(_page(w))
    html = response.content.decode()
    rows = {r.row.department.pk: r for r in response.context["rows"]}
    assert [r.row.department for r in response.context["rows"]] == sorted(
        w.own_departments, key=lambda d: d.name)
    assert rows[w.own_departments[2].pk].form is not None  # the officer's own row is editable
    assert (rows[w.own_departments[0].pk].form, rows[w.own_departments[0].pk].can_register) == (None, False)
    assert not any(r.can_sign for r in rows.values())
    assert f"Người dùng, {timezone.localtime(signature.signed_at):%d/%m/%Y %H:%M}" in html
    assert html.count("chưa ký") == 2
    assert "Chỉ tiêu của đơn vị 0" in html
    assert "Ký giao ước" not in html
    assert "Thang điểm khối 2026" in html and "2 nhóm tiêu chí, 2 tiêu chí và tiêu chí thành phần" in html


def test_leader_sees_the_sign_button_only_on_its_own_row(open_world, client):
    w = open_world
    client.force_login(w.leader)
    response = client.get(_page(w))
    signable = [r.row.department for r in response.context["rows"] if r.can_sign]
    assert signable == [w.own_departments[1]]
    assert _sign_url(w, w.own_departments[1]) in response.content.decode()


def test_leader_signs_after_a_confirmation_showing_the_text(open_world, client):
    w = open_world
    client.force_login(w.leader)
    confirm = client.get(_sign_url(w, w.own_departments[1]))
    html = confirm.content.decode()
    assert "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026." in html
    assert "Chỉ tiêu của đơn vị 1" in html
    assert "Xác nhận ký giao ước" in html
    assert not PledgeSignature.objects.exists()
    response = client.post(_sign_url(w, w.own_departments[1]), follow=True)
    assert response.redirect_chain == [(_page(w), 302)]
    assert _messages(response) == ["Đã ký giao ước thay mặt đơn vị."]
    assert list(PledgeSignature.objects.values_list("department", "signed_by")) == [
        (w.own_departments[1].pk, w.leader.pk)]


def test_second_signature_through_the_page_is_refused_with_a_message(open_world, client):
    w = open_world
    client.force_login(w.leader)
    client.post(_sign_url(w, w.own_departments[1]))
    response = client.post(_sign_url(w, w.own_departments[1]))
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith(f"{w.own_departments[1].name} đã ký giao ước lúc ")
    assert error.endswith("(người ký: Người dùng); mỗi đơn vị chỉ ký một lần.")
    assert PledgeSignature.objects.count() == 1


@pytest.mark.parametrize("role", ["officer", "secretariat", "board"])
def test_only_the_leader_may_sign(open_world, client, role):
    w = open_world
    client.force_login(getattr(w, role))
    before = AuditEvent.objects.count()
    department = w.own_departments[2] if role == "officer" else w.own_departments[1]
    assert client.get(_sign_url(w, department)).status_code == 403
    assert client.post(_sign_url(w, department)).status_code == 403
    assert (PledgeSignature.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_leader_of_another_bloc_gets_404(open_world, client):
    w = open_world
    stranger = leader_user(w.other_departments[0], username="stranger")
    client.force_login(stranger)
    assert client.get(_page(w)).status_code == 404
    assert client.post(_sign_url(w, w.own_departments[1])).status_code == 404
    assert client.post(_targets_url(w, w.own_departments[1]), {"targets": "X", "version": 1}).status_code == 404
    assert not PledgeSignature.objects.exists()


def test_sign_url_of_a_non_member_is_404(open_world, client):
    client.force_login(open_world.leader)
    assert client.get(_sign_url(open_world, open_world.other_departments[0])).status_code == 404


def test_officer_edits_own_targets_from_the_row(open_world, client):
    w = open_world
    client.force_login(w.officer)
    response = client.post(_targets_url(w, w.own_departments[2]), {"targets": "Tăng 15% thu ngân sách",
                                                                    "version": 1}, follow=True)
    assert _messages(response) == ["Đã lưu chỉ tiêu đăng ký."]
    assert TargetRegistration.objects.get(department=w.own_departments[2]).targets == "Tăng 15% thu ngân sách"
    assert client.post(_targets_url(w, w.own_departments[0]), {"targets": "X", "version": 1}).status_code == 403


def test_editing_targets_after_signing_is_refused(open_world, client):
    w = open_world
    client.force_login(w.leader)
    client.post(_sign_url(w, w.own_departments[1]))
    response = client.post(_targets_url(w, w.own_departments[1]), {"targets": "Đổi", "version": 1})
    assert response.context["form"].non_field_errors() == [
        "Đơn vị đã ký giao ước; chỉ tiêu đã đăng ký không thể thay đổi."]
    assert TargetRegistration.objects.get(department=w.own_departments[1]).targets == "Chỉ tiêu của đơn vị 1"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"targets": "", "version": 1}, "targets", "Trường này là bắt buộc."),
    ({"targets": "X", "version": "abc"}, "version", "Phiên bản không hợp lệ; hãy tải lại trang."),
    ({"targets": "X"}, "version", "Thiếu phiên bản; hãy tải lại trang."),
])
def test_bad_targets_input_is_refused(open_world, client, data, field, message):
    client.force_login(open_world.officer)
    response = client.post(_targets_url(open_world, open_world.own_departments[2]), data)
    assert response.context["form"].errors[field] == [message]
    assert TargetRegistration.objects.get(department=open_world.own_departments[2]).version == 1


def test_scale_summary_links_to_the_scale_page(ready, client):
    client.force_login(ready.officer)
    response = client.get(_page(ready))
    url = reverse("scoring:bloc_year_scale", args=[ready.own.pk])
    assert response.context["scale_url"] == url
    assert f'<a href="{url}">Thang điểm khối 2026</a>' in response.content.decode()


def test_page_without_pledge_or_scale_says_so(world, client):
    client.force_login(world.officer)
    html = client.get(reverse("scoring:pledge", args=[world.own.pk])).content.decode()
    assert "Khối chưa soạn giao ước thi đua cho năm này." in html
    assert "Năm thi đua chưa có thang điểm." in html
    assert "Soạn giao ước" not in html
