"""In-app notifications and their e-mails: created in the caller's transaction, e-mailed once after it
commits (Celery runs eagerly in the tests, the locmem backend keeps the mail)."""
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from notifications.domain import messages, services
from notifications.models import Notification
from notifications.tasks import task_send_notification_email
from tests.factories.accounts import UserFactory, secretariat_user
from tests.factories.voting import BallotRoundFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def people(db):
    return type("People", (), dict(
        an=UserFactory(username="an", email="an@example.vn", first_name="An"),
        binh=UserFactory(username="binh", email="binh@example.vn"),
        no_mail=UserFactory(username="khongthu", email=""),
        gone=UserFactory(username="nghi", email="nghi@example.vn", is_active=False),
    ))


def test_notify_makes_one_row_per_active_user_and_mails_after_commit(people, django_capture_on_commit_callbacks):
    p = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = services.notify(users=[p.an, p.binh, p.an, p.gone, p.no_mail], title="Có việc\nmới",
                               body="Nội dung", url="/awards/board/")
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 3
    assert [row.user.username for row in rows] == ["an", "binh", "khongthu"]
    assert sorted((m.to, m.subject) for m in mail.outbox) == [
        (["an@example.vn"], "[Khối thi đua] Có việc mới"), (["binh@example.vn"], "[Khối thi đua] Có việc mới")]
    assert mail.outbox[0].body == ("Nội dung\n\nXem chi tiết: http://127.0.0.1:8000/awards/board/\n\n"
                                   "Thư này được gửi tự động từ hệ thống Khối thi đua; vui lòng không trả lời.")
    assert sorted((n.user.username, n.emailed_at is None) for n in Notification.objects.all()) == [
        ("an", False), ("binh", False), ("khongthu", True)]


def test_the_site_url_setting_makes_the_links(people, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://khoithidua.example.vn/"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[people.an], title="T", url="/notifications/")
    assert "Xem chi tiết: https://khoithidua.example.vn/notifications/" in mail.outbox[0].body


def test_a_rolled_back_change_tells_nobody(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.notify(users=[people.an], title="Không gửi")
            transaction.set_rollback(True)
    assert (Notification.objects.count(), mail.outbox) == (0, [])


def test_an_email_is_sent_once(people):
    row = services.notify(users=[people.an], title="Một lần")[0]
    assert task_send_notification_email(notification_id=row.pk) is True
    assert task_send_notification_email(notification_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_the_task_is_quiet_when_the_notification_is_gone(people):
    row = services.notify(users=[people.an], title="Đã xóa")[0]
    row.delete()
    assert task_send_notification_email(notification_id=row.pk) is False
    assert mail.outbox == []


def test_mark_read_only_by_the_recipient(people):
    row = services.notify(users=[people.an], title="Của An")[0]
    with pytest.raises(PermissionDenied):
        services.mark_read(notification=row, user=people.binh)
    services.mark_read(notification=row, user=people.an)
    first = Notification.objects.get().read_at
    services.mark_read(notification=Notification.objects.get(), user=people.an)
    assert first is not None and Notification.objects.get().read_at == first


def test_mark_all_read(people):
    services.notify(users=[people.an, people.binh], title="A")
    services.notify(users=[people.an], title="B")
    assert services.mark_all_read(user=people.an) == 2
    assert sorted((n.user.username, n.read_at is None) for n in Notification.objects.all()) == [
        ("an", False), ("an", False), ("binh", True)]


def test_a_round_opening_tells_the_staff_of_every_member(world, django_capture_on_commit_callbacks):
    w = world
    for user in (w.secretariat, w.officer, w.leader, w.board, w.other_officer):
        user.email = f"{user.username}@example.vn"
        user.save()
    outsider = secretariat_user(w.other.bloc, w.other_departments[0], username="thuky2", email="thuky2@example.vn")
    round_ = BallotRoundFactory(bloc_year=w.own, title="Bầu khối trưởng năm 2027")
    with django_capture_on_commit_callbacks(execute=True):
        messages.notify_round_opened(round=round_)
    subject = f"[Khối thi đua] Mời bỏ phiếu: “Bầu khối trưởng năm 2027” – {w.own.bloc.name} năm 2026"
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("leader@example.vn", subject), ("officer@example.vn", subject), ("secretariat@example.vn", subject)]
    assert outsider.notifications.count() == 0
    assert {n.url for n in w.officer.notifications.all()} == {f"/voting/rounds/{round_.pk}/"}


def test_with_redis_down_the_change_answers_at_once_and_the_email_goes_later(people,
                                                                              django_capture_on_commit_callbacks):
    import time

    from emulation.celery import app

    p = people
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:9/0"  # nothing listens there
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            rows = services.notify(users=[p.an, p.binh, p.no_mail], title="Có việc chờ", body="Nội dung")
        assert time.monotonic() - started < 1  # one refused connection per e-mail, no retry loop
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
    assert mail.outbox == [] and len(rows) == 3
    assert list(services.pending_emails()) == rows[:2]  # the user without an address gets none
    assert services.send_pending_emails() == 2  # the beat's sweep, once Redis is back
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.vn", "binh@example.vn"]
    assert services.send_pending_emails() == 0 and len(mail.outbox) == 2  # never twice


def test_pending_emails_leave_out_the_old_ones(people):
    import datetime

    from django.utils import timezone

    fresh, old = services.notify(users=[people.an, people.binh], title="Có việc")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=3))
    assert list(services.pending_emails()) == [fresh]
