"""Who may see and change award rules, quotas and nominations."""
import rules
from django.db.models import Q

from accounts.enums import Role
from blocs.rules import (NOTHING, can_manage_province, can_view_bloc_year, in_bloc_year_scope, is_board_of_province,
                         is_secretariat_of_bloc, is_superuser, on_bloc_year)


def province_data_scope(user):
    """Award types, rule sets: every account of the province reads them."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    return Q(province_id=user.home_province_id) if user.home_province_id else NOTHING


def nomination_scope(user):
    return in_bloc_year_scope(user)


@rules.predicate
def is_board_member(user):
    return user.is_authenticated and user.is_active and user.role == Role.BOARD


views_bloc_year = on_bloc_year(can_view_bloc_year)
board_of_bloc_year = is_superuser | on_bloc_year(is_board_of_province)
secretariat_of_bloc_year = is_superuser | on_bloc_year(is_secretariat_of_bloc)

rules.add_perm("awards.manage_rules", can_manage_province)  # object: the province
rules.add_perm("awards.view_quota", views_bloc_year)
rules.add_perm("awards.set_quota", board_of_bloc_year)  # object: the bloc-year
rules.add_perm("awards.view_nomination", views_bloc_year)
rules.add_perm("awards.prepare_nomination", secretariat_of_bloc_year)  # create, edit, submit, resubmit
rules.add_perm("awards.review_nomination", board_of_bloc_year)  # review, return, approve, reject
rules.add_perm("awards.view_board_dashboard", is_superuser | is_board_member)


# --- award_rules slice: reading the catalogue and the eligibility table ------------------------------------
from blocs.models import Province  # noqa: E402


@rules.predicate
def reads_province_data(user, obj):
    """Every account of the province reads its award types and rule sets (obj: a province or a row of it)."""
    if obj is None or not (user.is_authenticated and user.is_active):
        return False
    province_id = obj.pk if isinstance(obj, Province) else getattr(obj, "province_id", None)
    return user.is_superuser or (province_id is not None and province_id == user.home_province_id)


rules.add_perm("awards.view_rules", reads_province_data)  # object: a province, an award type or a rule set
rules.add_perm("awards.view_eligibility", views_bloc_year)
