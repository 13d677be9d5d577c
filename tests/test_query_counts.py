"""Every list page runs the same number of SQL queries for one row and for many."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import board_user, officer_user, secretariat_user
from tests.factories.blocs import (BlocFactory, BlocYearFactory, ConferenceFactory, DepartmentFactory,
                                   MembershipFactory, ProvinceFactory)

pytestmark = pytest.mark.integration


def _province_with(n_blocs, members_per_bloc):
    province = ProvinceFactory()
    years = []
    for _ in range(n_blocs):
        by = BlocYearFactory(bloc=BlocFactory(province=province))
        members = [MembershipFactory(bloc_year=by) for _ in range(members_per_bloc)]
        by.leader = members[0].department
        by.save()
        ConferenceFactory(bloc_year=by, host=members[0].department)
        years.append(by)
    return province, years


def _count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = {
    "dashboard": lambda p, years: reverse("dashboard"),
    "province_list": lambda p, years: reverse("blocs:province_list"),
    "province_detail": lambda p, years: reverse("blocs:province_detail", args=[p.pk]),
    "bloc_detail": lambda p, years: reverse("blocs:bloc_detail", args=[years[0].bloc_id]),
    "bloc_year_detail": lambda p, years: reverse("blocs:bloc_year_detail", args=[years[0].pk]),
    "department_list": lambda p, years: reverse("blocs:department_list"),
    "department_detail": lambda p, years: reverse("blocs:department_detail", args=[years[0].leader_id]),
    "user_list": lambda p, years: reverse("accounts:user_list"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_board_page_queries_do_not_grow_with_rows(db, client, page):
    small, small_years = _province_with(1, 2)
    big, big_years = _province_with(12, 12)
    for province, years in ((small, small_years), (big, big_years)):
        for by in years:
            officer_user(by.leader)
        for extra_year in (2024, 2025):  # history for department pages
            past = BlocYearFactory(bloc=years[0].bloc, year=extra_year)
            MembershipFactory(bloc_year=past, department=years[0].leader)
    few = _count(client, board_user(small), PAGES[page](small, small_years))
    many = _count(client, board_user(big), PAGES[page](big, big_years))
    assert few == many


@pytest.mark.parametrize("page", ["dashboard", "bloc_year_detail", "department_list", "bloc_detail"])
def test_secretariat_page_queries_do_not_grow_with_rows(db, client, page):
    small, small_years = _province_with(1, 3)
    big, big_years = _province_with(3, 12)
    for years in (small_years, big_years):
        for offset in range(1, 4):  # past years of the secretariat's bloc
            past = BlocYearFactory(bloc=years[0].bloc, year=2026 - offset)
            MembershipFactory(bloc_year=past, department=years[0].leader)
    few = _count(client, secretariat_user(small_years[0].bloc, small_years[0].leader),
                 PAGES[page](small, small_years))
    many = _count(client, secretariat_user(big_years[0].bloc, big_years[0].leader), PAGES[page](big, big_years))
    assert few == many


def test_department_list_query_count_is_independent_of_unassigned_departments(db, client):
    province, years = _province_with(1, 2)
    user = board_user(province)
    before = _count(client, user, reverse("blocs:department_list"))
    for _ in range(30):
        DepartmentFactory(province=province)
    assert _count(client, user, reverse("blocs:department_list")) == before
