"""The decision pages and API run as many SQL queries for one row as for many."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.domain.records import LineInput, record_decision
from decisions.models import BaseSalary
from tests.decisions.records.conftest import decision_fields
from tests.factories.accounts import board_user
from tests.factories.blocs import DepartmentFactory, ProvinceFactory
from tests.decisions.records.conftest import install_types

pytestmark = pytest.mark.integration


def _province(decisions, lines_each):
    province = ProvinceFactory()
    board = board_user(province)
    types = install_types(province)
    units = [DepartmentFactory(province=province) for _ in range(lines_each)]
    for number in range(decisions):
        lines = [LineInput(award_type=types["merit" if i % 2 else "flag"], department=unit)
                 for i, unit in enumerate(units)]
        record_decision(province=province, lines=lines, user=board,
                        **decision_fields(year=2010 + number, number_symbol=f"{number + 1}/QĐ-UBND"))
    return province, board


def _count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


URLS = {
    "decision_list": lambda p: reverse("decisions:decision_list"),
    "decision_detail": lambda p: reverse("decisions:decision_detail", args=[p.award_decisions.first().pk]),
    "money": lambda p: reverse("decisions:money", args=[p.pk]),
    "money_export": lambda p: reverse("decisions:money_export", args=[p.pk]),
    "base_salary_list": lambda p: reverse("decisions:base_salary_list"),
    "api_list": lambda p: reverse("v1:decision-list"),
    "api_detail": lambda p: reverse("v1:decision-detail", args=[p.award_decisions.first().pk]),
    "api_money": lambda p: reverse("v1:money-totals"),
}


@pytest.mark.parametrize("page", list(URLS))
def test_queries_do_not_grow_with_rows(db, client, page):
    small, small_board = _province(1, 1)
    big, big_board = _province(12, 10)
    for day in range(1, 20):
        BaseSalary.objects.create(amount=1000000 + day, valid_from=datetime.date(1995, 1, day))
    assert _count(client, small_board, URLS[page](small)) == _count(client, big_board, URLS[page](big))
