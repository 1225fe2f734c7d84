"""What a person does in the journal, in browser steps the journeys share."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Locator, Page, expect

PASSWORD = "a long e2e passphrase 7"
CHART_NAMES = ("pain", "tscore", "activity", "height", "vitamin_d", "mood", "peg")


def unique_username() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def sign_up(page: Page, username: str | None = None) -> str:
    """Create a journal through the sign-up page; the page lands on the dashboard."""
    username = username or unique_username()
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/")
    return username


def score_button(page: Page, score: int) -> Locator:
    """The big "7" button of the quick entry: the label drawn over its visually hidden radio."""
    return page.locator(f'#quick label[for="id_score_{score}"]')


def place_button(page: Page, place: str) -> Locator:
    return page.locator("#quick .toggle label").filter(has_text=place)


def open_entry_form(page: Page) -> None:
    """Once something is logged today the quick form folds behind "Add another entry for today"
    (so a second tap is a choice): open it if it is folded."""
    again = page.locator("#quick details.again")
    if again.count() and again.get_attribute("open") is None:
        again.locator("> summary").click()
        expect(again).to_have_attribute("open", "")


def quick_save(page: Page, score: int, *places: str) -> None:
    """Tap a score, tap the places, tap Save; wait for the quick panel to say it saved."""
    open_entry_form(page)
    score_button(page, score).click()
    for place in places:
        place_button(page, place).click()
    page.locator("#quick").get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#quick .message-success")).to_contain_text(f"Saved: pain {score}/10")


def set_marker(page: Page) -> None:
    """A value that lives only as long as the document: a full reload loses it."""
    page.evaluate("window.__marker = 1")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__marker") == 1, "the page reloaded"


def chart_src(page: Page, name: str) -> str | None:
    """The chart's image address, or None when the chart is empty (a line of text, no image)."""
    image = page.locator(f'figure[data-chart="{name}"] img')
    return image.get_attribute("src") if image.count() else None


def assert_charts_load(page: Page) -> None:
    """Every chart is there, drawn or as its empty line with an "Add ..." link; every chart
    image, scrolled into view (they load lazily), has loaded a real picture."""
    expect(page.locator("#charts [data-chart]")).to_have_count(len(CHART_NAMES))
    empty = page.locator("#charts .chart-none")
    for i in range(empty.count()):
        expect(empty.nth(i).locator("a")).to_have_attribute("href", re.compile(r"^(/|#quick$)"))
    images = page.locator("#charts figure img")
    assert images.count() == len(CHART_NAMES) - empty.count()
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        image.evaluate(
            """img => img.complete && img.naturalWidth > 0 ? true : new Promise((ok, fail) => {
                 img.addEventListener("load", () => ok(true), {once: true});
                 img.addEventListener("error", () => fail(new Error("failed: " + img.src)));
                 setTimeout(() => fail(new Error("not loaded in 10 s: " + img.src)), 10000);
               })"""
        )
        width = image.evaluate("img => img.naturalWidth")
        assert width > 0, f"chart {image.get_attribute('src')} did not load"


def tab_to(page: Page, selector: str, limit: int = 80, key: str = "Tab") -> None:
    """Press Tab (or `key`) until the focused element matches `selector`, as a person would."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def assert_focus_visible(page: Page, selector: str | None = None) -> None:
    """The focused element (or `selector`, e.g. its label) draws a visible outline."""
    outline = page.evaluate(
        """s => {
             const el = s ? document.querySelector(s) : document.activeElement;
             const style = getComputedStyle(el);
             return [style.outlineStyle, parseFloat(style.outlineWidth)];
           }""",
        selector,
    )
    assert outline[0] != "none", f"no focus outline on {selector or 'the focused element'}"
    assert outline[1] >= 2, f"a focus outline too thin to see on {selector}: {outline}"


def wait_for_htmx_to_settle(page: Page) -> None:
    """Until htmx has finished its request, swap and settle (it marks elements while it works):
    a person's next key press comes long after that; a test's can come within milliseconds."""
    # A locator, not wait_for_function: its polling evaluates a string, which the page's CSP
    # refuses whenever the condition does not hold at the first look.
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)
