"""The province's year 2026 ready for disclosure: two award types, approved nominations in both blocs of the
province (plus one still under review and one approved far away, neither of which is published), and an
officer of the far province."""
import datetime

import pytest

from awards.enums import NominationStatus
from decisions.domain import disclosures as services
from tests.factories.accounts import UserFactory, officer_user
from tests.factories.awards import AwardTypeFactory, NominationFactory

MONDAY = datetime.date(2026, 11, 2)  # closes on Monday 09/11/2026, before the tests run
ROLES = ["superuser", "board", "far_board", "secretariat", "officer", "leader", "other_officer", "far_officer"]


def approve(bloc_year, award_type, department, status=NominationStatus.APPROVED):
    return NominationFactory(bloc_year=bloc_year, award_type=award_type, department=department, status=status)


@pytest.fixture
def province_year(world):
    return make_province_year(world)


def make_province_year(world):
    w = world
    w.superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    w.far_officer = officer_user(w.far_departments[0], username="far_officer")
    w.flag = AwardTypeFactory(province=w.province, code="co_thi_dua_tinh", name="Cờ thi đua của UBND tỉnh",
                              position=1)
    w.merit = AwardTypeFactory(province=w.province, code="bang_khen_chu_tich_tinh",
                               name="Bằng khen của Chủ tịch UBND tỉnh", position=2)
    w.far_flag = AwardTypeFactory(province=w.far_province, code="co_thi_dua_tinh", name="Cờ thi đua", position=1)
    w.approved = [approve(w.own, w.flag, w.own_departments[0]), approve(w.other, w.flag, w.other_departments[0]),
                  approve(w.own, w.merit, w.own_departments[2])]
    w.pending = approve(w.own, w.merit, w.own_departments[1], status=NominationStatus.UNDER_REVIEW)
    w.far_approved = approve(w.far, w.far_flag, w.far_departments[0])
    return w


def publish(w, published_on=MONDAY):
    return services.publish_disclosure(province=w.province, year=2026, user=w.board, published_on=published_on)


@pytest.fixture
def disclosure(province_year):
    """Published today, so it is open whatever day the tests run."""
    return publish(province_year, published_on=None)
