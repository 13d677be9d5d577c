import os

import pytest

from tests.factories.accounts import board_user, leader_user, officer_user, secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, DepartmentFactory, MembershipFactory, ProvinceFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    """Two provinces; in the first, two blocs of three members each for 2026, with users of every role.

    `own` is the first bloc-year; `other` the second bloc-year of the same province; `far` a bloc-year in
    another province.
    """
    province, far_province = ProvinceFactory(), ProvinceFactory()
    own = BlocYearFactory(bloc=BlocFactory(province=province))
    other = BlocYearFactory(bloc=BlocFactory(province=province))
    far = BlocYearFactory(bloc=BlocFactory(province=far_province))
    members = {by: [MembershipFactory(bloc_year=by) for _ in range(3)] for by in (own, other, far)}
    own_depts = [m.department for m in members[own]]
    own.leader, own.deputy = own_depts[0], own_depts[1]
    own.save()
    return type("World", (), dict(
        province=province, far_province=far_province, own=own, other=other, far=far,
        own_departments=own_depts,
        other_departments=[m.department for m in members[other]],
        far_departments=[m.department for m in members[far]],
        unassigned=DepartmentFactory(province=province),
        board=board_user(province, username="board"),
        far_board=board_user(far_province, username="far_board"),
        secretariat=secretariat_user(own.bloc, own_depts[0], username="secretariat"),
        officer=officer_user(own_depts[2], username="officer"),
        leader=leader_user(own_depts[1], username="leader"),
        other_officer=officer_user(members[other][0].department, username="other_officer"),
    ))
