"""In the browser: the Board imports award history (a bad file first: nothing imported, the row named), reads
the statistics with their charts, and an officer sees the awards on the renamed unit's timeline; strict CSP."""
import datetime

import pytest
from playwright.sync_api import expect

from awards.models import Award
from tests.decisions.history.conftest import XLSX, xlsx
from tests.e2e.conftest import browser_context_args, browser_type_launch_args, live_world, page_log  # noqa: F401,I001
from tests.e2e.browser import log_in  # after the conftest, which registers it for assertion rewriting

pytestmark = pytest.mark.e2e
D = datetime.date
ROWS = [(2019, "Sở Văn hóa", "co_thi_dua_tinh", None, "12/QĐ-UBND", D(2020, 1, 10)),
        (2020, "SVHTT", "Cờ thi đua của UBND tỉnh", None, "15/QĐ-UBND", D(2021, 1, 12))]


def _file(rows):
    return {"name": "lich-su.xlsx", "mimeType": XLSX, "buffer": xlsx(rows).read()}


def test_board_imports_history_and_an_officer_reads_the_timeline(page, page_log, live_world, history):  # noqa: F811
    w = history
    log_in(page, "board")
    page.goto("/decisions/history/")
    page.get_by_test_id("import-link").click()
    expect(page.get_by_test_id("template-link")).to_be_visible()
    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(
        _file([*ROWS, (2020, "Sở Không Có", "co_thi_dua_tinh", None, "1/QĐ", D(2021, 1, 1))]))
    page.get_by_role("button", name="Nhập lịch sử khen thưởng").click()
    expect(page.get_by_test_id("import-errors")).to_contain_text(
        f"Dòng 4: không tìm thấy đơn vị “Sở Không Có” trong {w.province.name}.")
    assert Award.objects.count() == 0
    page.get_by_label("Tệp Excel (.xlsx) theo mẫu").set_input_files(_file(ROWS))
    page.get_by_role("button", name="Nhập lịch sử khen thưởng").click()
    expect(page.get_by_role("alert").first).to_have_text(f"Đã nhập 2 khen thưởng vào lịch sử của {w.province.name}.")
    expect(page.get_by_test_id("history-table").locator("tbody tr")).to_have_count(2)

    page.get_by_role("link", name="Thống kê khen thưởng").click()
    expect(page.get_by_test_id("total")).to_contain_text("2 khen thưởng còn hiệu lực")
    expect(page.locator("svg#awards-by-type")).to_be_visible()
    expect(page.locator("svg#awards-by-year")).to_be_visible()
    expect(page.get_by_test_id("by-bloc").locator("tbody tr")).to_have_count(1)
    page_log.assert_clean()

    page.context.clear_cookies()
    log_in(page, "officer")
    page.goto(f"/decisions/history/departments/{w.culture.pk}/")
    timeline = page.get_by_test_id("award-timeline")
    expect(timeline.get_by_test_id("timeline-predecessors")).to_contain_text("Sở Văn hóa")
    expect(timeline.locator("tbody tr")).to_have_count(2)
    expect(timeline).to_contain_text("đơn vị tiền thân")
    page_log.assert_clean()
