"""Receivers for sign-in events: the login time that bounds a session, a log line per lockout, and the
revocation of API tokens when a password changes or an account is deactivated."""
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver

from accounts.domain.tokens import revoke_tokens
from accounts.models import User

from emulation.security import LOGIN_AT_SESSION_KEY, log_denied


@receiver(user_logged_in, dispatch_uid="accounts.stamp_login_time")
def stamp_login_time(sender, request, user, **kwargs):
    # login() has just rotated the session key, so the stamp belongs to the new session only.
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())


@receiver(user_locked_out, dispatch_uid="accounts.log_lockout")
def log_lockout(sender, request, username, ip_address, **kwargs):
    # The 429 that follows is logged too, but only this line says which username and address were locked.
    log_denied(request, 429, reason="axes_lockout", username=username, ip_address=ip_address)


@receiver(pre_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_credential_change")
def revoke_tokens_on_credential_change(sender, instance, update_fields=None, **kwargs):
    # Here rather than in the services: a password also changes through Django's own password-change form,
    # the admin and `manage.py changepassword`, and every one of them saves the user.
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    stored = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored and (stored["password"] != instance.password or (stored["is_active"] and not instance.is_active)):
        revoke_tokens(user_id=instance.pk)
