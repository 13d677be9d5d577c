"""Each list shows exactly the objects of the user's reach among own / other / far."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.integration

SEES = {  # role → which of the own / other / far bloc-years (and what hangs off them) it sees
    "superuser": {"own", "other", "far"},
    "board": {"own", "other"},
    "far_board": {"far"},
    "secretariat": {"own"},
    "officer": {"own"},
    "leader": {"own"},
    "other_officer": {"other"},
}
LISTS = {
    # name: object of the variant whose id the list shows
    "v1:blocyear-list": lambda w, v: getattr(w, v).pk,
    "v1:bloc-list": lambda w, v: getattr(w, v).bloc_id,
    "v1:conference-list": lambda w, v: w.conferences[v].pk,
    "v1:department-list": lambda w, v: getattr(w, f"{v}_departments")[2].pk,
}


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("role", list(SEES))
def test_list_shows_exactly_the_reach(api_world, as_user, name, role):
    response = as_user(getattr(api_world, role)).get(reverse(name))
    ids = {row["id"] for row in response.json()["results"]}
    shown = {v for v in ("own", "other", "far") if LISTS[name](api_world, v) in ids}
    assert shown == SEES[role]


@pytest.mark.parametrize(("role", "provinces"), [
    ("superuser", {"province", "far_province"}), ("board", {"province"}), ("far_board", {"far_province"}),
    ("officer", {"province"}), ("other_officer", {"province"})])
def test_province_list_shows_the_home_province(api_world, as_user, role, provinces):
    ids = {p["id"] for p in as_user(getattr(api_world, role)).get(reverse("v1:province-list")).json()["results"]}
    assert ids == {getattr(api_world, p).pk for p in provinces}
