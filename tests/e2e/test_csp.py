"""The strict Content-Security-Policy holds on the busiest pages: no violation, no script error."""
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e


def test_dashboard_and_bloc_year_page_run_under_csp_without_errors(page, page_log, live_world):
    w = live_world
    w.own.deputy = None  # so the dashboard's "waiting" list is rendered too
    w.own.save(update_fields=["deputy"])
    log_in(page, "secretariat")

    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    expect(page.get_by_test_id("waiting-list")).to_be_visible()

    page.get_by_test_id("waiting-list").get_by_role("link").click()
    expect(page.get_by_test_id("add-member-form")).to_be_visible()
    expect(page.get_by_test_id("conferences-table")).to_be_visible()
    # htmx and Bootstrap's bundle loaded and ran (they are served by the app, not a CDN).
    assert page.evaluate("() => typeof window.htmx === 'object' && typeof window.bootstrap === 'object'")

    assert page_log.csp_violations == []
    assert page_log.page_errors == []
    assert page_log.console_errors == []
    assert page_log.failed_requests == []
