"""List endpoints run the same number of queries for 1 and for 10 rows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.accounts import board_user, officer_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, ConferenceFactory, DepartmentFactory, \
    MembershipFactory, ProvinceFactory

pytestmark = pytest.mark.integration

# Session and user; page count and page rows. The session is not written again: its expiry was pushed
# forward less than a minute ago (emulation/sessions.py).
BLOC_YEAR_LIST_QUERIES = 2 + 2


def _bloc_year_with_leadership(province):
    bloc_year = BlocYearFactory(bloc=BlocFactory(province=province))
    leader, deputy = (MembershipFactory(bloc_year=bloc_year).department for _ in range(2))
    bloc_year.leader, bloc_year.deputy = leader, deputy
    bloc_year.save()
    return bloc_year


@pytest.mark.parametrize("rows", [1, 10])
def test_bloc_year_list_queries_do_not_grow(db, client, django_assert_num_queries, rows):
    province = ProvinceFactory()
    for _ in range(rows):
        _bloc_year_with_leadership(province)
    client.force_login(board_user(province))

    with django_assert_num_queries(BLOC_YEAR_LIST_QUERIES):
        response = client.get(reverse("v1:blocyear-list"))

    assert len(response.json()["results"]) == rows
    assert all(y["leader_name"] and y["deputy_name"] and y["bloc_name"] for y in response.json()["results"])


def _grow(province, bloc_year, rows):
    """Add `rows` of every kind that a list endpoint shows, all visible to the Board."""
    for _ in range(rows):
        MembershipFactory(bloc_year=bloc_year)
        ConferenceFactory(bloc_year=bloc_year, host=bloc_year.leader)
        BlocFactory(province=province)
        officer_user(DepartmentFactory(province=province))


LISTS = ["v1:province-list", "v1:department-list", "v1:bloc-list", "v1:conference-list", "v1:user-list",
         "v1:blocyear-members"]


@pytest.mark.parametrize("name", LISTS)
def test_other_lists_queries_do_not_grow(db, client, name):
    counts = []
    for rows in (1, 10):
        province = ProvinceFactory()
        bloc_year = _bloc_year_with_leadership(province)
        _grow(province, bloc_year, rows)
        client.force_login(board_user(province))
        url = reverse(name, args=[bloc_year.pk] if name == "v1:blocyear-members" else None)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
