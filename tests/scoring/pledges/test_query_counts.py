"""The pledge page runs the same number of SQL queries for a bloc of 3 members and one of 12."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blocs.enums import Phase
from scoring.enums import PledgeStatus, ScaleStatus
from scoring.models import Pledge, PledgeSignature, ScaleAmendment, TargetRegistration
from tests.factories.accounts import board_user, leader_user, officer_user, secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
from tests.factories.scoring import CriterionFactory, ScaleFactory

pytestmark = pytest.mark.integration


def _bloc_year(size, *, frozen):
    """A bloc-year of `size` members: all registered targets, every other one signed, two amendments."""
    province = ProvinceFactory()
    by = BlocYearFactory(bloc=BlocFactory(province=province), phase=Phase.PLEDGE)
    departments = [MembershipFactory(bloc_year=by).department for _ in range(size)]
    by.leader, by.deputy = departments[0], departments[1]
    by.save()
    scale = ScaleFactory(bloc_year=by, status=ScaleStatus.FROZEN if frozen else ScaleStatus.DRAFT)
    for _ in range(size):
        CriterionFactory(scale=scale)
    pledge = Pledge.objects.create(bloc_year=by, theme="Chủ đề", contents="Nội dung", status=PledgeStatus.OPEN)
    signers = [leader_user(d) for d in departments]
    for index, department in enumerate(departments):
        TargetRegistration.objects.create(pledge=pledge, department=department, targets="Chỉ tiêu",
                                          registered_by=signers[index])
        if index % 2:
            PledgeSignature.objects.create(pledge=pledge, department=department, signed_by=signers[index],
                                           signed_at=timezone.now())
    board = board_user(province)
    for _ in range(2):
        ScaleAmendment.objects.create(scale=scale, change={"op": "delete", "criterion": "C1"}, reason="Lý do",
                                      requested_by=board)
    users = {"board": board, "secretariat": secretariat_user(by.bloc, departments[0]),
             "officer": officer_user(departments[2]), "leader": signers[2]}
    return by, users


def _count(client, user, by):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("scoring:pledge", args=[by.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("frozen", [False, True])
@pytest.mark.parametrize("role", ["board", "secretariat", "officer", "leader"])
def test_pledge_page_queries_do_not_grow_with_members(db, client, role, frozen):
    small, small_users = _bloc_year(3, frozen=frozen)
    big, big_users = _bloc_year(12, frozen=frozen)
    assert _count(client, small_users[role], small) == _count(client, big_users[role], big)
