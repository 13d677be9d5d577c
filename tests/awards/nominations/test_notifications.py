"""Who is told, in the app and by e-mail, at each step of a nomination; e-mails leave only after the commit."""
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from awards.domain import nominations as services
from awards.enums import NominationStatus as S
from notifications.models import Notification
from tests.awards.nominations.conftest import nomination_in
from tests.factories.accounts import board_user, secretariat_user

pytestmark = pytest.mark.integration


@pytest.fixture
def told(year_end):
    """A second Board member (inactive: never told) and a second secretariat account of the bloc."""
    w = year_end
    w.board2 = board_user(w.province, username="board2", email="board2@example.vn")
    board_user(w.province, username="retired", email="retired@example.vn", is_active=False)
    w.secretariat2 = secretariat_user(w.own.bloc, w.own_departments[0], username="secretariat2",
                                      email="secretariat2@example.vn")
    return w


def _sent():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def _run(callbacks, service, **kwargs):
    with callbacks(execute=True):
        return service(**kwargs)


def test_a_submission_tells_the_board_of_the_province(told, django_capture_on_commit_callbacks):
    w = told
    nomination = nomination_in(w, S.DRAFT)
    _run(django_capture_on_commit_callbacks, services.submit_nomination, nomination=nomination, user=w.secretariat,
         comment="Kính gửi Ban")
    unit, bloc = w.own_departments[2].name, w.own.bloc.name
    subject = f"[Khối thi đua] Đề nghị khen thưởng mới: Bằng khen của Chủ tịch UBND tỉnh cho {unit} ({bloc}, 2026)"
    assert _sent() == [("board2@example.vn", subject), ("board@example.vn", subject)]
    message = mail.outbox[0]
    assert message.body == (
        f"Thư ký {bloc} đã gửi đề nghị Bằng khen của Chủ tịch UBND tỉnh cho {unit} năm 2026; đề nghị đang chờ Ban "
        "Thi đua - Khen thưởng xem xét.\n\nGhi chú của thư ký khối: Kính gửi Ban\n\n"
        f"Xem chi tiết: http://127.0.0.1:8000/awards/nominations/{nomination.pk}/\n\n"
        "Thư này được gửi tự động từ hệ thống Khối thi đua; vui lòng không trả lời.")
    assert sorted(Notification.objects.values_list("user__username", "url")) == [
        ("board", f"/awards/nominations/{nomination.pk}/"), ("board2", f"/awards/nominations/{nomination.pk}/")]
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_starting_the_review_tells_nobody(told, django_capture_on_commit_callbacks):
    w = told
    _run(django_capture_on_commit_callbacks, services.start_review, nomination=nomination_in(w, S.SUBMITTED),
         user=w.board)
    assert (_sent(), Notification.objects.count()) == ([], 0)


@pytest.mark.parametrize(("service", "subject"), [
    (services.return_nomination, "Ban TĐKT trả lại đề nghị Bằng khen của Chủ tịch UBND tỉnh cho {unit} để bổ sung"),
    (services.approve_nomination, "Ban TĐKT đã chấp thuận đề nghị Bằng khen của Chủ tịch UBND tỉnh cho {unit}"),
    (services.reject_nomination, "Ban TĐKT không chấp thuận đề nghị Bằng khen của Chủ tịch UBND tỉnh cho {unit}"),
])
def test_a_decision_tells_the_blocs_secretariat(told, django_capture_on_commit_callbacks, service, subject):
    w = told
    nomination = nomination_in(w, S.UNDER_REVIEW)
    _run(django_capture_on_commit_callbacks, service, nomination=nomination, user=w.board, comment="Thiếu biên bản.")
    expected = "[Khối thi đua] " + subject.format(unit=w.own_departments[2].name)
    assert _sent() == [("secretariat2@example.vn", expected), ("secretariat@example.vn", expected)]
    assert mail.outbox[0].body.startswith(
        f"Đề nghị Bằng khen của Chủ tịch UBND tỉnh cho {w.own_departments[2].name} ({w.own.bloc.name}, năm 2026)."
        "\n\nÝ kiến của Ban Thi đua - Khen thưởng: Thiếu biên bản.\n\n")


def test_a_resubmission_says_so(told, django_capture_on_commit_callbacks):
    w = told
    _run(django_capture_on_commit_callbacks, services.resubmit_nomination, nomination=nomination_in(w, S.RETURNED),
         user=w.secretariat)
    assert {subject for _to, subject in _sent()} == {
        f"[Khối thi đua] Đề nghị được gửi lại: Bằng khen của Chủ tịch UBND tỉnh cho {w.own_departments[2].name} "
        f"({w.own.bloc.name}, 2026)"}


def test_a_refused_step_tells_nobody(told, django_capture_on_commit_callbacks):
    w = told
    w.merit_quota.delete()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.submit_nomination(nomination=nomination_in(w, S.DRAFT), user=w.secretariat)
    assert (_sent(), Notification.objects.count()) == ([], 0)
