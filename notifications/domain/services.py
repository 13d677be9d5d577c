"""Telling users that something waits for them: one in-app notification each, and its e-mail through Celery.

`notify` runs inside the transaction of the change it announces, so a refused or rolled-back change tells
nobody; the e-mails are queued only once that transaction has committed (one task per notification, by id).
"""
import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emulation.broker import broker_connection
from notifications.models import Notification

logger = logging.getLogger(__name__)
# An e-mail older than this is not worth sending late: the in-app notification has told the user.
PENDING_EMAIL_DAYS = 2
TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def notify(*, users, title, body="", url=""):
    """One notification per distinct active user (in the order given), each e-mailed after the commit.
    Returns the notifications created."""
    recipients = list({user.pk: user for user in users if user is not None and user.is_active}.values())
    if not recipients:
        return []
    now = timezone.now()
    title = " ".join(str(title).split())[:TITLE_MAX]  # one line: it becomes the e-mail subject
    rows = Notification.objects.bulk_create(
        Notification(user=user, title=title, body=str(body), url=str(url)[:URL_MAX], created_at=now)
        for user in recipients)
    for row in rows:
        transaction.on_commit(partial(_queue_email, row.pk), robust=True)
    return rows


def _queue_email(notification_id):
    """Hand the e-mail to the broker, or leave it unsent when the broker is away: the change it announces has
    committed and must answer at once; `send_pending_emails` sends it once Redis is back."""
    from notifications.tasks import task_send_notification_email

    try:
        with broker_connection() as connection:
            task_send_notification_email.apply_async(kwargs={"notification_id": notification_id}, retry=False,
                                                     connection=connection)
    except Exception as exc:  # kombu OperationalError, redis ConnectionError, OSError: the broker is away
        logger.warning("notification %s: e-mail waits for the broker: %s", notification_id, exc)
        return False
    return True


def pending_emails(*, now=None):
    """Notifications of the last PENDING_EMAIL_DAYS whose e-mail has not gone out to a user who has an address."""
    since = (now or timezone.now()) - timedelta(days=PENDING_EMAIL_DAYS)
    return (Notification.objects.filter(emailed_at__isnull=True, created_at__gte=since, user__is_active=True)
            .exclude(user__email="").order_by("created_at", "pk"))


def send_pending_emails():
    """The beat's sweep: send what the broker never got (each row locked while sent, so never twice)."""
    sent = 0
    for notification in pending_emails():
        sent += send_notification_email(notification=notification)
    return sent


def email_subject(notification):
    return f"[{_('Khối thi đua')}] {notification.title}"


def email_body(notification):
    parts = [notification.body.strip()] if notification.body.strip() else []
    if notification.url:
        parts.append(_("Xem chi tiết: %(url)s") % {"url": absolute_url(notification.url)})
    parts.append(_("Thư này được gửi tự động từ hệ thống Khối thi đua; vui lòng không trả lời."))
    return "\n\n".join(parts)


def absolute_url(url):
    """A link usable outside the site: settings.SITE_URL (default http://127.0.0.1:8000) before a path."""
    if url.startswith(("http://", "https://")):
        return url
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + url


def send_notification_email(*, notification):
    """E-mail one notification to its user, once: nothing when it was already sent, or the user has no
    address or is inactive. The row stays locked while sending, so two workers never send it twice.
    Returns whether an e-mail went out."""
    with transaction.atomic():
        current = Notification.objects.select_for_update().select_related("user").filter(pk=notification.pk).first()
        if current is None or current.emailed_at is not None:
            return False
        user = current.user
        if not user.is_active or not user.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = email_subject(current), email_body(current)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        Notification.objects.filter(pk=current.pk).update(emailed_at=timezone.now())
    return True


def mark_read(*, notification, user):
    """The recipient marks one notification read (marking it again changes nothing)."""
    if notification.user_id != user.pk:
        raise PermissionDenied(_("Đây không phải thông báo của bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user):
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
