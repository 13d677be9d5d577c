"""Fixtures of the award-rules tests: a province with the default catalogue, bloc-years with finalised
year-end rankings (written as rows: how they are computed is scoring's business), award history."""
import pytest
from django.utils import timezone

from awards.defaults import install_defaults
from awards.models import Award, AwardType, RuleSet
from scoring.enums import RoundKind, RoundStatus
from scoring.models import Ranking, RankingEntry, ScoringRound
from tests.factories.blocs import BlocYearFactory, MembershipFactory


def ranked(bloc_year, results, status=RoundStatus.FINALISED):
    """A year-end round of the bloc-year in `status` with entries [(department, rank, classification)], or
    (department, rank, classification, True) for a rank shared and left to a ballot."""
    round_ = ScoringRound.objects.create(bloc_year=bloc_year, kind=RoundKind.YEAR_END, status=status)
    ranking = Ranking.objects.create(round=round_, computed_at=timezone.now(), settings_snapshot={})
    RankingEntry.objects.bulk_create([
        RankingEntry(ranking=ranking, department=row[0], rank=row[1], classification=row[2],
                     tie_break_trace=[{"text": "", "needs_ballot": True}] if row[3:] == (True,) else [])
        for row in results])
    return round_


def award(department, code, year):
    award_type = AwardType.objects.get(province=department.province, code=code)
    return Award.objects.create(department=department, award_type=award_type, year=year)


def year_of(bloc, year, departments):
    """Another year of a bloc with these members."""
    bloc_year = BlocYearFactory(bloc=bloc, year=year)
    for department in departments:
        MembershipFactory(bloc_year=bloc_year, department=department)
    return bloc_year


@pytest.fixture
def catalogue(world):
    """world's first province with the default award types and the three default rule sets."""
    install_defaults(province=world.province, user=world.board)
    world.types = {t.code: t for t in AwardType.objects.filter(province=world.province)}
    world.sets = {rs.valid_from.year: rs for rs in RuleSet.objects.filter(province=world.province)}
    return world


@pytest.fixture
def years(catalogue):
    """The same three units in one bloc for 2017, 2024 and 2025 (world.own is the 2026 year), ranked
    d0 1st excellent, d1 2nd excellent, d2 3rd good in every finalised year."""
    w = catalogue
    d0, d1, d2 = w.own_departments
    w.by = {2026: w.own}
    for year in (2017, 2024, 2025):
        w.by[year] = year_of(w.own.bloc, year, w.own_departments)
        ranked(w.by[year], [(d0, 1, "excellent"), (d1, 2, "excellent"), (d2, 3, "good")])
    return w


def judged(verdict):
    """A verdict as plain values: (eligible, [(kind, description, met, detail)])."""
    return verdict.eligible, [(c.kind, c.description, c.met, c.detail) for c in verdict.conditions]


# Browser tests of this folder use the e2e set-up (Debian Chromium against the live server).
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401
