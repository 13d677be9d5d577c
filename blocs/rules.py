"""Who may see and do what with the organisation objects: written once, used by views, API and tasks.

Visibility is a Q scope per model (selectors filter with it; the `view` predicates test one object
against it); actions are attribute predicates on the user and the object's province or bloc.
"""
import rules
from django.db.models import Q

from accounts.enums import Role
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province

NOTHING = Q(pk__in=[])


def _role(user):
    if not user.is_authenticated or not user.is_active:
        return None
    return "superuser" if user.is_superuser else user.role


def bloc_year_scope(user):
    role = _role(user)
    if role == "superuser":
        return Q()
    if role == Role.BOARD:
        return Q(bloc__province_id=user.province_id)
    if role not in (Role.SECRETARIAT, Role.OFFICER, Role.LEADER):
        return NOTHING
    member_of = Q(pk__in=Membership.objects.filter(department_id=user.department_id).values("bloc_year"))
    if role == Role.SECRETARIAT:
        return Q(bloc_id=user.bloc_id) | member_of
    return member_of


def bloc_scope(user):
    role = _role(user)
    if role == "superuser":
        return Q()
    if role == Role.BOARD:
        return Q(province_id=user.province_id)
    if role in (Role.SECRETARIAT, Role.OFFICER, Role.LEADER):
        return Q(pk__in=BlocYear.objects.filter(bloc_year_scope(user)).values("bloc"))
    return NOTHING


def province_scope(user):
    role = _role(user)
    if role == "superuser":
        return Q()
    if role is None or not user.home_province_id:
        return NOTHING
    return Q(pk=user.home_province_id)


def department_scope(user):
    """Board: every unit of its province; others: their own unit and the members of their bloc-years."""
    role = _role(user)
    if role == "superuser":
        return Q()
    if role == Role.BOARD:
        return Q(province_id=user.province_id)
    if role in (Role.SECRETARIAT, Role.OFFICER, Role.LEADER):
        visible_years = BlocYear.objects.filter(bloc_year_scope(user)).values("pk")
        co_members = Membership.objects.filter(bloc_year__in=visible_years).values("department")
        return Q(pk=user.department_id) | Q(pk__in=co_members)
    return NOTHING


def in_bloc_year_scope(user, relation="bloc_year"):
    """For rows hanging off a bloc-year through `relation` (conferences, memberships, nominations). The Board's
    is a join to the bloc's province rather than the subquery: on the Board's dashboard the subquery cost
    PostgreSQL some 4 ms more to plan each list query than the join."""
    role = _role(user)
    if role == "superuser":
        return Q()
    if role == Role.BOARD:
        return Q(**{f"{relation}__bloc__province_id": user.province_id})
    return Q(**{f"{relation}__in": BlocYear.objects.filter(bloc_year_scope(user)).values("pk")})


def _visible(model, scope):
    @rules.predicate
    def predicate(user, obj):
        return obj is not None and model.objects.filter(scope(user), pk=obj.pk).exists()

    return predicate


can_view_province = _visible(Province, province_scope)
can_view_bloc = _visible(Bloc, bloc_scope)
can_view_bloc_year = _visible(BlocYear, bloc_year_scope)
can_view_department = _visible(Department, department_scope)
can_view_conference = _visible(Conference, in_bloc_year_scope)


def _province_id_of(obj):
    for path in ("province_id", "bloc.province_id", "bloc_year.bloc.province_id"):
        value = obj
        for attr in path.split("."):
            value = getattr(value, attr, None)
        if value is not None:
            return value
    return None


def _bloc_id_of(obj):
    if isinstance(obj, Bloc):
        return obj.pk
    if isinstance(obj, BlocYear):
        return obj.bloc_id
    bloc_year = getattr(obj, "bloc_year", None)
    return bloc_year.bloc_id if bloc_year else None


@rules.predicate
def is_superuser(user):
    return user.is_authenticated and user.is_active and user.is_superuser


@rules.predicate
def is_board_of_province(user, obj):
    """A Board member acting on an object of its own province (obj may be a Province)."""
    if _role(user) != Role.BOARD or obj is None:
        return False
    target = obj.pk if isinstance(obj, Province) else _province_id_of(obj)
    return target == user.province_id


@rules.predicate
def is_board_member(user):
    return _role(user) == Role.BOARD


@rules.predicate
def is_secretariat_of_bloc(user, obj):
    return _role(user) == Role.SECRETARIAT and obj is not None and _bloc_id_of(obj) == user.bloc_id


@rules.predicate
def acts_for_department(user, department):
    """Officers and leaders act for their own department only."""
    return (_role(user) in (Role.OFFICER, Role.LEADER) and department is not None
            and department.pk == user.department_id)


can_manage_bloc_year = is_superuser | is_board_of_province | is_secretariat_of_bloc

# Objects of the later apps (scales, sheets, ballot rounds, nominations…) hang off a bloc-year: these find it.
_BLOC_YEAR_PATHS = ("bloc_year", "round.bloc_year", "sheet.round.bloc_year", "pledge.bloc_year",
                    "scale.bloc_year", "entry.sheet.round.bloc_year", "ranking.round.bloc_year",
                    "nomination.bloc_year")


def bloc_year_of(obj):
    """The bloc-year an object belongs to (None when it has none, e.g. a province template)."""
    if isinstance(obj, BlocYear):
        return obj
    for path in _BLOC_YEAR_PATHS:
        value = obj
        for attr in path.split("."):
            value = getattr(value, attr, None)
            if value is None:
                break
        if isinstance(value, BlocYear):
            return value
    return None


def on_bloc_year(predicate):
    """Lift a bloc-year predicate to any object hanging off a bloc-year."""

    @rules.predicate(name=f"on_bloc_year({predicate.name})")
    def wrapped(user, obj):
        bloc_year = bloc_year_of(obj) if obj is not None else None
        return bloc_year is not None and predicate.test(user, bloc_year)

    return wrapped
can_manage_province = is_superuser | is_board_of_province

rules.add_perm("blocs.view_province", can_view_province)
rules.add_perm("blocs.view_bloc", can_view_bloc)
rules.add_perm("blocs.view_blocyear", can_view_bloc_year)
rules.add_perm("blocs.view_department", can_view_department)
rules.add_perm("blocs.view_conference", can_view_conference)
# Creating blocs, bloc-years and departments is the Board's work; the object is the province.
rules.add_perm("blocs.add_bloc", can_manage_province)
rules.add_perm("blocs.add_blocyear", can_manage_province)
rules.add_perm("blocs.change_bloc", can_manage_province)
rules.add_perm("blocs.add_department", can_manage_province)
rules.add_perm("blocs.change_department", can_manage_province)
# Members, conferences, leader, deputy and phase: the Board or the bloc's secretariat.
rules.add_perm("blocs.change_blocyear", can_manage_bloc_year)
rules.add_perm("blocs.manage_members", can_manage_bloc_year)
rules.add_perm("blocs.manage_conferences", can_manage_bloc_year)
