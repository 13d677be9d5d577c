"""Helpers the browser tests share: signing in through the real form, and watching a page for errors."""
import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

PASSWORD = "matkhau-thu-nghiem"


def url_path(path):
    """A pattern matching any absolute URL of the live server whose path is exactly `path`."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(\?.*)?$")


def log_in(page, username, password=PASSWORD):
    """Sign in through the login page (django-axes refuses `client.login`) and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(url_path("/"))
    expect(page.get_by_role("heading", name="Việc cần làm", level=1)).to_be_visible()


class PageLog:
    """Console errors and warnings, uncaught exceptions and failed same-origin requests of one page."""

    def __init__(self, page, origin):
        self.origin = origin.rstrip("/")
        self.console, self.page_errors, self.failed_requests = [], [], []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("requestfailed", lambda request: self._on_failure(request.url, request.failure))
        page.on("response", self._on_response)

    def _on_console(self, message):
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def _on_response(self, response):
        if response.status >= 400:
            self._on_failure(response.url, response.status)

    def _on_failure(self, url, reason):
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            self.failed_requests.append(f"{url} → {reason}")

    @property
    def csp_violations(self):
        return [line for line in self.console if "Content Security Policy" in line]

    @property
    def console_errors(self):
        return [line for line in self.console if line.startswith("error:")]

    def assert_clean(self):
        assert self.csp_violations == []
        assert self.page_errors == []
        assert self.console_errors == []
        assert self.failed_requests == []
