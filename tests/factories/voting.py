import factory

from tests.factories.blocs import BlocYearFactory
from voting.enums import RoundPurpose
from voting.models import BallotRound, Candidate


class BallotRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BallotRound

    bloc_year = factory.SubFactory(BlocYearFactory)
    purpose = RoundPurpose.RANKING
    title = factory.Sequence(lambda n: f"Vòng bỏ phiếu {n}")
    seats = 1
    choices_allowed = 1


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    round = factory.SubFactory(BallotRoundFactory)
    position = factory.Sequence(int)
