"""The score grid in Chromium: filling a sheet with the keyboard only, a conflict between two people on the
same cell, who else has the sheet open, a strict CSP, and the ranking that follows the saved scores."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from audit.models import AuditEvent
from scoring.domain.sheets import save_score
from scoring.enums import RoundStatus, SheetKind
from scoring.models import ScoreEntry, ScoreSheet, ScoringRound
from tests.e2e.browser import log_in, url_path

pytestmark = pytest.mark.e2e
D = Decimal


def _name(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()


def _cells(sheet):
    return {e.criterion.code: (e.points, e.comment) for e in ScoreEntry.objects.filter(sheet=sheet)
            .select_related("criterion")}


def _points(page, code):
    return page.get_by_label(f"Điểm tiêu chí {code}", exact=True)


def _comment(page, code):
    return page.get_by_label(f"Nhận xét tiêu chí {code}", exact=True)


def _tab_to(page, element_id, limit=80):
    """Press Tab until the element with this id has the focus (the keyboard is the only way in)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def _open_sheet(page, sheet):
    response = page.goto(f"/scoring/sheets/{sheet.pk}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_test_id("score-grid")).to_be_visible()


def test_officer_fills_the_sheet_with_the_keyboard_only(page, page_log, live_world, scoring):
    w = scoring
    c = w.c
    log_in(page, "officer")
    _open_sheet(page, w.sheet)

    _tab_to(page, f"points-{c['I.1'].pk}")
    page.keyboard.type("10")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("state-I.1")).to_have_text("Đã lưu")
    expect(_points(page, "I.2")).to_be_focused()

    # Above the maximum: an inline message, Enter keeps the focus, nothing is sent.
    page.keyboard.type("25")
    expect(_points(page, "I.2")).to_have_attribute("aria-invalid", "true")
    expect(_points(page, "I.2")).to_have_attribute("aria-describedby", f"points-error-{c['I.2'].pk}")
    expect(page.locator(f"#points-error-{c['I.2'].pk}")).to_have_text("Điểm của tiêu chí I.2 phải từ 0 đến 20.")
    expect(page.get_by_test_id("state-I.2")).to_have_text("Chưa hợp lệ")
    page.keyboard.press("Enter")
    expect(_points(page, "I.2")).to_be_focused()
    page.keyboard.press("Tab")  # leaving the cell does not save an invalid value either
    expect(_comment(page, "I.2")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(_points(page, "I.2")).to_be_focused()
    assert not ScoreEntry.objects.filter(sheet=w.sheet, criterion=c["I.2"]).exists()
    expect(page.get_by_test_id("total")).to_have_text("10,00")  # the invalid value is not counted

    page.keyboard.press("Control+a")
    page.keyboard.type("20")
    expect(_points(page, "I.2")).not_to_have_attribute("aria-invalid", "true")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("state-I.2")).to_have_text("Đã lưu")

    # Below the maximum: the reason is asked for; Enter goes to the comment, totals move as typed.
    expect(_points(page, "II.1.a")).to_be_focused()
    page.keyboard.type("35,5")
    expect(page.get_by_test_id("total")).to_have_text("65,50")
    expect(page.get_by_test_id("subtotal-II.1")).to_have_text("35,50")
    expect(page.get_by_test_id("state-II.1.a")).to_have_text("Cần nhận xét")
    expect(page.locator(f"#comment-error-{c['II.1.a'].pk}")).to_have_text(
        "Chấm thấp hơn điểm tối đa (trừ điểm) cần ghi nhận xét lý do.")
    page.keyboard.press("Enter")
    expect(_comment(page, "II.1.a")).to_be_focused()
    page.keyboard.type("Thiếu báo cáo quý")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("state-II.1.a")).to_have_text("Đã lưu")

    expect(_comment(page, "II.1.b")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(_points(page, "II.1.b")).to_be_focused()
    page.keyboard.type("30")
    page.keyboard.press("Enter")
    expect(_points(page, "III.1")).to_be_focused()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    expect(_points(page, "IV.1")).to_be_focused()
    page.keyboard.type("-2")
    expect(page.get_by_test_id("state-IV.1")).to_have_text("Cần nhận xét")
    page.keyboard.press("ArrowRight")
    expect(_comment(page, "IV.1")).to_be_focused()
    page.keyboard.type("Chậm nộp báo cáo")
    page.keyboard.press("ArrowUp")  # leaving the row saves it
    expect(_comment(page, "III.1")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(_comment(page, "II.1.b")).to_be_focused()

    for code in ("II.1.b", "III.1", "IV.1"):
        expect(page.get_by_test_id(f"state-{code}")).to_have_text("Đã lưu")
    expect(page.get_by_test_id("grid-live")).to_have_text("Đã lưu tiêu chí IV.1.")
    assert _cells(w.sheet) == {
        "I.1": (D("10.00"), ""), "I.2": (D("20.00"), ""), "II.1.a": (D("35.50"), "Thiếu báo cáo quý"),
        "II.1.b": (D("30.00"), ""), "III.1": (D("5.00"), ""), "IV.1": (D("-2.00"), "Chậm nộp báo cáo")}
    assert AuditEvent.objects.filter(event_type="score.saved").count() == 6
    subtotals = {code: page.get_by_test_id(f"subtotal-{code}").inner_text() for code in ("I", "II", "II.1", "III", "IV")}
    assert subtotals == {"I": "30,00", "II": "65,50", "II.1": "65,50", "III": "5,00", "IV": "-2,00"}
    expect(page.get_by_test_id("total-bonus")).to_have_text("5,00")
    expect(page.get_by_test_id("total-penalty")).to_have_text("-2,00")
    expect(page.get_by_test_id("total")).to_have_text("98,50")
    expect(page.get_by_test_id("summary-total")).to_have_text("98,50")

    page.reload()
    expect(_points(page, "II.1.a")).to_have_value("35,5")
    expect(page.get_by_test_id("total")).to_have_text("98,50")
    page_log.assert_clean()


def test_conflict_shows_the_other_value_and_keeps_mine(page, page_log, browser, browser_context_args, live_world,
                                                       scoring):
    w = scoring
    _name(w.officer, "Trần Thị", "B")
    _name(w.secretariat, "Nguyễn Văn", "A")
    log_in(page, "officer")
    _open_sheet(page, w.sheet)

    context = browser.new_context(**browser_context_args)
    try:
        other = context.new_page()
        log_in(other, "secretariat")
        _open_sheet(other, w.sheet)
        # Presence: the later arrival sees the officer at once; the officer sees her within a poll.
        expect(other.get_by_test_id("presence")).to_have_text("Đang mở phiếu này: Trần Thị B")
        expect(page.get_by_test_id("presence")).to_have_text("Đang mở phiếu này: Nguyễn Văn A", timeout=25_000)

        _points(other, "I.1").fill("7,5")
        _comment(other, "I.1").fill("Thiếu báo cáo")
        _comment(other, "I.1").press("Enter")
        expect(other.get_by_test_id("state-I.1")).to_have_text("Đã lưu")

        # The officer's page still holds version 0 of the cell.
        _points(page, "I.1").fill("8")
        _comment(page, "I.1").fill("Thiếu hồ sơ")
        _comment(page, "I.1").press("Enter")
        conflict = page.get_by_test_id("conflict-I.1")
        expect(conflict).to_contain_text("Nguyễn Văn A vừa lưu 7,50; giá trị của bạn 8,00 chưa được lưu.")
        expect(conflict).to_contain_text("Nhận xét đang lưu: “Thiếu báo cáo”.")
        expect(page.get_by_test_id("state-I.1")).to_have_text("Xung đột")
        expect(_points(page, "I.1")).to_have_value("8")
        expect(_comment(page, "I.1")).to_have_value("Thiếu hồ sơ")
        assert _cells(w.sheet) == {"I.1": (D("7.50"), "Thiếu báo cáo")}

        events = AuditEvent.objects.filter(event_type="score.saved").count()
        conflict.get_by_role("button", name="Dùng giá trị của tôi").click()
        expect(page.get_by_test_id("state-I.1")).to_have_text("Đã lưu")
        expect(conflict).to_have_count(0)
        assert _cells(w.sheet) == {"I.1": (D("8.00"), "Thiếu hồ sơ")}
        assert AuditEvent.objects.filter(event_type="score.saved").count() == events + 1
        assert AuditEvent.objects.order_by("id").last().actor_id == w.officer.pk
        expect(page.get_by_test_id("total")).to_have_text("8,00")

        # Now the secretariat's page is the stale one; she takes the new value instead of hers.
        _points(other, "I.1").fill("9")
        _points(other, "I.1").press("Enter")
        other_conflict = other.get_by_test_id("conflict-I.1")
        expect(other_conflict).to_contain_text("Trần Thị B vừa lưu 8,00; giá trị của bạn 9,00 chưa được lưu.")
        other_conflict.get_by_role("button", name="Dùng giá trị mới").click()
        expect(_points(other, "I.1")).to_have_value("8")
        expect(_comment(other, "I.1")).to_have_value("Thiếu hồ sơ")
        expect(other.get_by_test_id("total")).to_have_text("8,00")
        expect(other_conflict).to_have_count(0)
        assert _cells(w.sheet) == {"I.1": (D("8.00"), "Thiếu hồ sơ")}
        assert AuditEvent.objects.filter(event_type="score.saved").count() == events + 1
    finally:
        context.close()
    # The 409 answers are expected; nothing else may go wrong on the page.
    assert page_log.csp_violations == [] and page_log.page_errors == []
    assert [r for r in page_log.failed_requests if "→ 409" not in r] == []


def _fill_cross(w, sheet, user, values):
    """Save a cross sheet server-side: {code: (points, comment)}."""
    for code, (points, comment) in values.items():
        save_score(sheet=sheet, criterion=w.c[code], points=points, comment=comment, expected_version=0, user=user)


def _ranking_order(page):
    rows = page.get_by_test_id("ranking-table").locator("tbody tr")
    return [int(rows.nth(i).get_attribute("data-department")) for i in range(rows.count())]


def test_saved_scores_change_the_ranking_after_recompute(page, page_log, live_world, scoring):
    w = scoring
    full = {"I.1": ("10", ""), "I.2": ("20", ""), "II.1.a": ("40", ""), "II.1.b": ("30", "")}
    sheets = {s.scored_id: s for s in ScoreSheet.objects.filter(round=w.round, kind=SheetKind.CROSS)}
    mine = w.sheet.scored_id
    others = [d for d in sheets if d != mine]
    _fill_cross(w, sheets[others[0]], w.secretariat, full)  # 100
    _fill_cross(w, sheets[others[1]], w.secretariat, {**full, "I.1": ("5", "Thiếu")})  # 95
    _fill_cross(w, w.sheet, w.officer, {**full, "II.1.a": ("30", "Thiếu")})  # 90

    log_in(page, "secretariat")
    page.goto(f"/scoring/rounds/{w.round.pk}/ranking/")
    page.get_by_role("button", name="Tính xếp hạng").click()
    expect(page.get_by_role("alert")).to_have_text("Đã tính lại xếp hạng.")
    assert _ranking_order(page) == [others[0], others[1], mine]

    # The unit's inspector raises II.1.a to the maximum and adds the bonus: 105 → first.
    _open_sheet(page, w.sheet)
    _points(page, "II.1.a").fill("40")
    _points(page, "II.1.a").press("Enter")
    expect(page.get_by_test_id("state-II.1.a")).to_have_text("Đã lưu")
    _points(page, "III.1").fill("5")
    _points(page, "III.1").press("Enter")
    expect(page.get_by_test_id("state-III.1")).to_have_text("Đã lưu")
    expect(page.get_by_test_id("total")).to_have_text("105,00")
    expect(page.get_by_test_id("subtotal-II")).to_have_text("70,00")

    page.goto(f"/scoring/rounds/{w.round.pk}/ranking/")
    expect(page.get_by_test_id("stale")).to_be_visible()
    page.get_by_role("button", name="Tính lại xếp hạng").click()
    expect(page).to_have_url(url_path(f"/scoring/rounds/{w.round.pk}/ranking/"))
    assert _ranking_order(page) == [mine, others[0], others[1]]
    first = page.get_by_test_id("ranking-table").locator("tbody tr").first
    expect(first).to_contain_text("105,00")
    page_log.assert_clean()


def test_a_refused_save_says_why_and_keeps_the_value(page, page_log, live_world, scoring):
    w = scoring
    log_in(page, "officer")
    _open_sheet(page, w.sheet)
    ScoringRound.objects.filter(pk=w.round.pk).update(status=RoundStatus.CLOSED)  # closed while the page is open
    _points(page, "I.1").fill("10")
    _points(page, "I.1").press("Enter")
    expect(page.get_by_test_id("state-I.1")).to_have_text("Lỗi")
    expect(page.locator(f"#points-error-{w.c['I.1'].pk}")).to_have_text(
        "Đợt chấm điểm đã đóng; không thể thay đổi điểm.")
    expect(page.get_by_test_id("grid-live")).to_have_text(
        "Không lưu được tiêu chí I.1: Đợt chấm điểm đã đóng; không thể thay đổi điểm.")
    expect(_points(page, "I.1")).to_have_value("10")
    assert not ScoreEntry.objects.exists()

    # Escape puts the saved (empty) value back, and the totals with it.
    _points(page, "I.1").focus()
    expect(page.get_by_test_id("total")).to_have_text("10,00")
    page.keyboard.press("Escape")
    expect(_points(page, "I.1")).to_have_value("")
    expect(page.get_by_test_id("total")).to_have_text("0,00")
    assert page_log.csp_violations == [] and page_log.page_errors == []
