"""The browser's time zone, detected at sign-up (static/js/timezone.js): a person in Auckland
gets an Auckland journal, and what they save lands on their own day, not UTC's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from playwright.sync_api import expect

from .ui import quick_save, sign_up


def profile_zone(page) -> str:
    page.goto("/profile/")
    return page.locator('[name="timezone"]').input_value()


def test_a_browser_in_auckland_signs_up_in_auckland_and_saves_on_its_local_day(browsing):
    page = browsing.page(timezone_id="Pacific/Auckland")
    sign_up(page)
    # The local day as the server must see it; read again after the save in case midnight passed.
    before = dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Auckland")).date()
    quick_save(page, 4, "Lower back")
    after = dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Auckland")).date()
    assert profile_zone(page) == "Pacific/Auckland"
    page.goto("/pain/")
    row = page.locator("ul.entries > li").first
    expect(row).to_contain_text("Lower back")
    shown = {f"{d:%a} {d.day} {d:%b %Y}" for d in (before, after)}
    assert any(text in row.inner_text() for text in shown), (row.inner_text(), shown)
    # And the browser agrees that this is its own day.
    assert page.evaluate("new Date().toLocaleDateString('en-CA')") in {
        d.isoformat() for d in (before, after)
    }


def test_without_javascript_sign_up_keeps_the_default_zone(browsing):
    page = browsing.page(timezone_id="Pacific/Auckland", java_script_enabled=False)
    sign_up(page)
    assert profile_zone(page) == "UTC"
