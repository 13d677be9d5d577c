"""Counting a round when it closes: quorum, threshold on the TOTAL membership, places, and run-offs.

Rules (fractions are the round's, copied when it was created):
- quorum: at least quorum × electorate ballots cast (blank and invalid ballots included);
- a candidate is chosen when its votes EXCEED threshold × electorate (strictly), most votes first, up to
  `seats`;
- when candidates over the threshold tie for the last place(s), none of the tied is chosen for them and a
  run-off round between exactly the tied candidates is created (draft) for the remaining places.
"""
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.domain.services import listing, record_event
from blocs.models import Membership
from voting.domain import box
from voting.domain.rounds import build_round, lock_round
from voting.enums import BallotChannel, BallotRoundStatus
from voting.models import BallotRound, VoteCount, VoterRollEntry


class Outcome:
    CHOSEN = "chosen"  # at least one place filled, no tie left open
    RUNOFF = "runoff"  # a tie at the boundary: a run-off round decides the remaining places
    NONE_CHOSEN = "none_chosen"  # quorum reached, nobody over the threshold
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Entrant:
    candidate: int
    department: int
    name: str
    position: int


def ceil_div(a, b):
    return -(-a // b)


def count_votes(*, entrants, ballots, electorate, seats, quorum, threshold):
    """The result of a round from its candidates and ballots [(choices, is_valid)]; no database access."""
    votes = Counter()
    cast, valid, blank, invalid = len(ballots), 0, 0, 0
    for choices, is_valid in ballots:
        if not is_valid:
            invalid += 1
        elif not choices:
            blank += 1
        else:
            valid += 1
            votes.update(choices)
    (qn, qd), (tn, td) = quorum, threshold
    quorum_reached = electorate > 0 and cast * qd >= qn * electorate
    threshold_votes = tn * electorate // td + 1  # the least whole number of votes exceeding the threshold
    ordered = sorted(entrants, key=lambda e: (-votes[e.candidate], e.position, e.candidate))
    chosen, tied = _select(ordered, votes, seats, threshold_votes) if quorum_reached else ([], [])
    return {
        "electorate": electorate, "cast": cast, "valid": valid, "blank": blank, "invalid": invalid,
        "quorum": [qn, qd], "quorum_needed": ceil_div(qn * electorate, qd), "quorum_reached": quorum_reached,
        "threshold": [tn, td], "threshold_votes": threshold_votes, "seats": seats,
        "counts": [{"candidate": e.candidate, "department": e.department, "name": e.name,
                    "votes": votes[e.candidate], "chosen": e in chosen, "tied": e in tied} for e in ordered],
        "chosen": [e.department for e in chosen], "tied": [e.department for e in tied],
        "remaining_seats": seats - len(chosen) if tied else 0,
        "outcome": _outcome(quorum_reached, chosen, tied), "runoff": None,
    }


def _select(ordered, votes, seats, threshold_votes):
    passing = [e for e in ordered if votes[e.candidate] >= threshold_votes]
    if len(passing) <= seats:
        return passing, []
    boundary = votes[passing[seats - 1].candidate]
    if votes[passing[seats].candidate] != boundary:
        return passing[:seats], []
    return ([e for e in passing if votes[e.candidate] > boundary],
            [e for e in passing if votes[e.candidate] == boundary])


def _outcome(quorum_reached, chosen, tied):
    if not quorum_reached:
        return Outcome.NO_QUORUM
    if tied:
        return Outcome.RUNOFF
    return Outcome.CHOSEN if chosen else Outcome.NONE_CHOSEN


def close_round(*, round, user):  # noqa: A002
    """Close an open round and count it: VoteCount rows, the result on the round, a run-off when needed."""
    with transaction.atomic():
        locked = lock_round(round)
        if locked.status != BallotRoundStatus.OPEN:
            raise ValidationError(_("Chỉ kiểm phiếu vòng bỏ phiếu đang mở (hiện tại: %(status)s).")
                                  % {"status": locked.get_status_display()})
        result = _count(locked)
        if result["tied"]:
            result["runoff"] = _runoff(locked, result, user).pk
        now = timezone.now()
        counts = _store(locked, result)
        BallotRound.objects.filter(pk=locked.pk).update(status=BallotRoundStatus.CLOSED, closed_at=now,
                                                        result=result, version=locked.version + 1)
        record_event(actor=user, event_type="ballot_round.closed", obj=locked,
                     old_value={"status": BallotRoundStatus.OPEN},
                     new_value={"status": BallotRoundStatus.CLOSED, "result": result,
                                "vote_counts": listing(counts, "candidate_id", "votes", "chosen", "tied_at_boundary")})
    round.refresh_from_db()
    return round


def _count(locked):
    names = dict(Membership.objects.filter(bloc_year_id=locked.bloc_year_id)
                 .values_list("department_id", "name_at_time"))
    entrants = [Entrant(candidate=c.pk, department=c.department_id,
                        name=names.get(c.department_id, c.department.name), position=c.position)
                for c in locked.candidates.select_related("department")]
    ballots = box.contents(round_id=locked.pk)
    result = count_votes(entrants=entrants, ballots=ballots, electorate=locked.electorate, seats=locked.seats,
                         quorum=(locked.quorum_numerator, locked.quorum_denominator),
                         threshold=(locked.threshold_numerator, locked.threshold_denominator))
    channels = Counter(VoterRollEntry.objects.filter(round_id=locked.pk).values_list("channel", flat=True))
    result.update(online=channels[BallotChannel.ONLINE], paper=channels[BallotChannel.PAPER])
    return result


def _store(locked, result):
    return VoteCount.objects.bulk_create(
        VoteCount(round_id=locked.pk, candidate_id=row["candidate"], votes=row["votes"], chosen=row["chosen"],
                  tied_at_boundary=row["tied"]) for row in result["counts"])


def _runoff(locked, result, user):
    """A draft round between exactly the tied candidates, for the places they tied for."""
    candidates = {c.department_id: c.department for c in locked.candidates.select_related("department")}
    remaining = result["remaining_seats"]
    return build_round(
        bloc_year=locked.bloc_year, purpose=locked.purpose, award_type=locked.award_type,
        conference=locked.conference, title=runoff_title(locked.title), seats=remaining,
        choices_allowed=min(locked.choices_allowed, remaining),
        candidates=[candidates[d] for d in result["tied"]],
        quorum=(locked.quorum_numerator, locked.quorum_denominator),
        threshold=(locked.threshold_numerator, locked.threshold_denominator), user=user, parent=locked)


def runoff_title(title):
    suffix = _(" – bỏ phiếu lại")
    return (title[:200 - len(suffix)] + suffix) if not title.endswith(suffix) else title
