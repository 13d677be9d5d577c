"""The language switcher (a select submitted by static/js/app.js) changes the interface language."""
import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in, url_path

pytestmark = pytest.mark.e2e


def test_language_switcher_changes_to_english_and_back(page, page_log, live_world):
    log_in(page, "officer")
    html = page.locator("html")
    switcher = page.get_by_label("Ngôn ngữ")
    expect(html).to_have_attribute("lang", "vi")

    switcher.select_option("en")
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(url_path("/"))
    expect(page.locator("#language-select")).to_have_value("en")

    page.locator("#language-select").select_option("vi")
    expect(html).to_have_attribute("lang", "vi")
    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_label("Ngôn ngữ")).to_have_value("vi")
    page_log.assert_clean()
