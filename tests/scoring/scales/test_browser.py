"""In the browser: the secretariat copies the province template, reorders it in place, edits a criterion."""
import pytest
from playwright.sync_api import expect

from scoring.exporters.scales import XLSX_CONTENT_TYPE, export_scale
from scoring.models import ScoringScale
from tests.e2e.browser import log_in, url_path
from tests.scoring.scales.test_excel import workbook

pytestmark = pytest.mark.e2e


def codes(page):
    return page.get_by_test_id("criteria-table").locator("tbody th[scope=row]")


def test_secretariat_copies_reorders_and_edits_the_scale(page, page_log, live_world, template):
    w = live_world
    log_in(page, "secretariat")
    page.goto(f"/scoring/bloc-years/{w.own.pk}/scale/")
    expect(page.get_by_test_id("no-scale")).to_have_text("Năm thi đua chưa có thang điểm.")
    page.get_by_role("combobox", name="Thang điểm mẫu của tỉnh").select_option(label="Mẫu của tỉnh")
    page.get_by_role("button", name="Sao chép vào năm thi đua").click()

    expect(page.get_by_role("alert")).to_have_text(
        "Đã sao chép thang điểm mẫu; thư ký khối có thể điều chỉnh trước khi ký giao ước.")
    expect(codes(page)).to_have_text(["I", "I.1", "I.2", "II", "II.1", "II.1.a", "II.1.b", "II.2", "T", "T.1",
                                      "TR", "TR.1"])
    expect(page.get_by_test_id("scale-valid")).to_be_visible()

    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="↑ Chuyển I.2 lên").click()
    expect(codes(page).nth(1)).to_have_text("I.2")
    assert page.evaluate("window.notReloaded") is True  # the tree was swapped in place by htmx
    expect(page).to_have_url(url_path(f"/scoring/bloc-years/{w.own.pk}/scale/"))

    page.get_by_role("link", name="Sửa I.1").click()
    page.get_by_label("Điểm tối đa").fill("30")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").first).to_have_text("Đã lưu tiêu chí.")
    expect(page.get_by_test_id("scale-problems").locator("li")).to_have_text([
        "“I”: điểm tối đa 60 khác tổng điểm các tiêu chí con (50).",
        "Tổng điểm các tiêu chí chấm điểm là 90, khác tổng điểm của thang điểm (100).",
    ])
    scale = ScoringScale.objects.get(bloc_year=w.own)
    assert [c.code for c in scale.criteria.filter(parent__code="I").order_by("position")] == ["I.2", "I.1"]
    page_log.assert_clean()


def test_board_creates_a_template_from_an_excel_file(page, page_log, live_world, template):
    w = live_world
    log_in(page, "board")
    page.goto(f"/scoring/provinces/{w.province.pk}/scale-templates/add/")
    page.get_by_label("Tên thang điểm").fill("Mẫu nhập từ Excel")
    page.get_by_label("Tệp Excel").set_input_files(
        {"name": "sai.xlsx", "mimeType": XLSX_CONTENT_TYPE, "buffer": workbook(("I", "Nhóm", "abc")).getvalue()})
    page.get_by_role("button", name="Tạo thang điểm mẫu").click()
    expect(page.get_by_text("Dòng 4: điểm tối đa 'abc' không phải là số")).to_be_visible()
    assert not ScoringScale.objects.filter(name="Mẫu nhập từ Excel").exists()

    page.get_by_label("Tệp Excel").set_input_files(
        {"name": "mau.xlsx", "mimeType": XLSX_CONTENT_TYPE, "buffer": export_scale(template)})
    page.get_by_role("button", name="Tạo thang điểm mẫu").click()
    expect(page.get_by_role("alert")).to_have_text("Đã tạo thang điểm mẫu.")
    expect(codes(page)).to_have_count(12)
    expect(page.get_by_test_id("scale-total")).to_have_text("100")
    page_log.assert_clean()
