"""Journey 8: the pain and DEXA journeys (2 and 4) with the keyboard alone, and without JS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .ui import (
    assert_focus_visible,
    assert_not_reloaded,
    open_entry_form,
    place_button,
    score_button,
    set_marker,
    sign_up,
    tab_to,
    wait_for_htmx_to_settle,
)

pytestmark = pytest.mark.e2e

OSTEOPOROSIS = '#flags [data-flag="bone.osteoporosis"]'


def focused_label(page) -> str:
    """The label drawn for the focused (visually hidden) radio or checkbox."""
    return page.evaluate("`label[for='${document.activeElement.id}']`")


def test_pain_entry_with_the_keyboard_alone(signed_up):
    page = signed_up
    set_marker(page)

    tab_to(page, "#quick input[name=score]")  # the score group: one tab stop, at "0"
    assert_focus_visible(page, focused_label(page))
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 1, 2, 3, 4: arrows move the choice in a radio group
    page.keyboard.press("Space")
    expect(page.locator("#id_score_4")).to_be_checked()
    assert_focus_visible(page, focused_label(page))

    tab_to(page, "#quick input[name=locations][value=lower_back]")
    page.keyboard.press("Space")
    expect(page.locator("#quick input[value=lower_back]")).to_be_checked()
    assert_focus_visible(page, focused_label(page))

    tab_to(page, "#quick button.primary")
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 4/10")
    expect(page.locator("#recent-pain li").first).to_contain_text("Lower back")
    assert_not_reloaded(page)
    # The swap replaced the form; focus is on what was saved (in view, read out), with its Undo.
    expect(page.locator("#quick-saved")).to_be_focused()
    expect(page.locator("#quick-undo")).to_be_visible()

    # And again at once, "Same place as last time": open "Add another entry for today" with the
    # keyboard, choose 3, Tab to the button.
    tab_to(page, "#quick details.again > summary")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#quick details.again")).to_have_attribute("open", "")
    tab_to(page, "#quick input[name=score]")  # nothing chosen: the group's stop is at "0"
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 1, 2, 3
    expect(page.locator("#id_score_3")).to_be_checked()
    tab_to(page, "#quick-same")
    page.keyboard.press("Enter")
    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 3/10")
    expect(page.locator("#recent-pain li")).to_have_count(2)
    expect(page.locator("#quick-saved")).to_be_focused()


def test_dexa_scan_with_the_keyboard_alone(signed_up):
    page = signed_up
    tab_to(page, 'header nav a[href="/dexa/"]')
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dexa/$"))

    tab_to(page, 'main a[href="/dexa/new/"]')
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dexa/new/$"))

    tab_to(page, "#id_spine_t")
    assert_focus_visible(page)
    page.keyboard.type("-2.6")
    page.keyboard.press("Enter")  # submits the form, as Enter in a text field does
    expect(page).to_have_url(re.compile(r"/dexa/\d+/$"))  # the scan's own page
    expect(page.locator(".site-cards")).to_contain_text("-2.6")

    tab_to(page, 'header nav a[href="/"]')
    page.keyboard.press("Enter")
    expect(page.locator(OSTEOPOROSIS)).to_be_visible()
    tab_to(page, f"{OSTEOPOROSIS} > summary")  # the flag's line opens on its parts
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    tab_to(page, f"{OSTEOPOROSIS} details.why > summary")  # then what the first part rests on
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    evidence = page.locator(f"{OSTEOPOROSIS} .evidence").first
    expect(evidence).to_be_visible()
    expect(evidence).to_contain_text("-2.6")
    expect(page.locator(f"{OSTEOPOROSIS} .source")).to_contain_text("Can osteoporosis be reversed")


def test_chart_ranges_with_the_keyboard_keep_the_focus(demo):
    page = demo()
    page.goto("/")
    tab_to(page, "#range-30d")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#range-30d")).to_have_attribute("aria-current", "true")
    expect(page.locator("#range-30d")).to_be_focused()  # the panel was swapped around it
    wait_for_htmx_to_settle(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#range-90d")).to_have_attribute("aria-current", "true")
    expect(page.locator("#range-90d")).to_be_focused()


def test_focus_is_visible_on_every_control_of_a_full_dashboard(demo):
    page = demo()
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()
    assert_focus_visible(page)
    reached = 0
    for _ in range(150):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                 const el = document.activeElement;
                 if (el === document.body || el.dataset.e2eTabbed) return "done";
                 el.dataset.e2eTabbed = "1";
                 return el.matches(".score input, .toggle input") ? "label" : "self";
               }"""
        )
        if state == "done":
            break
        reached += 1
        # A visually hidden radio or checkbox is drawn by its label, which shows the focus.
        assert_focus_visible(page, focused_label(page) if state == "label" else None)
    assert reached > 40  # it went through the quick entry, the flags and the charts


# Without JavaScript: plain forms, full-page responses, the same results.


@pytest.fixture
def no_js(browsing):
    return browsing.page(java_script_enabled=False)


def test_pain_entry_without_javascript(no_js):
    page = no_js
    sign_up(page)
    score_button(page, 4).click()
    place_button(page, "Lower back").click()
    page.locator("#quick").get_by_role("button", name="Save", exact=True).click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_contain_text("Saved: pain 4/10.")
    expect(page.locator("#recent-pain li").first).to_contain_text("Lower back")

    # "Same place as last time" is a plain submit button too, in the folded form (<details> needs
    # no script).
    open_entry_form(page)
    score_button(page, 2).click()
    page.get_by_role("button", name=re.compile("Same place as last time")).click()
    expect(page.locator(".messages")).to_contain_text("Saved: pain 2/10.")
    expect(page.locator("#recent-pain li")).to_have_count(2)
    expect(page.locator("#recent-pain li").first).to_contain_text("Lower back")

    # Chart ranges are plain links.
    page.locator("#charts").get_by_role("link", name="1 year").click()
    expect(page).to_have_url(re.compile(r"\?range=1y#charts$"))  # landing on the charts
    expect(page.locator("#charts [aria-current]")).to_have_text("1 year")


def test_dexa_scan_without_javascript(no_js):
    page = no_js
    sign_up(page)
    page.goto("/dexa/new/")
    page.get_by_label("Lumbar spine T-score").fill("-2.6")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/dexa/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Saved the DEXA scan")

    page.get_by_role("navigation", name="Journal").get_by_role("link", name="Today").click()
    flag = page.locator(OSTEOPOROSIS)
    flag.locator("summary").first.click()  # <details> needs no script
    flag.get_by_text("What it rests on").first.click()
    expect(flag.locator(".evidence").first).to_contain_text("-2.6")
    expect(flag.locator(".source")).to_contain_text("Can osteoporosis be reversed")


def test_urgent_guidance_without_javascript(no_js):
    page = no_js
    sign_up(page)
    score_button(page, 6).click()
    place_button(page, "Lower back").click()
    page.get_by_text("More detail (optional)").click()
    page.get_by_label("How it started").select_option("sudden")
    page.get_by_label("It started after a minor movement").check()
    page.locator("#quick").get_by_role("button", name="Save", exact=True).click()
    urgent = page.locator('.messages [data-flag="pain.fracture_sign"][data-level="urgent"]')
    expect(urgent).to_be_visible()
    expect(urgent).to_have_attribute("role", "alert")
