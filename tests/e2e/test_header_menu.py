"""The header on a phone: one "Menu" button (a <details>, so it works without JavaScript) opening
the links with the current page marked; on a wide screen the links in a row. A list's Edit and
Delete are targets of at least 44 x 44 px, apart. Screenshots in test-output/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, OUTPUT, PHONE
from .ui import quick_save, sign_up

pytestmark = pytest.mark.e2e

NAV = 'header nav[aria-label="Journal"]'


def test_on_a_phone_the_links_hide_behind_a_menu_that_marks_the_current_page(browsing):
    page = browsing.page(viewport=PHONE, java_script_enabled=False)
    sign_up(page)
    page.goto("/pain/")
    menu = page.locator("header details.menu")
    pain = page.locator(f'{NAV} a[href="/pain/"]')
    expect(pain).to_be_hidden()
    header = page.locator("header").bounding_box()
    assert header["height"] <= 64, header  # one line: the name and the button
    summary = menu.locator("summary")
    box = summary.bounding_box()
    assert box["width"] >= 44, box
    assert box["height"] >= 44, box
    summary.click()
    expect(pain).to_be_visible()
    expect(pain).to_have_attribute("aria-current", "page")
    assert page.locator(f"{NAV} [aria-current]").count() == 1
    for link in page.locator(f"{NAV} a").all():
        assert link.bounding_box()["height"] >= 44, link.inner_text()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "menu-open-390.png")
    page.locator(f'{NAV} a[href="/dexa/"]').click()
    expect(page).to_have_url(f"{browsing.server.url}/dexa/")
    expect(page.locator(f'{NAV} a[href="/dexa/"]')).to_be_hidden()  # closed again on a new page
    expect(page.locator(f'{NAV} a[href="/dexa/"]')).to_have_attribute("aria-current", "page")


def test_on_a_wide_screen_the_links_show_in_a_row_without_a_menu_button(browsing):
    page = browsing.page(viewport=DESKTOP)
    sign_up(page)
    expect(page.locator("header details.menu > summary")).to_be_hidden()
    today = page.locator(f'{NAV} a[href="/"]')
    expect(today).to_be_visible()
    expect(today).to_have_attribute("aria-current", "page")
    dexa = page.locator(f'{NAV} a[href="/dexa/"]')
    assert dexa.bounding_box()["y"] == today.bounding_box()["y"]  # one row
    dexa.focus()
    expect(dexa).to_be_focused()  # reachable from the keyboard while the <details> is closed
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{browsing.server.url}/dexa/")


def test_edit_and_delete_are_44_px_targets_apart_on_a_phone(browsing):
    page = browsing.page(viewport=PHONE)
    sign_up(page)
    quick_save(page, 4, "Lower back")
    page.goto("/pain/")
    edit = page.locator("#list .entry-actions a").nth(0).bounding_box()
    delete = page.locator("#list .entry-actions a").nth(1).bounding_box()
    for box in (edit, delete):
        assert box["width"] >= 44, box
        assert box["height"] >= 44, box
    assert delete["x"] - (edit["x"] + edit["width"]) >= 8, (edit, delete)
    page.screenshot(path=OUTPUT / "list-actions-390.png")
