"""Issue 15's pages in the real browser: the profile's settings cards (reminders, email,
calendar address with its copy button), the 'Due now' panel, imperial forms and lists, the
password-reset page of a server without email and the offline page; each axe-clean, none
scrolling sideways on a phone, the service worker registered without a console error
(the `browsing` fixture fails a test on any console error or outside request)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .test_accessibility import axe_check
from .test_phone import OUTPUT, assert_no_sideways_scroll
from .ui import sign_up

pytestmark = pytest.mark.e2e
PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


def shot(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_profiles_settings_cards_and_calendar_address(browsing, phone):
    page = browsing.page(**(PHONE_OPTIONS if phone else {}))
    sign_up(page)
    page.goto("/profile/")
    page.get_by_role("button", name="Make my calendar address").click()
    field = page.locator("#feed-url")
    expect(field).to_have_value(re.compile(r"^http://127\.0\.0\.1:\d+/calendar/[\w-]{43}\.ics$"))
    copy = page.get_by_role("button", name="Copy the address")
    expect(copy).to_be_visible()  # shown by static/js/copy.js
    copy.click()
    expect(page.locator("#feed-copied")).not_to_have_text("")
    feed = page.request.get(field.input_value())
    assert feed.status == 200
    assert feed.text().startswith("BEGIN:VCALENDAR")
    axe_check(page)
    if phone:
        assert_no_sideways_scroll(page)
    shot(page, f"{'phone' if phone else 'desktop'}-profile-settings")


def test_due_now_panel_shows_the_log_reminder_from_the_chosen_hour(browsing):
    page = browsing.page(**PHONE_OPTIONS)
    sign_up(page)
    page.goto("/profile/")
    page.get_by_label("Daily reminder at").select_option("00:00")
    page.get_by_role("button", name="Save reminders").click()
    page.goto("/")
    panel = page.locator("#reminders")
    expect(panel.get_by_role("heading", name="Due now")).to_be_visible()
    expect(panel.locator("[data-reminder=log]")).to_be_visible()
    axe_check(page)
    assert_no_sideways_scroll(page)
    shot(page, "phone-dashboard-due-now")
    page.goto("/profile/")
    page.get_by_label("No pain logged today, once it is past the hour below").uncheck()
    page.get_by_role("button", name="Save reminders").click()
    page.goto("/")
    expect(page.locator("#reminders [data-reminder=log]")).to_have_count(0)


def test_imperial_height_and_load_forms_lists_and_errors(browsing):
    page = browsing.page(**PHONE_OPTIONS)
    sign_up(page)
    page.goto("/profile/")
    page.get_by_label("Units").select_option("imperial")
    page.locator("#form").get_by_role("button", name="Save").click()
    page.goto("/height/new/")
    page.get_by_role("button", name="Save").click()  # nothing typed: the errors
    page.locator(".error-summary").wait_for()
    axe_check(page)
    assert_no_sideways_scroll(page)
    page.get_by_label("Height: feet").fill("5")
    page.get_by_label("Height: inches").fill("4.3")
    page.get_by_role("button", name="Save").click()
    page.goto("/height/")
    expect(page.locator("#list")).to_contain_text("5 ft 4.3 in")
    page.goto("/exercise/new/")
    page.get_by_label("Kind").select_option("walking")  # what happened: no choice made for you
    page.get_by_label("Intensity").select_option("moderate")
    page.get_by_label("Minutes").fill("30")
    page.get_by_label(re.compile(r"Extra load \(lb")).fill("11")
    shot(page, "phone-exercise-form-imperial")
    axe_check(page)
    page.get_by_role("button", name="Save").click()
    page.goto("/exercise/")
    expect(page.locator("#list")).to_contain_text("11 lb load")
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("path", ["/accounts/password_reset/", "/offline/"])
def test_public_pages_of_issue_15(browsing, path):
    for options in ({}, PHONE_OPTIONS):
        page = browsing.page(**options)
        page.goto(path)
        axe_check(page)
        if options:
            assert_no_sideways_scroll(page)
    page = browsing.page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_text("manage.py changepassword")).to_be_visible()


def test_the_service_worker_takes_the_journal_and_keeps_only_the_offline_page(browsing):
    page = browsing.page()
    sign_up(page)
    scope = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.scope)"
    )  # registered by static/js/offline.js
    assert scope.endswith("/")
    cached = page.evaluate(
        """caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k)
             .then(c => c.keys()).then(rs => rs.map(r => new URL(r.url).pathname)))))"""
    )
    paths = sorted(p for group in cached for p in group)
    assert "/offline/" in paths
    assert all(p == "/offline/" or p.startswith("/static/") for p in paths), paths
