"""The browser's time zone, detected at sign-up (static/js/timezone.js): a person in Auckland
gets an Auckland journal, and what they save lands on their own day, not UTC's."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, PHONE
from .test_accessibility import axe_check
from .ui import quick_save, sign_up

pytestmark = pytest.mark.e2e


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


def choose_zone(page, zone: str) -> None:
    page.goto("/profile/")
    page.locator('select[name="timezone"]').select_option(zone)
    page.locator("#form").get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Profile saved")


def test_a_device_in_another_zone_is_offered_a_switch_or_keep(browsing):
    page = browsing.page(timezone_id="Pacific/Auckland", viewport=PHONE)
    sign_up(page)
    notice = page.locator("form.zone-notice")
    expect(notice).to_be_hidden()  # the journal is already in the device's zone

    # On the profile, the device's zone is offered first, beside the journal's own.
    choose_zone(page, "Europe/London")
    first_group = page.locator('select[name="timezone"] optgroup').first
    expect(first_group.locator("option")).to_have_text(
        ["Europe/London", "Pacific/Auckland (this device)"]
    )

    page.goto("/")
    expect(notice).to_be_visible()
    expect(notice.locator("h2")).to_have_text("This device is in Pacific/Auckland")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "zone-notice-390.png")
    axe_check(page)
    notice.get_by_role("button", name="Switch to Pacific/Auckland").click()
    expect(page.locator(".messages")).to_contain_text("Your journal now follows Pacific/Auckland")
    expect(notice).to_be_hidden()
    assert profile_zone(page) == "Pacific/Auckland"

    # "Keep" leaves the journal's zone and stops asking for the rest of the session.
    choose_zone(page, "Europe/London")
    page.goto("/")
    notice.get_by_role("button", name="Keep Europe/London").click()
    expect(page.locator(".messages")).to_contain_text("Your journal keeps Europe/London time")
    page.reload()
    expect(notice).to_be_hidden()
    assert profile_zone(page) == "Europe/London"
