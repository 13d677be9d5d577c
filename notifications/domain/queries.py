"""Reads of notifications, and who is told about what (the recipients of each kind of event)."""
from django.db.models import Q

from accounts.enums import Role
from accounts.models import User
from blocs.models import Membership
from notifications.models import Notification


def notifications_of(user):
    """The user's own notifications, newest first; nobody reads anyone else's."""
    if not (user.is_authenticated and user.is_active):
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user):
    return notifications_of(user).filter(read_at__isnull=True).count()


def _active():
    return User.objects.filter(is_active=True).order_by("pk")


def board_users(*, province_id):
    """The Board of a province (Ban Thi đua - Khen thưởng tỉnh)."""
    return _active().filter(role=Role.BOARD, province_id=province_id)


def secretariat_users(*, bloc_id):
    """The secretariat staff serving a bloc."""
    return _active().filter(role=Role.SECRETARIAT, bloc_id=bloc_id)


def member_staff(*, bloc_year_id):
    """Staff of the bloc-year's member departments who vote for them (officers, leaders, secretariat)."""
    members = Membership.objects.filter(bloc_year_id=bloc_year_id).values("department")
    return _active().filter(Q(department__in=members),
                            role__in=[Role.OFFICER, Role.LEADER, Role.SECRETARIAT])
