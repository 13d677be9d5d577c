"""Issue 7 end to end in Chromium: the Board publishes the province's approved nominations, an officer files a
complaint about an entry, the Board answers it and, once the period is over, sends the list to the Council,
records the decision, and the officer's department sees its award on its timeline."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import Disclosure
from tests.decisions.disclosures.conftest import make_province_year
from tests.e2e.browser import PageLog, log_in, url_path

pytestmark = pytest.mark.e2e


def _alert(page, text):
    expect(page.get_by_role("alert")).to_have_text(text)


def test_publish_complain_answer_send_record_and_see_the_award(page, page_log, browser, browser_context_args,
                                                               live_world, live_server):
    w = make_province_year(live_world)
    unit = w.own_departments[2]  # the officer's department, proposed for the certificate of merit

    # The Board publishes the year's approved nominations, from the navbar.
    log_in(page, "board")
    page.get_by_role("link", name="Công khai khen thưởng").click()
    page.get_by_test_id("publish-link").click()
    expect(page.get_by_role("heading", name="Sẽ công khai: các đề nghị năm 2026 đã được chấp thuận")).to_be_visible()
    expect(page.get_by_role("table", name="Bằng khen của Chủ tịch UBND tỉnh")).to_contain_text(unit.name)
    expect(page.get_by_role("main")).not_to_contain_text(w.own_departments[1].name)  # still under review
    page.get_by_role("button", name="Công khai danh sách").click()
    disclosure = Disclosure.objects.get()
    expect(page).to_have_url(url_path(reverse("decisions:disclosure_detail", args=[disclosure.pk])))
    _alert(page, "Đã công khai danh sách đề nghị khen thưởng.")
    expect(page.get_by_test_id("disclosure-status")).to_have_text("Đang công khai")
    entry = disclosure.entries.get(department=unit)

    # An officer of the department files a complaint about its own entry.
    officer_context = browser.new_context(**browser_context_args)
    try:
        officer = officer_context.new_page()
        officer_log = PageLog(officer, live_server.url)
        log_in(officer, "officer")
        officer.get_by_role("link", name="Công khai khen thưởng").click()
        officer.get_by_role("link", name=disclosure.title).click()
        row = officer.get_by_test_id(f"entry-{entry.pk}")
        row.get_by_text("Gửi ý kiến/khiếu nại").first.click()  # opens the entry's form
        row.get_by_label("Loại").select_option(label="Khiếu nại")
        row.get_by_label("Nội dung").fill("Tên đơn vị trong danh sách chưa đúng tên mới sau sáp nhập.")
        row.get_by_role("button", name="Gửi ý kiến/khiếu nại").click()
        _alert(officer, "Đã gửi ý kiến, khiếu nại tới Ban Thi đua - Khen thưởng.")
        complaint = entry.complaints.get()
        expect(officer.get_by_test_id(f"complaint-{complaint.pk}")).to_contain_text("Chưa được trả lời.")

        # The Board sees why the list cannot go to the Council, and answers.
        page.reload()
        expect(page.get_by_test_id("send-button")).to_be_disabled()
        expect(page.get_by_test_id("send-blockers")).to_contain_text("Còn 1 ý kiến, khiếu nại chưa được trả lời.")
        page.get_by_label("Trả lời của Ban TĐKT").fill("Ban TĐKT đã cập nhật tên đơn vị theo quyết định sáp nhập.")
        page.get_by_test_id(f"answer-form-{complaint.pk}").get_by_role("button", name="Trả lời").click()
        _alert(page, "Đã lưu câu trả lời.")
        expect(page.get_by_test_id("send-blockers")).not_to_contain_text("chưa được trả lời")

        # The period (5 working days) cannot pass inside a test: move the list's dates back by two weeks.
        shift = datetime.timedelta(days=14)
        Disclosure.objects.filter(pk=disclosure.pk).update(published_on=disclosure.published_on - shift,
                                                           closes_on=disclosure.closes_on - shift)
        page.reload()
        expect(page.get_by_test_id("disclosure-status")).to_have_text("Hết thời hạn công khai")
        page.get_by_test_id("send-button").click()
        _alert(page, "Đã trình danh sách lên Hội đồng Thi đua - Khen thưởng.")
        expect(page.get_by_test_id("disclosure-status")).to_have_text("Đã trình Hội đồng")

        # The Board records the Chairman's decision on the list (every entry awarded).
        page.get_by_test_id("record-decision").click()
        page.get_by_label("Số, ký hiệu").fill("15/QĐ-UBND")
        page.get_by_label("Ngày ký").fill(f"{timezone.localdate():%Y-%m-%d}")
        page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Thử")
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        _alert(page, "Đã ghi nhận quyết định; mỗi dòng được khen thưởng đã vào lịch sử khen thưởng.")

        # The officer reads the answer, then finds the award on the department's timeline.
        officer.reload()
        expect(officer.get_by_test_id(f"complaint-{complaint.pk}")).to_contain_text(
            "Ban TĐKT đã cập nhật tên đơn vị theo quyết định sáp nhập.")
        officer.goto(reverse("blocs:department_detail", args=[unit.pk]))
        officer.get_by_role("link", name="Trang khen thưởng của đơn vị").click()
        timeline = officer.get_by_test_id("award-timeline")
        expect(timeline).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")
        expect(timeline).to_contain_text("15/QĐ-UBND")
        expect(officer.get_by_test_id("timeline-count")).to_contain_text("1 khen thưởng còn hiệu lực")
        officer_log.assert_clean()
    finally:
        officer_context.close()
    page_log.assert_clean()
