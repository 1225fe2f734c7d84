"""Issue 12, the daily minute, in a real browser: the flags panel's "Discussed with my clinician"
(the flag folds away and comes back by itself when a new entry is logged behind it); screenshots
of the flags panel at phone and desktop widths land in test-output/ for a person to look at."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, PHONE
from .ui import quick_save, sign_up

pytestmark = pytest.mark.e2e

FLAG = '#flags > ul.flags details[data-flag="bone.osteoporosis"]'
DISCUSSED = '#flags-discussed details[data-flag="bone.osteoporosis"]'


def save_scan(page, spine: str, date: str | None = None) -> None:
    page.goto("/dexa/new/")
    if date:
        page.get_by_label("Date").fill(date)
    page.get_by_label("Lumbar spine T-score").fill(spine)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved the DEXA scan")


def shot(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    # The viewport with the panel in it (an element screenshot injects a style the CSP refuses).
    page.locator("#flags").scroll_into_view_if_needed()
    page.screenshot(path=OUTPUT / f"{name}.png", caret="initial")


def test_a_discussed_flag_folds_away_and_comes_back_when_a_new_scan_is_logged(browsing):
    page = browsing.page(viewport=PHONE)
    sign_up(page)
    save_scan(page, "-2.6", date="2026-01-05")
    page.goto("/")
    flag = page.locator(FLAG)
    expect(flag).to_contain_text("lowest T-score -2.6 (lumbar spine)")
    flag.locator("summary").first.click()
    shot(page, "flags-open-390")
    flag.get_by_role("button", name=re.compile("Mark as discussed")).click()

    panel = page.locator("#flags")
    expect(panel.locator(".message-success")).to_contain_text("is marked discussed on")
    expect(page.locator(FLAG)).to_have_count(0)
    expect(page.locator("#flags-discussed > summary")).to_have_text(
        "Discussed with your clinician (1)"
    )
    shot(page, "flags-discussed-390")

    # An entry the flag does not rest on leaves it folded away...
    quick_save(page, 3, "Hip")
    page.goto("/")
    expect(page.locator(DISCUSSED)).to_have_count(1)

    # ...a new scan behind it brings it back, marked new, saying when it was discussed.
    save_scan(page, "-2.7")
    page.goto("/")
    flag = page.locator(FLAG)
    expect(flag).to_be_visible()
    expect(flag.locator("summary").first).to_contain_text("New")
    flag.locator("summary").first.click()
    expect(flag).to_contain_text("You discussed this with your clinician on")
    expect(page.locator("#flags-discussed")).to_have_count(0)
    shot(page, "flags-returned-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "flags-returned-1280")
