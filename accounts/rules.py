"""Who may see and manage accounts: the Board within its province, and superusers."""
import rules
from django.db.models import Q

from accounts.enums import Role
from blocs.rules import NOTHING, is_superuser


def user_scope(user):
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    if user.role == Role.BOARD:
        pid = user.province_id
        return (Q(province_id=pid) | Q(department__province_id=pid) | Q(bloc__province_id=pid)) & Q(
            is_superuser=False)
    return Q(pk=user.pk)


@rules.predicate
def is_board_member(user):
    return user.is_authenticated and user.is_active and user.role == Role.BOARD


@rules.predicate
def is_board_of_account(user, account):
    if not is_board_member(user) or account is None or account.is_superuser:
        return False
    return account.home_province_id == user.province_id or (
        account.bloc_id is not None and account.bloc.province_id == user.province_id)


can_manage_accounts = is_superuser | is_board_member
rules.add_perm("accounts.manage_accounts", can_manage_accounts)
rules.add_perm("accounts.change_user", is_superuser | is_board_of_account)
