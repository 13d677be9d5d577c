"""The voting API: a round from creation to results, elections, and bad input answered in Vietnamese."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from blocs.models import BlocYear
from tests.factories.accounts import UserFactory
from voting.domain.receipts import receipt_hash
from voting.models import Ballot, BallotRound, Election, VoterRollEntry

pytestmark = pytest.mark.integration


@pytest.fixture
def api(voting_world):
    def as_user(user):
        client = APIClient()
        client.force_login(user)
        return client
    return as_user


def _create(client, w, **overrides):
    body = {"bloc_year": w.own.pk, "purpose": "ranking", "title": "Xếp hạng nhất", "seats": 1, "choices_allowed": 1,
            "candidates": [d.pk for d in w.own_departments]}
    body.update(overrides)
    return client.post(reverse("v1:ballotround-list"), body, format="json")


def test_a_round_through_the_api(voting_world, api):
    w = voting_world
    secretariat = api(w.secretariat)
    created = _create(secretariat, w, quorum=[3, 4])
    assert created.status_code == 201
    data = created.json()
    assert (data["status"], data["quorum"], data["threshold"], data["electorate"], data["result"]) == (
        "draft", [3, 4], [1, 2], 0, None)
    assert [(c["department"], c["name"], c["position"]) for c in data["candidates"]] == [
        (d.pk, d.name, i) for i, d in enumerate(w.own_departments, start=1)]
    pk = data["id"]
    assert secretariat.post(reverse("v1:ballotround-open", args=[pk])).json()["electorate"] == 3
    first = data["candidates"][0]["id"]
    cast = api(w.officer).post(reverse("v1:ballotround-cast", args=[pk]), {"choices": [first]}, format="json")
    assert cast.status_code == 201 and cast["Cache-Control"] == "no-store"
    code = cast.json()["receipt"]
    assert Ballot.objects.get().receipt_hash == receipt_hash(code)
    again = api(w.officer).post(reverse("v1:ballotround-cast", args=[pk]), {"choices": []}, format="json")
    assert (again.status_code, again.json()) == (400, {
        "detail": f"{w.own_departments[2].name} đã bỏ phiếu trong vòng này; mỗi đơn vị chỉ có một phiếu."})
    paper = secretariat.post(reverse("v1:ballotround-paper-ballots", args=[pk]),
                             {"department": w.own_departments[1].pk, "choices": [first]}, format="json")
    assert paper.status_code == 201
    assert [(r["department"], r["channel"]) for r in paper.json()["roll"]] == sorted(
        [(w.own_departments[0].pk, None), (w.own_departments[1].pk, "paper"), (w.own_departments[2].pk, "online")],
        key=lambda r: next(d.name for d in w.own_departments if d.pk == r[0]))
    verify = api(w.leader).post(reverse("v1:ballotround-verify-receipt", args=[pk]), {"code": code}, format="json")
    assert verify.json() == {"counted": True}
    early = api(w.board).get(reverse("v1:ballotround-results", args=[pk]))
    assert (early.status_code, early.json()) == (400, {"detail": "Vòng bỏ phiếu chưa kiểm phiếu."})
    closed = secretariat.post(reverse("v1:ballotround-close", args=[pk])).json()
    assert (closed["status"], closed["result"]["cast"], closed["result"]["quorum_reached"]) == ("closed", 2, False)
    results = api(w.board).get(reverse("v1:ballotround-results", args=[pk])).json()
    assert (results["round"], results["chosen"], results["result"]["outcome"]) == (pk, [], "no_quorum")


def test_top_n_from_the_ranking_needs_a_ranking_and_one_way_of_naming_candidates(voting_world, api):
    w = voting_world
    client = api(w.board)
    response = _create(client, w, candidates=None)
    assert (response.status_code, response.json()) == (400, {"candidates": ["Trường này không được để trống."]})
    body = {"bloc_year": w.own.pk, "purpose": "ranking", "title": "Top", "seats": 1, "choices_allowed": 1, "top": 2}
    response = client.post(reverse("v1:ballotround-list"), body, format="json")
    assert (response.status_code, response.json()) == (400, {
        "detail": "Năm thi đua chưa có kết quả xếp hạng tổng kết năm."})
    response = _create(client, w, top=2)
    assert response.json() == {"candidates": ["Cần đúng một trong hai: `candidates` hoặc `top`."]}
    assert not BallotRound.objects.exists()


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"candidates": {"a": 1}}, {"candidates": ["Cần một danh sách."]}),
    ({"candidates": ["x"]}, {"candidates": {"0": ["Mã không hợp lệ: cần một số nguyên."]}}),
    ({"candidates": [10**12]}, {"candidates": {"0": ["Đơn vị ứng cử không tồn tại."]}}),
    ({"quorum": [2]}, {"quorum": ["Danh sách cần ít nhất 2 phần tử."]}),
    ({"quorum": [0, 3]}, {"detail": "Tỷ lệ tối thiểu tham gia bỏ phiếu 0/3 không hợp lệ."}),
    ({"threshold": [2, 2]}, {"detail": "Ngưỡng trúng cử 2/2 không hợp lệ."}),
    ({"purpose": "bầu"}, {"purpose": ["“bầu” không phải là lựa chọn hợp lệ."]}),
    ({"seats": 0}, {"seats": ["Giá trị không được nhỏ hơn 1."]}),
    ({"bloc_year": "far"}, {"bloc_year": ["Mã không hợp lệ: cần một số nguyên."]}),
])
def test_bad_round_input_is_refused_in_vietnamese(voting_world, api, overrides, expected):
    response = _create(api(voting_world.board), voting_world, **overrides)
    assert (response.status_code, response.json()) == (400, expected)
    assert not BallotRound.objects.exists()


def test_bad_ballots_are_refused_and_write_nothing(voting_world, api):
    w = voting_world
    pk = _create(api(w.secretariat), w, choices_allowed=1).json()["id"]
    api(w.secretariat).post(reverse("v1:ballotround-open", args=[pk]))
    url = reverse("v1:ballotround-cast", args=[pk])
    officer = api(w.officer)
    assert officer.post(url, {"choices": "1"}, format="json").json() == {"choices": ["Cần một danh sách."]}
    assert officer.post(url, {"choices": [10**9]}, format="json").json() == {
        "detail": "Lựa chọn không thuộc danh sách ứng cử của vòng bỏ phiếu."}
    ids = list(BallotRound.objects.get(pk=pk).candidates.values_list("pk", flat=True))
    assert officer.post(url, {"choices": ids[:2]}, format="json").json() == {
        "detail": "Phiếu chỉ được chọn tối đa 1 đơn vị (đã chọn 2)."}
    assert officer.post(url, {}, format="json").json() == {"choices": ["Trường này là bắt buộc."]}
    root = api(UserFactory(is_superuser=True))
    refused = root.post(url, {"choices": []}, format="json")
    assert (refused.status_code, refused.json()) == (403, {
        "detail": "Chỉ cán bộ của đơn vị thành viên mới bỏ phiếu thay mặt đơn vị."})
    assert (Ballot.objects.count(), VoterRollEntry.objects.count()) == (0, 0)


def test_list_filters_and_reach(voting_world, api):
    w = voting_world
    own = _create(api(w.secretariat), w).json()["id"]
    other = api(w.board).post(reverse("v1:ballotround-list"), {
        "bloc_year": w.other.pk, "purpose": "ranking", "title": "Khối khác", "seats": 1, "choices_allowed": 1,
        "candidates": [d.pk for d in w.other_departments]}, format="json").json()["id"]
    listed = lambda user, query="": {r["id"] for r in api(user).get(  # noqa: E731
        reverse("v1:ballotround-list") + query).json()["results"]}
    assert (listed(w.board), listed(w.officer), listed(w.other_officer)) == ({own, other}, {own}, {other})
    assert listed(w.board, f"?bloc_year={w.other.pk}") == {other}
    bad = api(w.officer).get(reverse("v1:ballotround-list") + f"?bloc_year={w.other.pk}")
    assert bad.json() == {"bloc_year": ["Lựa chọn không hợp lệ hoặc không tồn tại."]}


def test_elections_through_the_api(voting_world, api):
    w = voting_world
    client = api(w.secretariat)
    started = client.post(reverse("v1:election-list"), {"bloc_year": w.own.pk, "method": "rotation"}, format="json")
    assert started.status_code == 201
    pk = started.json()["id"]
    rotation = client.post(reverse("v1:election-rotation", args=[pk]),
                           {"leader": w.own_departments[1].pk, "deputy": w.own_departments[2].pk}, format="json")
    assert (rotation.json()["leader"], rotation.json()["deputy"]) == (w.own_departments[1].pk, w.own_departments[2].pk)
    closed = client.post(reverse("v1:election-close", args=[pk]),
                         {"flag_handed_over_on": "2027-01-06", "flag_note": "Trao cờ"}, format="json").json()
    next_year = BlocYear.objects.get(bloc=w.own.bloc, year=2027)
    assert (closed["status"], closed["next_bloc_year"], closed["flag_handed_over_on"], closed["flag_note"]) == (
        "closed", next_year.pk, "2027-01-06", "Trao cờ")
    assert (next_year.leader_id, next_year.deputy_id) == (w.own_departments[1].pk, w.own_departments[2].pk)
    again = client.post(reverse("v1:election-close", args=[pk]), {}, format="json")
    assert again.json() == {"detail": "Cuộc bầu khối trưởng, khối phó đã kết thúc."}


def test_ballot_election_new_round_through_the_api(voting_world, api):
    w = voting_world
    client = api(w.board)
    started = client.post(reverse("v1:election-list"), {"bloc_year": w.own.pk, "method": "ballot"}, format="json")
    pk = started.json()["id"]
    election = Election.objects.get(pk=pk)
    assert (election.leader_round.purpose, election.deputy_round.purpose) == ("leader", "deputy")
    refused = client.post(reverse("v1:election-new-round", args=[pk]), {"purpose": "leader"}, format="json")
    assert refused.json() == {"detail": "Vòng bầu khối trưởng hiện tại chưa kết thúc hoặc đã có kết quả."}
    client.post(reverse("v1:ballotround-cancel", args=[election.leader_round_id]), {"reason": "Sai"}, format="json")
    made = client.post(reverse("v1:election-new-round", args=[pk]), {"purpose": "leader"}, format="json")
    assert made.status_code == 201
    assert Election.objects.get(pk=pk).leader_round_id == made.json()["id"]
