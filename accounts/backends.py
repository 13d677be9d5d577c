"""Authentication backends."""
from django.contrib.auth.backends import ModelBackend


class AdminModelBackend(ModelBackend):
    """Django's model permissions, for the admin site only: what users may do in the application is decided by
    django-rules (the backend before this one). An account without admin access holds no model permission, so
    the navigation's permission checks, which reach this backend whenever a rule says no, cost no query."""

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_staff:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)
