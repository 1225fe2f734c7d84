"""Journey 10: no page logs a console error or asks anything of a host but the journal's own.

The `browsing` fixture checks this after every browser test; this test walks every page on
purpose, charts and all, and also checks that the recording itself works.
"""

from __future__ import annotations

import pytest

from .test_phone import JOURNAL_PAGES, entry_pages
from .ui import assert_charts_load

pytestmark = pytest.mark.e2e


def test_no_console_errors_and_no_request_outside_the_journal(browsing, demo, server):
    anonymous = browsing.page()
    for path in ("/accounts/login/", "/accounts/signup/", "/guidance/"):
        anonymous.goto(path)
    page = demo()
    for path in JOURNAL_PAGES + entry_pages(page):
        page.goto(path)
        if path.startswith("/?") or path == "/":
            assert_charts_load(page)
            page.locator("#charts").get_by_role("link", name="30 days").click()
            page.locator('#charts [aria-current]:text("30 days")').wait_for()
            assert_charts_load(page)

    recorders = browsing.recorders
    requests = [url for r in recorders for url in r.requests]
    # The recording saw the pages, their style sheet, htmx, the charts and the htmx panels.
    assert any(url.endswith(".css") for url in requests)
    assert any("htmx" in url and url.endswith(".js") for url in requests)
    assert any("/charts/pain.svg?range=30d" in url for url in requests)
    assert any(url == f"{server.url}/?range=30d" for url in requests)  # the charts panel, by htmx
    for url in requests:
        assert url.startswith(server.url + "/"), f"a page asked {url} of another host"
    errors = [e for r in recorders for e in r.console_errors]
    assert not errors, f"console errors: {errors}"
