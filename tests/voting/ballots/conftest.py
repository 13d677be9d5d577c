"""Voting fixtures: the `world`'s own bloc-year in the voting phase, and blocs of any size with a voter
account (officer) per member, for counting tests with exact numbers."""
import pytest

from blocs.enums import Phase
from blocs.models import BlocYear
from tests.factories.accounts import officer_user, secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
from voting.domain import rounds
from voting.enums import RoundPurpose


def to_voting(bloc_year):
    BlocYear.objects.filter(pk=bloc_year.pk).update(phase=Phase.VOTING)
    bloc_year.refresh_from_db()
    return bloc_year


class Bloc:
    """A bloc-year of `size` members in the voting phase, an officer per member, its secretariat."""

    def __init__(self, size, *, year=2026, bloc=None):
        self.bloc_year = BlocYearFactory(bloc=bloc or BlocFactory(province=ProvinceFactory()), year=year,
                                         phase=Phase.VOTING)
        self.departments = [MembershipFactory(bloc_year=self.bloc_year).department for _ in range(size)]
        self.voters = [officer_user(d) for d in self.departments]
        self.secretariat = secretariat_user(self.bloc_year.bloc, self.departments[0])

    def round(self, *, candidates=None, seats=1, choices_allowed=1, quorum=(2, 3), threshold=(1, 2),
              purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng", opened=True):
        created = rounds.create_round(
            bloc_year=self.bloc_year, purpose=purpose, title=title, seats=seats, choices_allowed=choices_allowed,
            candidates=self.departments if candidates is None else candidates, quorum=quorum,
            threshold=threshold, user=self.secretariat)
        return rounds.open_round(round=created, user=self.secretariat) if opened else created


@pytest.fixture
def make_bloc(db):
    return Bloc


@pytest.fixture
def voting_world(world):
    """`world` with its own and other bloc-years in the voting phase."""
    to_voting(world.own)
    to_voting(world.other)
    to_voting(world.far)
    return world


# Browser tests of this folder use the e2e set-up (Debian Chromium against the live server).
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401
