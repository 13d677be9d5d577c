"""Reads of elections: the election of a bloc-year with its rounds, run-offs followed to the last one."""
from dataclasses import dataclass

from blocs.rules import in_bloc_year_scope
from voting.domain.queries.rounds import chosen_departments, final_round
from voting.enums import BallotRoundStatus, RoundPurpose
from voting.models import Election


def elections_visible_to(user):
    return Election.objects.filter(in_bloc_year_scope(user)).select_related(
        "bloc_year__bloc__province", "leader_round", "deputy_round", "leader", "deputy", "next_bloc_year",
        "closed_by")


def election_of(bloc_year):
    return Election.objects.filter(bloc_year_id=bloc_year.pk).select_related(
        "bloc_year__bloc", "leader_round", "deputy_round", "leader", "deputy", "next_bloc_year", "closed_by").first()


@dataclass(frozen=True)
class Seat:
    """One of the two places (leader, deputy): its current round, the last round of its run-off chain and
    the unit it elected so far (None while undecided)."""

    label: str
    round: object
    final: object
    elected: object

    @property
    def pending(self):
        return self.final is not None and self.final.status in (BallotRoundStatus.DRAFT, BallotRoundStatus.OPEN)


@dataclass(frozen=True)
class ElectionPage:
    bloc_year: object
    election: Election | None
    seats: tuple = ()


def _seat(label, round_):
    if round_ is None:
        return Seat(label, None, None, None)
    final = final_round(round_)
    chosen = chosen_departments(round_) if final.status == BallotRoundStatus.CLOSED else []
    return Seat(label, round_, final, chosen[0] if chosen else None)


def election_page(*, bloc_year):
    election = election_of(bloc_year)
    if election is None or election.leader_round_id is None:
        return ElectionPage(bloc_year=bloc_year, election=election)
    return ElectionPage(bloc_year=bloc_year, election=election, seats=(
        _seat(RoundPurpose.LEADER.label, election.leader_round),
        _seat(RoundPurpose.DEPUTY.label, election.deputy_round)))
