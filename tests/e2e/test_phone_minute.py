"""The daily minute on a phone (issue 12), measured in the browser: chart text as rendered, the
score grid, Save above the fold, the confirmation in view after a save, Undo."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .ui import (
    CHART_NAMES,
    assert_charts_load,
    assert_not_reloaded,
    open_entry_form,
    place_button,
    quick_save,
    score_button,
    set_marker,
    sign_up,
)

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 375, "height": 667}
BAND_NAMES = ("normal", "osteopenia", "osteoporosis")

# In the SVG document opened on its own, shown `w` CSS pixels wide as on the dashboard: each text's
# font size times the scale it is drawn at (viewBox and transforms), and its box on screen.
MEASURE = """w => {
  const svg = document.documentElement;
  const box = svg.viewBox.baseVal;
  svg.setAttribute('width', w + 'px');
  svg.setAttribute('height', (w * box.height / box.width) + 'px');
  return [...document.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const m = t.getScreenCTM();
    const r = t.getBoundingClientRect();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    return {text: t.textContent.trim(), px: px, box: [r.left, r.top, r.right, r.bottom]};
  });
}"""


def rendered_texts(page, figure) -> tuple[str, float, list[dict]]:
    """The chart image's address as the browser chose it, its width on the page, and its texts
    as rendered at that width."""
    image = figure.locator("img")
    image.scroll_into_view_if_needed()
    image.evaluate(
        "i => i.complete && i.naturalWidth ? 1 : new Promise(ok => i.addEventListener('load', ok))"
    )
    src = image.evaluate("i => i.currentSrc")
    width = image.evaluate("i => i.getBoundingClientRect().width")
    chart = page.context.new_page()
    chart.goto(src)
    texts = chart.evaluate(MEASURE, width)
    chart.close()
    return src, width, texts


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "wide")], ids=["390px", "1280px"]
)
def test_no_chart_text_under_11_px_as_rendered(demo, viewport, size):
    page = demo(viewport=viewport)
    page.goto("/?range=all")  # every chart of the demo has something to draw over all of it
    assert_charts_load(page)
    figures = page.locator("#charts figure")
    expect(figures).to_have_count(len(CHART_NAMES))
    smallest = {}
    for i in range(figures.count()):
        figure = figures.nth(i)
        name = figure.get_attribute("data-chart")
        # A heading above each chart, and the data behind a toggle named "Table".
        expect(figure.locator("h3")).to_be_visible()
        expect(figure.locator("summary")).to_have_text(re.compile(r"^Table"))
        src, width, texts = rendered_texts(page, figure)
        assert ("size=phone" in src) == (size == "phone"), src
        assert texts, name
        low = min(texts, key=lambda t: t["px"])
        smallest[name] = (round(low["px"], 2), low["text"], round(width))
        if name == "tscore":
            # The WHO bands' names are never drawn over a scan's value label.
            names = [t for t in texts if t["text"] in BAND_NAMES]
            values = [t for t in texts if re.fullmatch(r"[\u2212-]?\d+\.\d", t["text"])]
            assert names
            assert len(values) >= 3
            for band in names:
                for value in values:
                    assert not overlaps(band["box"], value["box"]), (band, value)
    print(f"smallest chart text at {viewport['width']} px:", smallest)
    for name, (px, text, width) in smallest.items():
        assert px >= 11, f"{name}: '{text}' at {px} px (the chart {width} px wide)"


def log_yesterday(page) -> None:
    """A pain entry dated yesterday through the full form: the quick form stays open today and
    offers "Same place as last time"."""
    page.goto("/pain/new/")
    yesterday = page.evaluate("new Date(Date.now() - 864e5).toISOString().slice(0, 10)")
    page.get_by_label("Date").fill(yesterday)
    page.locator("label[for=id_score_5]").click()
    page.get_by_text("Lower back").click()
    page.get_by_role("button", name="Save").click()
    page.goto("/")


def test_score_buttons_in_a_fixed_grid_and_save_above_the_fold_at_375_by_667(browsing):
    page = browsing.page(viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    sign_up(page)
    log_yesterday(page)
    tops = [round(score_button(page, s).bounding_box()["y"]) for s in range(11)]
    rows = [tops.count(top) for top in sorted(set(tops))]
    assert rows == [6, 5], f"scores per row: {rows}"  # never 5/5/1
    lefts = [score_button(page, s).bounding_box()["x"] for s in (0, 6)]
    assert abs(lefts[0] - lefts[1]) < 1  # a grid: 6 starts the second row under 0
    for s in range(11):
        box = score_button(page, s).bounding_box()
        assert box["width"] >= 44, (s, box)
        assert box["height"] >= 44, (s, box)
    # Save's bottom edge on the first screen, under the phone header's Menu row.
    save = page.locator("#quick-save").bounding_box()
    bottom = save["y"] + save["height"]
    print(f"Save's bottom at 375 x 667: {bottom:.0f} px")
    assert bottom <= SMALL_PHONE["height"], f"Save ends at {bottom} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def saved_in_view(page) -> dict:
    box = page.locator("#quick-saved").bounding_box()  # relative to the viewport
    assert box is not None
    assert box["y"] >= 0, f"the confirmation is above the screen: {box}"
    assert box["y"] + box["height"] <= SMALL_PHONE["height"], f"below the screen: {box}"
    return box


def test_no_jump_after_a_save_at_375_by_667_the_confirmation_stays_in_view(browsing):
    page = browsing.page(viewport=SMALL_PHONE, is_mobile=True, has_touch=True)
    sign_up(page)
    # Yesterday's entry (so "Same place as last time" is offered) and a scan that raises flags.
    log_yesterday(page)
    page.goto("/dexa/new/")
    page.get_by_label("Lumbar spine T-score").fill("-2.6")
    page.get_by_role("button", name="Save").click()
    page.goto("/")
    set_marker(page)

    # Scroll 150 px, tap a score, tap "Same place as last time" (the steps).
    page.mouse.wheel(0, 150)
    # Polled with evaluate: wait_for_function's polling evals a string, which the CSP refuses
    # whenever the wheel has not finished by its first look.
    for _ in range(50):
        if page.evaluate("window.scrollY") >= 140:
            break
        page.wait_for_timeout(20)
    assert page.evaluate("window.scrollY") >= 140
    score_button(page, 3).tap()
    page.locator("#quick-same").tap()
    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 3/10, lower back")
    page.wait_for_timeout(400)  # the out-of-band panels and any scroll anchoring have settled
    saved_in_view(page)
    expect(page.locator("#quick-undo")).to_be_in_viewport()

    # Again from the folded form: "Add another entry for today", a score, a place, Save.
    open_entry_form(page)
    score_button(page, 7).tap()
    place_button(page, "Neck").tap()
    page.locator("#quick-save").tap()
    expect(page.locator("#quick .message-success")).to_contain_text("Saved: pain 7/10, neck")
    page.wait_for_timeout(400)
    saved_in_view(page)

    # Twice more at the same place, each from the form the last answer brought: new entries
    # too, never taken for a repeat of the one before (each answer's form has its own token).
    for score in (5, 2):
        open_entry_form(page)
        score_button(page, score).tap()
        place_button(page, "Neck").tap()
        page.locator("#quick-save").tap()
        expect(page.locator("#quick .message-success")).to_contain_text(
            f"Saved: pain {score}/10, neck"
        )
    expect(page.locator("#logged-today a")).to_have_count(4)
    assert_not_reloaded(page)


def test_undo_removes_the_entry_just_saved_and_says_so(signed_up):
    page = signed_up
    set_marker(page)
    quick_save(page, 5, "Hip")
    expect(page.locator("#recent-pain li")).to_have_count(1)
    expect(page.locator("#logged-today")).to_contain_text("5/10")
    page.locator("#quick-undo").click()
    expect(page.locator("#quick-saved")).to_have_text(
        re.compile(r"^Removed: pain 5/10 at \d\d:\d\d\.$")
    )
    expect(page.locator("#quick-saved")).to_be_focused()
    expect(page.locator("#recent-pain")).to_have_text(re.compile("No pain entries yet"))
    expect(page.locator("#logged-today")).to_have_count(0)  # the form is open again
    expect(page.locator("#quick-save")).to_be_visible()
    # The chart went back to its empty line: the panels followed the undo.
    expect(page.locator('#charts .chart-none[data-chart="pain"]')).to_be_visible()
    assert_not_reloaded(page)
    page.reload()
    expect(page.locator("#recent-pain")).to_have_text(re.compile("No pain entries yet"))
