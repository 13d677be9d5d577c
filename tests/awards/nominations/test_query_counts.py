"""The Board's dashboard and the nomination lists read in the same number of queries for one bloc and for
fifteen, for one nomination and for many."""
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from awards.enums import NominationStatus as S
from awards.models import Nomination, NominationEvent
from notifications.domain.services import notify
from tests.factories.accounts import board_user
from tests.factories.awards import AwardTypeFactory, QuotaFactory
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory

pytestmark = pytest.mark.integration
STATUSES = [S.SUBMITTED, S.UNDER_REVIEW, S.APPROVED, S.RETURNED, S.REJECTED, S.DRAFT]


def _province(blocs, members=4):
    province = ProvinceFactory()
    types = [AwardTypeFactory(province=province, position=i) for i in range(2)]
    late = timezone.localdate() - datetime.timedelta(days=1)
    years = []
    for _ in range(blocs):
        by = BlocYearFactory(bloc=BlocFactory(province=province))
        departments = [MembershipFactory(bloc_year=by).department for _ in range(members)]
        for award_type in types:
            QuotaFactory(bloc_year=by, award_type=award_type, places=3)
        for index, department in enumerate(departments):
            Nomination.objects.create(bloc_year=by, award_type=types[index % 2], department=department,
                                      status=STATUSES[index % len(STATUSES)], due_on=late)
        years.append(by)
    return province, years, board_user(province)


def _queries(user, url, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


def test_the_board_dashboard_is_constant_in_blocs(db):
    _p1, _y1, small = _province(1)
    _p2, _y2, large = _province(15)
    url = reverse("awards:board_dashboard")
    assert _queries(small, url) == _queries(large, url)


def test_the_export_is_constant_in_blocs(db):
    _p1, _y1, small = _province(1)
    _p2, _y2, large = _province(15)
    url = reverse("awards:board_export")
    assert _queries(small, url) == _queries(large, url)


def test_the_board_summary_api_is_constant_in_blocs(db):
    _p1, _y1, small = _province(1)
    _p2, _y2, large = _province(15)
    assert _queries(small, reverse("v1:board-summary"), api=True) == _queries(large, reverse("v1:board-summary"),
                                                                               api=True)


def test_the_bloc_year_page_is_constant_in_nominations(db):
    _p1, (few,), board1 = _province(1, members=1)
    _p2, (many,), board2 = _province(1, members=12)
    assert _queries(board1, reverse("awards:bloc_year_nominations", args=[few.pk])) == _queries(
        board2, reverse("awards:bloc_year_nominations", args=[many.pk]))


def test_the_nomination_list_api_is_constant(db):
    _p1, _y1, small = _province(1, members=1)
    _p2, _y2, large = _province(3, members=10)
    url = reverse("v1:nomination-list")
    assert _queries(small, url, api=True) == _queries(large, url, api=True)


def test_the_detail_page_is_constant_in_events(db):
    _p, (by,), board = _province(1, members=2)
    one, two = Nomination.objects.filter(bloc_year=by).order_by("pk")
    now = timezone.now()
    NominationEvent.objects.create(nomination=one, to_status=S.SUBMITTED, actor=board, created_at=now)
    NominationEvent.objects.bulk_create(NominationEvent(nomination=two, to_status=S.SUBMITTED, actor=board,
                                                        comment=f"Bước {i}", created_at=now) for i in range(12))
    assert _queries(board, reverse("awards:nomination_detail", args=[one.pk])) == _queries(
        board, reverse("awards:nomination_detail", args=[two.pk]))


def test_the_notifications_list_is_constant(db):
    _p1, _y1, few = _province(1, members=1)
    _p2, _y2, many = _province(1, members=1)
    notify(users=[few], title="Một")
    for i in range(20):
        notify(users=[many], title=f"Thông báo {i}", url="/awards/board/")
    assert _queries(few, reverse("notifications:list")) == _queries(many, reverse("notifications:list"))


def test_the_bloc_year_page_is_constant_in_chosen_candidates(year_end):
    from tests.factories.voting import BallotRoundFactory, CandidateFactory
    from voting.models import VoteCount

    w = year_end
    url = reverse("awards:bloc_year_nominations", args=[w.own.pk])
    one = _queries(w.secretariat, url)
    merit_round = BallotRoundFactory(bloc_year=w.own, purpose="award", award_type=w.merit, status="closed", seats=2,
                                     title="Bình xét Bằng khen", electorate=3)
    for department in w.own_departments[1:]:
        candidate = CandidateFactory(round=merit_round, department=department)
        VoteCount.objects.create(round=merit_round, candidate=candidate, votes=2, chosen=True)
    assert _queries(w.secretariat, url) == one
