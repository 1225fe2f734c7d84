"""Treatments, mood, sleep and the PEG in the real browser (issue 16): crisis guidance is the first
thing on screen after a PHQ-9 with question 9 answered, the one-tap sleep row, and a course from
its first session to its page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import OUTPUT, PHONE
from .ui import assert_not_reloaded, set_marker, sign_up

pytestmark = pytest.mark.e2e

ANSWERS = ["Several days", "Not at all", "More than half the days", "Several days"] * 2


def answer_phq9(page, item9: str) -> None:
    page.goto("/mood/new/")
    for number, answer in enumerate([*ANSWERS, item9], 1):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Save").click()


def assert_first_on_screen(page, selector: str) -> None:
    """`selector` is the first element in <main>, and nothing of the page's content is drawn above
    it: its top is inside the viewport and above every other block of the main content."""
    assert page.evaluate(
        "s => document.querySelector('main').firstElementChild === document.querySelector(s)",
        selector,
    ), f"{selector} is not the first element of the page's main content"
    box = page.locator(selector).bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 3, box
    higher = page.evaluate(
        """([s, top]) => [...document.querySelectorAll('main > *')]
             .filter(el => el !== document.querySelector(s) && el.getClientRects().length)
             .filter(el => el.getBoundingClientRect().top < top)
             .map(el => el.outerHTML.slice(0, 80))""",
        [selector, box["y"]],
    )
    assert not higher, f"drawn above the crisis guidance: {higher}"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_crisis_guidance_is_the_first_thing_on_screen_after_the_save(browsing, viewport):
    options = {"viewport": PHONE} if viewport == "phone" else {}
    page = browsing.page(**options)
    sign_up(page)
    answer_phq9(page, "Several days")

    expect(page).to_have_url(re.compile(r"/mood/\d+/$"))
    crisis = page.locator("#crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_have_attribute("role", "alert")
    expect(crisis).to_have_attribute("data-flag", "mood.safety")
    expect(crisis).to_contain_text("call your local emergency number now")
    assert_first_on_screen(page, "#crisis")
    expect(page.locator(".message-success")).to_contain_text("Saved the PHQ-9 questionnaire.")
    expect(page.get_by_role("heading", name="Total 9 of 27: mild")).to_be_visible()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / f"{viewport}-phq9-crisis.png")

    # The dashboard shows it first too, while the rule holds.
    page.goto("/")
    assert_first_on_screen(page, "#crisis")
    expect(page.locator('#flags [data-flag="mood.safety"][data-level="urgent"]')).to_be_visible()
    page.screenshot(path=OUTPUT / f"{viewport}-dashboard-crisis.png")


def test_a_phq9_without_question_9_shows_its_band_and_keeps_help_in_reach(signed_up):
    page = signed_up
    answer_phq9(page, "Not at all")
    expect(page).to_have_url(re.compile(r"/mood/\d+/$"))
    expect(page.locator("#crisis")).to_have_count(0)
    expect(page.get_by_role("heading", name="Total 8 of 27: mild")).to_be_visible()
    expect(page.get_by_role("heading", name="If you need help now")).to_be_visible()
    page.goto("/")
    expect(page.locator("#crisis")).to_have_count(0)


def test_last_nights_sleep_in_one_tap_without_a_reload(signed_up):
    page = signed_up
    set_marker(page)
    sleep = page.locator("#sleep")
    expect(sleep.get_by_role("button")).to_have_count(5)
    sleep.get_by_role("button", name="Good", exact=True).click()
    expect(page.locator("#sleep .message-success")).to_contain_text("Saved: good sleep last night.")
    expect(page.locator("#quick-status")).to_have_text("Saved: good sleep last night.")
    assert_not_reloaded(page)
    page.reload()
    expect(page.locator("#sleep")).to_have_count(0)  # answered for today
    page.goto("/sleep/")
    expect(page.locator("#list .entry")).to_have_count(1)
    expect(page.locator("#list .entry").first).to_contain_text("Good (4/5)")


def test_last_nights_sleep_in_one_tap_without_javascript(browsing):
    page = browsing.page(java_script_enabled=False)
    sign_up(page)
    page.locator("#sleep").get_by_role("button", name="Very poor").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_contain_text("Saved: very poor sleep")
    expect(page.locator("#sleep")).to_have_count(0)


def test_a_course_from_its_start_to_its_page_with_a_session_logged_from_the_dashboard(signed_up):
    page = signed_up
    expect(page.locator("#peg-prompt")).to_contain_text("Take the weekly check-in")
    page.goto("/treatments/new/")
    page.get_by_label("Kind of treatment").select_option("acupuncture")
    page.get_by_label("Name, e.g. the practitioner or clinic").fill("Dr Chen")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/treatments/$"))
    page.get_by_role("link", name="Acupuncture (Dr Chen)", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acupuncture")
    expect(page.locator("body")).to_contain_text("No sessions yet")

    page.goto("/")
    page.locator("#treatments").get_by_role("link", name=re.compile("Log a session")).click()
    expect(page.get_by_label("Treatment course")).to_have_value(re.compile(r"\d+"))
    page.get_by_label("How long (minutes)").fill("40")
    page.get_by_label("Pain just before (0-10)").fill("6")
    page.get_by_label("Pain just after (0-10)").fill("4")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/treatments/\d+/$"))
    expect(page.locator("table.sessions tbody tr")).to_have_count(1)
    expect(page.locator("body")).to_contain_text("2.0 points lower just after, on average")
    chart = page.locator('figure[data-chart="course"] img')
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_js_property("complete", True)
    assert chart.evaluate("img => img.naturalWidth") > 0
