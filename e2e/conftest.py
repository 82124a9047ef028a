"""Browser journeys against a live server with demo data (Debian Chromium, never a download).

Every test gets `ui`: a page whose requests are recorded (any host other than the test server
fails the test: DSGVO), whose console errors and failed sub-resources fail the test (CSP), and
whose every visited page must be audited with axe-core (WCAG 2.1 AA, 0 violations).
"""

from __future__ import annotations

import email
import os
import re
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from .support import (
    ARTIFACTS,
    AXE_TAGS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    LEGAL_LINKS,
    RESULTS,
    LiveServer,
    axe_source,
    format_violations,
    is_same_origin,
    without_fragment,
)

# Playwright's sync API runs an event loop in this thread; the tests never touch the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    server = LiveServer(var_dir=tmp_path_factory.mktemp("e2e-var"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test-e2e does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_js():
    return axe_source()


class UI:
    """A browser tab plus the checks every journey needs."""

    def __init__(self, browser, live: LiveServer, axe_js: str, viewport=DESKTOP):
        self.live = live
        self.base_url = live.url
        self.axe_js = axe_js
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.problems: list[str] = []
        self.navigations: list[str] = []
        self.audited: set[int] = set()
        self.email = ""  # who is signed in through login()
        self.context = browser.new_context(
            base_url=live.url, viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin"
        )
        self.context.set_default_timeout(15_000)
        self.context.on("request", self._on_request)
        self.context.route(lambda url: not is_same_origin(url, self.base_url), self._block)
        self.page = self.new_page()

    # -- recording ---------------------------------------------------------------------------
    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.problems.append(f"JavaScript error: {exc}"))
        page.on("response", self._on_response)
        page.on("framenavigated", lambda frame: self._on_navigated(page, frame))
        return page

    def _on_request(self, request):
        self.requests.append(request.url)
        if not is_same_origin(request.url, self.base_url):
            self.foreign.append(request.url)

    def _block(self, route):
        self.foreign.append(route.request.url)
        route.abort()

    def _on_console(self, message):
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.problems.append(f"console error on {message.location.get('url')}: {message.text}")

    def _on_response(self, response):
        if response.request.resource_type != "document" and response.status >= 400:
            self.problems.append(
                f"{response.status} for {response.request.resource_type} {response.url}"
            )

    def _on_navigated(self, page, frame):
        if frame != page.main_frame:
            return
        url = without_fragment(frame.url)
        if self.navigations and self.navigations[-1] == url:
            return  # same page again (HTMX history push) or only the fragment changed
        self.navigations.append(url)

    # -- navigation --------------------------------------------------------------------------
    def goto(self, path: str, status: int = 200, audit: bool = True):
        response = self.page.goto(path)
        assert response is not None
        assert response.status == status, f"GET {path}: {response.status}, expected {status}"
        if audit:
            self.audit()
        return response

    def submit(self, locator, audit: bool = True):
        """Click a submit button or link that loads a new page, then audit that page."""
        with self.page.expect_navigation():
            locator.click()
        if audit:
            self.audit()

    def press_and_load(self, locator, key: str = "Enter", audit: bool = True):
        """Keyboard only: press `key` on the focused `locator` and wait for the next page."""
        with self.page.expect_navigation():
            locator.press(key)
        if audit:
            self.audit()

    def login(self, email_address: str, password: str = DEMO_PASSWORD):
        """Sign in through the form, once per person and run: later tabs reuse the session
        cookie (fewer sign-ins, so allauth's 30 per minute limit never bites)."""
        self.email = email_address
        if email_address in self.live.sessions:
            self.context.add_cookies(self.live.sessions[email_address])
            return
        self.goto("/konto/login/")
        form = self.page.locator("form").filter(has=self.page.locator("input[name=login]"))
        form.locator("input[name=login]").fill(email_address)
        form.locator("input[name=password]").fill(password)
        self.submit(form.locator("button[type=submit]").last)
        expect(self.page.locator("input[name=login]")).to_have_count(0)
        self.live.sessions[email_address] = self.context.cookies()

    def logout(self):
        self.live.sessions.pop(self.email, None)  # the session ends server-side
        with self.page.expect_navigation():
            self.page.locator("header form button[type=submit]", has_text="Abmelden").click()
        if "/konto/logout/" in self.page.url:
            self.submit(self.page.locator("main form button[type=submit]"))

    # -- checks ------------------------------------------------------------------------------
    def audit(self, page: Page | None = None):
        """axe-core with WCAG 2.0/2.1 A and AA rules: zero violations, or a readable failure."""
        page = page or self.page
        page.wait_for_load_state("load")
        if page.evaluate("typeof window.axe") == "undefined":
            page.evaluate(self.axe_js)
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        if page is self.page and self.navigations:
            self.audited.add(len(self.navigations) - 1)
        RESULTS.record_axe(page.url, result)
        violations = result["violations"]
        assert not violations, format_violations(page.url, violations)
        assert page.title().strip(), f"{page.url} has no <title>"
        missing = page.evaluate(
            "(hrefs) => hrefs.filter(h => !document.querySelector(`footer a[href='${h}']`))",
            LEGAL_LINKS,
        )
        assert not missing, f"{page.url}: footer lacks links to {missing}"

    def assert_reflows(self):
        """WCAG 1.4.10: no horizontal scrolling of the page at the current width."""
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} scrolls horizontally by {overflow}px"

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        folder = ARTIFACTS / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def mails_to(self, address: str) -> list[email.message.EmailMessage]:
        messages = []
        for raw in self.live.mails_to(address):
            messages.append(email.message_from_string(raw.strip(), policy=policy.default))
        return messages

    def link_in_last_mail(self, address: str, pattern: str) -> str:
        mails = self.mails_to(address)
        assert mails, f"no e-mail to {address}"
        body = mails[-1].get_body(preferencelist=("plain",)).get_content()
        match = re.search(pattern, body)
        assert match, f"no link matching {pattern!r} in:\n{body}"
        return match.group(0)

    # -- teardown ----------------------------------------------------------------------------
    def verify(self):
        errors = []
        if self.foreign:
            errors.append(
                "Requests to third parties (DSGVO): " + ", ".join(sorted(set(self.foreign)))
            )
        errors.extend(self.problems)
        unaudited = [url for i, url in enumerate(self.navigations) if i not in self.audited]
        if unaudited:
            errors.append("Pages visited without an axe-core audit: " + ", ".join(unaudited))
        assert not errors, "\n".join(errors)

    def close(self):
        self.context.close()


def pytest_sessionfinish(session, exitstatus):
    """Export this run's axe-core and Nu checker results for the accessibility statement."""
    RESULTS.write()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def make_ui(request, browser, live, axe_js):
    """Factory for extra tabs/people in one test (e.g. office and municipality side by side)."""
    uis: list[UI] = []

    def make(viewport=DESKTOP) -> UI:
        ui = UI(browser, live, axe_js, viewport=viewport)
        uis.append(ui)
        return ui

    yield make
    if getattr(request.node, "e2e_failed", False):
        for number, ui in enumerate(uis):  # what each person saw when the test failed
            ui.screenshot(f"failed/{request.node.name}-{number}")
    try:
        for ui in uis:
            ui.verify()
    finally:
        for ui in uis:
            ui.close()


@pytest.fixture
def ui(make_ui) -> UI:
    return make_ui()
