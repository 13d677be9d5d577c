"""Reads of the pledge area shared by its page and its API, each in a constant number of queries."""
from dataclasses import dataclass

from django.db.models import Count, Q

from blocs.domain.queries import bloc_years_visible_to
from blocs.models import BlocYear
from blocs.rules import bloc_year_scope
from scoring.models import Criterion, Pledge, ScaleAmendment, ScoringScale


@dataclass(frozen=True)
class MemberRow:
    """One member in the pledge: its targets and its signature, if any."""

    membership: object
    registration: object
    signature: object
    is_leader: bool
    is_deputy: bool

    @property
    def department(self):
        return self.membership.department


@dataclass(frozen=True)
class ScaleSummary:
    scale: object
    groups: int
    criteria: int


@dataclass(frozen=True)
class PledgeState:
    """Everything the pledge page and the API show about a bloc-year's pledge (which may not exist yet)."""

    bloc_year: object
    pledge: object
    scale: ScaleSummary | None
    members: list

    @property
    def version(self):
        return self.pledge.version if self.pledge else 0

    @property
    def signed_count(self):
        return sum(1 for row in self.members if row.signature is not None)


def pledge_of(bloc_year):
    """The bloc-year's pledge, or None while nobody has drafted it."""
    try:
        return bloc_year.pledge
    except Pledge.DoesNotExist:
        return None


def pledge_bloc_years(user):
    """Bloc-years the user may see, with their pledge and scale joined in."""
    return bloc_years_visible_to(user).select_related("pledge__conference", "scale")


def pledge_state(*, bloc_year):
    """The pledge of a bloc-year fetched through `pledge_bloc_years`: members, targets, signatures, scale."""
    pledge = pledge_of(bloc_year)
    registrations, signatures = {}, {}
    if pledge is not None:
        registrations = {r.department_id: r for r in pledge.registrations.select_related("registered_by")}
        signatures = {s.department_id: s for s in pledge.signatures.select_related("signed_by")}
    rows = [MemberRow(membership=m, registration=registrations.get(m.department_id),
                      signature=signatures.get(m.department_id),
                      is_leader=m.department_id == bloc_year.leader_id,
                      is_deputy=m.department_id == bloc_year.deputy_id)
            for m in bloc_year.memberships.select_related("department").order_by("name_at_time")]
    return PledgeState(bloc_year=bloc_year, pledge=pledge, scale=scale_summary(bloc_year), members=rows)


def scale_summary(bloc_year):
    try:
        scale = bloc_year.scale
    except ScoringScale.DoesNotExist:
        return None
    counts = Criterion.objects.filter(scale=scale).aggregate(
        groups=Count("pk", filter=Q(parent__isnull=True)), criteria=Count("pk", filter=Q(parent__isnull=False)))
    return ScaleSummary(scale=scale, **counts)


def member_of(*, bloc_year, department_pk):
    """The membership of a department in the bloc-year, or None."""
    return bloc_year.memberships.select_related("department").filter(department_id=department_pk).first()


def amendments_visible_to(user):
    years = BlocYear.objects.filter(bloc_year_scope(user)).values("pk")
    return (ScaleAmendment.objects.filter(scale__bloc_year__in=years)
            .select_related("scale__bloc_year__bloc", "requested_by", "decided_by").order_by("-requested_at", "-pk"))


def amendments_of(*, bloc_year):
    return (ScaleAmendment.objects.filter(scale__bloc_year=bloc_year)
            .select_related("requested_by", "decided_by").order_by("-requested_at", "-pk"))
