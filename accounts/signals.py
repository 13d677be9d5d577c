"""Receivers for sign-in events: the login time that bounds a session, and a log line per lockout."""
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

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
