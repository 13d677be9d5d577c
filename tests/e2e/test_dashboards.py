"""Each role signs in through the login page and sees its own dashboard."""
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e

BOOTSTRAP_PRIMARY = "rgb(13, 110, 253)"


def _nav(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def _open_years(page):
    return page.locator("section[aria-labelledby='years-heading'] tbody tr")


def _assert_styled_and_clean(page, page_log):
    # Bootstrap's CSS was served by the app: the navbar has Bootstrap's primary colour.
    expect(page.locator("nav.navbar")).to_have_css("background-color", BOOTSTRAP_PRIMARY)
    page_log.assert_clean()


def test_dashboard_board_lists_bloc_years_of_its_province(page, page_log, live_world):
    w = live_world
    log_in(page, "board")

    expect(page.get_by_test_id("dashboard-role")).to_contain_text("Ban Thi đua - Khen thưởng tỉnh")
    expect(page.get_by_test_id("dashboard-role")).to_contain_text(w.province.name)
    expect(_open_years(page)).to_have_count(2)
    expect(_open_years(page).get_by_role("link", name=w.own.bloc.name, exact=True)).to_be_visible()
    expect(_open_years(page).get_by_role("link", name=w.other.bloc.name, exact=True)).to_be_visible()
    expect(page.get_by_text(w.far.bloc.name)).to_have_count(0)
    expect(_nav(page).get_by_role("link", name="Tài khoản", exact=True)).to_be_visible()
    _assert_styled_and_clean(page, page_log)


def test_dashboard_secretariat_sees_own_bloc_year_waiting_for_setup(page, page_log, live_world):
    w = live_world
    w.own.deputy = None
    w.own.save(update_fields=["deputy"])
    log_in(page, "secretariat")

    expect(page.get_by_test_id("dashboard-role")).to_contain_text("Thư ký khối")
    expect(page.get_by_test_id("dashboard-role")).to_contain_text(w.own.bloc.name)
    waiting = page.get_by_test_id("waiting-list")
    expect(waiting.locator(":scope > li")).to_have_count(1)
    expect(waiting.get_by_role("link", name=f"{w.own.bloc.name} – 2026", exact=True)).to_have_attribute(
        "href", f"/bloc-years/{w.own.pk}/")
    expect(waiting).to_contain_text("Chưa có khối phó")
    expect(waiting).not_to_contain_text("Chưa có khối trưởng")
    expect(_nav(page).get_by_role("link", name="Tài khoản", exact=True)).to_have_count(0)
    _assert_styled_and_clean(page, page_log)


def test_dashboard_officer_sees_own_bloc_year_and_no_accounts_link(page, page_log, live_world):
    w = live_world
    log_in(page, "officer")

    expect(page.get_by_test_id("dashboard-role")).to_contain_text("Cán bộ phụ trách TĐKT của đơn vị")
    expect(page.get_by_test_id("dashboard-role")).to_contain_text(w.own_departments[2].name)
    expect(page.get_by_test_id("waiting-empty")).to_have_text("Không có việc nào đang chờ bạn.")
    expect(_open_years(page)).to_have_count(1)
    expect(_open_years(page).get_by_role("link", name=w.own.bloc.name, exact=True)).to_be_visible()
    expect(_nav(page).get_by_role("link", name="Tỉnh và khối", exact=True)).to_be_visible()
    expect(_nav(page).get_by_role("link", name="Tài khoản", exact=True)).to_have_count(0)
    _assert_styled_and_clean(page, page_log)


def test_dashboard_leader_sees_own_department_and_bloc_year(page, page_log, live_world):
    w = live_world
    log_in(page, "leader")

    expect(page.get_by_test_id("dashboard-role")).to_contain_text("Thủ trưởng đơn vị")
    expect(page.get_by_test_id("dashboard-role")).to_contain_text(w.own_departments[1].name)
    expect(page.get_by_test_id("waiting-empty")).to_be_visible()
    expect(_open_years(page)).to_have_count(1)
    expect(_open_years(page).get_by_role("link", name=w.own.bloc.name, exact=True)).to_be_visible()
    expect(_nav(page).get_by_role("link", name="Tài khoản", exact=True)).to_have_count(0)
    _assert_styled_and_clean(page, page_log)


def test_dashboard_superuser_sees_every_province(page, page_log, live_world, superuser):
    w = live_world
    log_in(page, superuser.username)

    expect(page.get_by_test_id("dashboard-role")).to_contain_text("Quản trị hệ thống")
    expect(_open_years(page)).to_have_count(3)
    for bloc_year in (w.own, w.other, w.far):
        expect(_open_years(page).get_by_role("link", name=bloc_year.bloc.name, exact=True)).to_be_visible()
    expect(_open_years(page).filter(has_text=w.far.bloc.name)).to_contain_text(w.far_province.name)
    expect(_nav(page).get_by_role("link", name="Tài khoản", exact=True)).to_be_visible()
    _assert_styled_and_clean(page, page_log)
