"""Creating, opening and cancelling rounds: the checks with their messages, the audit trail, and the
candidates taken from the year-end ranking."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from blocs.enums import Phase
from blocs.models import BlocYear
from notifications.models import Notification
from scoring.enums import RoundKind
from scoring.models import Ranking, RankingEntry, ScoringRound
from tests.factories.awards import AwardTypeFactory
from tests.factories.blocs import ConferenceFactory, MembershipFactory
from voting.domain import rounds
from voting.enums import BallotRoundStatus, RoundPurpose
from voting.models import BallotRound, Candidate

pytestmark = pytest.mark.integration


def create(w, **overrides):
    values = dict(bloc_year=w.own, purpose=RoundPurpose.RANKING, title="Bình xét xếp hạng", seats=1,
                  choices_allowed=1, candidates=w.own_departments, user=w.secretariat)
    values.update(overrides)
    return rounds.create_round(**values)


def refusal(w, **overrides):
    before = (BallotRound.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as caught:
        create(w, **overrides)
    assert (BallotRound.objects.count(), AuditEvent.objects.count()) == before
    return caught.value.messages


def test_create_writes_the_round_its_candidates_and_an_audit_event(voting_world):
    w = voting_world
    conference = ConferenceFactory(bloc_year=w.own)
    award = AwardTypeFactory(province=w.province, code="co_thi_dua_tinh", name="Cờ thi đua của UBND tỉnh")
    round_ = create(w, purpose=RoundPurpose.AWARD, award_type=award, conference=conference, seats=1,
                    choices_allowed=2, candidates=w.own_departments[::-1], quorum=(3, 4), threshold=(3, 5),
                    title="  Cờ thi đua của UBND tỉnh  ")
    assert (round_.status, round_.title, round_.electorate) == (BallotRoundStatus.DRAFT, "Cờ thi đua của UBND tỉnh", 0)
    assert (round_.quorum_numerator, round_.quorum_denominator, round_.threshold_numerator,
            round_.threshold_denominator) == (3, 4, 3, 5)
    assert list(round_.candidates.values_list("department_id", "position")) == [
        (d.pk, i) for i, d in enumerate(w.own_departments[::-1], start=1)]
    event = AuditEvent.objects.get(event_type="ballot_round.created")
    assert (event.actor_id, event.object_id) == (w.secretariat.pk, str(round_.pk))
    assert event.new_value == {
        "bloc_year": w.own.pk, "purpose": "award", "title": "Cờ thi đua của UBND tỉnh", "seats": 1,
        "choices_allowed": 2, "award_type": award.pk, "conference": conference.pk, "quorum": [3, 4],
        "threshold": [3, 5], "parent": None,
        "candidates": [{"id": c.pk, "department_id": c.department_id, "position": c.position}
                       for c in round_.candidates.order_by("position")]}


@pytest.mark.parametrize(("overrides", "message"), [
    (dict(purpose="vote"), "Mục đích của vòng bỏ phiếu không hợp lệ."),
    (dict(title="   "), "Cần đặt tên cho vòng bỏ phiếu."),
    (dict(title="x" * 201), "Tên vòng bỏ phiếu không được dài quá 200 ký tự."),
    (dict(purpose=RoundPurpose.AWARD), "Vòng bỏ phiếu đề nghị khen thưởng cần chọn hình thức khen thưởng."),
    (dict(candidates=[]), "Cần chọn ít nhất một đơn vị ứng cử."),
    (dict(seats=0), "Số đơn vị được chọn phải là số nguyên dương."),
    (dict(seats=4), "Số đơn vị được chọn (4) không được lớn hơn số đơn vị ứng cử (3)."),
    (dict(choices_allowed=True), "Số lựa chọn tối đa trên phiếu phải là số nguyên dương."),
    (dict(choices_allowed=4), "Số lựa chọn tối đa trên phiếu (4) không được lớn hơn số đơn vị ứng cử (3)."),
    (dict(quorum=(0, 3)), "Tỷ lệ tối thiểu tham gia bỏ phiếu 0/3 không hợp lệ."),
    (dict(quorum=(4, 3)), "Tỷ lệ tối thiểu tham gia bỏ phiếu 4/3 không hợp lệ."),
    (dict(quorum="2/3"), "Tỷ lệ tối thiểu tham gia bỏ phiếu phải là một phân số (tử số, mẫu số)."),
    (dict(threshold=(1, 1)), "Ngưỡng trúng cử 1/1 không hợp lệ."),
    (dict(threshold=(1, 0)), "Ngưỡng trúng cử 1/0 không hợp lệ."),
    (dict(threshold=(1, 101)), "Ngưỡng trúng cử 1/101 không hợp lệ."),
])
def test_create_refuses_bad_values(voting_world, overrides, message):
    assert refusal(voting_world, **overrides) == [message]


def test_create_refuses_duplicates_outsiders_and_foreign_things(voting_world):
    w = voting_world
    d = w.own_departments
    assert refusal(w, candidates=[d[0], d[0]]) == ["Mỗi đơn vị chỉ có tên một lần trong danh sách ứng cử."]
    assert refusal(w, candidates=[d[0], w.other_departments[0]]) == [
        f"Chỉ đơn vị thành viên của khối trong năm mới được ứng cử: {w.other_departments[0].name} không phải."]
    assert refusal(w, conference=ConferenceFactory(bloc_year=w.other)) == ["Hội nghị không thuộc năm thi đua này."]
    far_award = AwardTypeFactory(province=w.far_province)
    assert refusal(w, purpose=RoundPurpose.AWARD, award_type=far_award) == [
        "Hình thức khen thưởng không thuộc tỉnh của khối."]
    assert refusal(w, award_type=AwardTypeFactory(province=w.province)) == [
        "Chỉ vòng bỏ phiếu đề nghị khen thưởng mới gắn với hình thức khen thưởng."]


def test_create_only_in_the_voting_phase(world):
    world.own.phase = Phase.RANKING
    world.own.save()
    assert refusal(world) == ["Chỉ tổ chức bỏ phiếu khi năm thi đua ở giai đoạn “Bình xét, bỏ phiếu” "
                              "(hiện tại: “Xếp hạng”)."]


def test_open_fixes_the_electorate_at_the_membership_of_that_moment(voting_world):
    w = voting_world
    round_ = create(w, candidates=w.own_departments[:2])
    opened = rounds.open_round(round=round_, user=w.board)
    assert (opened.status, opened.electorate) == (BallotRoundStatus.OPEN, 3)
    assert opened.opened_at is not None
    event = AuditEvent.objects.get(event_type="ballot_round.opened")
    assert (event.actor_id, event.old_value, event.new_value) == (
        w.board.pk, {"status": "draft"}, {"status": "open", "electorate": 3})
    MembershipFactory(bloc_year=w.own)  # a later member changes nothing for this round
    assert BallotRound.objects.get(pk=round_.pk).electorate == 3
    with pytest.raises(ValidationError) as caught:
        rounds.open_round(round=round_, user=w.board)
    assert caught.value.messages == ["Chỉ mở được vòng bỏ phiếu đang chuẩn bị (hiện tại: Đang bỏ phiếu)."]


def test_cancel_a_draft_or_open_round_not_a_closed_one(voting_world):
    w = voting_world
    round_ = create(w)
    rounds.cancel_round(round=round_, user=w.secretariat, reason="Nhập nhầm ứng cử viên")
    assert BallotRound.objects.get(pk=round_.pk).status == BallotRoundStatus.CANCELLED
    event = AuditEvent.objects.get(event_type="ballot_round.cancelled")
    assert (event.old_value, event.new_value) == (
        {"status": "draft"}, {"status": "cancelled", "reason": "Nhập nhầm ứng cử viên"})
    with pytest.raises(ValidationError) as caught:
        rounds.cancel_round(round=round_, user=w.secretariat)
    assert caught.value.messages == ["Không thể hủy vòng bỏ phiếu đã hủy."]
    BallotRound.objects.filter(pk=round_.pk).update(status=BallotRoundStatus.CLOSED)
    with pytest.raises(ValidationError) as caught:
        rounds.cancel_round(round=round_, user=w.secretariat)
    assert caught.value.messages == ["Không thể hủy vòng bỏ phiếu đã kiểm phiếu."]


def _ranking(bloc_year, ranks):
    scoring_round = ScoringRound.objects.create(bloc_year=bloc_year, kind=RoundKind.YEAR_END)
    ranking = Ranking.objects.create(round=scoring_round, computed_at=timezone.now(), settings_snapshot={})
    for department, rank in ranks:
        RankingEntry.objects.create(ranking=ranking, department=department, rank=rank,
                                    final_score=Decimal(100 - (rank or 50)))
    return ranking


def test_candidates_from_ranking_takes_the_top_n_by_rank(make_bloc):
    bloc = make_bloc(6)
    d = bloc.departments
    _ranking(bloc.bloc_year, [(d[3], 1), (d[0], 2), (d[5], 3), (d[1], 4), (d[2], 5), (d[4], None)])
    assert rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=4) == [d[3], d[0], d[5], d[1]]
    assert rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=10) == [d[3], d[0], d[5], d[1], d[2]]


def test_candidates_from_ranking_includes_a_tie_at_rank_n_and_needs_a_ranking(make_bloc):
    bloc = make_bloc(4)
    d = bloc.departments
    with pytest.raises(ValidationError) as caught:
        rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=2)
    assert caught.value.messages == ["Năm thi đua chưa có kết quả xếp hạng tổng kết năm."]
    _ranking(bloc.bloc_year, [(d[0], 1), (d[1], 2), (d[2], 2), (d[3], 4)])
    assert rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=2) == sorted(
        [d[0], d[1], d[2]], key=lambda x: (x != d[0], x.name))
    with pytest.raises(ValidationError) as caught:
        rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=0)
    assert caught.value.messages == ["Số đơn vị đứng đầu phải là số nguyên dương."]


def test_candidates_from_ranking_feed_a_round(make_bloc):
    bloc = make_bloc(6)
    d = bloc.departments
    _ranking(bloc.bloc_year, [(d[i], i + 1) for i in range(6)])
    top = rounds.candidates_from_ranking(bloc_year=bloc.bloc_year, top=4)
    round_ = bloc.round(candidates=top, seats=1, opened=False)
    assert list(Candidate.objects.filter(round=round_).values_list("department_id", flat=True)) == [
        x.pk for x in d[:4]]
    assert BlocYear.objects.get(pk=bloc.bloc_year.pk).phase == Phase.VOTING


def test_opening_tells_the_staff_of_every_member(voting_world, django_capture_on_commit_callbacks):
    w = voting_world
    round_ = create(w)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.open_round(round=round_, user=w.secretariat)
    told = Notification.objects.filter(title__contains="Bình xét xếp hạng")
    assert sorted(told.values_list("user__username", flat=True)) == ["leader", "officer", "secretariat"]
    assert set(told.values_list("url", flat=True)) == {f"/voting/rounds/{round_.pk}/"}
