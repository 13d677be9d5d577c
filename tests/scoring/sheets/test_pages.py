"""Rounds and inspections pages: the secretariat's steps, the Board's reopening, constant query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from scoring.domain.rounds import open_round
from scoring.enums import RoundKind, RoundStatus, SheetKind, SheetStatus
from scoring.models import Inspection, ScoreSheet, ScoringRound
from tests.factories.accounts import secretariat_user
from tests.factories.blocs import BlocFactory, BlocYearFactory, MembershipFactory, ProvinceFactory
from tests.scoring.sheets.conftest import ready_for_scoring

pytestmark = pytest.mark.integration


def _text(response):
    return response.content.decode()


def test_secretariat_opens_a_round_from_the_rounds_page(world, client):
    ready_for_scoring(world.own)
    client.force_login(world.secretariat)
    page = client.get(reverse("scoring:round_list", args=[world.own.pk]))
    assert "Chưa mở đợt chấm điểm nào." in _text(page)
    assert reverse("scoring:round_open", args=[world.own.pk]) in _text(page)
    refused = client.post(reverse("scoring:round_open", args=[world.own.pk]), {"kind": "mid_year"})
    assert "Chỉ mở đợt “Sơ kết 6 tháng” khi năm thi đua ở giai đoạn “Sơ kết 6 tháng”" in _text(refused)
    assert not ScoringRound.objects.exists()
    done = client.post(reverse("scoring:round_open", args=[world.own.pk]), {"kind": "year_end"}, follow=True)
    round_ = ScoringRound.objects.get()
    assert done.redirect_chain[-1][0] == reverse("scoring:round_detail", args=[round_.pk])
    assert "Đã mở đợt chấm điểm" in _text(done)
    assert _text(done).count("data-sheet=") == 6
    listing = client.get(reverse("scoring:round_list", args=[world.own.pk]))
    assert "0 / 6" in _text(listing)


def test_officer_sees_only_its_sheets_and_cannot_open_a_round(scoring, client):
    w = scoring
    client.force_login(w.officer)
    detail = _text(client.get(reverse("scoring:round_detail", args=[w.round.pk])))
    dept = w.officer.department_id
    visible = ScoreSheet.objects.filter(round=w.round).filter(scored_id=dept) | ScoreSheet.objects.filter(
        round=w.round, scorer_id=dept)
    assert detail.count("data-sheet=") == visible.count() == 3
    assert reverse("scoring:round_close", args=[w.round.pk]) not in detail
    assert client.post(reverse("scoring:round_open", args=[w.own.pk]), {"kind": "mid_year"}).status_code == 403


def test_close_refused_until_submitted_then_finalise_and_board_reopens(scoring, client):
    w = scoring
    client.force_login(w.secretariat)
    refused = client.post(reverse("scoring:round_close", args=[w.round.pk]))
    assert "Còn 6 phiếu chấm chưa gửi" in _text(refused)
    ScoreSheet.objects.filter(round=w.round).update(status=SheetStatus.SUBMITTED)
    assert client.post(reverse("scoring:round_close", args=[w.round.pk])).status_code == 302
    assert client.post(reverse("scoring:round_finalise", args=[w.round.pk])).status_code == 302
    assert ScoringRound.objects.get().status == RoundStatus.FINALISED
    assert client.post(reverse("scoring:round_reopen", args=[w.round.pk]), {"reason": "x"}).status_code == 403
    client.force_login(w.board)
    missing = client.post(reverse("scoring:round_reopen", args=[w.round.pk]), {"reason": ""})
    assert "Cần nêu lý do mở lại đợt chấm điểm." in _text(missing)
    assert client.post(reverse("scoring:round_reopen", args=[w.round.pk]),
                       {"reason": "Khiếu nại về điểm tiêu chí I.1"}).status_code == 302
    assert ScoringRound.objects.get().status == RoundStatus.OPEN
    assert AuditEvent.objects.filter(event_type="round.reopened").get().new_value["reason"] == (
        "Khiếu nại về điểm tiêu chí I.1")


def test_refused_posts_change_nothing(scoring, client):
    w = scoring
    urls = [reverse("scoring:round_close", args=[w.round.pk]), reverse("scoring:round_finalise", args=[w.round.pk]),
            reverse("scoring:round_reopen", args=[w.round.pk]),
            reverse("scoring:inspection_adjust", args=[Inspection.objects.first().pk]),
            reverse("scoring:sheet_submit", args=[w.sheet.pk]), reverse("scoring:sheet_reopen", args=[w.sheet.pk])]
    for user in (w.other_officer, w.leader):
        client.force_login(user)
        before = AuditEvent.objects.count()
        for url in urls:
            status = client.post(url, {"reason": "x", "inspector": w.own_departments[0].pk}).status_code
            assert status in (403, 404), (user, url)
        assert AuditEvent.objects.count() == before


def test_inspections_page_shows_pairs_and_load(scoring5, client):
    w = scoring5
    client.force_login(w.secretariat)
    page = _text(client.get(reverse("scoring:inspection_list", args=[w.round.pk])))
    assert all(reverse("scoring:inspection_adjust", args=[i.pk]) in page for i in Inspection.objects.all())
    assert page.count('href="/scoring/inspections/') == 5
    inspection = Inspection.objects.filter(round=w.round).select_related("inspected").first()
    inspected_by = set(Inspection.objects.filter(round=w.round, inspector=inspection.inspected)
                       .values_list("inspected_id", flat=True))
    new = next(d for d in w.own_departments if d.pk not in inspected_by | {inspection.inspected_id,
                                                                            inspection.inspector_id})
    url = reverse("scoring:inspection_adjust", args=[inspection.pk])
    form = _text(client.get(url))
    assert f'value="{new.pk}"' in form and f'value="{inspection.inspected_id}"' not in form
    done = client.post(url, {"inspector": new.pk}, follow=True)
    assert "Đã đổi đơn vị kiểm tra" in _text(done) and "đã điều chỉnh" in _text(done)
    assert ScoreSheet.objects.filter(round=w.round, kind=SheetKind.CROSS, scorer=new,
                                     scored=inspection.inspected).exists()


def test_submit_and_reopen_sheet_pages(scoring, client):
    w = scoring
    client.force_login(w.officer)
    refused = client.post(reverse("scoring:sheet_submit", args=[w.sheet.pk]))
    assert "Chưa chấm các tiêu chí: I.1, I.2, II.1.a, II.1.b." in _text(refused)
    ScoreSheet.objects.filter(pk=w.sheet.pk).update(status=SheetStatus.SUBMITTED)
    client.force_login(w.secretariat)
    assert client.post(reverse("scoring:sheet_reopen", args=[w.sheet.pk]), {"reason": ""}).status_code == 302
    assert ScoreSheet.objects.get(pk=w.sheet.pk).status == SheetStatus.DRAFT


# --- query counts --------------------------------------------------------------------------------------


def _bloc_of(size):
    province = ProvinceFactory()
    by = BlocYearFactory(bloc=BlocFactory(province=province))
    members = [MembershipFactory(bloc_year=by).department for _ in range(size)]
    by.leader = members[0]
    by.save()
    ready_for_scoring(by)
    user = secretariat_user(by.bloc, members[0])
    round_ = open_round(bloc_year=by, kind=RoundKind.YEAR_END, user=user, seed=3)
    return by, round_, user


def _queries(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["round_list", "round_detail", "inspection_list"])
def test_page_queries_do_not_grow_with_the_bloc(db, client, page):
    counts = []
    for size in (3, 15):
        by, round_, user = _bloc_of(size)
        arg = by.pk if page == "round_list" else round_.pk
        counts.append(_queries(client, user, reverse(f"scoring:{page}", args=[arg])))
    assert counts[0] == counts[1]
