"""A bloc-year ready for its pledge: the `world`'s own bloc-year in the pledge phase, with a scale and a
leader account for each of its three members (`world.leader` leads the second one)."""
from decimal import Decimal

import pytest

from blocs.enums import Phase
from scoring.domain import pledges
from tests.factories.accounts import leader_user
from tests.factories.scoring import CriterionFactory, ScaleFactory


def make_ready(world):
    """Put the own bloc-year in the pledge phase with a two-group scale; add leaders for its members."""
    own = world.own
    own.phase = Phase.PLEDGE
    own.save()
    world.scale = ScaleFactory(bloc_year=own, name="Thang điểm khối 2026")
    group = CriterionFactory(scale=world.scale, code="I", title="Thực hiện nhiệm vụ", max_points=Decimal("60"))
    CriterionFactory(scale=world.scale, parent=group, code="I.1", max_points=Decimal("60"))
    group2 = CriterionFactory(scale=world.scale, code="II", title="Công tác thi đua", max_points=Decimal("40"))
    CriterionFactory(scale=world.scale, parent=group2, code="II.1", max_points=Decimal("40"))
    world.leaders = [leader_user(world.own_departments[0], username="leader0", first_name="Nguyễn Văn",
                                 last_name="An"),
                     world.leader,
                     leader_user(world.own_departments[2], username="leader2", first_name="Trần Thị",
                                 last_name="Bình")]
    return world


@pytest.fixture
def ready(world):
    return make_ready(world)


def draft(world, *, contents="Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026.", theme="Đoàn kết, đổi mới"):
    return pledges.save_pledge(bloc_year=world.own, theme=theme, contents=contents, expected_version=0,
                               user=world.secretariat)


def open_pledge(world):
    pledge = draft(world)
    return pledges.open_pledge_for_signing(pledge=pledge, user=world.secretariat)


def register_all(world, pledge):
    for index, department in enumerate(world.own_departments):
        pledges.register_targets(pledge=pledge, department=department, targets=f"Chỉ tiêu của đơn vị {index}",
                                 expected_version=0, user=world.secretariat)


@pytest.fixture
def open_world(ready):
    """`ready`, with the pledge drafted and opened and every member's targets registered."""
    ready.pledge = open_pledge(ready)
    register_all(ready, ready.pledge)
    return ready


# The browser test reuses the e2e set-up: Debian's Chromium, the live server, a Vietnamese browser.
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: E402,F401
