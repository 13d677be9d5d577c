"""The ranking API: a round's ranking with its trace, recomputing it, and the comparison of two rounds."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from scoring.domain.ranking import compute_ranking
from scoring.enums import RoundKind, RoundStatus
from scoring.models import Ranking
from tests.factories.scoring import RoundFactory
from tests.scoring.ranking.conftest import fill

pytestmark = pytest.mark.integration


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_login(user)
        return client

    return as_user


def test_ranking_before_computing_is_empty(scored_round, api):
    response = api(scored_round.officer).get(reverse("v1:ranking-detail", args=[scored_round.round.pk]))
    assert response.status_code == 200
    body = response.json()
    assert (body["round"], body["round_kind"], body["computed_at"], body["entries"], body["traces"]) == (
        scored_round.round.pk, "year_end", None, [], [])


def test_recompute_returns_the_ranking_with_exact_figures(scored_round, api):
    w = scored_round
    d0, d1, d2 = w.own_departments
    response = api(w.secretariat).post(reverse("v1:ranking-recompute", args=[w.round.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["is_stale"] is False and body["computed_at"] is not None
    assert body["settings_snapshot"]["aggregation_method"] == "mean_of_cross"
    assert [(e["department"], e["name"], e["rank"], e["self_score"], e["final_score"], e["self_minus_final"],
             e["discrepancy_flag"], e["classification"], e["z_score"], e["z_rank"]) for e in body["entries"]] == [
        (d1.pk, "Sở Nội vụ", 1, "92.00", "92.00", "0.00", False, "excellent", 1.0, 1),
        (d0.pk, "Sở Tư pháp", 2, "99.00", "86.00", "13.00", True, "good", -0.5, 3),
        (d2.pk, "Sở Y tế", 3, None, "70.00", None, False, "good", 0.0, 2),
    ]
    second = body["entries"][1]
    assert [(c["inspector"], c["inspector_name"], c["total"]) for c in second["cross_scores"]] == [
        (d1.pk, "Sở Nội vụ", "83.00"), (d2.pk, "Sở Y tế", "89.00")]
    assert (second["group_scores"], second["penalty_points"], second["classification_label"]) == (
        {"I": "70.00", "II": "15.50", "III": "2.00", "IV": "-1.50"}, "1.50", "Hoàn thành tốt nhiệm vụ")
    assert [(i["name"], i["difference"], i["leaning"]) for i in body["inspectors"]] == [
        ("Sở Tư pháp", "-13.50", "harsh"), ("Sở Nội vụ", "-0.50", "harsh"), ("Sở Y tế", "7.00", "lenient")]


def test_ranking_trace_in_the_api(scored_round, api):
    w = scored_round
    d0, d1, _ = w.own_departments
    mid = RoundFactory(bloc_year=w.own, kind=RoundKind.MID_YEAR)
    fill(mid, d0, d1, w.scale.points(45, 25, 15, penalty=-1))
    fill(mid, d1, d0, w.scale.points(45, 25, 14))
    compute_ranking(round=mid, user=w.board)
    body = api(w.leader).get(reverse("v1:ranking-detail", args=[mid.pk])).json()
    text = ("Sở Nội vụ và Sở Tư pháp bằng 84,00 điểm; điểm nhóm I bằng nhau (70,00); "
            "phân định bằng số điểm trừ ít hơn: 0,00 < 1,00")
    assert body["traces"] == [{"text": text, "needs_ballot": False}]
    assert [(e["name"], e["rank"], e["needs_ballot"], e["without_cross"]) for e in body["entries"]] == [
        ("Sở Nội vụ", 1, False, False), ("Sở Tư pháp", 2, False, False), ("Sở Y tế", None, False, True)]


def test_recompute_refused_for_an_officer_and_on_a_finalised_round(scored_round, api):
    w = scored_round
    url = reverse("v1:ranking-recompute", args=[w.round.pk])
    response = api(w.officer).post(url)
    assert response.status_code == 403
    assert Ranking.objects.count() == 0
    w.round.status = RoundStatus.FINALISED
    w.round.save()
    response = api(w.secretariat).post(url)
    assert (response.status_code, response.json()) == (
        400, {"detail": "Đợt chấm đã chốt kết quả: bảng xếp hạng chỉ để xem, không tính lại được."})
    assert (Ranking.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_unknown_or_foreign_round_is_not_found(scored_round, api):
    w = scored_round
    far_round = RoundFactory(bloc_year=w.far)
    for pk in (far_round.pk, 999999):
        response = api(w.secretariat).get(reverse("v1:ranking-detail", args=[pk]))
        assert (response.status_code, response.json()) == (404, {"detail": "Không tìm thấy."})


def test_comparison_in_the_api(scored_round, api):
    w = scored_round
    d0, d1, d2 = w.own_departments
    compute_ranking(round=w.round, user=w.secretariat)
    body = api(w.officer).get(reverse("v1:ranking-comparison-detail", args=[w.own.pk])).json()
    assert body["missing"] == ["Sơ kết 6 tháng"]
    assert [(r["department"], r["mid_year_final"], r["year_end_final"], r["year_end_rank"], r["difference"],
             r["rank_change"]) for r in body["rows"]] == [
        (d1.pk, None, "92.00", 1, None, None), (d0.pk, None, "86.00", 2, None, None),
        (d2.pk, None, "70.00", 3, None, None)]
