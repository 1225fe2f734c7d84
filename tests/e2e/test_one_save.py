"""One quick save as the browser lives it (issue 10): the POST answers with the quick panel and
asks for one follow-up, which brings every other panel the save changed; then the browser fetches
the chart images whose data changed, and nothing else (no panel reloads itself)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .ui import (
    assert_charts_load,
    assert_not_reloaded,
    chart_src,
    quick_save,
    set_marker,
)

pytestmark = pytest.mark.e2e


def settled(page) -> None:
    """htmx has finished its requests, swaps and settling (it marks elements while it works)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)


def test_a_quick_save_costs_its_post_one_follow_up_and_the_redrawn_charts_only(signed_up):
    page = signed_up
    set_marker(page)
    quick_save(page, 4, "Lower back")  # the first entry: the pain chart is drawn
    settled(page)
    assert_charts_load(page)
    before = chart_src(page, "pain")
    # The scans, exercise and height charts are lines of text: no image to load or reload.
    for name in ("tscore", "activity", "height"):
        assert chart_src(page, name) is None

    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.method, r.url)))
    quick_save(page, 6, "Hip")
    settled(page)
    expect(page.locator('figure[data-chart="pain"] img')).not_to_have_attribute("src", before)
    assert_charts_load(page)
    page.wait_for_timeout(300)  # a late panel reload would show here

    paths = [(method, re.sub(r"^https?://[^/]+", "", url)) for method, url in requests]
    assert paths[0] == ("POST", "/pain/quick/")
    assert paths[1][0] == "GET", paths  # the follow-up: every other panel the save changed
    assert re.fullmatch(r"/\?since=\d+", paths[1][1]), paths
    others = paths[2:]
    assert all(method == "GET" and path.startswith("/charts/") for method, path in others), paths
    assert [p for _, p in others] == [chart_src(page, "pain")]  # the only chart that changed
    for name in ("tscore", "activity", "height"):
        assert chart_src(page, name) is None
    expect(page.locator("#recent-pain li")).to_have_count(2)
    assert_not_reloaded(page)
