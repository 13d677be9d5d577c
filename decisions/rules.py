"""Who may see and act on disclosures, complaints, decisions and award statistics.

Every account of the province sees the disclosed list, the decisions and the statistics (they are public
within the province); only the Board publishes, answers, sends to the Council, records and withdraws; a
department's officer or leader files comments and complaints for its own department.
"""
import rules
from django.db.models import Q

from accounts.enums import Role
from blocs.models import Province
from blocs.rules import NOTHING, is_superuser


def province_public_scope(user):
    """Rows of the user's province (disclosures, decisions, complaints)."""
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    return Q(province_id=user.home_province_id) if user.home_province_id else NOTHING


def complaint_scope(user):
    if not (user.is_authenticated and user.is_active):
        return NOTHING
    if user.is_superuser:
        return Q()
    return Q(disclosure__province_id=user.home_province_id) if user.home_province_id else NOTHING


def _province_id(obj):
    if isinstance(obj, Province):
        return obj.pk
    for path in ("province_id", "disclosure.province_id", "decision.province_id"):
        value = obj
        for attr in path.split("."):
            value = getattr(value, attr, None)
        if value is not None:
            return value
    return None


@rules.predicate
def in_users_province(user, obj):
    if obj is None or not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (_province_id(obj) is not None and _province_id(obj) == user.home_province_id)


@rules.predicate
def board_of_obj_province(user, obj):
    if obj is None or not (user.is_authenticated and user.is_active) or user.role != Role.BOARD:
        return False
    return _province_id(obj) == user.province_id


@rules.predicate
def files_for_a_department(user, obj):
    """Officers and leaders of a department of the province file comments and complaints."""
    return (in_users_province.test(user, obj) and user.role in (Role.OFFICER, Role.LEADER)
            and user.department_id is not None)


rules.add_perm("decisions.view", in_users_province)  # object: province, disclosure, decision, complaint
rules.add_perm("decisions.manage", is_superuser | board_of_obj_province)  # publish, answer, send, record, withdraw
rules.add_perm("decisions.file_complaint", files_for_a_department)  # object: a disclosure
rules.add_perm("decisions.view_statistics", in_users_province)  # object: a province


@rules.predicate
def is_active_account(user):
    return user.is_authenticated and user.is_active


# The base salary is national data: every account reads it, only a superuser adds a figure.
rules.add_perm("decisions.view_base_salary", is_active_account)
rules.add_perm("decisions.add_base_salary", is_superuser)
