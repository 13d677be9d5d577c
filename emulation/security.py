"""Session lifetime and the log of denied requests (what Django and django-axes do not do by themselves)."""
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from audit.middleware import current_request_id

logger = logging.getLogger("emulation.security")

# Set by accounts.signals at login. SESSION_COOKIE_AGE, pushed forward by emulation.sessions, is a sliding
# (idle) limit only, so an active browser would stay signed in for ever without a fixed start to count from.
LOGIN_AT_SESSION_KEY = "_login_at"

# 429 is django-axes' lockout answer (and DRF's throttling); 401/403 are refusals by authentication or permission.
DENIED_STATUSES = frozenset({401, 403, 429})


def log_denied(request, status, reason="", **details):
    """One WARNING line per refusal, with what an auditor needs to find the request again."""
    user = getattr(request, "user", None)
    fields = {"method": request.method, "path": request.path, "status": status,
              "user_id": user.pk if user is not None and user.is_authenticated else None,
              "request_id": current_request_id() or getattr(request, "request_id", ""),
              "reason": reason, **details}
    logger.warning("denied " + " ".join(f"{key}=%({key})s" for key in fields), fields, extra={"security": fields})


def _was_denied(request, response):
    if response.status_code in DENIED_STATUSES:
        return True
    # A scoped query answers 404 for an object outside the user's scope, as for one that does not exist; the
    # two cannot be told apart here, so every 404 of a resolved URL for a signed-in user is logged.
    return (response.status_code == 404 and getattr(request, "resolver_match", None) is not None
            and request.user.is_authenticated)


class DeniedRequestLogMiddleware:
    """Logs refused requests. Sits inside RequestIdMiddleware (the id is bound) and outside AxesMiddleware
    (its lockout answer passes through here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _was_denied(request, response):
            log_denied(request, response.status_code)
        return response


def _session_outlived(session):
    # A session from before this limit existed has no stamp: its twelve hours start now.
    login_at = session.setdefault(LOGIN_AT_SESSION_KEY, int(time.time()))
    return time.time() - login_at > settings.SESSION_ABSOLUTE_AGE


class SessionLifetimeMiddleware:
    """Ends a browser session SESSION_ABSOLUTE_AGE after its login, however active it was.

    It logs out and lets the request go on anonymous, so pages are sent to the login page by
    PagesLoginRequiredMiddleware and the API answers as to a stranger. API tokens are not sessions and are
    not limited here. Must come after MessageMiddleware (the notice is a message)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and _session_outlived(request.session):
            logout(request)
            hours = settings.SESSION_ABSOLUTE_AGE // 3600
            messages.warning(request, _("Phiên làm việc đã quá %(hours)d giờ, vui lòng đăng nhập lại.")
                             % {"hours": hours})
        return self.get_response(request)


def client_ip(request):
    """The client's address for django-axes: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    outermost of them saw (X-Forwarded-For's entry that many places from the end; entries before it are the
    client's own claims and are not trusted)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
