"""The rounds list (page and API) and a round's page run the same number of queries for 1 and for many
rounds, candidates and voters."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from voting.domain import ballots

pytestmark = pytest.mark.integration

# Each: session and user, the object's scope and its rule (the model backend holds nothing for a non-staff
# account), the rows with their related rows prefetched; the session is not written again (its expiry was
# pushed forward less than a minute ago, emulation/sessions.py).
ROUND_LIST_QUERIES = 6  # includes the navbar's unread-notification count
ROUND_API_LIST_QUERIES = 7
ROUND_PAGE_QUERIES = 11  # includes the navbar's unread-notification count


def _rounds(bloc, count):
    made = [bloc.round(title=f"Vòng {i}") for i in range(count)]
    for round_ in made:
        for voter in bloc.voters[: len(bloc.voters) // 2]:
            ballots.cast_ballot(round=round_, user=voter, choices=[])
    return made


@pytest.mark.parametrize(("members", "rounds"), [(3, 1), (9, 6)])
def test_round_list_page_queries_do_not_grow(make_bloc, client, django_assert_num_queries, members, rounds):
    bloc = make_bloc(members)
    _rounds(bloc, rounds)
    client.force_login(bloc.secretariat)
    with django_assert_num_queries(ROUND_LIST_QUERIES):
        response = client.get(reverse("voting:round_list", args=[bloc.bloc_year.pk]))
    assert response.content.decode().count('data-testid="round-') == rounds


@pytest.mark.parametrize(("members", "rounds"), [(3, 1), (9, 6)])
def test_round_api_list_queries_do_not_grow(make_bloc, django_assert_num_queries, members, rounds):
    bloc = make_bloc(members)
    _rounds(bloc, rounds)
    client = APIClient()
    client.force_login(bloc.secretariat)
    with django_assert_num_queries(ROUND_API_LIST_QUERIES):
        response = client.get(reverse("v1:ballotround-list"))
    results = response.json()["results"]
    assert [(len(r["candidates"]), r["voted_count"]) for r in results] == [(members, members // 2)] * rounds


@pytest.mark.parametrize("members", [3, 11])
def test_round_page_queries_do_not_grow(make_bloc, client, django_assert_num_queries, members):
    bloc = make_bloc(members)
    round_ = _rounds(bloc, 1)[0]
    client.force_login(bloc.voters[-1])
    with django_assert_num_queries(ROUND_PAGE_QUERIES):
        response = client.get(reverse("voting:round_detail", args=[round_.pk]))
    assert response.content.decode().count('data-testid="roll-') == members
