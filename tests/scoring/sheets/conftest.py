from decimal import Decimal

import pytest

from blocs.enums import Phase
from scoring.domain.rounds import open_round
from scoring.enums import CriterionKind, RoundKind, ScaleStatus, SheetKind
from scoring.models import ScoreSheet
from tests.factories.blocs import MembershipFactory
from tests.factories.scoring import CriterionFactory, ScaleFactory

D = Decimal


def build_scale(bloc_year, *, status=ScaleStatus.FROZEN):
    """A 100-point scale: I (I.1 max 10, I.2 max 20 needing evidence), II (II.1 → II.1.a 40, II.1.b 30),
    III bonus (III.1 max 5, cap 10), IV penalty (IV.1 max 5). Returns {code: criterion} with "scale"."""
    scale = ScaleFactory(bloc_year=bloc_year, status=status, total=D("100"), bonus_cap=D("10"))
    made = {"scale": scale}

    def node(code, parent=None, kind=CriterionKind.NORMAL, max_points="0", evidence=False):
        made[code] = CriterionFactory(scale=scale, parent=made.get(parent), code=code, title=f"Nội dung {code}",
                                      kind=kind, max_points=D(max_points), evidence_required=evidence)

    node("I", max_points="30")
    node("I.1", "I", max_points="10")
    node("I.2", "I", max_points="20", evidence=True)
    node("II", max_points="70")
    node("II.1", "II", max_points="70")
    node("II.1.a", "II.1", max_points="40")
    node("II.1.b", "II.1", max_points="30")
    node("III", kind=CriterionKind.BONUS, max_points="5")
    node("III.1", "III", kind=CriterionKind.BONUS, max_points="5")
    node("IV", kind=CriterionKind.PENALTY, max_points="5")
    node("IV.1", "IV", kind=CriterionKind.PENALTY, max_points="5")
    return made


def ready_for_scoring(bloc_year, phase=Phase.SCORING):
    bloc_year.phase = phase
    bloc_year.save()
    return build_scale(bloc_year)


@pytest.fixture
def scoring(world):
    """`world` with the own bloc-year in scoring, its frozen scale (`c`) and an open year-end round (seed 7).

    `sheet`: the cross sheet that the officer's department fills."""
    world.c = ready_for_scoring(world.own)
    world.round = open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.secretariat, seed=7)
    world.sheet = ScoreSheet.objects.filter(round=world.round, kind=SheetKind.CROSS,
                                            scorer=world.officer.department).first()
    world.self_sheet = ScoreSheet.objects.get(round=world.round, kind=SheetKind.SELF,
                                              scored=world.officer.department)
    return world


@pytest.fixture
def scoring5(world):
    """Like `scoring`, with the own bloc-year grown to five members (so assignments can move)."""
    world.own_departments += [MembershipFactory(bloc_year=world.own).department for _ in range(2)]
    world.c = ready_for_scoring(world.own)
    world.round = open_round(bloc_year=world.own, kind=RoundKind.YEAR_END, user=world.secretariat, seed=7)
    return world
