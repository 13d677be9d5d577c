"""Two leaders sign the pledge in their browsers; the pledge page then shows both signatures."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scoring.models import PledgeSignature
from tests.e2e.browser import log_in, url_path
from tests.scoring.pledges.conftest import make_ready, open_pledge, register_all

pytestmark = pytest.mark.e2e


def _sign_in_browser(page, w, department):
    page.goto(f"/scoring/bloc-years/{w.own.pk}/pledge/")
    row = page.get_by_test_id(f"member-{department.pk}")
    expect(row.get_by_test_id("signature")).to_have_text("chưa ký")
    row.get_by_role("link", name="Ký giao ước").click()
    expect(page.get_by_role("heading", name="Ký giao ước thi đua", level=1)).to_be_visible()
    text = page.get_by_test_id("text-to-sign")
    expect(text.get_by_test_id("pledge-contents")).to_have_text("Thi đua hoàn thành xuất sắc nhiệm vụ năm 2026.")
    expect(text.get_by_test_id("own-targets")).to_have_text(
        f"Chỉ tiêu của đơn vị {w.own_departments.index(department)}")
    page.get_by_role("button", name="Xác nhận ký giao ước").click()
    expect(page).to_have_url(url_path(f"/scoring/bloc-years/{w.own.pk}/pledge/"))
    expect(page.get_by_role("alert")).to_have_text("Đã ký giao ước thay mặt đơn vị.")


def _signature_text(department, name):
    signature = PledgeSignature.objects.get(department=department)
    return f"{name}, {timezone.localtime(signature.signed_at):%d/%m/%Y %H:%M}"


def test_two_leaders_sign_and_the_page_shows_both(page, page_log, browser, browser_context_args, live_world):
    w = make_ready(live_world)
    register_all(w, open_pledge(w))
    first, second = w.own_departments[1], w.own_departments[0]

    log_in(page, "leader")
    _sign_in_browser(page, w, first)
    expect(page.get_by_test_id(f"member-{first.pk}").get_by_test_id("signature")).to_have_text(
        _signature_text(first, "Người dùng"))

    context = browser.new_context(**browser_context_args)
    try:
        other = context.new_page()
        log_in(other, "leader0")
        _sign_in_browser(other, w, second)
    finally:
        context.close()

    page.reload()
    for department, name in ((first, "Người dùng"), (second, "Nguyễn Văn An")):
        expect(page.get_by_test_id(f"member-{department.pk}").get_by_test_id("signature")).to_have_text(
            _signature_text(department, name))
    expect(page.get_by_test_id(f"member-{w.own_departments[2].pk}").get_by_test_id("signature")).to_have_text(
        "chưa ký")
    expect(page.get_by_test_id("pledge-status")).to_contain_text("2/3 đơn vị đã ký")
    expect(page.get_by_role("link", name="Ký giao ước")).to_have_count(0)
    page_log.assert_clean()
