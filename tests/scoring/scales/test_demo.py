"""load_demo gives every demo province an illustrative 100-point template and every bloc-year a copy."""
from io import StringIO

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from blocs.models import BlocYear, Province
from scoring.domain.scales import validate_scale
from scoring.domain.queries.scales import scale_criteria
from scoring.domain.scale_checks import specs_from_criteria
from scoring.models import Criterion, ScoringScale

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo's scored years upload evidence files


def _load():
    call_command("load_demo", "--force", stdout=StringIO())


def _counts():
    return (ScoringScale.objects.count(), Criterion.objects.count(), AuditEvent.objects.count())


def test_load_demo_gives_templates_and_copies_and_is_idempotent(db):
    _load()
    first = _counts()
    _load()
    assert _counts() == first
    templates = ScoringScale.objects.filter(province__isnull=False)
    assert sorted(templates.values_list("province__code", flat=True)) == sorted(
        Province.objects.values_list("code", flat=True))
    assert all(t.is_illustrative and validate_scale(t) == [] for t in templates)
    assert first[:2] == (5 + BlocYear.objects.count(), 28 * (5 + BlocYear.objects.count()))
    for bloc_year in BlocYear.objects.select_related("scale__copied_from", "bloc"):
        scale = bloc_year.scale
        assert scale.copied_from.province_id == bloc_year.bloc.province_id
        assert specs_from_criteria(scale_criteria(scale)) == specs_from_criteria(scale_criteria(scale.copied_from))


def test_demo_template_has_bonus_and_penalty_groups(db):
    _load()
    template = ScoringScale.objects.get(province__code="quang-nam")
    groups = [(c.code, c.kind, c.max_points) for c in scale_criteria(template) if c.parent_id is None]
    assert [(code, kind, str(points)) for code, kind, points in groups] == [
        ("I", "normal", "50.00"), ("II", "normal", "20.00"), ("III", "normal", "15.00"), ("IV", "normal", "15.00"),
        ("T", "bonus", "10.00"), ("TR", "penalty", "9.00")]
