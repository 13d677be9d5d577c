"""Amendments of a frozen scale: the secretariat requests, the Board approves (applied) or rejects."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain import pledges
from scoring.enums import AmendmentStatus, ScaleStatus
from scoring.models import Criterion, ScaleAmendment

pytestmark = pytest.mark.integration

CHANGE = {"op": "update", "criterion": "I.1", "max_points": "55"}


@pytest.fixture
def frozen(ready):
    ready.scale.status = ScaleStatus.FROZEN
    ready.scale.save()
    return ready


def _request(w, change=CHANGE, reason="Điều chỉnh theo hướng dẫn mới của tỉnh"):
    return pledges.request_scale_amendment(scale=w.scale, change=change, reason=reason, user=w.secretariat)


def test_request_then_approval_applies_the_change(frozen):
    w = frozen
    amendment = _request(w)
    assert (amendment.status, amendment.requested_by, Criterion.objects.get(code="I.1").max_points) == (
        AmendmentStatus.REQUESTED, w.secretariat, Decimal("60"))
    pledges.decide_scale_amendment(amendment=amendment, approve=True, note="", user=w.board)
    amendment.refresh_from_db()
    assert (amendment.status, amendment.decided_by, amendment.decision_note) == (
        AmendmentStatus.APPROVED, w.board, "")
    assert amendment.decided_at is not None
    assert Criterion.objects.get(code="I.1").max_points == Decimal("55")
    events = list(AuditEvent.objects.order_by("id").values_list("event_type", "actor__username", "old_value",
                                                                "new_value"))
    assert events[0] == ("scale_amendment.requested", "secretariat", None, {
        "scale": w.scale.pk, "change": CHANGE, "reason": "Điều chỉnh theo hướng dẫn mới của tỉnh",
        "status": "requested"})
    assert [e[:2] for e in events[1:]] == [("criterion.changed", "board"), ("scale.amendment_applied", "board"),
                                          ("scale_amendment.approved", "board")]
    assert events[-1][2] == {"status": "requested"}
    assert {k: v for k, v in events[-1][3].items() if k != "decided_at"} == {"status": "approved", "note": ""}


def test_rejection_records_the_note_and_changes_nothing(frozen):
    w = frozen
    amendment = _request(w)
    pledges.decide_scale_amendment(amendment=amendment, approve=False, note="Chưa đủ căn cứ", user=w.board)
    amendment.refresh_from_db()
    assert (amendment.status, amendment.decision_note) == (AmendmentStatus.REJECTED, "Chưa đủ căn cứ")
    assert Criterion.objects.get(code="I.1").max_points == Decimal("60")
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == [
        "scale_amendment.requested", "scale_amendment.rejected"]


def test_rejection_needs_a_note(frozen):
    amendment = _request(frozen)
    with pytest.raises(ValidationError) as exc:
        pledges.decide_scale_amendment(amendment=amendment, approve=False, note="  ", user=frozen.board)
    assert exc.value.messages == ["Hãy ghi lý do không duyệt đề nghị sửa đổi."]
    assert ScaleAmendment.objects.get().status == AmendmentStatus.REQUESTED


def test_a_decision_is_final(frozen):
    amendment = _request(frozen)
    pledges.decide_scale_amendment(amendment=amendment, approve=False, note="Không", user=frozen.board)
    with pytest.raises(ValidationError) as exc:
        pledges.decide_scale_amendment(amendment=amendment, approve=True, note="", user=frozen.board)
    assert exc.value.messages == ["Đề nghị sửa đổi này đã được xử lý (Không duyệt)."]
    assert Criterion.objects.get(code="I.1").max_points == Decimal("60")


def test_amending_a_draft_scale_is_refused(ready):
    with pytest.raises(ValidationError) as exc:
        _request(ready)
    assert exc.value.messages == ["Chỉ đề nghị sửa đổi thang điểm đã khóa (giao ước đã ký đủ); thang điểm đang "
                                  "soạn thì sửa trực tiếp."]
    assert not ScaleAmendment.objects.exists()


@pytest.mark.parametrize(("change", "reason", "message"), [
    ({}, "Lý do", "Nội dung thay đổi phải là một đối tượng JSON không rỗng."),
    (["update"], "Lý do", "Nội dung thay đổi phải là một đối tượng JSON không rỗng."),
    (CHANGE, " ", "Hãy nêu lý do đề nghị sửa đổi thang điểm."),
    ({"op": "rename", "criterion": "I.1"}, "Lý do", "Thao tác “rename” không hợp lệ (dùng add, update hoặc delete)."),
])
def test_bad_requests_are_refused_and_write_nothing(frozen, change, reason, message):
    with pytest.raises(ValidationError) as exc:
        _request(frozen, change=change, reason=reason)
    assert exc.value.messages == [message]
    assert (ScaleAmendment.objects.count(), AuditEvent.objects.count()) == (0, 0)
    assert Criterion.objects.get(code="I.1").max_points == Decimal("60")


def test_a_change_naming_an_unknown_criterion_is_refused_when_requested(frozen):
    with pytest.raises(ValidationError):
        _request(frozen, change={"op": "delete", "criterion": "IX.9"})
    assert (ScaleAmendment.objects.count(), AuditEvent.objects.count(), Criterion.objects.count()) == (0, 0, 4)


def test_secretariat_requests_and_board_approves_through_the_pages(frozen, client):
    w = frozen
    client.force_login(w.secretariat)
    page = client.get(reverse("scoring:pledge", args=[w.own.pk]))
    assert page.context["amendment_form"] is not None
    response = client.post(reverse("scoring:amendment_request", args=[w.own.pk]), {
        "op": "update", "criterion": "I.1", "max_points": "55", "reason": "Theo hướng dẫn mới"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã gửi đề nghị sửa đổi thang điểm tới Ban Thi đua - Khen thưởng."]
    amendment = ScaleAmendment.objects.get()
    assert amendment.change == {"op": "update", "criterion": "I.1", "max_points": "55"}
    assert "Sửa tiêu chí I.1 (điểm tối đa: 55)" in response.content.decode()
    decide = reverse("scoring:amendment_decide", args=[amendment.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(w.board)
    response = client.post(decide, {"decision": "approve", "note": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã ghi quyết định về đề nghị sửa đổi."]
    assert Criterion.objects.get(code="I.1").max_points == Decimal("55")


def test_board_rejection_without_note_shows_the_message(frozen, client):
    amendment = _request(frozen)
    client.force_login(frozen.board)
    response = client.post(reverse("scoring:amendment_decide", args=[amendment.pk]), {"decision": "reject"})
    assert response.context["form"].non_field_errors() == ["Hãy ghi lý do không duyệt đề nghị sửa đổi."]
    assert ScaleAmendment.objects.get().status == AmendmentStatus.REQUESTED


def test_request_form_is_offered_only_for_a_frozen_scale(ready, client):
    client.force_login(ready.secretariat)
    page = client.get(reverse("scoring:pledge", args=[ready.own.pk]))
    assert "amendment_form" not in page.context
    response = client.post(reverse("scoring:amendment_request", args=[ready.own.pk]), {
        "op": "update", "criterion": "I.1", "max_points": "55", "reason": "Lý do"})
    assert response.context["form"].non_field_errors() == [
        "Chỉ đề nghị sửa đổi thang điểm đã khóa (giao ước đã ký đủ); thang điểm đang soạn thì sửa trực tiếp."]
