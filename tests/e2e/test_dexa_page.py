"""A DEXA scan on a phone: after saving it the person lands on its page, one card per site that
fits the screen (no table to scroll sideways), and the flags the scan raised."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, PHONE
from .test_accessibility import axe_check
from .ui import sign_up

pytestmark = pytest.mark.e2e


def test_a_saved_scan_opens_on_its_page_with_a_card_per_site_that_fits_a_phone(browsing):
    page = browsing.page(viewport=PHONE)
    sign_up(page)
    page.goto("/dexa/new/")
    page.get_by_label("Lumbar spine T-score").fill("-2.6")
    page.locator("#id_spine_bmd").fill("0.812")
    page.locator("#id_total_hip_t").fill("-1.5")
    page.locator("#id_femoral_neck_t").fill("-1.8")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/dexa/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Saved the DEXA scan")
    cards = page.locator(".site-card")
    expect(cards).to_have_count(3)
    width = page.viewport_size["width"]
    for card in cards.all():
        box = card.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator("main table")).to_have_count(0)
    raised = page.locator("#scan-flags + .raised")
    expect(raised.locator('[data-flag="bone.osteoporosis"]')).to_contain_text(
        "T-score in the osteoporosis range"
    )
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "dexa-detail-390.png", full_page=True)
    axe_check(page)
