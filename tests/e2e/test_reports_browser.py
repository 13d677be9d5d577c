"""Signing in Chromium: a leader takes a test certificate, requests the year-end report of its bloc, waits for
it on the report's page, signs it with its passphrase, downloads it, and the downloaded file verifies on the
verification page (intact, trusted, issued by the system). Celery runs eagerly here; the real worker has its
own tests (tests/reports/worker/)."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.models import Report, Signature
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e
PASSPHRASE = "mat-khau-ky-so-2026"


def test_leader_requests_signs_downloads_and_verifies(page, page_log, live_world, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SIGNING_TEST_CA = True
    live_world.leader.first_name, live_world.leader.last_name = "Trần Thị", "Bình"
    live_world.leader.save()
    log_in(page, "leader")

    page.get_by_role("link", name="Chứng thư số").click()
    page.get_by_label("Mật khẩu bảo vệ chứng thư").fill(PASSPHRASE)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSPHRASE)
    page.get_by_role("button", name="Cấp chứng thư thử nghiệm").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã cấp chứng thư thử nghiệm")
    expect(page.get_by_test_id("certificates")).to_contain_text("Trần Thị Bình")

    page.goto(reverse("reports:bloc_year_documents", args=[live_world.own.pk]))
    page.get_by_test_id("document-year_end").get_by_role("button", name="Tạo văn bản").click()
    expect(page.get_by_test_id("download")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("status-label")).to_have_text("Hoàn thành")

    form = page.get_by_test_id("sign-form")
    form.get_by_label("Mật khẩu chứng thư số").fill("sai-mat-khau")
    form.get_by_role("button", name="Ký số").click()
    expect(page.get_by_text("Mật khẩu của tệp chứng thư số không đúng.")).to_be_visible()
    assert Signature.objects.count() == 0
    page.get_by_test_id("sign-form").get_by_label("Mật khẩu chứng thư số").fill(PASSPHRASE)
    page.get_by_test_id("sign-form").get_by_role("button", name="Ký số").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ký số văn bản.")
    expect(page.get_by_test_id("slot-sig-deputy")).to_contain_text("Trần Thị Bình")
    expect(page.get_by_test_id("download")).to_have_text("Tải văn bản đã ký (PDF)")

    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    path = tmp_path / "da-ky.pdf"
    info.value.save_as(path)
    report = Report.objects.get()
    assert path.read_bytes()[:5] == b"%PDF-"

    page.get_by_role("link", name="Kiểm tra chữ ký", exact=True).click()
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-all-ok", "true")
    expect(page.get_by_test_id("verdict")).to_contain_text("Mọi chữ ký đều nguyên vẹn, đáng tin cậy")
    expect(page.get_by_test_id("issued")).to_have_attribute("data-issued", "true")
    expect(page.get_by_test_id("issued")).to_contain_text(report.title)
    signature = page.get_by_test_id("signature-1")
    expect(signature).to_have_attribute("data-intact", "true")
    expect(signature).to_have_attribute("data-trusted", "true")
    expect(signature).to_contain_text("Trần Thị Bình")
    page_log.assert_clean()
