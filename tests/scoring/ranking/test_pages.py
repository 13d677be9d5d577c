"""The ranking page, its recompute button and the mid-year/year-end comparison page."""
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain.ranking import compute_ranking
from scoring.enums import RoundKind, RoundStatus
from scoring.models import Ranking, ScoreEntry
from tests.factories.scoring import RoundFactory
from tests.scoring.ranking.conftest import fill

pytestmark = pytest.mark.integration


def _page(client, user, round):
    client.force_login(user)
    response = client.get(reverse("scoring:ranking", args=[round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _table_rows(html):
    table = html.split('data-testid="ranking-table"')[1].split("</table>")[0]
    rows = re.findall(r"<tr data-department=\"\d+\">(.*?)</tr>", table, re.S)
    return [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
             for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in rows]


def test_page_before_computing_offers_the_button_to_the_secretariat(scored_round, client):
    html = _page(client, scored_round.secretariat, scored_round.round)
    assert "Chưa tính xếp hạng cho đợt chấm này." in html
    assert 'data-testid="recompute-form"' in html and ">Tính xếp hạng</button>" in html


def test_secretariat_computes_and_sees_the_table(scored_round, client):
    w = scored_round
    client.force_login(w.secretariat)
    response = client.post(reverse("scoring:ranking_recompute", args=[w.round.pk]), follow=True)
    assert response.redirect_chain == [(reverse("scoring:ranking", args=[w.round.pk]), 302)]
    html = response.content.decode()
    assert "Đã tính lại xếp hạng." in html
    assert _table_rows(html) == [
        ["1", "Sở Nội vụ", "92,00", "92,00 (Sở Y tế)", "92,00", "0,00", "Hoàn thành xuất sắc nhiệm vụ", "1,00", "1"],
        ["2", "Sở Tư pháp", "99,00", "83,00 (Sở Nội vụ) 89,00 (Sở Y tế)", "86,00", "13,00 chênh lệch lớn",
         "Hoàn thành tốt nhiệm vụ", "-0,50", "3"],
        ["3", "Sở Y tế", "—", "70,00 (Sở Tư pháp)", "70,00", "—", "Hoàn thành tốt nhiệm vụ", "0,00", "2"],
    ]
    assert "Không có đơn vị nào bằng điểm nhau." in html
    assert ">Tính lại xếp hạng</button>" in html


def test_page_shows_the_inspectors_leaning_and_the_rules(scored_round, client):
    w = scored_round
    compute_ranking(round=w.round, user=w.secretariat)
    html = _page(client, w.officer, w.round)
    inspectors = html.split('data-testid="inspectors-table"')[1].split("</table>")[0]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", inspectors, re.S)]
    # Cross totals 83, 89, 92, 70: overall mean 83.50.
    assert cells[5:] == [
        "Sở Tư pháp", "1", "70,00", "-13,50", "chấm chặt tay hơn mặt bằng chung",
        "Sở Nội vụ", "1", "83,00", "-0,50", "chấm chặt tay hơn mặt bằng chung",
        "Sở Y tế", "2", "90,50", "+7,00", "chấm rộng tay hơn mặt bằng chung",
    ]
    rules = html.split('data-testid="rules"')[1]
    assert "Trung bình điểm kiểm tra chéo" in rules
    assert "Điểm nhóm tiêu chí thứ nhất cao hơn → Ít điểm trừ hơn → Bỏ phiếu" in rules


def test_officer_sees_no_button_and_cannot_recompute(scored_round, client):
    w = scored_round
    html = _page(client, w.officer, w.round)
    assert 'data-testid="recompute-form"' not in html
    response = client.post(reverse("scoring:ranking_recompute", args=[w.round.pk]))
    assert response.status_code == 403
    assert (Ranking.objects.count(), AuditEvent.objects.count()) == (0, 0)


def test_finalised_round_is_read_only(scored_round, client):
    w = scored_round
    compute_ranking(round=w.round, user=w.secretariat)
    w.round.status = RoundStatus.FINALISED
    w.round.save()
    html = _page(client, w.board, w.round)
    assert 'data-testid="recompute-form"' not in html
    assert "Đợt chấm đã chốt kết quả: bảng xếp hạng chỉ để xem, không tính lại được." in html
    events = AuditEvent.objects.count()
    response = client.post(reverse("scoring:ranking_recompute", args=[w.round.pk]), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Đợt chấm đã chốt kết quả: bảng xếp hạng chỉ để xem, không tính lại được."]
    assert AuditEvent.objects.count() == events


def test_page_warns_when_scores_changed_since_the_computation(scored_round, client):
    w = scored_round
    compute_ranking(round=w.round, user=w.secretariat)
    assert 'data-testid="stale"' not in _page(client, w.secretariat, w.round)
    ScoreEntry.objects.filter(criterion=w.scale.i1, sheet__scored=w.own_departments[2]).update(points=D("41"))
    html = _page(client, w.secretariat, w.round)
    assert "Điểm đã thay đổi sau lần tính gần nhất" in html


def test_tie_trace_printed_below_with_the_ballot_mark(scored_round, client):
    w = scored_round
    d0, d1, d2 = w.own_departments
    mid = RoundFactory(bloc_year=w.own, kind=RoundKind.MID_YEAR)
    fill(mid, d0, d1, w.scale.points(45, 25, 15))
    fill(mid, d1, d2, w.scale.points(45, 25, 15))
    compute_ranking(round=mid, user=w.secretariat)
    html = _page(client, w.leader, mid)
    trace = html.split('data-testid="tie-breaks"')[1].split("</section>")[0]
    assert ("<li>Sở Nội vụ và Sở Tư pháp bằng 85,00 điểm; điểm nhóm I bằng nhau (70,00); số điểm trừ bằng nhau "
            "(0,00); chưa phân định được, cần bỏ phiếu <span class=\"badge text-bg-warning\">cần bỏ phiếu</span>"
            "</li>") in trace
    assert [row[:2] for row in _table_rows(html)] == [
        ["1 cần bỏ phiếu", "Sở Nội vụ"], ["1 cần bỏ phiếu", "Sở Tư pháp"], ["—", "Sở Y tế"]]
    assert _table_rows(html)[2][4] == "Chưa có phiếu kiểm tra chéo"


def test_charts_are_inline_svg_without_style_or_script(scored_round, client):
    w = scored_round
    compute_ranking(round=w.round, user=w.secretariat)
    html = _page(client, w.secretariat, w.round)
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    assert all("style=" not in svg and "<script" not in svg for svg in svgs)
    assert '<title id="final-scores-title">Điểm cuối cùng của các đơn vị</title>' in svgs[0]
    assert "<title>Sở Nội vụ: 92,00 điểm</title>" in svgs[0]
    assert "<title>Sở Tư pháp – nhóm I: 70,00/80,00 điểm (87,50%)</title>" in svgs[1]
    assert "<script>" not in html and " style=" not in html


def test_comparison_page_mid_year_against_year_end(scored_round, client):
    w = scored_round
    d0, d1, d2 = w.own_departments
    mid = RoundFactory(bloc_year=w.own, kind=RoundKind.MID_YEAR)
    fill(mid, d0, d1, w.scale.points(45, 25, 15))  # 85
    fill(mid, d1, d2, w.scale.points(40, 25, 15))  # 80
    fill(mid, d2, d0, w.scale.points(46, 25, 15))  # 86
    compute_ranking(round=mid, user=w.secretariat)
    client.force_login(w.officer)
    url = reverse("scoring:round_comparison", args=[w.own.pk])
    html = client.get(url).content.decode()
    assert "Chưa có kết quả xếp hạng của: Tổng kết năm." in html
    compute_ranking(round=w.round, user=w.secretariat)
    html = client.get(url).content.decode()
    assert 'data-testid="missing"' not in html
    table = html.split('data-testid="comparison-table"')[1].split("</table>")[0]
    rows = [[re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in re.findall(
        r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)] for row in re.findall(r"<tr data-department.*?</tr>", table, re.S)]
    assert rows == [
        ["Sở Nội vụ", "80,00", "3", "92,00", "1", "+12,00", "↑ tăng 2 bậc"],
        ["Sở Tư pháp", "85,00", "2", "86,00", "2", "+1,00", "giữ nguyên"],
        ["Sở Y tế", "86,00", "1", "70,00", "3", "-16,00", "↓ giảm 2 bậc"],
    ]
