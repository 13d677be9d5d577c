"""compute_ranking: what it stores, the rules it snapshots, recomputing, and when it refuses."""
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from scoring.domain.queries.ranking import inputs_hash, scored_entry_rows
from scoring.domain.ranking import compute_ranking
from scoring.enums import RoundKind, RoundStatus
from scoring.models import Ranking, RankingEntry, ScoreEntry, ScoringSettings
from tests.factories.scoring import RoundFactory
from tests.scoring.ranking.conftest import Scale, fill

pytestmark = pytest.mark.integration

DEFAULT_SNAPSHOT = {
    "aggregation_method": "mean_of_cross", "discrepancy_percent": "10.00", "excellent_percent": "90.00",
    "good_percent": "70.00", "complete_percent": "50.00",
    "tie_break_chain": ["first_group", "fewer_penalties", "ballot"],
    "scale_total": "100.00", "bonus_cap": "10.00", "settings_version": 1,
    "groups": [{"code": "I", "title": "Thực hiện nhiệm vụ", "kind": "normal", "max_points": "80.00"},
               {"code": "II", "title": "Công tác thi đua", "kind": "normal", "max_points": "20.00"},
               {"code": "III", "title": "Điểm thưởng", "kind": "bonus", "max_points": "15.00"},
               {"code": "IV", "title": "Điểm trừ", "kind": "penalty", "max_points": "10.00"}],
}


def _rows(ranking):
    return [(e.department_id, e.rank, e.self_score, e.final_score, e.classification, e.discrepancy_flag, e.z_score)
            for e in ranking.entries.order_by("rank")]


def test_compute_ranking_stores_every_member_with_exact_values(scored_round):
    w = scored_round
    d0, d1, d2 = w.own_departments
    ranking = compute_ranking(round=w.round, user=w.secretariat)
    assert _rows(ranking) == [
        (d1.pk, 1, D("92.00"), D("92.00"), "excellent", False, 1.0),
        (d0.pk, 2, D("99.00"), D("86.00"), "good", True, -0.5),
        (d2.pk, 3, None, D("70.00"), "good", False, 0.0),
    ]
    entry = ranking.entries.get(department=d0)
    assert entry.cross_scores == [
        {"sheet": entry.cross_scores[0]["sheet"], "inspector": d1.pk, "inspector_name": "Sở Nội vụ", "total": "83.00"},
        {"sheet": entry.cross_scores[1]["sheet"], "inspector": d2.pk, "inspector_name": "Sở Y tế", "total": "89.00"},
    ]
    assert entry.group_scores == {"I": "70.00", "II": "15.50", "III": "2.00", "IV": "-1.50"}
    assert (entry.penalty_points, entry.tie_break_trace) == (D("1.50"), [])
    assert ranking.settings_snapshot == DEFAULT_SNAPSHOT
    assert ranking.inputs_hash == inputs_hash(scored_entry_rows(round=w.round))


def test_compute_ranking_is_audited(scored_round):
    w = scored_round
    d0, d1, d2 = w.own_departments
    ranking = compute_ranking(round=w.round, user=w.secretariat)
    event = AuditEvent.objects.get(event_type="ranking.computed")
    assert (event.actor, event.object_type, event.object_id, event.old_value) == (
        w.secretariat, "scoring.ranking", str(ranking.pk), None)
    ids = dict(ranking.entries.values_list("department_id", "id"))
    assert event.new_value["entries"] == sorted([
        {"id": ids[d0.pk], "department": d0.pk, "final_score": "86.00", "rank": 2, "classification": "good"},
        {"id": ids[d1.pk], "department": d1.pk, "final_score": "92.00", "rank": 1, "classification": "excellent"},
        {"id": ids[d2.pk], "department": d2.pk, "final_score": "70.00", "rank": 3, "classification": "good"},
    ], key=lambda e: e["department"])
    assert event.new_value["inputs_hash"] == ranking.inputs_hash


def test_compute_ranking_applies_and_snapshots_the_province_settings(scored_round):
    w = scored_round
    ScoringSettings.objects.create(province=w.province, aggregation_method="mean_of_self_and_cross",
                                   discrepancy_percent=D("15"), excellent_percent=D("95"),
                                   tie_break_chain=["fewer_penalties", "ballot"])
    ranking = compute_ranking(round=w.round, user=w.board)
    d0, d1, d2 = w.own_departments
    # d0: (99 + 86) / 2 = 92.50, 6.50 from its self score; d1: (92 + 92) / 2; d2 has no self score: 70.
    assert _rows(ranking) == [
        (d0.pk, 1, D("99.00"), D("92.50"), "good", False, -0.5),
        (d1.pk, 2, D("92.00"), D("92.00"), "good", False, 1.0),
        (d2.pk, 3, None, D("70.00"), "good", False, 0.0),
    ]
    assert ranking.settings_snapshot == dict(
        DEFAULT_SNAPSHOT, aggregation_method="mean_of_self_and_cross", discrepancy_percent="15.00",
        excellent_percent="95.00", tie_break_chain=["fewer_penalties", "ballot"])


def test_recompute_replaces_the_entries_atomically_and_audits_old_and_new(scored_round):
    w = scored_round
    d2 = w.own_departments[2]
    first = compute_ranking(round=w.round, user=w.secretariat)
    old_ids = set(first.entries.values_list("pk", flat=True))
    ScoreEntry.objects.filter(sheet__scored=d2, criterion=w.scale.i1).update(points=D("50"))
    second = compute_ranking(round=w.round, user=w.secretariat)
    assert second.pk == first.pk and Ranking.objects.count() == 1
    assert RankingEntry.objects.filter(ranking=second).count() == 3
    assert old_ids.isdisjoint(second.entries.values_list("pk", flat=True))
    assert second.entries.get(department=d2).final_score == D("80.00")
    event = AuditEvent.objects.filter(event_type="ranking.computed").latest("id")
    old = {e["department"]: e["final_score"] for e in event.old_value["entries"]}
    new = {e["department"]: e["final_score"] for e in event.new_value["entries"]}
    assert (old[d2.pk], new[d2.pk]) == ("70.00", "80.00")
    assert event.old_value["inputs_hash"] != event.new_value["inputs_hash"] == second.inputs_hash


def test_compute_ranking_refuses_a_finalised_round_and_changes_nothing(scored_round):
    w = scored_round
    ranking = compute_ranking(round=w.round, user=w.secretariat)
    before = (_rows(ranking), ranking.computed_at, AuditEvent.objects.count())
    w.round.status = RoundStatus.FINALISED
    w.round.save()
    ScoreEntry.objects.filter(sheet__scored=w.own_departments[2], criterion=w.scale.i1).update(points=D("50"))
    with pytest.raises(ValidationError) as exc:
        compute_ranking(round=w.round, user=w.secretariat)
    assert exc.value.messages == ["Đợt chấm đã chốt kết quả: bảng xếp hạng chỉ để xem, không tính lại được."]
    ranking.refresh_from_db()
    assert (_rows(ranking), ranking.computed_at, AuditEvent.objects.count()) == before


def test_compute_ranking_refuses_a_bloc_year_without_scale(world):
    round = RoundFactory(bloc_year=world.own)
    with pytest.raises(ValidationError) as exc:
        compute_ranking(round=round, user=world.secretariat)
    assert exc.value.messages == ["Năm thi đua chưa có thang điểm nên chưa tính được xếp hạng."]
    assert (Ranking.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_members_without_a_scored_cross_sheet_get_no_final_score(world):
    d0, d1, d2 = world.own_departments
    scale = Scale(world.own)
    round = RoundFactory(bloc_year=world.own)
    fill(round, d0, d0, scale.points(40, 20, 10))
    fill(round, d0, d1, {scale.i1: None})  # opened, nothing scored yet
    fill(round, d1, d2, scale.points(30))
    ranking = compute_ranking(round=round, user=world.secretariat)
    assert {row[0]: row[1:] for row in _rows(ranking)} == {
        d1.pk: (1, None, D("30.00"), "incomplete", False, 0.0),
        d0.pk: (None, D("70.00"), None, "", False, None),
        d2.pk: (None, None, None, "", False, None),
    }


def test_tie_trace_uses_the_names_of_the_time_and_marks_the_ballot(scored_round):
    w = scored_round
    d0, d1, d2 = w.own_departments
    mid = RoundFactory(bloc_year=w.own, kind=RoundKind.MID_YEAR)
    fill(mid, d0, d1, w.scale.points(45, 25, 15))
    fill(mid, d1, d2, w.scale.points(45, 25, 15))
    fill(mid, d2, d0, w.scale.points(48, 27, 10))
    ranking = compute_ranking(round=mid, user=w.secretariat)
    assert {e.department_id: e.rank for e in ranking.entries.all()} == {d2.pk: 1, d1.pk: 2, d0.pk: 2}
    text = ("Sở Y tế, Sở Nội vụ và Sở Tư pháp bằng 85,00 điểm; phân định bằng điểm nhóm I: 75,00 > 70,00 = 70,00; "
            "Sở Nội vụ và Sở Tư pháp bằng nhau về điểm nhóm I (70,00); số điểm trừ bằng nhau (0,00); "
            "chưa phân định được, cần bỏ phiếu")
    traces = {e.department_id: e.tie_break_trace for e in ranking.entries.all()}
    assert traces == {d2.pk: [{"text": text, "needs_ballot": False}], d1.pk: [{"text": text, "needs_ballot": True}],
                      d0.pk: [{"text": text, "needs_ballot": True}]}
