"""Reads of nominations: what a user may see, a bloc-year's nominations beside its quotas and its closed
award rounds, and one nomination's dossier with the scores, ranking and ballot result it rests on.

Each page reads in a constant number of queries whatever the number of nominations; only the eligibility
verdicts of the chosen candidates not yet nominated are evaluated live (at most the places of the quotas).
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from awards.domain import eligibility
from awards.domain import nominations as services
from awards.enums import NominationStatus as S
from awards.models import AwardType, Nomination, NominationEvent, Quota
from awards.rules import nomination_scope
from blocs.models import BlocYear, Membership
from blocs.rules import bloc_year_scope
from scoring.enums import RoundKind
from scoring.models import RankingEntry
from voting.enums import BallotRoundStatus, RoundPurpose
from voting.models import BallotRound, VoteCount


def nominations_visible_to(user):
    return (Nomination.objects.filter(nomination_scope(user))
            .select_related("bloc_year__bloc__province", "award_type", "department", "ballot_round", "rule_set"))


def nomination_detail_queryset(user):
    events = NominationEvent.objects.select_related("actor").order_by("created_at", "id")
    return nominations_visible_to(user).prefetch_related(Prefetch("events", queryset=events))


def bloc_years_for_nominations(user):
    return BlocYear.objects.filter(bloc_year_scope(user)).select_related("bloc__province", "leader", "deputy")


def nominations_waiting_for(user):
    """What waits for the user: the Board's nominations to review (oldest due first), the secretariat's
    nominations returned for completion or still being prepared."""
    visible = nominations_visible_to(user)
    if user.is_superuser or user.has_perm("awards.view_board_dashboard"):
        return visible.filter(status__in=services.AWAITING_DECISION).order_by("due_on", "pk")
    if user.bloc_id:
        return visible.filter(bloc_year__bloc_id=user.bloc_id, status__in=services.EDITABLE).order_by("status", "pk")
    return visible.none()


# --- quotas beside the nominations -------------------------------------------------------------------------

@dataclass
class QuotaLine:
    award_type: AwardType
    places: int | None  # None: the Board has set no quota
    drafts: int = 0
    pending: int = 0  # submitted or under review
    approved: int = 0

    @property
    def used(self):
        return self.pending + self.approved

    @property
    def remaining(self):
        return None if self.places is None else max(self.places - self.used, 0)

    @property
    def is_full(self):
        return self.places is not None and self.used >= self.places


def quota_lines(*, bloc_year):
    """One line per award type that has a quota or a nomination in the bloc-year (3 queries)."""
    places = dict(Quota.objects.filter(bloc_year=bloc_year).values_list("award_type_id", "places"))
    counts = {}
    for award_type_id, status, n in (Nomination.objects.filter(bloc_year=bloc_year)
                                     .values_list("award_type_id", "status").annotate(n=Count("id"))):
        counts.setdefault(award_type_id, {})[status] = n
    types = AwardType.objects.filter(pk__in=set(places) | set(counts)).order_by("position", "name")
    return [_line(award_type, places.get(award_type.pk), counts.get(award_type.pk, {})) for award_type in types]


def _line(award_type, places, by_status):
    return QuotaLine(award_type=award_type, places=places, drafts=by_status.get(S.DRAFT, 0) + by_status.get(
        S.RETURNED, 0), pending=by_status.get(S.SUBMITTED, 0) + by_status.get(S.UNDER_REVIEW, 0),
        approved=by_status.get(S.APPROVED, 0))


# --- a bloc-year's nominations page ------------------------------------------------------------------------

@dataclass
class ChosenCandidate:
    round: BallotRound
    department: object
    name: str
    votes: int
    nomination: Nomination | None
    verdict: dict | None = None  # evaluated only for a candidate not yet nominated
    error: str = ""

    @property
    def failing(self):
        return services.failing_conditions(self.verdict)

    @property
    def unknown(self):
        return services.unknown_conditions(self.verdict)


@dataclass
class BlocYearNominations:
    bloc_year: BlocYear
    nominations: list
    quotas: list
    chosen: list = field(default_factory=list)


def closed_award_rounds(*, bloc_year):
    chosen = VoteCount.objects.filter(chosen=True).select_related("candidate__department")
    return (BallotRound.objects.filter(bloc_year=bloc_year, purpose=RoundPurpose.AWARD,
                                       status=BallotRoundStatus.CLOSED)
            .select_related("award_type").prefetch_related(Prefetch("counts", queryset=chosen, to_attr="chosen_counts"))
            .order_by("award_type__position", "id"))


def bloc_year_nominations(*, bloc_year, evaluate=True):
    """The bloc-year's nominations, its quota lines, and the candidates its closed award rounds chose (with
    the eligibility verdict of those not nominated yet)."""
    nominations = list(Nomination.objects.filter(bloc_year=bloc_year)
                       .select_related("award_type", "department", "ballot_round")
                       .order_by("award_type__position", "department__name"))
    names = dict(Membership.objects.filter(bloc_year=bloc_year).values_list("department_id", "name_at_time"))
    existing = {(n.award_type_id, n.department_id): n for n in nominations}
    chosen = []
    for round_ in closed_award_rounds(bloc_year=bloc_year):
        for count in round_.chosen_counts:
            department = count.candidate.department
            chosen.append(ChosenCandidate(round=round_, department=department, votes=count.votes,
                                          name=names.get(department.pk, department.name),
                                          nomination=existing.get((round_.award_type_id, department.pk))))
    if evaluate:
        _evaluate([c for c in chosen if c.nomination is None], bloc_year)
    return BlocYearNominations(bloc_year=bloc_year, nominations=nominations, quotas=quota_lines(bloc_year=bloc_year),
                               chosen=chosen)


def _evaluate(candidates, bloc_year):
    """The verdicts of the candidates, from one evaluation of the whole bloc-year (constant queries)."""
    if not candidates:
        return
    try:
        table = eligibility.evaluate_bloc_year(bloc_year=bloc_year)
    except ValidationError as exc:  # e.g. no rule set in force for the year
        for candidate in candidates:
            candidate.error = " ".join(exc.messages)
        return
    columns = {award_type.pk: index for index, award_type in enumerate(table.award_types)}
    verdicts = {department_id: row for department_id, _name, row in table.rows}
    for candidate in candidates:
        column = columns.get(candidate.round.award_type_id)
        if column is None:
            candidate.error = _("Bộ quy định “%(rule_set)s” chưa có quy định xét tặng “%(award)s”.") % {
                "rule_set": table.rule_set.name, "award": candidate.round.award_type.name}
        elif candidate.department.pk in verdicts:
            candidate.verdict = verdicts[candidate.department.pk][column].to_json()


# --- one nomination's dossier ---------------------------------------------------------------------------------

@dataclass
class Dossier:
    nomination: Nomination
    events: list
    ranking: RankingEntry | None
    scale_total: object
    member_count: int
    vote: VoteCount | None
    quota: QuotaLine | None
    failing: list
    unknown: list
    overdue: bool


def dossier(*, nomination):
    """What the dossier shows beside the nomination: its history, the unit's year-end score and rank, the
    ballot result it came from, the verdict (failing and undecided conditions) and the quota."""
    entry = (RankingEntry.objects.filter(ranking__round__bloc_year_id=nomination.bloc_year_id,
                                         ranking__round__kind=RoundKind.YEAR_END,
                                         department_id=nomination.department_id)
             .select_related("ranking").first())
    vote = None
    if nomination.ballot_round_id:
        vote = VoteCount.objects.filter(round_id=nomination.ballot_round_id,
                                        candidate__department_id=nomination.department_id).first()
    quota = next((line for line in quota_lines(bloc_year=nomination.bloc_year)
                  if line.award_type.pk == nomination.award_type_id), None)
    return Dossier(
        nomination=nomination, events=list(nomination.events.all()), ranking=entry,
        scale_total=entry.ranking.settings_snapshot.get("scale_total") if entry else None,
        member_count=Membership.objects.filter(bloc_year_id=nomination.bloc_year_id).count(),
        vote=vote, quota=quota, failing=services.failing_conditions(nomination.eligibility),
        unknown=services.unknown_conditions(nomination.eligibility), overdue=services.is_overdue(nomination))


def nomination_filter_q(*, year=None, bloc=None, award_type=None, status=None, overdue=False):
    """The filters the Board's dashboard and the API share."""
    condition = Q()
    if year:
        condition &= Q(bloc_year__year=year)
    if bloc is not None:
        condition &= Q(bloc_year__bloc=bloc)
    if award_type is not None:
        condition &= Q(award_type=award_type)
    if status:
        condition &= Q(status=status)
    if overdue:
        condition &= services.overdue_q()
    return condition
