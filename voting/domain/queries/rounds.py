"""Reads of ballot rounds for pages, the API and the dashboard; scoped like the bloc-years they hang off.

Nothing here reads a ballot's choices before the round is counted: pages show who voted (the roll), and
the result only once the round is closed.
"""
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from blocs.models import Department, Membership
from blocs.rules import in_bloc_year_scope
from scoring.enums import RoundKind
from scoring.models import RankingEntry
from voting.enums import BallotRoundStatus
from voting.models import BallotRound, Candidate, VoterRollEntry


def rounds_visible_to(user):
    return BallotRound.objects.filter(in_bloc_year_scope(user)).select_related(
        "bloc_year__bloc__province", "award_type", "conference", "parent")


def _count_of(model):
    rows = (model.objects.filter(round=OuterRef("pk")).order_by().values("round")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(queryset):
    """Rounds with `candidate_count` and `voted_count` (rows of the roll), without joins that multiply."""
    return queryset.annotate(candidate_count=_count_of(Candidate), voted_count=_count_of(VoterRollEntry))


def rounds_of_bloc_year(*, user, bloc_year):
    return with_counts(rounds_visible_to(user).filter(bloc_year=bloc_year)).order_by("id")


def names_at_time(bloc_year_id):
    """Department id → its name in that bloc-year (Membership.name_at_time)."""
    return dict(Membership.objects.filter(bloc_year_id=bloc_year_id).values_list("department_id", "name_at_time"))


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    name: str


@dataclass(frozen=True)
class RollRow:
    department_id: int
    name: str
    channel: str | None  # None: has not voted (yet)
    channel_label: str = ""


@dataclass
class RoundState:
    round: BallotRound
    candidates: list
    roll: list  # every member, voted or not, by name
    voted_count: int = 0
    member_count: int = 0
    runoffs: list = field(default_factory=list)

    @property
    def names(self):
        """Department id → name in the bloc-year."""
        return {row.department_id: row.name for row in self.roll}



def round_state(*, round):  # noqa: A002
    """Candidates and the roll (every member, with the channel of its ballot if it voted), by name."""
    names = names_at_time(round.bloc_year_id)
    candidates = [CandidateRow(c, names.get(c.department_id, c.department.name))
                  for c in round.candidates.select_related("department")]
    channels = dict(VoterRollEntry.objects.filter(round_id=round.pk).values_list("department_id", "channel"))
    labels = dict(VoterRollEntry._meta.get_field("channel").choices)
    roll = [RollRow(d, name, channels.get(d), labels.get(channels.get(d), ""))
            for d, name in sorted(names.items(), key=lambda item: item[1])]
    return RoundState(round=round, candidates=candidates, roll=roll, voted_count=len(channels),
                      member_count=len(names), runoffs=list(round.runoffs.order_by("id")))


def members_not_voted(*, round):  # noqa: A002
    """Members without a ballot in the round, by name (the secretariat's paper-ballot list)."""
    voted = VoterRollEntry.objects.filter(round_id=round.pk).values("department")
    return Department.objects.filter(memberships__bloc_year_id=round.bloc_year_id).exclude(pk__in=voted).order_by(
        "name")


def rounds_to_vote(user):
    """Open rounds where the user's department is a member and has not voted yet (the dashboard)."""
    if not (user.is_authenticated and user.department_id):
        return BallotRound.objects.none()
    voted = VoterRollEntry.objects.filter(department_id=user.department_id).values("round")
    member_of = Membership.objects.filter(department_id=user.department_id).values("bloc_year")
    return (rounds_visible_to(user).filter(status=BallotRoundStatus.OPEN, bloc_year__in=member_of)
            .exclude(pk__in=voted).order_by("bloc_year__year", "id"))


def final_round(round):  # noqa: A002
    """The last round of a run-off chain: this round, or the run-off its count opened, and so on."""
    while round.status == BallotRoundStatus.CLOSED and (round.result or {}).get("runoff"):
        round = BallotRound.objects.get(pk=round.result["runoff"])
    return round


def chosen_departments(round):  # noqa: A002
    """Departments chosen by a closed round and by its run-offs, in the order of the counts."""
    chosen, current = [], round
    while current.status == BallotRoundStatus.CLOSED:
        chosen += current.result.get("chosen", [])
        runoff = current.result.get("runoff")
        if not runoff:
            break
        current = BallotRound.objects.get(pk=runoff)
    found = Department.objects.in_bulk(chosen)
    return [found[pk] for pk in chosen]


def ranking_order(bloc_year):
    """Department ids of the bloc-year's year-end ranking, best first (empty without a ranking)."""
    return list(RankingEntry.objects.filter(
        ranking__round__bloc_year_id=bloc_year.pk, ranking__round__kind=RoundKind.YEAR_END, rank__isnull=False,
    ).order_by("rank", "department__name").values_list("department_id", flat=True))
