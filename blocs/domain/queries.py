"""Read queries shared by pages, the API and the dashboard; each filters by the permission scopes."""
import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from blocs.enums import Phase
from blocs.models import Bloc, BlocYear, Conference, Department, Membership, Province
from blocs.rules import bloc_scope, bloc_year_scope, department_scope, in_bloc_year_scope, province_scope


def provinces_visible_to(user):
    return Province.objects.filter(province_scope(user))


def blocs_visible_to(user):
    return Bloc.objects.filter(bloc_scope(user)).select_related("province")


def bloc_years_visible_to(user):
    return BlocYear.objects.filter(bloc_year_scope(user)).select_related(
        "bloc__province", "leader", "deputy")


def departments_visible_to(user):
    return Department.objects.filter(department_scope(user)).select_related("province", "successor")


def conferences_visible_to(user):
    return Conference.objects.filter(in_bloc_year_scope(user)).select_related(
        "bloc_year__bloc__province", "host")


def memberships_visible_to(user):
    return Membership.objects.filter(in_bloc_year_scope(user)).select_related(
        "bloc_year__bloc", "department")


def blocs_of_province(*, user, province):
    latest = BlocYear.objects.order_by("-year")
    return (blocs_visible_to(user).filter(province=province)
            .annotate(year_count=Count("years", distinct=True))
            .prefetch_related(Prefetch("years", queryset=latest.select_related("leader", "deputy"),
                                       to_attr="years_desc")))


def bloc_year_detail_queryset(user):
    """Bloc-years with everything their page shows, in a constant number of queries."""
    memberships = Membership.objects.select_related("department__successor").order_by("name_at_time")
    conferences = Conference.objects.select_related("host").order_by("date", "id")
    return bloc_years_visible_to(user).prefetch_related(
        Prefetch("memberships", queryset=memberships),
        Prefetch("conferences", queryset=conferences),
    )


def department_history(*, department):
    """A department's memberships across years, with the names of their time."""
    return Membership.objects.filter(department=department).select_related(
        "bloc_year__bloc", "bloc_year__leader", "bloc_year__deputy").order_by("-year")


def addable_departments(*, bloc_year):
    """Active units of the bloc's province that belong to no bloc in that year."""
    taken = Membership.objects.filter(year=bloc_year.year).values("department")
    return Department.objects.filter(
        province_id=bloc_year.bloc.province_id, successor__isnull=True, dissolved_on__isnull=True,
    ).exclude(pk__in=taken).order_by("name")


def upcoming_conferences(*, user, days=60, today=None):
    today = today or timezone.localdate()
    return conferences_visible_to(user).filter(
        date__gte=today, date__lte=today + datetime.timedelta(days=days)).order_by("date")


def open_bloc_years(*, user):
    """Bloc-years still running (not closed), newest first."""
    return bloc_years_visible_to(user).exclude(phase=Phase.CLOSED).annotate(
        member_count=_member_count()).order_by("-year", "bloc__name")


def _member_count():
    # A correlated count, not Count("memberships"): the join and GROUP BY over every selected column
    # made PostgreSQL spend 7 ms planning the dashboard's query for a 10 ms page.
    counted = (Membership.objects.filter(bloc_year=OuterRef("pk")).order_by()
               .values("bloc_year").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def bloc_years_needing_setup(*, user):
    """Open bloc-years the user manages that lack a leader, a deputy or at least two members."""
    return open_bloc_years(user=user).filter(
        Q(leader__isnull=True) | Q(deputy__isnull=True) | Q(member_count__lt=2))
