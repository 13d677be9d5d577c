"""The session store: Django's database store, saved only when the idle limit has something to gain.

Saving every request (SESSION_SAVE_EVERY_REQUEST) would keep the 30 idle minutes exact, at the price of an
UPDATE and a commit on every page, poll and save of every user. Pushing the expiry forward at most once a
minute costs one write a minute per user instead, and a session then ends between 29 and 30 minutes after
its last request, never later.
"""
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

REFRESH_SECONDS = 60  # how far the stored expiry may fall behind "now + SESSION_COOKIE_AGE"


class SessionStore(DatabaseSessionStore):
    """Remembers when the stored row expires, for SessionIdleRefreshMiddleware."""

    stored_expiry = None

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored

    async def _aget_session_from_db(self):
        stored = await super()._aget_session_from_db()
        self.stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def needs_refresh(self):
        """Whether the stored expiry is more than REFRESH_SECONDS behind a fresh one."""
        if self.stored_expiry is None:
            return False
        fresh = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
        return fresh - self.stored_expiry > timedelta(seconds=REFRESH_SECONDS)


class SessionIdleRefreshMiddleware:
    """Marks a loaded session modified when its expiry needs pushing forward, so SessionMiddleware saves it
    (and resends the cookie with a fresh max-age). Sits right inside SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.modified and getattr(session, "needs_refresh", bool)():
            session.modified = True
        return response
