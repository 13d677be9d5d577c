"""Who may see and do what in scoring: scales, pledges, rounds, inspections, sheets and rankings.

Every object of this app hangs off a bloc-year (a template hangs off a province), so the predicates find
that bloc-year and ask the organisation rules of blocs/rules.py; only sheet access adds its own rule.
"""
import rules
from django.db.models import BigIntegerField, Q, Value

from accounts.enums import Role
from blocs.models import BlocYear
from blocs.rules import (NOTHING, acts_for_department, bloc_year_scope, can_manage_bloc_year, can_manage_province,
                         can_view_bloc_year, is_board_of_province, is_superuser, on_bloc_year)
from scoring.models import ScoreSheet, ScoringScale


def _role(user):
    if not user.is_authenticated or not user.is_active:
        return None
    return "superuser" if user.is_superuser else user.role


def template_scope(user):
    """Province templates: visible to every account of that province."""
    role = _role(user)
    if role == "superuser":
        return Q(province__isnull=False)
    if role is None or not user.home_province_id:
        return NOTHING
    return Q(province_id=user.home_province_id)


def scale_scope(user):
    return template_scope(user) | Q(bloc_year__in=BlocYear.objects.filter(bloc_year_scope(user)).values("pk"))


def sheet_scope(user):
    """Board and secretariat see every sheet of the bloc-years they see; officers and leaders see the sheets
    their department fills or is scored on."""
    role = _role(user)
    years = BlocYear.objects.filter(bloc_year_scope(user)).values("pk")
    if role in ("superuser", Role.BOARD):
        return Q(round__bloc_year__in=years)
    if role == Role.SECRETARIAT:
        own = Q(scored_id=user.department_id) | Q(scorer_id=user.department_id)
        return Q(round__bloc_year__bloc_id=user.bloc_id) | (Q(round__bloc_year__in=years) & own)
    if role in (Role.OFFICER, Role.LEADER):
        return Q(round__bloc_year__in=years) & (Q(scored_id=user.department_id) | Q(scorer_id=user.department_id))
    return NOTHING


@rules.predicate
def is_template(user, scale):
    return scale is not None and scale.province_id is not None


@rules.predicate
def can_view_template(user, scale):
    return ScoringScale.objects.filter(template_scope(user), pk=scale.pk).exists()


@rules.predicate
def can_view_sheet(user, sheet):
    if sheet is None:
        return False
    # A sheet the sheets selectors just read for this user carries the proof (see visible_sheets): the sheet
    # page and its presence poll need not ask the same scope again.
    if user.is_active and user.pk is not None and getattr(sheet, "visible_to_user_id", None) == user.pk:
        return True
    return ScoreSheet.objects.filter(sheet_scope(user), pk=sheet.pk).exists()


def visible_sheets(user):
    """ScoreSheets filtered by sheet_scope(user), each marked with the user it was read for."""
    return ScoreSheet.objects.filter(sheet_scope(user)).annotate(
        visible_to_user_id=Value(user.pk, output_field=BigIntegerField()))


@rules.predicate
def fills_sheet(user, sheet):
    """Officers and leaders of the department that fills the sheet."""
    return sheet is not None and acts_for_department.test(user, sheet.scorer)


@rules.predicate
def is_leader_of_member(user, department):
    return (user.is_authenticated and user.is_active and user.role == Role.LEADER and department is not None
            and user.department_id == department.pk)


manages_bloc_year = on_bloc_year(can_manage_bloc_year)
views_bloc_year = on_bloc_year(can_view_bloc_year)
board_of_bloc_year = is_superuser | on_bloc_year(is_board_of_province)

can_view_scale = (is_template & can_view_template) | (~is_template & views_bloc_year)
can_change_scale = (is_template & can_manage_province) | (~is_template & manages_bloc_year)
can_edit_sheet = is_superuser | fills_sheet | on_bloc_year(can_manage_bloc_year & ~is_board_of_province)

rules.add_perm("scoring.view_scale", can_view_scale)
rules.add_perm("scoring.change_scale", can_change_scale)
rules.add_perm("scoring.add_template", can_manage_province)  # object: the province
rules.add_perm("scoring.approve_amendment", board_of_bloc_year)
rules.add_perm("scoring.request_amendment", manages_bloc_year)
rules.add_perm("scoring.view_pledge", views_bloc_year)
rules.add_perm("scoring.change_pledge", manages_bloc_year)
rules.add_perm("scoring.register_targets", acts_for_department | is_superuser)  # object: the department
rules.add_perm("scoring.sign_pledge", is_leader_of_member)  # object: the department
rules.add_perm("scoring.view_round", views_bloc_year)
rules.add_perm("scoring.manage_round", manages_bloc_year)  # open, close, finalise, inspections
rules.add_perm("scoring.reopen_round", board_of_bloc_year)
rules.add_perm("scoring.view_sheet", can_view_sheet)
rules.add_perm("scoring.edit_sheet", can_edit_sheet)
rules.add_perm("scoring.view_ranking", views_bloc_year)

# --- scales slice: the Board edits its province's scoring settings (object: the province) -------------
rules.add_perm("scoring.change_settings", can_manage_province)
