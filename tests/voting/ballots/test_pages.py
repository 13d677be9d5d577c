"""The voting pages through the test client: creating a round, voting with a receipt shown once, paper
ballots, closing, results and minutes, receipt checks, and the election page."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from blocs.models import BlocYear
from scoring.enums import RoundKind
from scoring.models import Ranking, RankingEntry, ScoringRound
from tests.factories.accounts import UserFactory
from voting.domain import ballots, rounds
from voting.domain.queries.rounds import rounds_to_vote
from voting.domain.receipts import receipt_hash
from voting.enums import BallotRoundStatus, ElectionStatus
from voting.models import Ballot, BallotRound, Election, VoterRollEntry

pytestmark = pytest.mark.integration


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def open_round(w, **kwargs):
    values = dict(bloc_year=w.own, purpose="ranking", title="Xếp hạng nhất", seats=1, choices_allowed=1,
                  candidates=w.own_departments, user=w.secretariat)
    values.update(kwargs)
    return rounds.open_round(round=rounds.create_round(**values), user=w.secretariat)


def test_round_list_shows_rounds_with_their_counts(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    ballots.cast_ballot(round=round_, user=w.officer, choices=[])
    client.force_login(w.leader)
    response = client.get(reverse("voting:round_list", args=[w.own.pk]))
    row = re.search(rf'data-testid="round-{round_.pk}">(.*?)</tr>', text(response)).group(1)
    assert "Xếp hạng nhất" in row and "<td>3</td>" in row and "<td>1/3</td>" in row and "Đang bỏ phiếu" in row
    assert "Tạo vòng bỏ phiếu" not in text(response)  # a leader does not manage rounds


def test_create_page_ticks_the_top_n_of_the_ranking_and_creates_the_round(voting_world, client):
    w = voting_world
    scoring_round = ScoringRound.objects.create(bloc_year=w.own, kind=RoundKind.YEAR_END)
    ranking = Ranking.objects.create(round=scoring_round, computed_at=timezone.now(), settings_snapshot={})
    for rank, department in enumerate(reversed(w.own_departments), start=1):
        RankingEntry.objects.create(ranking=ranking, department=department, rank=rank, final_score=Decimal(90 - rank))
    client.force_login(w.secretariat)
    url = reverse("voting:round_create", args=[w.own.pk])
    page = text(client.get(url, {"top": 2}))
    ticked = set(re.findall(r'name="candidates" value="(\d+)"[^>]*checked', page))
    assert ticked == {str(w.own_departments[2].pk), str(w.own_departments[1].pk)}
    response = client.post(url, {"title": "Cờ thi đua", "purpose": "ranking", "seats": 1, "choices_allowed": 1,
                                 "quorum_numerator": 2, "quorum_denominator": 3, "threshold_numerator": 1,
                                 "threshold_denominator": 2,
                                 "candidates": [w.own_departments[0].pk, w.own_departments[1].pk]})
    created = BallotRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("voting:round_detail", args=[created.pk])
    # in the ranking's order: the second member ranks above the first
    assert list(created.candidates.values_list("department_id", flat=True)) == [
        w.own_departments[1].pk, w.own_departments[0].pk]


def test_create_page_names_the_refusal(voting_world, client):
    w = voting_world
    client.force_login(w.secretariat)
    response = client.post(reverse("voting:round_create", args=[w.own.pk]), {
        "title": "Cờ thi đua", "purpose": "award", "seats": 1, "choices_allowed": 1, "quorum_numerator": 2,
        "quorum_denominator": 3, "threshold_numerator": 1, "threshold_denominator": 2,
        "candidates": [w.own_departments[0].pk]})
    assert response.status_code == 200
    assert "Vòng bỏ phiếu đề nghị khen thưởng cần chọn hình thức khen thưởng." in text(response)
    assert not BallotRound.objects.exists()
    page = text(client.get(reverse("voting:round_create", args=[w.own.pk]), {"top": "2"}))
    assert "Năm thi đua chưa có kết quả xếp hạng tổng kết năm" in page


def test_a_member_votes_and_sees_its_receipt_once(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    client.force_login(w.officer)
    detail = text(client.get(reverse("voting:round_detail", args=[round_.pk])))
    assert 'data-testid="ballot-form"' in detail and 'data-choices-allowed="1"' in detail
    candidate = round_.candidates.first()
    response = client.post(reverse("voting:round_vote", args=[round_.pk]), {"choices": [candidate.pk]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', text(response)).group(1)
    assert Ballot.objects.get().receipt_hash == receipt_hash(shown)
    assert list(VoterRollEntry.objects.values_list("department_id", "channel")) == [(w.own_departments[2].pk, "online")]
    after = text(client.get(reverse("voting:round_detail", args=[round_.pk])))
    assert "Đơn vị của bạn đã bỏ phiếu (Bỏ phiếu trực tuyến)." in after
    assert shown not in after and 'data-testid="ballot-form"' not in after
    again = client.post(reverse("voting:round_vote", args=[round_.pk]), {"choices": [candidate.pk]})
    assert "Đơn vị của bạn đã bỏ phiếu" in text(again)
    assert Ballot.objects.count() == 1


def test_too_many_choices_are_refused_with_a_message(voting_world, client):
    w = voting_world
    round_ = open_round(w, choices_allowed=2)
    client.force_login(w.leader)
    ids = list(round_.candidates.values_list("pk", flat=True))
    response = client.post(reverse("voting:round_vote", args=[round_.pk]), {"choices": ids})
    assert "Phiếu chỉ được chọn tối đa 2 đơn vị (đã chọn 3)." in text(response)
    response = client.post(reverse("voting:round_vote", args=[round_.pk]), {"choices": ["x"]})
    assert "Lựa chọn không hợp lệ." in text(response)
    assert (Ballot.objects.count(), VoterRollEntry.objects.count()) == (0, 0)


def test_the_secretariat_records_paper_ballots_closes_and_reads_results_and_minutes(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    first = round_.candidates.get(department=w.own_departments[0])
    ballots.cast_ballot(round=round_, user=w.officer, choices=[first])
    client.force_login(w.secretariat)
    paper = reverse("voting:round_paper", args=[round_.pk])
    page = text(client.get(paper))
    assert f'value="{w.own_departments[2].pk}"' not in page  # already voted online
    response = client.post(paper, {"department": w.own_departments[1].pk, "choices": [first.pk]})
    assert response.status_code == 302
    response = client.post(paper, {"department": w.own_departments[0].pk, "invalid": "on"})
    assert sorted(VoterRollEntry.objects.values_list("department_id", "channel")) == sorted([
        (w.own_departments[2].pk, "online"), (w.own_departments[1].pk, "paper"), (w.own_departments[0].pk, "paper")])
    response = client.post(reverse("voting:round_close", args=[round_.pk]))
    assert response["Location"] == reverse("voting:round_results", args=[round_.pk])
    results = text(client.get(response["Location"]))
    assert re.search(rf'data-testid="count-{w.own_departments[0].pk}">.*?data-testid="votes">2<', results)
    assert 'data-testid="figure-cast">3 (trực tuyến 1, phiếu giấy 2)' in results
    assert 'data-testid="figure-invalid">1<' in results
    assert f"Đơn vị được chọn: {w.own_departments[0].name}." in results
    minutes = text(client.get(reverse("voting:round_minutes", args=[round_.pk])))
    assert "BIÊN BẢN KIỂM PHIẾU" in minutes and 'data-testid="figure-electorate">3<' in minutes
    assert 'ít nhất 2 phiếu (nhiều hơn 1/2 tổng số thành viên)' in minutes


def test_results_of_an_open_round_send_back_to_the_round(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    client.force_login(w.board)
    response = client.get(reverse("voting:round_results", args=[round_.pk]))
    assert response["Location"] == reverse("voting:round_detail", args=[round_.pk])


def test_receipt_check_answers_in_the_box_or_not(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    code = ballots.cast_ballot(round=round_, user=w.officer, choices=[])
    client.force_login(w.board)
    url = reverse("voting:receipt_check", args=[round_.pk])
    found = client.post(url, {"code": code.lower()})
    assert "Phiếu có mã này nằm trong hòm phiếu và sẽ được kiểm khi kết thúc bỏ phiếu." in text(found)
    assert code not in text(found)
    missing = client.post(url, {"code": "ZZZZZZZZZZ"})
    assert "Không có phiếu nào có mã này trong vòng bỏ phiếu." in text(missing)


def test_open_and_cancel_through_the_pages(voting_world, client):
    w = voting_world
    draft = rounds.create_round(bloc_year=w.own, purpose="ranking", title="Vòng thử", seats=1, choices_allowed=1,
                                candidates=w.own_departments, user=w.secretariat)
    client.force_login(w.board)
    client.post(reverse("voting:round_open", args=[draft.pk]))
    assert BallotRound.objects.get(pk=draft.pk).status == BallotRoundStatus.OPEN
    response = client.post(reverse("voting:round_cancel", args=[draft.pk]), {"reason": ""})
    assert "Trường này là bắt buộc." in text(response)
    assert BallotRound.objects.get(pk=draft.pk).status == BallotRoundStatus.OPEN
    client.post(reverse("voting:round_cancel", args=[draft.pk]), {"reason": "Tổ chức lại"})
    assert BallotRound.objects.get(pk=draft.pk).status == BallotRoundStatus.CANCELLED
    again = client.post(reverse("voting:round_open", args=[draft.pk]))
    assert "Chỉ mở được vòng bỏ phiếu đang chuẩn bị (hiện tại: Đã hủy)." in text(again)


def test_election_page_rotation_through_to_next_year(voting_world, client):
    w = voting_world
    client.force_login(w.secretariat)
    page = reverse("voting:election", args=[w.own.pk])
    assert "Chưa bắt đầu bầu khối trưởng, khối phó năm sau." in text(client.get(page))
    client.post(reverse("voting:election_start", args=[w.own.pk]), {"method": "rotation"})
    client.post(reverse("voting:election_rotation", args=[w.own.pk]),
                {"leader": w.own_departments[2].pk, "deputy": w.own_departments[0].pk})
    response = client.post(reverse("voting:election_close", args=[w.own.pk]),
                           {"flag_handed_over_on": "2027-01-08", "flag_note": "Trao cờ luân lưu"})
    assert response["Location"] == page
    election = Election.objects.get()
    next_year = BlocYear.objects.get(bloc=w.own.bloc, year=2027)
    assert (election.status, next_year.leader_id, next_year.deputy_id) == (
        ElectionStatus.CLOSED, w.own_departments[2].pk, w.own_departments[0].pk)
    shown = text(client.get(page))
    assert 'data-testid="flag">08/01/2027 – Trao cờ luân lưu<' in shown
    assert f'href="{reverse("blocs:bloc_year_detail", args=[next_year.pk])}"' in shown


def test_election_page_by_ballot_lists_its_rounds(voting_world, client):
    w = voting_world
    client.force_login(w.board)
    client.post(reverse("voting:election_start", args=[w.own.pk]), {"method": "ballot"})
    election = Election.objects.get()
    shown = text(client.get(reverse("voting:election", args=[w.own.pk])))
    for round_ in (election.leader_round, election.deputy_round):
        assert f'href="{reverse("voting:round_detail", args=[round_.pk])}">{round_.title}</a>' in shown
    refused = client.post(reverse("voting:election_close", args=[w.own.pk]), {})
    assert "Chưa có khối trưởng trúng cử: vòng “Bầu khối trưởng năm 2027” chưa kiểm phiếu." in text(refused)


def test_rounds_to_vote_lists_open_rounds_the_department_has_not_voted_in(voting_world):
    w = voting_world
    first, second = open_round(w, title="Vòng một"), open_round(w, title="Vòng hai")
    rounds.create_round(bloc_year=w.own, purpose="ranking", title="Nháp", seats=1, choices_allowed=1,
                        candidates=w.own_departments, user=w.secretariat)
    ballots.cast_ballot(round=first, user=w.leader, choices=[])
    assert list(rounds_to_vote(w.leader)) == [second]
    assert list(rounds_to_vote(w.officer)) == [first, second]
    assert list(rounds_to_vote(w.board)) == []
    assert list(rounds_to_vote(w.other_officer)) == []


def test_the_admin_shows_rounds_read_only_and_no_ballots(voting_world, client):
    w = voting_world
    round_ = open_round(w)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:voting_ballotround_changelist")).status_code == 200
    change = client.get(reverse("admin:voting_ballotround_change", args=[round_.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert "voting/ballot/" not in client.get(reverse("admin:index")).content.decode()
