"""The journal's journeys, in a real browser, the way a person uses it (issue 5, journeys 1-7).

Every test signs up its own person, so each starts from an empty journal and none depends on
another; the `browsing` fixture fails a test whose pages log a console error or reach outside.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .ui import (
    assert_charts_load,
    assert_not_reloaded,
    chart_src,
    open_entry_form,
    place_button,
    quick_save,
    score_button,
    set_marker,
    sign_up,
)

pytestmark = pytest.mark.e2e

URGENT_FRACTURE = '[data-flag="pain.fracture_sign"][data-level="urgent"]'
OSTEOPOROSIS = '[data-flag="bone.osteoporosis"]'


# 1 ---------------------------------------------------------------------------------------------


def test_sign_up_lands_on_the_empty_dashboard_with_its_guidance(page, server):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_role("link", name="Create a journal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start your Bone Journal")

    sign_up(page)

    expect(page).to_have_url(server.url + "/")
    welcome = page.locator("section.welcome")
    expect(welcome.get_by_role("heading", name="Welcome to your journal")).to_be_visible()
    expect(welcome).to_contain_text("tap how much it hurts today and where, then save")
    expect(welcome.get_by_role("link", name="DEXA results")).to_have_attribute("href", "/dexa/new/")
    expect(page.locator("#recent-pain")).to_have_text(re.compile(r"No pain entries yet"))
    expect(page.locator("#flags")).to_contain_text("Nothing to point out right now")
    expect(page.locator("#flags [data-flag]")).to_have_count(0)
    expect(page.locator("#summary")).to_contain_text("No DEXA scan yet")
    expect(page.get_by_role("button", name=re.compile("Same place as last time"))).to_have_count(0)


# 2 ---------------------------------------------------------------------------------------------


def test_pain_score_in_three_clicks_without_a_reload_and_the_pain_chart_reloads(signed_up):
    page = signed_up
    set_marker(page)
    # A new journal's pain chart is a line of text with a link to the entry, not an image.
    assert chart_src(page, "pain") is None
    empty_pain = page.locator('#charts .chart-none[data-chart="pain"] a')
    expect(empty_pain).to_have_text("Log today's pain")

    score_button(page, 4).click()  # 1
    place_button(page, "Lower back").click()  # 2
    page.locator("#quick").get_by_role("button", name="Save", exact=True).click()  # 3

    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 4/10")
    recent = page.locator("#recent-pain li")
    expect(recent).to_have_count(1)
    expect(recent.first).to_contain_text("Lower back")
    expect(recent.first.locator(".badge")).to_have_text("4")
    # The charts panel reloaded on journal-changed: the pain chart is drawn, at its data version.
    expect(page.locator('figure[data-chart="pain"] img')).to_have_attribute(
        "src", re.compile(r"[?&]v=chart:pain:\w+|[?&]v=chart%3Apain%3A\w+")
    )
    assert_charts_load(page)
    assert_not_reloaded(page)


# 3 ---------------------------------------------------------------------------------------------


def test_same_place_as_last_time_repeats_the_last_entrys_places(signed_up):
    page = signed_up
    set_marker(page)
    quick_save(page, 5, "Neck", "Shoulder")

    # The form is folded behind "Add another entry for today" now; the button is inside it.
    open_entry_form(page)
    same = page.get_by_role("button", name=re.compile("Same place as last time"))
    expect(same).to_contain_text("Neck, Shoulder")
    expect(page.locator("#quick input[name=locations]:checked")).to_have_count(0)
    score_button(page, 3).click()
    same.click()

    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 3/10")
    recent = page.locator("#recent-pain li")
    expect(recent).to_have_count(2)
    expect(recent.first.locator(".badge")).to_have_text("3")
    expect(recent.first).to_contain_text("Neck, Shoulder")
    assert_not_reloaded(page)

    page.goto("/pain/")
    entries = page.locator("#list .entry")
    expect(entries).to_have_count(2)
    for i in range(2):
        expect(entries.nth(i)).to_contain_text("Neck, Shoulder")


# 4 ---------------------------------------------------------------------------------------------


def open_why(flag) -> None:
    """Open a flag's line, then what its first part rests on."""
    flag.locator("summary").first.click()
    expect(flag).to_have_attribute("open", "")
    flag.get_by_text("What it rests on").first.click()
    expect(flag.locator("details.why").first).to_have_attribute("open", "")


def test_dexa_scan_in_the_osteoporosis_range_shows_the_flag_with_evidence_and_source(signed_up):
    dashboard = signed_up  # the dashboard stays open in this tab
    set_marker(dashboard)
    expect(dashboard.locator(OSTEOPOROSIS)).to_have_count(0)

    scan = dashboard.context.new_page()  # the scan is saved in a second tab
    scan.goto("/dexa/new/")
    scan.get_by_label("Lumbar spine T-score").fill("-2.6")
    scan.get_by_role("button", name="Save").click()
    expect(scan).to_have_url(re.compile(r"/dexa/\d+/$"))  # the scan's own page
    expect(scan.locator(".messages")).to_contain_text("Saved the DEXA scan")
    expect(scan.locator(".site-card").first).to_contain_text("Lumbar spine")
    expect(scan.locator(".site-card").first).to_contain_text("-2.6")

    # That tab's "Today" link: the flag, with the scan behind it and the article it rests on.
    scan.get_by_role("navigation", name="Journal").get_by_role("link", name="Today").click()
    flag = scan.locator(f"#flags {OSTEOPOROSIS}")
    expect(flag).to_have_attribute("data-level", "warning")
    open_why(flag)
    expect(flag.locator(".evidence").first).to_contain_text("-2.6")
    expect(flag.locator(".evidence a").first).to_have_attribute("href", re.compile(r"^/dexa/\d+/$"))
    expect(flag.locator(".source")).to_contain_text("Source: Can osteoporosis be reversed")
    expect(scan.locator("#summary")).to_contain_text("Osteoporosis")

    # Back in the first tab, never reloaded: the next entry's journal-changed event reloads the
    # flags and summary panels, and they bring in the scan saved elsewhere.
    quick_save(dashboard, 2, "Hip")
    flag = dashboard.locator(f"#flags {OSTEOPOROSIS}")
    expect(flag).to_be_visible()
    open_why(flag)
    expect(flag.locator(".evidence").first).to_contain_text("-2.6")
    expect(flag.locator(".source")).to_contain_text("Can osteoporosis be reversed")
    expect(dashboard.locator("#summary")).to_contain_text("Osteoporosis")
    assert_not_reloaded(dashboard)


# 5 ---------------------------------------------------------------------------------------------


def test_sudden_sharp_back_pain_after_a_cough_shows_urgent_guidance_at_once(signed_up):
    page = signed_up
    set_marker(page)
    quick = page.locator("#quick")

    score_button(page, 6).click()
    place_button(page, "Lower back").click()
    quick.get_by_text("More detail (optional)").click()
    quick.get_by_label("How it started").select_option("sudden")
    quick.get_by_label("What it feels like").select_option("sharp")
    quick.get_by_label("It started after a minor movement").check()
    quick.get_by_role("button", name="Save", exact=True).click()

    # In the response to the save itself, not after a reload or a later visit.
    urgent = quick.locator(URGENT_FRACTURE)
    expect(urgent).to_be_visible()
    expect(urgent).to_have_attribute("role", "alert")
    expect(urgent).to_contain_text("Sudden back pain after a minor movement")
    assert_not_reloaded(page)
    # ...and the flags panel, reloaded by the same event, lists it too.
    expect(page.locator(f"#flags {URGENT_FRACTURE}")).to_be_visible()


# 6 ---------------------------------------------------------------------------------------------


def test_edit_and_delete_an_entry_the_list_and_the_flags_follow(signed_up):
    page = signed_up
    quick_save(page, 6, "Lower back")
    expect(page.locator(f"#flags {URGENT_FRACTURE}")).to_have_count(0)

    # Edit: the pain came on suddenly after a bend. The list and the flags follow.
    page.goto("/pain/")
    entry = page.locator("#list .entry")
    expect(entry).to_have_count(1)
    entry.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the pain entry")
    page.get_by_role("radio", name="8").check()
    page.get_by_label("How it started").select_option("sudden")
    page.get_by_label("It started after a minor movement").check()
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/pain/$"))
    expect(page.locator(f".messages {URGENT_FRACTURE}")).to_be_visible()  # told at once
    expect(entry).to_have_count(1)
    expect(entry.locator(".badge")).to_have_text("8")
    expect(entry).to_contain_text("Came on suddenly")
    expect(entry).to_contain_text("after a minor movement")
    page.goto("/")
    expect(page.locator(f"#flags {URGENT_FRACTURE}")).to_be_visible()

    # Delete, through its confirmation page; "Keep it" keeps it.
    page.goto("/pain/")
    entry.get_by_role("link", name=re.compile(r"^Delete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete this pain entry?")
    page.get_by_role("link", name="Keep it").click()
    expect(entry).to_have_count(1)
    entry.get_by_role("link", name=re.compile(r"^Delete")).click()
    page.get_by_role("button", name="Delete").click()

    expect(page).to_have_url(re.compile(r"/pain/$"))
    expect(page.locator(".messages")).to_contain_text("Deleted the pain entry")
    expect(entry).to_have_count(0)
    expect(page.locator("#list")).to_contain_text("Nothing here yet")
    page.goto("/")
    expect(page.locator("#flags [data-flag]")).to_have_count(0)
    expect(page.locator("#recent-pain")).to_contain_text("No pain entries yet")


# 7 ---------------------------------------------------------------------------------------------


RANGES = {"30 days": "30d", "90 days": "90d", "1 year": "1y", "All": "all"}


def test_each_chart_range_loads_every_chart(demo):
    page = demo()
    page.goto("/")
    set_marker(page)
    assert_charts_load(page)  # the default range, 90 days
    ranges = page.locator("#charts").get_by_role("navigation", name="Chart range")
    for label, key in RANGES.items():
        ranges.get_by_role("link", name=label, exact=True).click()
        expect(ranges.locator("[aria-current]")).to_have_text(label)
        for name in ("pain", "tscore", "activity", "height"):
            expect(page.locator(f'figure[data-chart="{name}"] img')).to_have_attribute(
                "src", re.compile(rf"/charts/{name}\.svg\?range={key}&v=\w+")
            )
        assert_charts_load(page)
    assert_not_reloaded(page)


def test_chart_range_and_list_page_survive_reload_and_back(demo):
    page = demo()
    page.goto("/")
    set_marker(page)
    page.locator("#charts").get_by_role("link", name="1 year").click()
    expect(page.locator("#charts [aria-current]")).to_have_text("1 year")
    assert_not_reloaded(page)  # htmx swapped the panel in place
    expect(page).to_have_url(re.compile(r"/\?range=1y$"))
    page.reload()
    expect(page.locator("#charts [aria-current]")).to_have_text("1 year")

    page.goto("/pain/")
    page.locator(".pager").get_by_role("link", name="Older").click()
    expect(page.locator(".pager")).to_contain_text("Page 2 of")
    expect(page).to_have_url(re.compile(r"/pain/\?page=2$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/pain/$"))
    expect(page.locator(".pager")).to_contain_text("Page 1 of")
    page.reload()
    expect(page.locator(".pager")).to_contain_text("Page 1 of")
