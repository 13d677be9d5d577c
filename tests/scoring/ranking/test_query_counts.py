"""The ranking page, its API and the computation run as many SQL queries for a bloc of 3 members × 10
criteria as for 15 members × 60 criteria."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.domain.ranking import compute_ranking
from scoring.enums import RoundKind, SheetKind
from scoring.models import ScoreEntry, ScoreSheet
from tests.factories.accounts import secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
from tests.factories.scoring import CriterionFactory, RoundFactory, ScaleFactory

pytestmark = pytest.mark.integration


def _bloc(members, criteria):
    """A bloc-year with its scale (groups of 5 criteria), a self sheet and two cross sheets per member."""
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=ProvinceFactory()))
    departments = [MembershipFactory(bloc_year=bloc_year).department for _ in range(members)]
    scale = ScaleFactory(bloc_year=bloc_year, total=Decimal(criteria * 10))
    leaves = []
    for g in range(criteria // 5):
        group = CriterionFactory(scale=scale, code=f"G{g}", max_points=0)
        leaves += [CriterionFactory(scale=scale, parent=group, code=f"G{g}.{i}") for i in range(5)]
    round = RoundFactory(bloc_year=bloc_year, kind=RoundKind.YEAR_END)
    sheets = []
    for i, scored in enumerate(departments):
        sheets.append(ScoreSheet(round=round, kind=SheetKind.SELF, scored=scored, scorer=scored))
        for step in (1, 2):
            scorer = departments[(i + step) % members]
            sheets.append(ScoreSheet(round=round, kind=SheetKind.CROSS, scored=scored, scorer=scorer))
    ScoreSheet.objects.bulk_create(sheets)
    ScoreEntry.objects.bulk_create([ScoreEntry(sheet=s, criterion=c, points=Decimal((s.pk + c.pk) % 11))
                                    for s in sheets for c in leaves])
    return round, secretariat_user(bloc_year.bloc, departments[0])


def _count(action):
    with CaptureQueriesContext(connection) as ctx:
        response = action()
    assert getattr(response, "status_code", 200) == 200
    return len(ctx.captured_queries)


@pytest.fixture
def small_and_big(db):
    return _bloc(3, 10), _bloc(15, 60)


def test_ranking_computation_queries_do_not_grow(small_and_big):
    counts = [_count(lambda: compute_ranking(round=round, user=user)) for round, user in small_and_big]
    assert counts[0] == counts[1]


def test_ranking_page_queries_do_not_grow(small_and_big, client):
    counts = []
    for round, user in small_and_big:
        compute_ranking(round=round, user=user)
        client.force_login(user)
        url = reverse("scoring:ranking", args=[round.pk])
        counts.append(_count(lambda: client.get(url)))
        assert client.get(url).content.decode().count("<tr data-department=") == round.bloc_year.memberships.count()
    assert counts[0] == counts[1]


def test_ranking_api_and_comparison_queries_do_not_grow(small_and_big, client):
    counts = []
    for round, user in small_and_big:
        compute_ranking(round=round, user=user)
        client.force_login(user)
        counts.append((_count(lambda: client.get(reverse("v1:ranking-detail", args=[round.pk]))),
                       _count(lambda: client.get(reverse("scoring:round_comparison", args=[round.bloc_year_id]))),
                       _count(lambda: client.get(reverse("v1:ranking-comparison-detail",
                                                         args=[round.bloc_year_id])))))
    assert counts[0] == counts[1]
