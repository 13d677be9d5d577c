from accounts.models import User
from accounts.rules import user_scope


def users_visible_to(user):
    return User.objects.filter(user_scope(user)).select_related("province", "department", "bloc")
