"""The nomination workflow through the domain services: preparing from a closed round, the dossier, the
quota at submission, every transition by state and role (table-driven), events and audit records."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from awards.domain import nominations as services
from awards.enums import NominationStatus as S
from awards.models import Nomination, NominationEvent
from blocs.enums import Phase
from blocs.models import BlocYear
from tests.awards.nominations.conftest import nomination_in, pdf
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.integration


def _prepare(w, **kwargs):
    args = dict(bloc_year=w.own, award_type=w.flag, department=w.own_departments[0], ballot_round=w.round,
                summary="Hoàn thành xuất sắc nhiệm vụ năm 2026.", user=w.secretariat)
    return services.prepare_nomination(**{**args, **kwargs})


def _messages(excinfo):
    return excinfo.value.messages


# --- preparing -----------------------------------------------------------------------------------------------

def test_prepare_from_a_closed_round_makes_a_draft_with_its_event_and_audit(year_end):
    w = year_end
    nomination = _prepare(w, achievement_report=pdf())

    assert (nomination.status, nomination.bloc_year, nomination.award_type, nomination.department,
            nomination.ballot_round, nomination.summary) == (
        S.DRAFT, w.own, w.flag, w.own_departments[0], w.round, "Hoàn thành xuất sắc nhiệm vụ năm 2026.")
    assert nomination.achievement_report.name.startswith("dossiers/")
    assert nomination.achievement_report.read() == pdf().read()
    assert list(nomination.events.values_list("from_status", "to_status", "actor", "comment")) == [
        ("", S.DRAFT, w.secretariat.pk, "")]
    event = AuditEvent.objects.get(event_type="nomination.prepared")
    assert (event.actor_id, event.object_id, event.old_value) == (w.secretariat.pk, str(nomination.pk), None)
    assert event.new_value["status"] == S.DRAFT and event.new_value["ballot_round"] == w.round.pk


def test_a_department_the_round_did_not_choose_is_refused(year_end):
    w = year_end
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w, department=w.own_departments[1])
    assert _messages(excinfo) == [
        f"{w.own_departments[1].name} không được chọn trong vòng bỏ phiếu “Bình xét Cờ thi đua của UBND tỉnh”."]
    assert Nomination.objects.count() == 0


def test_a_round_still_open_is_refused(year_end):
    w = year_end
    w.round.status = "open"
    w.round.save()
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w)
    assert _messages(excinfo) == ["Vòng bỏ phiếu “Bình xét Cờ thi đua của UBND tỉnh” chưa kiểm phiếu xong."]


def test_a_round_for_another_award_type_is_refused(year_end):
    w = year_end
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w, award_type=w.merit)
    assert _messages(excinfo) == [
        "Vòng bỏ phiếu “Bình xét Cờ thi đua của UBND tỉnh” không bình xét “Bằng khen của Chủ tịch UBND tỉnh”."]


def test_a_round_of_another_bloc_year_is_refused(year_end):
    w = year_end
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w, bloc_year=w.other, department=w.other_departments[0],
                 user=UserFactory(username="root", is_superuser=True))
    assert _messages(excinfo) == ["Vòng bỏ phiếu không thuộc năm thi đua này của khối."]


def test_a_department_outside_the_bloc_is_refused(year_end):
    w = year_end
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w, award_type=w.merit, department=w.unassigned, ballot_round=None)
    assert _messages(excinfo) == [f"{w.unassigned.name} không phải là đơn vị thành viên của khối năm 2026."]


def test_the_same_unit_and_award_twice_is_refused(year_end):
    w = year_end
    _prepare(w)
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w)
    assert _messages(excinfo) == [
        f"Khối đã lập đề nghị “Cờ thi đua của UBND tỉnh” cho {w.own_departments[0].name} trong năm này."]
    assert Nomination.objects.count() == 1


def test_a_closed_year_takes_no_nomination(year_end):
    w = year_end
    BlocYear.objects.filter(pk=w.own.pk).update(phase=Phase.CLOSED)
    w.own.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w)
    assert _messages(excinfo) == ["Năm thi đua 2026 đã kết thúc, không thể lập đề nghị."]


def test_only_the_blocs_secretariat_prepares(year_end):
    w = year_end
    for user in (w.board, w.officer, w.leader, w.far_board):
        with pytest.raises(PermissionDenied):
            _prepare(w, user=user)
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Tệp báo cáo thành tích rỗng."),
    (b"MZ\x90\x00 not a pdf", "Báo cáo thành tích phải là tệp PDF (kiểm tra theo nội dung tệp, không theo tên hay "
                              "đuôi tệp)."),
    (b"\x89PNG\r\n\x1a\n", "Báo cáo thành tích phải là tệp PDF (kiểm tra theo nội dung tệp, không theo tên hay "
                           "đuôi tệp)."),
])
def test_the_report_must_be_a_pdf_by_its_content(year_end, content, message):
    w = year_end
    with pytest.raises(ValidationError) as excinfo:
        _prepare(w, achievement_report=pdf(name="bao-cao.pdf", content=content))
    assert _messages(excinfo) == [message]
    assert Nomination.objects.count() == 0


def test_the_report_has_a_size_cap(year_end, settings):
    settings.AWARDS_REPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as excinfo:
        _prepare(year_end, achievement_report=pdf(content=b"%PDF-1.4\n" + b"0" * 1024 * 1024))
    assert _messages(excinfo) == ["Tệp báo cáo thành tích quá lớn: tối đa 1 MB."]
    assert Nomination.objects.count() == 0


# --- the dossier ---------------------------------------------------------------------------------------------

def test_the_dossier_changes_while_draft_and_the_old_report_goes(year_end, media,
                                                                 django_capture_on_commit_callbacks):
    w = year_end
    nomination = _prepare(w, achievement_report=pdf())
    old = nomination.achievement_report.name
    with django_capture_on_commit_callbacks(execute=True):
        services.update_dossier(nomination=nomination, summary="Bổ sung số liệu.", achievement_report=pdf(),
                                user=w.secretariat)
    assert nomination.summary == "Bổ sung số liệu."
    assert nomination.achievement_report.name != old
    assert not (media / old).exists() and (media / nomination.achievement_report.name).exists()
    event = AuditEvent.objects.get(event_type="nomination.dossier_updated")
    assert (event.old_value["summary"], event.new_value["summary"]) == (
        "Hoàn thành xuất sắc nhiệm vụ năm 2026.", "Bổ sung số liệu.")


def test_the_dossier_is_frozen_once_submitted(year_end):
    w = year_end
    nomination = nomination_in(w, S.SUBMITTED)
    with pytest.raises(ValidationError) as excinfo:
        services.update_dossier(nomination=nomination, summary="Sửa", user=w.secretariat)
    assert _messages(excinfo) == ["Hồ sơ chỉ sửa được khi đề nghị đang chuẩn bị hoặc đã được trả lại "
                                  "(hiện tại: Đã gửi Ban TĐKT)."]


# --- submitting ------------------------------------------------------------------------------------------------

def test_submit_needs_the_achievement_report(year_end):
    w = year_end
    nomination = _prepare(w)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_nomination(nomination=nomination, user=w.secretariat)
    assert _messages(excinfo) == ["Hồ sơ chưa có báo cáo thành tích (tệp PDF); hãy tải lên trước khi gửi."]
    assert Nomination.objects.get().status == S.DRAFT


def test_submit_sets_the_due_day_from_the_setting(year_end, settings):
    settings.AWARDS_NOMINATION_REVIEW_DAYS = 7
    w = year_end
    nomination = services.submit_nomination(nomination=_prepare(w, achievement_report=pdf()), user=w.secretariat,
                                            comment="Kính gửi Ban")
    today = timezone.localdate()
    assert (nomination.status, nomination.due_on, timezone.localdate(nomination.submitted_at)) == (
        S.SUBMITTED, today + datetime.timedelta(days=7), today)
    assert nomination.version == 2
    assert list(nomination.events.values_list("from_status", "to_status", "comment")) == [
        ("", S.DRAFT, ""), (S.DRAFT, S.SUBMITTED, "Kính gửi Ban")]


def test_submit_within_the_quota_only(year_end):
    w = year_end
    nomination_in(w, S.APPROVED, department=w.own_departments[0])
    nomination_in(w, S.UNDER_REVIEW, department=w.own_departments[1])
    third = nomination_in(w, S.DRAFT)
    with pytest.raises(ValidationError) as excinfo:
        services.submit_nomination(nomination=third, user=w.secretariat)
    assert _messages(excinfo) == ["Đã hết chỉ tiêu “Bằng khen của Chủ tịch UBND tỉnh” của khối năm 2026: chỉ tiêu 2, "
                                  "đã gửi hoặc được chấp thuận 2."]
    third.refresh_from_db()
    assert third.status == S.DRAFT


def test_drafts_returned_and_rejected_nominations_take_no_place(year_end):
    w = year_end
    nomination_in(w, S.REJECTED, department=w.own_departments[0])
    nomination_in(w, S.RETURNED, department=w.own_departments[1])
    nomination = nomination_in(w, S.DRAFT)
    assert services.submit_nomination(nomination=nomination, user=w.secretariat).status == S.SUBMITTED


def test_submit_without_a_quota_is_refused(year_end):
    w = year_end
    w.merit_quota.delete()
    with pytest.raises(ValidationError) as excinfo:
        services.submit_nomination(nomination=nomination_in(w, S.DRAFT), user=w.secretariat)
    assert _messages(excinfo) == ["Ban Thi đua - Khen thưởng chưa giao chỉ tiêu “Bằng khen của Chủ tịch UBND tỉnh” "
                                  "cho khối năm 2026; chưa thể gửi đề nghị."]


# --- the Board --------------------------------------------------------------------------------------------------

def test_return_and_reject_need_a_comment(year_end):
    w = year_end
    nomination = nomination_in(w, S.UNDER_REVIEW)
    for service in (services.return_nomination, services.reject_nomination):
        with pytest.raises(ValidationError) as excinfo:
            service(nomination=nomination, comment="  ", user=w.board)
        assert _messages(excinfo) == ["Hãy ghi ý kiến (lý do) để đơn vị biết cần làm gì."]
    assert Nomination.objects.get().status == S.UNDER_REVIEW


def test_the_full_path_with_a_return_is_recorded_step_by_step(year_end):
    w = year_end
    nomination = _prepare(w, achievement_report=pdf())
    services.submit_nomination(nomination=nomination, user=w.secretariat)
    services.start_review(nomination=nomination, user=w.board)
    services.return_nomination(nomination=nomination, comment="Bổ sung biên bản kiểm phiếu.", user=w.board)
    assert nomination.due_on is not None and nomination.status == S.RETURNED
    services.update_dossier(nomination=nomination, summary="Đã bổ sung biên bản.", user=w.secretariat)
    services.resubmit_nomination(nomination=nomination, comment="Đã bổ sung.", user=w.secretariat)
    services.start_review(nomination=nomination, user=w.board)
    services.approve_nomination(nomination=nomination, user=w.board)

    assert nomination.status == S.APPROVED and nomination.decided_at is not None
    assert list(NominationEvent.objects.values_list("from_status", "to_status", "actor__username", "comment")) == [
        ("", S.DRAFT, "secretariat", ""),
        (S.DRAFT, S.SUBMITTED, "secretariat", ""),
        (S.SUBMITTED, S.UNDER_REVIEW, "board", ""),
        (S.UNDER_REVIEW, S.RETURNED, "board", "Bổ sung biên bản kiểm phiếu."),
        (S.RETURNED, S.SUBMITTED, "secretariat", "Đã bổ sung."),
        (S.SUBMITTED, S.UNDER_REVIEW, "board", ""),
        (S.UNDER_REVIEW, S.APPROVED, "board", ""),
    ]
    assert list(AuditEvent.objects.filter(object_type="awards.nomination").values_list("event_type", "actor__username")
                ) == [("nomination.prepared", "secretariat"), ("nomination.submit", "secretariat"),
                      ("nomination.start_review", "board"), ("nomination.return", "board"),
                      ("nomination.dossier_updated", "secretariat"), ("nomination.resubmit", "secretariat"),
                      ("nomination.start_review", "board"), ("nomination.approve", "board")]
    returned = AuditEvent.objects.get(event_type="nomination.return")
    assert (returned.old_value["status"], returned.new_value["status"], returned.new_value["comment"]) == (
        S.UNDER_REVIEW, S.RETURNED, "Bổ sung biên bản kiểm phiếu.")


def test_approval_beyond_the_quota_is_refused(year_end):
    w = year_end
    nomination_in(w, S.APPROVED, department=w.own_departments[0])
    nomination_in(w, S.APPROVED, department=w.own_departments[1])
    late = nomination_in(w, S.UNDER_REVIEW)
    with pytest.raises(ValidationError):
        services.approve_nomination(nomination=late, user=w.board)
    late.refresh_from_db()
    assert late.status == S.UNDER_REVIEW


def test_overdue_counts_from_the_due_day(year_end):
    w = year_end
    today = timezone.localdate()
    late = nomination_in(w, S.SUBMITTED, due_on=today - datetime.timedelta(days=1))
    on_time = nomination_in(w, S.UNDER_REVIEW, department=w.own_departments[0], due_on=today)
    decided = nomination_in(w, S.APPROVED, department=w.own_departments[1], due_on=today - datetime.timedelta(days=5))
    assert [services.is_overdue(n) for n in (late, on_time, decided)] == [True, False, False]
    assert list(Nomination.objects.filter(services.overdue_q()).values_list("pk", flat=True)) == [late.pk]


# --- every transition by state and role (table-driven) -------------------------------------------------------------

STATES = [S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED, S.REJECTED]
# The state each action leads to from each state ("—": refused in that state).
TRANSITIONS = {  # draft        submitted       under_review  returned       approved  rejected
    "submit":       (S.SUBMITTED, "—",            "—",          S.SUBMITTED,   "—",      "—"),
    "resubmit":     ("—",         "—",            "—",          S.SUBMITTED,   "—",      "—"),
    "start_review": ("—",         S.UNDER_REVIEW, "—",          "—",           "—",      "—"),
    "return":       ("—",         "—",            S.RETURNED,   "—",           "—",      "—"),
    "approve":      ("—",         "—",            S.APPROVED,   "—",           "—",      "—"),
    "reject":       ("—",         "—",            S.REJECTED,   "—",           "—",      "—"),
}
# Who may take each action (on the own bloc-year): the bloc's secretariat prepares, the Board reviews.
ROLES = ["secretariat", "board", "officer", "leader", "far_board", "superuser"]
ALLOWED_ROLES = {
    "submit": {"secretariat", "superuser"}, "resubmit": {"secretariat", "superuser"},
    "start_review": {"board", "superuser"}, "return": {"board", "superuser"},
    "approve": {"board", "superuser"}, "reject": {"board", "superuser"},
}
CALLS = {"submit": services.submit_nomination, "resubmit": services.resubmit_nomination,
         "start_review": services.start_review, "return": services.return_nomination,
         "approve": services.approve_nomination, "reject": services.reject_nomination}
REFUSALS = {
    "submit": "Chỉ gửi được đề nghị đang chuẩn bị hoặc đã được trả lại để bổ sung",
    "resubmit": "Chỉ gửi lại được đề nghị đã được trả lại để bổ sung",
    "start_review": "Chỉ bắt đầu xem xét được đề nghị vừa gửi Ban TĐKT",
    "return": "Chỉ trả lại được đề nghị đang được xem xét",
    "approve": "Chỉ chấp thuận được đề nghị đang được xem xét",
    "reject": "Chỉ từ chối được đề nghị đang được xem xét",
}


def expected_outcome(state, action, role):
    """'403' (role refused), '400' (state refused) or the new state."""
    if role not in ALLOWED_ROLES[action]:
        return "403"
    target = TRANSITIONS[action][STATES.index(state)]
    return "400" if target == "—" else target


def workflow_cases():
    for state in STATES:
        for action in TRANSITIONS:
            for role in ROLES:
                yield pytest.param(state, action, role, expected_outcome(state, action, role),
                                   id=f"{state}-{action}-{role}")


def test_the_table_covers_every_workflow_action():
    assert set(TRANSITIONS) == set(services.WORKFLOW) == set(CALLS)


@pytest.mark.parametrize(("state", "action", "role", "expected"), list(workflow_cases()))
def test_every_transition_by_state_and_role(year_end, state, action, role, expected):
    w = year_end
    w.superuser = UserFactory(username="root", is_superuser=True)
    nomination = nomination_in(w, state)
    kwargs = {"nomination": nomination, "user": getattr(w, role)}
    if action != "start_review":
        kwargs["comment"] = "Ý kiến"
    events = NominationEvent.objects.count()

    if expected == "403":
        with pytest.raises(PermissionDenied):
            CALLS[action](**kwargs)
    elif expected == "400":
        with pytest.raises(ValidationError) as excinfo:
            CALLS[action](**kwargs)
        assert _messages(excinfo) == [f"{REFUSALS[action]} (hiện tại: {S(state).label})."]
    else:
        CALLS[action](**kwargs)

    nomination.refresh_from_db()
    assert nomination.status == (state if expected in ("403", "400") else expected)
    assert NominationEvent.objects.count() == events + (0 if expected in ("403", "400") else 1)
