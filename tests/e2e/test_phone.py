"""Journey 9: on a phone (390 x 844) no page scrolls sideways; screenshots for a person to look at.

The screenshots land in test-output/ (gitignored): phone and desktop dashboards of the demo
journal, an empty journal's dashboard, and the forms most likely to be too wide.
"""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, OUTPUT, PHONE
from .ui import assert_charts_load, sign_up

pytestmark = pytest.mark.e2e

PHONE_OPTIONS = {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LOGS = (
    "pain",
    "dexa",
    "exercise",
    "height",
    "fractures",
    "medicines",
    "doses",
    "labs",
    "falls",
    "treatments",
    "mood",
    "sleep",
    "peg",
)
JOURNAL_PAGES = [
    "/",
    "/?range=all",
    *[f"/{log}/" for log in LOGS],
    *[f"/{log}/new/" for log in LOGS],
    "/sessions/new/",
    "/insights/",
    "/insights/?range=all",
    "/guidance/",
    "/profile/",
    "/accounts/password_change/",
    "/accounts/delete/",
]
SCREENSHOTS = {
    "/": "dashboard",
    "/dexa/new/": "dexa-form",
    "/guidance/": "guidance",
    "/medicines/": "medicines",
    "/labs/new/": "lab-form",
    "/mood/new/": "phq9-form",
    "/insights/": "insights",
}


def assert_no_sideways_scroll(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"
    # Stricter: nothing sticks out of its card either (a table wider than its card did).
    too_wide = page.evaluate(
        """[...document.querySelectorAll('.card')]
             .filter(card => card.scrollWidth > card.clientWidth)
             .map(card => card.id || card.className)"""
    )
    assert not too_wide, f"{page.url}: content wider than its card: {too_wide}"


def screenshot(page, name: str) -> None:
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)


def entry_pages(page) -> list[str]:
    """The demo journal's first pain entry's edit and delete pages, and the first scan's,
    medicine's (the calendar of taken days, the "took it" page), course's and PHQ-9's pages."""
    paths = []
    for log in ("pain", "dexa", "medicines", "treatments", "mood"):
        page.goto(f"/{log}/")
        pk = page.locator("#list .entry").first.get_attribute("id").removeprefix("entry-")
        paths += [f"/{log}/{pk}/edit/", f"/{log}/{pk}/delete/"]
        if log != "pain":
            paths.append(f"/{log}/{pk}/")
        if log == "medicines":
            paths.append(f"/medicines/{pk}/took/")
    return paths


def test_no_page_scrolls_sideways_on_a_phone(demo):
    page = demo(**PHONE_OPTIONS)
    for path in JOURNAL_PAGES + entry_pages(page):
        page.goto(path)
        if path.startswith("/medicines/") and path.count("/") == 3 and path != "/medicines/":
            screenshot(page, "phone-medicine-page")
        if path in SCREENSHOTS:
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = false; })")
            if path == "/":
                assert_charts_load(page)
            screenshot(page, f"phone-{SCREENSHOTS[path]}")
        assert_no_sideways_scroll(page)


def test_no_public_page_scrolls_sideways_on_a_phone(browsing):
    page = browsing.page(**PHONE_OPTIONS)
    for path in ("/accounts/login/", "/accounts/signup/", "/guidance/"):
        page.goto(path)
        assert_no_sideways_scroll(page)
    sign_up(page)
    assert_charts_load(page)
    screenshot(page, "phone-dashboard-empty")
    assert_no_sideways_scroll(page)
    page.goto("/pain/new/")
    page.get_by_role("button", name="Save").click()  # a form full of errors
    page.locator(".error-summary").wait_for()
    screenshot(page, "phone-pain-form-errors")
    assert_no_sideways_scroll(page)


def test_desktop_dashboard_screenshot(demo):
    page = demo(viewport=DESKTOP)
    page.goto("/")
    assert_charts_load(page)
    screenshot(page, "desktop-dashboard")
