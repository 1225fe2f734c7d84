"""Real-browser fixtures: one gunicorn server and one Chromium for tests/e2e, a context per test.

The browser is Debian's Chromium (`apt-get install chromium`), driven by Playwright for Python
and kept off the network by its flags. Playwright's own browser download is never used: without
Chromium these tests fail, saying how to install it; they are never skipped.

Every context records its pages' console errors, uncaught exceptions and requests; a test fails
at teardown if any page logged an error or asked anything of a host other than the journal's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.servers import Server, running_gunicorn

from .ui import sign_up

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"  # screenshots for a person to look at (gitignored)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# axe findings below "serious", printed at the end of the run (see pytest_terminal_summary).
AXE_MINOR_FINDINGS: list[str] = []
AXE_PAGES: list[str] = []  # every page axe checked, for the same summary


def chromium_path() -> str:
    """Debian's Chromium: $CHROMIUM when set, else `chromium` on the PATH or /usr/bin/chromium."""
    override = os.environ.get("CHROMIUM")
    candidates = [override] if override else [shutil.which("chromium"), "/usr/bin/chromium"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(
        "Chromium was not found, and the browser tests need it. Install Debian's Chromium with "
        "`apt-get install chromium` (or point $CHROMIUM at a Chromium binary). "
        "Never `playwright install`: these tests do not download a browser.",
        pytrace=False,
    )


# Package scope, not session: Playwright's event loop must be gone before the rest of the suite
# runs, or Django's ORM would refuse to run in the database tests collected after these.
@pytest.fixture(scope="package")
def server() -> Iterator[Server]:
    with running_gunicorn(workers=2) as srv:
        yield srv


@pytest.fixture(scope="package")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Recorder:
    """What the pages of one context did that a test must not allow."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        def on_console(message) -> None:
            if message.type == "error":
                self.console_errors.append(f"{page.url}: {message.text}")

        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.console_errors.append(f"{page.url}: {exc}"))

    @property
    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]


@dataclass
class Browsing:
    """Opens browser contexts on the test server; each one recorded (see Recorder)."""

    browser: object
    server: Server
    recorders: list[Recorder] = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def context(self, **options):
        options.setdefault("base_url", self.server.url)
        options.setdefault("viewport", DESKTOP)
        context = self.browser.new_context(**options)
        context.set_default_timeout(10_000)
        recorder = Recorder(self.server.url)
        context.on("page", recorder.attach)
        self.contexts.append(context)
        self.recorders.append(recorder)
        return context

    def page(self, **options):
        return self.context(**options).new_page()

    def check(self) -> None:
        errors = [e for r in self.recorders for e in r.console_errors]
        outside = [u for r in self.recorders for u in r.outside_requests]
        problems = [f"console error: {e}" for e in errors] + [f"request: {u}" for u in outside]
        assert not problems, "pages logged errors or reached outside the journal:\n" + "\n".join(
            problems
        )

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, server) -> Iterator[Browsing]:
    b = Browsing(browser, server)
    yield b
    try:
        b.check()
    finally:
        b.close()


@pytest.fixture
def page(browsing):
    """A fresh desktop page in a fresh context (no cookies), on the test server."""
    return browsing.page()


@pytest.fixture
def signed_up(page) -> object:
    """A page signed in as a new person with an empty journal, on the dashboard."""
    sign_up(page)
    return page


@pytest.fixture(scope="package")
def demo_state(browser, server) -> dict:
    """Cookies of a session logged in as the demo account (seed_demo), shared by read-only tests."""
    server.manage("seed_demo")
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("bone-journal-demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def demo(browsing, demo_state) -> Callable[..., object]:
    """demo(**context_options) -> a page logged in as the demo account."""

    def open_page(**options):
        return browsing.page(storage_state=demo_state, **options)

    return open_page


def pytest_terminal_summary(terminalreporter) -> None:
    if not AXE_PAGES:
        return
    terminalreporter.section("axe-core, WCAG 2.1 AA")
    terminalreporter.write_line(
        f"{len(AXE_PAGES)} page states checked; {len(AXE_MINOR_FINDINGS)} findings below "
        "'serious' (listed, not failures); serious or critical ones fail their test."
    )
    for line in AXE_MINOR_FINDINGS:
        terminalreporter.write_line(line)
