"""Documents in Chromium: the secretariat writes the year-end report's texts, asks for the report while the
queue's broker is down, watches the page tell it so and then follow the job by itself (htmx, no reload by hand)
once the broker is back, and downloads the PDF, which carries the text it wrote."""
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports import tasks
from reports.models import Report
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e


def test_write_request_wait_and_download(page, page_log, live_world, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    monkeypatch.setattr(tasks.task_render_report, "apply_async",
                        lambda *a, **k: (_ for _ in ()).throw(ConnectionRefusedError("redis is down")))
    log_in(page, "secretariat")
    page.goto(reverse("blocs:bloc_year_detail", args=[live_world.own.pk]))
    page.get_by_test_id("emulation-links").get_by_role("link", name="Báo cáo, văn bản").click()
    row = page.get_by_test_id("document-year_end")
    row.get_by_role("link", name="Soạn nội dung Báo cáo tổng kết năm").click()
    page.get_by_label("Kết quả đạt được").fill("Các đơn vị hoàn thành vượt mức chỉ tiêu năm.")
    page.get_by_label("Địa danh").fill("Tam Kỳ")
    page.get_by_role("button", name="Lưu nội dung").click()
    expect(page.get_by_role("alert")).to_have_text("Đã lưu nội dung văn bản. Lần tạo văn bản sau sẽ dùng nội dung này.")

    page.get_by_test_id("document-year_end").get_by_role("button", name="Tạo văn bản").click()
    expect(page.get_by_test_id("waiting")).to_contain_text("Hệ thống hàng đợi đang tạm ngừng")
    expect(page.get_by_test_id("status-label")).to_have_text("Đang chờ xử lý")

    monkeypatch.undo()  # the broker is back: the next poll hands the job over and the page reloads itself
    expect(page.get_by_test_id("download")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("status-label")).to_have_text("Hoàn thành")
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    path = tmp_path / "bao-cao.pdf"
    info.value.save_as(path)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    assert "Các đơn vị hoàn thành vượt mức chỉ tiêu năm." in text and "Tam Kỳ" in text
    assert Report.objects.get().status == "done"
    page_log.assert_clean()
