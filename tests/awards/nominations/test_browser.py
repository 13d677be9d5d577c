"""A nomination's round trip in Chromium: the secretariat prepares and submits it, the Board returns it with a
comment, the secretariat resubmits it, the Board approves it; the comment and the history stay visible."""
import pytest
from playwright.sync_api import expect

from awards.enums import NominationStatus as S
from awards.models import Nomination
from tests.awards.nominations.conftest import PDF, make_year_end
from tests.e2e.browser import PageLog, log_in, url_path

pytestmark = pytest.mark.e2e


def _act(page, action, button, message, comment=None):
    form = page.get_by_test_id(f"action-{action}")
    if comment is not None:
        form.get_by_role("textbox").fill(comment)
    form.get_by_role("button", name=button).click()
    expect(page.get_by_role("alert")).to_have_text(message)


def test_prepare_submit_return_resubmit_approve(page, page_log, browser, browser_context_args, live_world,
                                               live_server):
    w = make_year_end(live_world)
    unit = w.own_departments[0].name

    log_in(page, "secretariat")
    page.goto(f"/awards/bloc-years/{w.own.pk}/nominations/")
    chosen = page.get_by_test_id(f"chosen-{w.round.pk}-{w.own_departments[0].pk}")
    expect(chosen).to_contain_text("3/3")
    expect(chosen).to_contain_text("đủ điều kiện")
    chosen.get_by_role("link", name=f"Lập đề nghị {unit}").click()
    expect(page.get_by_label("Hình thức khen thưởng")).to_have_value(str(w.flag.pk))
    page.get_by_label("Tóm tắt thành tích").fill("Dẫn đầu khối, hoàn thành xuất sắc nhiệm vụ năm 2026.")
    page.get_by_label("Báo cáo thành tích (PDF)").set_input_files(
        {"name": "bao-cao-thanh-tich.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.get_by_role("button", name="Lập đề nghị").click()
    nomination = Nomination.objects.get()
    expect(page).to_have_url(url_path(f"/awards/nominations/{nomination.pk}/"))
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đang chuẩn bị")
    expect(page.get_by_test_id("quota-line")).to_have_text(
        "Cờ thi đua của UBND tỉnh: 0/1 đã sử dụng (0 đã chấp thuận).")
    _act(page, "submit", "Gửi Ban Thi đua - Khen thưởng", "Đã gửi đề nghị tới Ban Thi đua - Khen thưởng.")
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã gửi Ban TĐKT")

    board_context = browser.new_context(**browser_context_args)
    try:
        board = board_context.new_page()
        board_log = PageLog(board, live_server.url)
        log_in(board, "board")
        board.goto(f"/awards/nominations/{nomination.pk}/")
        expect(board.get_by_test_id("dossier")).to_contain_text("Dẫn đầu khối, hoàn thành xuất sắc nhiệm vụ năm 2026.")
        _act(board, "start_review", "Bắt đầu xem xét", "Đã bắt đầu xem xét đề nghị.")
        _act(board, "return", "Trả lại để bổ sung", "Đã trả lại đề nghị để bổ sung.",
             comment="Bổ sung biên bản họp bình xét của khối.")

        page.reload()
        expect(page.get_by_test_id("nomination-status")).to_have_text("Trả lại để bổ sung")
        expect(page.get_by_test_id("history")).to_contain_text("Bổ sung biên bản họp bình xét của khối.")
        _act(page, "resubmit", "Gửi lại Ban Thi đua - Khen thưởng", "Đã gửi lại đề nghị tới Ban Thi đua - Khen thưởng.",
             comment="Đã bổ sung biên bản.")

        board.reload()
        _act(board, "start_review", "Bắt đầu xem xét", "Đã bắt đầu xem xét đề nghị.")
        _act(board, "approve", "Chấp thuận", "Đã chấp thuận đề nghị.")
        expect(board.get_by_test_id("nomination-status")).to_have_text("Đã chấp thuận")
        expect(board.get_by_test_id("actions")).to_have_count(0)
        board_log.assert_clean()
    finally:
        board_context.close()

    page.reload()
    expect(page.get_by_test_id("nomination-status")).to_have_text("Đã chấp thuận")
    steps = page.get_by_test_id("event")
    expect(steps).to_have_count(7)
    expect(steps.nth(3)).to_contain_text("Ban TĐKT đang xem xét → Trả lại để bổ sung")
    expect(steps.nth(3).get_by_test_id("event-comment")).to_have_text("Bổ sung biên bản họp bình xét của khối.")
    expect(steps.nth(4).get_by_test_id("event-comment")).to_have_text("Đã bổ sung biên bản.")
    expect(steps.nth(6)).to_contain_text("Ban TĐKT đang xem xét → Đã chấp thuận")
    assert Nomination.objects.get().status == S.APPROVED
    page_log.assert_clean()
