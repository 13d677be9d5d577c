"""Signing in and out: by keyboard alone, the skip link first in the tab order, the logout button."""
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import PASSWORD, log_in, url_path

pytestmark = pytest.mark.e2e

# What the browser puts in the tab order; the skip link must come before everything else.
FOCUSABLE = ("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
             "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])")


def _tab_to(page, locator, limit=15):
    """Press Tab until `locator` has the focus (the login page may autofocus the first field already)."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} never received the focus after {limit} Tab presses")


def test_login_with_keyboard_only(page, page_log, live_world):
    page.goto("/accounts/login/")
    username = page.get_by_label("Tên đăng nhập")
    _tab_to(page, username)
    page.keyboard.type("officer")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mật khẩu")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_role("heading", name="Việc cần làm", level=1)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("Cán bộ phụ trách TĐKT của đơn vị")
    page_log.assert_clean()


def test_skip_link_is_first_in_tab_order_on_login_page(page, live_server):
    page.goto("/accounts/login/")
    first = page.locator(FOCUSABLE).first
    expect(first).to_have_class("visually-hidden-focusable skip-link")
    expect(first).to_have_attribute("href", "#main")
    expect(first).to_have_text("Bỏ qua đến nội dung chính")


def test_skip_link_is_first_tab_stop_and_jumps_to_main(page, page_log, live_world):
    log_in(page, "officer")
    page.goto("/")  # a fresh load, so the tab order starts at the top of the document
    skip = page.get_by_role("link", name="Bỏ qua đến nội dung chính")
    expect(skip).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page_log.assert_clean()


def test_logout_button_returns_to_login_page(page, page_log, live_world):
    log_in(page, "leader")
    page.get_by_role("button", name="Đăng xuất").click()

    expect(page).to_have_url(url_path("/accounts/login/"))
    expect(page.get_by_role("heading", name="Đăng nhập", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(url_path("/accounts/login/"))
    page_log.assert_clean()
