from decimal import Decimal

import factory

from scoring.enums import CriterionKind, RoundKind, SheetKind
from scoring.models import Criterion, Inspection, ScoreEntry, ScoreSheet, ScoringRound, ScoringScale
from tests.factories.blocs import BlocYearFactory


class ScaleFactory(factory.django.DjangoModelFactory):
    """A bloc-year's scale (pass province=..., bloc_year=None for a province template)."""

    class Meta:
        model = ScoringScale

    bloc_year = factory.SubFactory(BlocYearFactory)
    name = factory.Sequence(lambda n: f"Thang điểm {n}")
    total = Decimal("100")
    bonus_cap = Decimal("10")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    scale = factory.SubFactory(ScaleFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"Tiêu chí {n}")
    kind = CriterionKind.NORMAL
    max_points = Decimal("10")
    position = factory.Sequence(int)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringRound

    bloc_year = factory.SubFactory(BlocYearFactory)
    kind = RoundKind.YEAR_END


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    round = factory.SubFactory(RoundFactory)


class SheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreSheet

    round = factory.SubFactory(RoundFactory)
    kind = SheetKind.SELF
    scorer = factory.SelfAttribute("scored")


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoreEntry

    sheet = factory.SubFactory(SheetFactory)
    criterion = factory.SubFactory(CriterionFactory)
