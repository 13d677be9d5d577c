from decimal import Decimal

import pytest

from scoring.domain.scale_checks import CriterionSpec
from scoring.enums import CriterionKind
from scoring.models import Criterion, ScoringScale
from tests.factories.accounts import UserFactory

N, B, P = CriterionKind.NORMAL, CriterionKind.BONUS, CriterionKind.PENALTY


def spec(code, max_points, kind=N, parent=None, title=None, evidence=False, guidance=""):
    return CriterionSpec(code=code, title=title or f"Nội dung {code}", kind=kind, max_points=Decimal(str(max_points)),
                         evidence_required=evidence, guidance=guidance, parent_code=parent)


def small_specs():
    """A valid 100-point scale: two groups, a bonus and a penalty group."""
    return [
        spec("I", 60), spec("I.1", 40, parent="I", evidence=True, guidance="Đủ chỉ tiêu: 40 điểm."),
        spec("I.2", 20, parent="I"),
        spec("II", 40), spec("II.1", 25, parent="II"), spec("II.1.a", 10, parent="II.1"),
        spec("II.1.b", 15, parent="II.1"), spec("II.2", 15, parent="II"),
        spec("T", 10, B), spec("T.1", 10, B, parent="T", evidence=True),
        spec("TR", 5, P), spec("TR.1", 5, P, parent="TR", guidance="Mỗi lần trừ 1 điểm."),
    ]


def write_tree(scale, specs):
    """Rows written directly (no checks), so tests can also build invalid scales."""
    made, positions = {}, {}
    for s in specs:
        position = positions[s.parent_code] = positions.get(s.parent_code, -1) + 1
        made[s.code] = Criterion.objects.create(
            scale=scale, parent=made.get(s.parent_code), code=s.code, title=s.title, kind=s.kind,
            max_points=s.max_points, evidence_required=s.evidence_required, guidance=s.guidance, position=position)
    return scale


@pytest.fixture
def bloc_year_scale(world):
    scale = ScoringScale.objects.create(bloc_year=world.own, name="Thang điểm khối", total=100, bonus_cap=10)
    return write_tree(scale, small_specs())


@pytest.fixture
def template(world):
    scale = ScoringScale.objects.create(province=world.province, name="Mẫu của tỉnh", total=100, bonus_cap=10)
    return write_tree(scale, small_specs())


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


# Browser tests of this folder use the e2e set-up (Debian Chromium against the live server).
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401
