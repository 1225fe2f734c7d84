"""Medicines in a real browser (issue 13): add Prolia with its injection 7 months and 2 days ago,
see the overdue warning, tap "took it", see it go; with JavaScript, and without it.

Screenshots for a person to look at land in test-output/.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from .conftest import OUTPUT, PHONE
from .ui import assert_not_reloaded, set_marker, sign_up

pytestmark = pytest.mark.e2e

OVERDUE = '#flags [data-flag="meds.denosumab_overdue"]'


def server_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()  # the test server's time zone, and a new person's


def add_prolia_injected_7_months_2_days_ago(page) -> str:
    """Through the pages, as a person would: the medicine, then its last injection. Returns the
    injection's date."""
    page.goto("/medicines/new/")
    page.get_by_label("Name, as you call it").fill("Prolia")
    page.get_by_label("Kind").select_option("denosumab")  # "How often" left to the kind
    page.get_by_label("Started").fill("2024-01-15")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/medicines/$"))
    expect(page.locator("#list .entry")).to_contain_text("every 6 months")
    expect(page.locator("#list .entry")).to_contain_text("No dose logged yet")

    page.locator("#list .entry").get_by_role("link", name="Prolia", exact=True).click()
    page.get_by_role("link", name="Log an earlier dose").click()
    expect(page.get_by_label("Medicine")).to_have_value(re.compile(r"^\d+$"))
    injected = (server_today() - relativedelta(months=7, days=2)).isoformat()
    page.get_by_label("Date").fill(injected)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved the dose")
    return injected


def test_prolia_overdue_then_took_it_and_the_warning_goes(signed_up):
    page = signed_up
    # Choosing the kind proposes its schedule; the person could change it.
    page.goto("/medicines/new/")
    page.get_by_label("Kind").select_option("zoledronate")
    expect(page.get_by_label("How often")).to_have_value("yearly")
    page.get_by_label("Kind").select_option("denosumab")
    expect(page.get_by_label("How often")).to_have_value("every_6_months")
    page.get_by_label("How often").select_option("monthly")
    page.get_by_label("Kind").select_option("zoledronate")
    expect(page.get_by_label("How often")).to_have_value("monthly")  # the person's choice stays

    add_prolia_injected_7_months_2_days_ago(page)
    page.goto("/")
    set_marker(page)
    flag = page.locator(OVERDUE)
    expect(flag).to_have_attribute("data-level", "warning")
    expect(flag).to_contain_text("Denosumab injection overdue")
    panel = page.locator("#medicines")
    expect(panel.locator(".med-overdue")).to_contain_text(re.compile(r"overdue by \d+ days"))
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "medicines-overdue.png", full_page=True)

    panel.get_by_role("button", name=re.compile("^Took it")).click()

    expect(panel.locator(".message-success")).to_contain_text("Saved: Prolia taken today")
    expect(page.locator("#quick-status")).to_have_text("Saved: Prolia taken today.")
    expect(page.locator(OVERDUE)).to_have_count(0)  # the flags panel heard journal-changed
    # ... and so did every other panel that shows the journal: none of them drops another's
    # reload (the "Due now" panel, first on the page, no longer lists the injection).
    expect(page.locator('#reminders [data-reminder="medicine"]')).to_have_count(0)
    expect(panel.locator(".med-overdue")).to_have_count(0)
    expect(panel).to_contain_text("Also taking: Prolia: due ")
    assert_not_reloaded(page)
    page.screenshot(path=OUTPUT / "medicines-took-it.png", full_page=True)

    page.goto("/medicines/")
    page.locator("#list .entry").get_by_role("link", name="Prolia", exact=True).click()
    expect(page.locator(".cal td.taken")).to_have_count(1)
    expect(page.locator(".med-now")).to_contain_text("Last dose: ")
    page.screenshot(path=OUTPUT / "medicine-page.png", full_page=True)


def test_took_it_without_javascript(browsing):
    page = browsing.page(java_script_enabled=False)
    sign_up(page)
    add_prolia_injected_7_months_2_days_ago(page)
    page.goto("/")
    expect(page.locator(OVERDUE)).to_have_count(1)
    page.locator("#medicines").get_by_role("button", name=re.compile("^Took it")).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_contain_text("Saved: Prolia taken today")
    expect(page.locator(OVERDUE)).to_have_count(0)


def test_medicines_panel_and_page_on_a_phone(browsing):
    page = browsing.page(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    sign_up(page)
    add_prolia_injected_7_months_2_days_ago(page)
    page.goto("/")
    page.locator("#medicines").scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    page.locator("#medicines").screenshot(path=OUTPUT / "phone-medicines-panel.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
