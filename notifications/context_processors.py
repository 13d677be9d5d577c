from django.utils.functional import SimpleLazyObject

from notifications.domain.queries import unread_count


def unread(request):
    """The unread count for the navbar, counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
