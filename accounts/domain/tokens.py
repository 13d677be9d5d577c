"""API tokens held to the limits of a browser session: they lapse after SESSION_COOKIE_AGE without use and
SESSION_ABSOLUTE_AGE after they were issued, and a password change or a deactivation revokes them."""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from accounts.models import TokenActivity
from audit.domain.services import record_event

# Writing the last use on every request would cost an UPDATE per API call; a minute's precision is enough
# for a thirty-minute idle limit.
TOUCH_INTERVAL = timedelta(minutes=1)


def _last_used(token):
    activity = getattr(token, "activity", None)
    return activity.last_used_at if activity is not None else token.created


def expiry_reason(token, *, now):
    """Why `token` no longer authenticates at `now`, or "" while it is alive."""
    if now - token.created > timedelta(seconds=settings.SESSION_ABSOLUTE_AGE):
        return _("Token API đã quá %(hours)d giờ kể từ khi cấp, hãy lấy token mới.") % {
            "hours": settings.SESSION_ABSOLUTE_AGE // 3600}
    if now - _last_used(token) > timedelta(seconds=settings.SESSION_COOKIE_AGE):
        return _("Token API không được dùng quá %(minutes)d phút nên đã hết hạn, hãy lấy token mới.") % {
            "minutes": settings.SESSION_COOKIE_AGE // 60}
    return ""


def touch(token, *, now):
    if now - _last_used(token) >= TOUCH_INTERVAL:
        TokenActivity.objects.update_or_create(token=token, defaults={"last_used_at": now})


def issue_token(*, user, now=None):
    """The account's live token, or a new one in place of a lapsed one."""
    now = now or timezone.now()
    with transaction.atomic():
        token = Token.objects.select_for_update(of=("self",)).select_related("activity").filter(user=user).first()
        if token is not None and not expiry_reason(token, now=now):
            return token
        if token is not None:
            token.delete()
        token = Token.objects.create(user=user)
        TokenActivity.objects.create(token=token, last_used_at=now)
        record_event(actor=user, event_type="token.issued", obj=user, new_value={"created": token.created.isoformat()})
    return token


def revoke_tokens(*, user_id):
    """Delete the account's tokens; called when its password changes or it is deactivated."""
    deleted, _by_model = Token.objects.filter(user_id=user_id).delete()
    return deleted
