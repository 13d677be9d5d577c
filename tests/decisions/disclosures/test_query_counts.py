"""The disclosure pages and API lists read in the same number of queries for one row and for many."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.accounts import board_user, officer_user
from tests.factories.blocs import DepartmentFactory, ProvinceFactory
from tests.factories.decisions import ComplaintFactory, DisclosureEntryFactory, DisclosureFactory

pytestmark = pytest.mark.integration


def _province(disclosures, entries, complaints_per_entry, answered=True):
    """A province with `disclosures` lists (years 2026, 2025, …), each with entries and complaints."""
    province = ProvinceFactory()
    board = board_user(province)
    officer = officer_user(DepartmentFactory(province=province))
    for index in range(disclosures):
        disclosure = DisclosureFactory(province=province, year=2026 - index, published_by=board)
        for _ in range(entries):
            entry = DisclosureEntryFactory(disclosure=disclosure)
            for number in range(complaints_per_entry):
                ComplaintFactory(entry=entry, answer="Đã xem." if answered and number % 2 else "",
                                 answered_by=board if answered and number % 2 else None)
    return province, board, officer


def _queries(user, url, api=False):
    client = APIClient() if api else Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries)


def _first_detail(province):
    return reverse("decisions:disclosure_detail", args=[province.disclosures.order_by("-year").first().pk])


@pytest.mark.parametrize("who", ["board", "officer"])
def test_the_detail_page_is_constant_in_entries_and_complaints(db, who):
    small, *small_users = _province(1, 1, 1)
    large, *large_users = _province(1, 12, 3)
    index = 0 if who == "board" else 1
    few = _queries(small_users[index], _first_detail(small))
    many = _queries(large_users[index], _first_detail(large))
    assert few == many


@pytest.mark.parametrize(("url", "api"), [
    ("decisions:disclosure_list", False), ("v1:disclosure-list", True), ("v1:complaint-list", True)])
def test_lists_are_constant_in_rows(db, url, api):
    name = url
    small, small_board, _ = _province(1, 1, 1)
    large, large_board, _ = _province(6, 4, 2)
    assert _queries(small_board, reverse(name), api=api) == _queries(large_board, reverse(name), api=api)


def test_the_disclosure_api_detail_is_constant_in_entries(db):
    small, small_board, _ = _province(1, 1, 1)
    large, large_board, _ = _province(1, 12, 2)
    url = lambda p: reverse("v1:disclosure-detail", args=[p.disclosures.get().pk])  # noqa: E731
    assert _queries(small_board, url(small), api=True) == _queries(large_board, url(large), api=True)
