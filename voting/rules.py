"""Who may see, run and vote in ballot rounds and elections."""
import rules

from accounts.enums import Role
from blocs.models import Membership
from blocs.rules import can_manage_bloc_year, can_view_bloc_year, on_bloc_year
from voting.enums import BallotRoundStatus


@rules.predicate
def votes_for_a_member(user, ballot_round):
    """Staff of a member department (officer, leader or secretariat) vote for that department."""
    if ballot_round is None or not (user.is_authenticated and user.is_active) or not user.department_id:
        return False
    if user.role not in (Role.OFFICER, Role.LEADER, Role.SECRETARIAT):
        return False
    return Membership.objects.filter(bloc_year_id=ballot_round.bloc_year_id,
                                     department_id=user.department_id).exists()


@rules.predicate
def round_is_open(user, ballot_round):
    return ballot_round is not None and ballot_round.status == BallotRoundStatus.OPEN


views_round = on_bloc_year(can_view_bloc_year)
manages_round = on_bloc_year(can_manage_bloc_year)

rules.add_perm("voting.view_round", views_round)
rules.add_perm("voting.manage_round", manages_round)  # object: the round or the bloc-year
rules.add_perm("voting.cast_ballot", votes_for_a_member)
rules.add_perm("voting.view_election", views_round)
rules.add_perm("voting.manage_election", manages_round)
