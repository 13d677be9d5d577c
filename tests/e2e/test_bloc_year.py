"""The secretariat manages its bloc-year through the pages: adds a member, then a conference."""
import datetime

import pytest
from playwright.sync_api import expect

from blocs.enums import ConferenceKind
from blocs.models import Conference, Membership
from tests.e2e.browser import log_in, url_path

pytestmark = pytest.mark.e2e


def test_secretariat_adds_member_and_conference_through_pages(page, page_log, live_world):
    w = live_world
    log_in(page, "secretariat")
    page.goto(f"/bloc-years/{w.own.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{w.own.bloc.name} – năm 2026")

    form = page.get_by_test_id("add-member-form")
    form.get_by_label("Đơn vị").select_option(label=w.unassigned.name)
    form.get_by_role("button", name="Thêm thành viên").click()

    expect(page).to_have_url(url_path(f"/bloc-years/{w.own.pk}/"))
    expect(page.get_by_role("alert")).to_have_text("Đã thêm đơn vị thành viên.")
    members = page.get_by_test_id("members-table").locator("tbody tr")
    expect(members).to_have_count(4)
    expect(members.get_by_role("link", name=w.unassigned.name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="4 đơn vị thành viên")).to_be_visible()
    assert list(Membership.objects.filter(bloc_year=w.own, department=w.unassigned)
                .values_list("year", "name_at_time")) == [(2026, w.unassigned.name)]

    page.get_by_role("link", name="Thêm hội nghị").click()
    expect(page.get_by_role("heading", name="Thêm hội nghị", level=1)).to_be_visible()
    page.get_by_label("Loại hội nghị").select_option(ConferenceKind.PLEDGE_SIGNING.value)
    page.get_by_label("Ngày tổ chức").fill("2026-03-15")
    page.get_by_label("Đơn vị đăng cai").select_option(label=w.unassigned.name)
    page.get_by_label("Địa điểm").fill("Hội trường Ủy ban nhân dân tỉnh")
    page.get_by_role("button", name="Lưu").click()

    expect(page).to_have_url(url_path(f"/bloc-years/{w.own.pk}/"))
    expect(page.get_by_role("alert")).to_have_text("Đã lưu hội nghị.")
    conferences = page.get_by_test_id("conferences-table").locator("tbody tr")
    expect(conferences).to_have_count(1)
    expect(conferences.locator("td")).to_have_text(
        ["Hội nghị ký kết giao ước", "15/03/2026", w.unassigned.name, "Hội trường Ủy ban nhân dân tỉnh", "",
         "Sửa Xóa"])
    assert list(Conference.objects.filter(bloc_year=w.own).values_list("kind", "date", "host", "place")) == [
        (ConferenceKind.PLEDGE_SIGNING, datetime.date(2026, 3, 15), w.unassigned.pk,
         "Hội trường Ủy ban nhân dân tỉnh")]
    page_log.assert_clean()
