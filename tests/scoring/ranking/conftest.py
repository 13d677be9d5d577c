from decimal import Decimal

import pytest

from scoring.enums import CriterionKind, RoundKind, SheetKind
from scoring.models import ScoreEntry
from tests.factories.scoring import CriterionFactory, RoundFactory, ScaleFactory, SheetFactory


class Scale:
    """A 100-point scale: I (I.1 max 50, I.2 max 30), II (II.1 max 20), III bonus, IV penalty; bonus cap 10."""

    def __init__(self, bloc_year):
        self.scale = ScaleFactory(bloc_year=bloc_year, total=Decimal("100"), bonus_cap=Decimal("10"))
        group_i = CriterionFactory(scale=self.scale, code="I", title="Thực hiện nhiệm vụ", max_points=0)
        group_ii = CriterionFactory(scale=self.scale, code="II", title="Công tác thi đua", max_points=0)
        self.i1 = CriterionFactory(scale=self.scale, parent=group_i, code="I.1", max_points=50)
        self.i2 = CriterionFactory(scale=self.scale, parent=group_i, code="I.2", max_points=30)
        self.ii1 = CriterionFactory(scale=self.scale, parent=group_ii, code="II.1", max_points=20)
        self.bonus = CriterionFactory(scale=self.scale, code="III", title="Điểm thưởng", kind=CriterionKind.BONUS,
                                      max_points=15)
        self.penalty = CriterionFactory(scale=self.scale, code="IV", title="Điểm trừ", kind=CriterionKind.PENALTY,
                                        max_points=10)

    def points(self, i1=None, i2=None, ii1=None, bonus=None, penalty=None):
        values = {self.i1: i1, self.i2: i2, self.ii1: ii1, self.bonus: bonus, self.penalty: penalty}
        return {criterion: Decimal(str(v)) for criterion, v in values.items() if v is not None}


def fill(round, scored, scorer, points):
    """A sheet of `scorer` on `scored` with these {criterion: points} cells."""
    kind = SheetKind.SELF if scored == scorer else SheetKind.CROSS
    sheet = SheetFactory(round=round, kind=kind, scored=scored, scorer=scorer)
    ScoreEntry.objects.bulk_create([ScoreEntry(sheet=sheet, criterion=c, points=p, version=1)
                                    for c, p in points.items()])
    return sheet


NAMES = ["Sở Tư pháp", "Sở Nội vụ", "Sở Y tế"]  # names of the time of world.own's three members


@pytest.fixture
def scored_round(world):
    """world.own's year-end round: d0 self 99, cross 83 (by d1) and 89 (by d2) → 86; d1 cross 92 (by d2),
    self 92; d2 cross 70 (by d0), no self. d0 was renamed after the year: its name of the time counts."""
    d0, d1, d2 = world.own_departments
    scale = Scale(world.own)
    round = RoundFactory(bloc_year=world.own, kind=RoundKind.YEAR_END)
    fill(round, d0, d0, scale.points(48, 28, 18, bonus=5))
    fill(round, d0, d1, scale.points(45, 25, 15, penalty=-2))
    fill(round, d0, d2, scale.points(44, 26, 16, bonus=4, penalty=-1))
    fill(round, d1, d2, scale.points(46, 27, 19))
    fill(round, d1, d1, scale.points(46, 27, 19))
    fill(round, d2, d0, scale.points(40, 20, 10))
    for department, name in zip((d0, d1, d2), NAMES):
        world.own.memberships.filter(department=department).update(name_at_time=name)
    d0.name = "Sở Đã Đổi Tên"
    d0.save()
    world.round, world.scale = round, scale
    return world
