"""On a phone, a box that scrolls sideways can be reached with the keyboard and has a name
(axe's scrollable-region-focusable: a box holding no field or link is itself focusable), and no
page is wider than the screen, at 390 and 320 px."""

from __future__ import annotations

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.e2e

PAGES = ["/", "/dexa/", "/dexa/new/", "/insights/", "/report/", "/guidance/", "/profile/"]
SCROLLERS = """() => Array.from(document.querySelectorAll('main *')).filter(e => {
  const s = getComputedStyle(e);
  return ['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1;
}).map(e => ({tag: e.tagName, cls: e.className, tabindex: e.getAttribute('tabindex'),
  role: e.getAttribute('role'),
  named: !!(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')),
  holdsFocusable: !!e.querySelector('input, select, textarea, button, a[href]')}))"""


def detail_pages(page) -> list[str]:
    found = []
    for log in ("treatments", "mood", "dexa"):
        page.goto(f"/{log}/")
        first = page.locator("#list .entry").first.get_attribute("id").removeprefix("entry-")
        found.append(f"/{log}/{first}/")
    return found


@pytest.mark.parametrize("width", [PHONE["width"], 320])
def test_every_sideways_scroll_box_is_focusable_and_named(demo, width):
    page = demo(viewport={"width": width, "height": 800})
    for path in PAGES + detail_pages(page):
        page.goto(path)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        for box in page.evaluate(SCROLLERS):
            if box["holdsFocusable"]:
                continue  # the keyboard reaches it through its fields (the DEXA form's grid)
            assert box["tabindex"] == "0", (path, box)
            assert box["role"] == "region", (path, box)
            assert box["named"], (path, box)
