"""DRF's token authentication, with the lifetime rules of accounts.domain.tokens."""
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from accounts.domain import tokens


class TokenExpired(exceptions.AuthenticationFailed):
    """Its own class so that emulation.api_base keeps the message saying why, instead of the generic one."""


class SessionBoundTokenAuthentication(TokenAuthentication):
    """Accepts `Authorization: Token …` only while the token is within the session limits."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        token = model.objects.select_related("user", "activity").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed()
        now = timezone.now()
        reason = tokens.expiry_reason(token, now=now)
        if reason:
            token.delete()  # a lapsed token never comes back: the next request for one issues a new key
            raise TokenExpired(reason)
        tokens.touch(token, now=now)
        return token.user, token
