"""The score grid's fixtures: the sheets slice's `scoring` world (own bloc-year in scoring, a frozen
100-point scale, an open year-end round) and a bloc of any size for query counts.

Scale of `scoring` (tests/scoring/sheets/conftest.py): I (I.1 max 10, I.2 max 20 with evidence), II (II.1 →
II.1.a 40, II.1.b 30), III bonus (III.1 max 5, cap 10), IV penalty (IV.1 down to -5). `world.sheet` is the
cross sheet that the officer's unit fills; the secretariat manages the bloc and may fill it too.
"""
from decimal import Decimal

import pytest

from blocs.enums import Phase
from scoring.domain.rounds import open_round
from scoring.enums import RoundKind, ScaleStatus, SheetKind
from scoring.models import ScoreEntry, ScoreSheet
from tests.factories.accounts import secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
from tests.factories.scoring import CriterionFactory, ScaleFactory
from tests.scoring.sheets.conftest import build_scale, ready_for_scoring, scoring  # noqa: F401

# Browser tests of this folder use the e2e set-up (Debian Chromium against the live server).
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401


def sized_bloc(members, criteria, *, filled=True):
    """A bloc-year of `members` units in scoring, its frozen scale of `criteria` leaves in groups of ten, an
    open year-end round (k = 1), and every cell of every sheet filled when `filled`.
    Returns (cross sheet of the first unit's inspector, secretariat of the bloc)."""
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=ProvinceFactory()), phase=Phase.SCORING)
    departments = [MembershipFactory(bloc_year=bloc_year).department for _ in range(members)]
    scale = ScaleFactory(bloc_year=bloc_year, total=Decimal(criteria * 10), status=ScaleStatus.FROZEN,
                         bonus_cap=Decimal("0"))
    leaves = []
    for g in range(criteria // 10):
        group = CriterionFactory(scale=scale, code=f"G{g}", max_points=Decimal("100"))
        leaves += [CriterionFactory(scale=scale, parent=group, code=f"G{g}.{i}", guidance="Hướng dẫn")
                   for i in range(10)]
    secretariat = secretariat_user(bloc_year.bloc, departments[0])
    round_ = open_round(bloc_year=bloc_year, kind=RoundKind.YEAR_END, user=secretariat, seed=1)
    sheets = list(ScoreSheet.objects.filter(round=round_))
    if filled:
        ScoreEntry.objects.bulk_create([
            ScoreEntry(sheet=s, criterion=c, points=Decimal(10), version=1, updated_by=secretariat)
            for s in sheets for c in leaves])
    sheet = ScoreSheet.objects.get(round=round_, kind=SheetKind.CROSS, scored=departments[0])
    return sheet, secretariat


__all__ = ["build_scale", "ready_for_scoring", "scoring", "sized_bloc"]
