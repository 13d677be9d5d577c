"""Browser tests: Debian's headless Chromium driven by Playwright against pytest-django's live server.

`playwright install` cannot download browsers here, so the launch uses /usr/bin/chromium. Requesting
`live_server` makes the test database transactional, so rows written by the test are visible to the
server's thread; sync Playwright runs an event loop in the test thread, hence DJANGO_ALLOW_ASYNC_UNSAFE
(set in tests/conftest.py).
"""
import pytest
from playwright.sync_api import expect

from tests.factories.accounts import UserFactory

pytest.register_assert_rewrite("tests.e2e.browser")
from tests.e2e.browser import PageLog  # noqa: E402  (after registering it for assertion rewriting)

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    # A Vietnamese browser: LocaleMiddleware would otherwise pick English from Chromium's en-US default.
    return {**browser_context_args, "base_url": live_server.url, "locale": "vi-VN",
            "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def live_world(live_server, world):
    """The shared `world`, written in a transactional database so that the live server sees it."""
    return world


@pytest.fixture
def superuser(live_server):
    return UserFactory(username="quantri", is_superuser=True, is_staff=True)


@pytest.fixture
def page_log(page, live_server):
    return PageLog(page, live_server.url)
