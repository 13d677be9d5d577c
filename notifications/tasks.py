"""Celery tasks of the notifications: thin, by id, quiet when the row is gone."""
from celery import shared_task

from notifications.domain.services import send_notification_email, send_pending_emails
from notifications.models import Notification


@shared_task(name="notifications.send_email")
def task_send_notification_email(*, notification_id):
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return False
    return send_notification_email(notification=notification)


@shared_task(name="notifications.send_pending_emails")
def task_send_pending_emails():
    return send_pending_emails()
