import rules


@rules.predicate
def is_recipient(user, notification):
    return notification is not None and notification.user_id == user.pk


rules.add_perm("notifications.view_notification", is_recipient)
