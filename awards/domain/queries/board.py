"""Reads of the Board's dashboard (every bloc of its province in a year: nominations against quotas, overdue
items, the filtered list and the proposal list to the Council) and of the score and ranking trends across
years. The dashboard reads in a constant number of queries whatever the number of blocs and nominations.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from awards.domain import nominations as services
from awards.domain.queries.nominations import nomination_filter_q, nominations_visible_to
from awards.enums import NominationStatus as S
from awards.models import AwardType, Nomination, Quota
from blocs.models import Bloc, BlocYear, Province
from blocs.rules import bloc_year_scope, province_scope
from scoring.enums import RoundKind
from scoring.models import RankingEntry
from voting.models import VoteCount


def board_provinces(user):
    """Provinces whose dashboard the user may open: the Board's own; every province for a superuser."""
    return Province.objects.filter(province_scope(user)).order_by("name")


def years_of(*, province):
    return list(BlocYear.objects.filter(bloc__province=province).order_by("-year")
                .values_list("year", flat=True).distinct())


def latest_year(*, province):
    return BlocYear.objects.filter(bloc__province=province).aggregate(latest=Max("year"))["latest"]


@dataclass
class Filters:
    province: Province
    year: int | None
    bloc: Bloc | None = None
    award_type: AwardType | None = None
    status: str = ""
    overdue: bool = False


def board_nominations(*, user, filters):
    """The nominations of the province the Board sees (every one sent to it: drafts stay the secretariat's),
    filtered, in the order of the proposal list: bloc, award type, unit."""
    condition = nomination_filter_q(year=filters.year, bloc=filters.bloc, award_type=filters.award_type,
                                    status=filters.status, overdue=filters.overdue)
    return (nominations_visible_to(user).filter(condition, bloc_year__bloc__province=filters.province)
            .exclude(status=S.DRAFT).order_by("bloc_year__bloc__name", "award_type__position", "award_type__name",
                                              "department__name", "pk"))


@dataclass
class Cell:
    places: int | None = None
    pending: int = 0
    approved: int = 0
    returned: int = 0
    rejected: int = 0

    @property
    def used(self):
        return self.pending + self.approved

    @property
    def over(self):
        return self.places is not None and self.used > self.places


@dataclass
class BlocLine:
    bloc: Bloc
    bloc_year_id: int | None
    cells: list  # one Cell per award type of the summary, in order
    overdue: int = 0

    @property
    def places(self):
        return sum(c.places or 0 for c in self.cells)

    @property
    def pending(self):
        return sum(c.pending for c in self.cells)

    @property
    def approved(self):
        return sum(c.approved for c in self.cells)


@dataclass
class Summary:
    filters: Filters
    award_types: list
    lines: list
    totals: list  # one Cell per award type
    status_counts: dict = field(default_factory=dict)
    overdue: int = 0


def province_blocs(*, province):
    return list(Bloc.objects.filter(province=province).order_by("name"))


def province_award_types(*, province):
    return list(AwardType.objects.filter(province=province).order_by("position", "name"))


def board_summary(*, filters, blocs=None, award_types=None):
    """Per bloc of the province and per award type: places, nominations pending and approved (5 queries; 3
    when the caller has read the province's blocs and award types already, as the dashboard's filters do)."""
    province, year = filters.province, filters.year
    blocs = province_blocs(province=province) if blocs is None else blocs
    types = province_award_types(province=province) if award_types is None else award_types
    if filters.bloc is not None:
        blocs = [b for b in blocs if b.pk == filters.bloc.pk]
    if filters.award_type is not None:
        types = [t for t in types if t.pk == filters.award_type.pk]
    years = dict(BlocYear.objects.filter(bloc__province=province, year=year).values_list("bloc_id", "pk"))
    places = {(b, t): n for b, t, n in Quota.objects.filter(bloc_year__bloc__province=province, bloc_year__year=year)
              .values_list("bloc_year__bloc_id", "award_type_id", "places")}
    counts = (Nomination.objects.filter(bloc_year__bloc__province=province, bloc_year__year=year)
              .exclude(status=S.DRAFT).values_list("bloc_year__bloc_id", "award_type_id", "status")
              .annotate(n=Count("id"), late=Count("id", filter=services.overdue_q())))
    cells = {(b.pk, t.pk): Cell(places=places.get((b.pk, t.pk))) for b in blocs for t in types}
    summary = Summary(filters=filters, award_types=types, lines=[], totals=[])
    overdue_by_bloc = {}
    for bloc_id, type_id, status, n, late in counts:
        summary.status_counts[status] = summary.status_counts.get(status, 0) + n
        summary.overdue += late
        overdue_by_bloc[bloc_id] = overdue_by_bloc.get(bloc_id, 0) + late
        if (bloc_id, type_id) in cells:
            _count(cells[bloc_id, type_id], status, n)
    summary.lines = [BlocLine(bloc=b, bloc_year_id=years.get(b.pk), cells=[cells[b.pk, t.pk] for t in types],
                              overdue=overdue_by_bloc.get(b.pk, 0)) for b in blocs]
    summary.totals = [_total([line.cells[i] for line in summary.lines]) for i in range(len(types))]
    return summary


def _count(cell, status, n):
    if status in services.AWAITING_DECISION:
        cell.pending += n
    elif status == S.APPROVED:
        cell.approved += n
    elif status == S.RETURNED:
        cell.returned += n
    elif status == S.REJECTED:
        cell.rejected += n


def _total(cells):
    set_places = [c.places for c in cells if c.places is not None]
    return Cell(places=sum(set_places) if set_places else None, pending=sum(c.pending for c in cells),
                approved=sum(c.approved for c in cells), returned=sum(c.returned for c in cells),
                rejected=sum(c.rejected for c in cells))


def board_list_nominations(*, user, filters):
    """board_nominations with only the relations the dashboard's lists show. The eight-table join of the
    full selector took PostgreSQL longer to plan than to run (7 ms against 2 ms on 525 nominations)."""
    return (board_nominations(user=user, filters=filters).select_related(None)
            .select_related("bloc_year__bloc", "award_type", "department")
            .defer("summary", "achievement_report", "eligibility"))


def overdue_nominations(*, user, filters, limit=20):
    """The oldest overdue nominations of the province and year (the ones the Board should decide first)."""
    base = Filters(province=filters.province, year=filters.year, bloc=filters.bloc, award_type=filters.award_type)
    return list(board_list_nominations(user=user, filters=base).filter(services.overdue_q())
                .order_by("due_on", "pk")[:limit])


# --- trends across years ----------------------------------------------------------------------------------

@dataclass
class TrendPoint:
    year: int
    department_id: int
    name: str
    bloc: str
    final_score: object
    rank: int | None
    scale_total: object

    @property
    def percent(self):
        if self.final_score is None or not self.scale_total:
            return None
        return self.final_score * 100 / self.scale_total


def _trend_points(user, **condition):
    visible = BlocYear.objects.filter(bloc_year_scope(user)).values("pk")
    rows = (RankingEntry.objects.filter(ranking__round__kind=RoundKind.YEAR_END,
                                        ranking__round__bloc_year__in=visible, **condition)
            .order_by("ranking__round__bloc_year__year", "rank", "department__name")
            .values_list("ranking__round__bloc_year__year", "department_id", "department__name",
                         "ranking__round__bloc_year__bloc__name", "final_score", "rank",
                         "ranking__settings_snapshot__scale_total"))
    points = []
    for year, department_id, name, bloc, final, rank, total in rows:
        try:
            total = Decimal(str(total)) if total is not None else None
        except InvalidOperation:
            total = None
        points.append(TrendPoint(year=year, department_id=department_id, name=name, bloc=bloc, final_score=final,
                                 rank=rank, scale_total=total))
    return points


def bloc_trend(*, user, bloc):
    """Each member's year-end final score (as % of the scale) and rank, year by year, in the bloc."""
    return _trend_points(user, ranking__round__bloc_year__bloc=bloc)


def department_trend(*, user, department):
    """The department's year-end final score (as % of its scale) and rank in its bloc, year by year."""
    return _trend_points(user, department=department)


# --- the proposal list to the Council ------------------------------------------------------------------------

@dataclass
class ProposalRow:
    nomination: Nomination
    votes: int | None

    @property
    def basis(self):
        """Căn cứ: the rule set and article the verdict applied, and the ballot result the unit came from."""
        n, parts = self.nomination, []
        article = (n.eligibility or {}).get("article") or ""
        if n.rule_set_id:
            parts.append(f"{n.rule_set.name}, {article}" if article else n.rule_set.name)
        elif article:
            parts.append(article)
        if n.ballot_round_id and self.votes is not None:
            parts.append(_("Bỏ phiếu “%(round)s”: %(votes)s/%(electorate)s phiếu") % {
                "round": n.ballot_round.title, "votes": self.votes, "electorate": n.ballot_round.electorate})
        return "; ".join(parts)


def proposal_rows(nominations):
    """The rows of the proposal list, with each unit's votes in its ballot round (2 queries)."""
    nominations = list(nominations)
    rounds = {n.ballot_round_id for n in nominations if n.ballot_round_id}
    votes = {(r, d): v for r, d, v in VoteCount.objects.filter(round_id__in=rounds).values_list(
        "round_id", "candidate__department_id", "votes")}
    return [ProposalRow(nomination=n, votes=votes.get((n.ballot_round_id, n.department_id))) for n in nominations]
