"""Chart URLs: SVG of the person's own journal, drawn once per distinct data, redrawn on change."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import charts, services
from journal.derived import slot
from journal.snapshot import Journal, load_journal

from .builders import (
    TODAY,
    make_exercise,
    make_height,
    make_lab,
    make_mood,
    make_pain,
    make_peg,
    make_scan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def renders(monkeypatch):
    """Counts real matplotlib renders behind the view."""
    calls = []
    real = charts.render_svg

    def counting(data, size="wide"):
        calls.append(data.name)
        return real(data, size)

    monkeypatch.setattr(charts, "render_svg", counting)
    return calls


@pytest.mark.parametrize("name", charts.CHARTS)
@pytest.mark.parametrize("range_key", ["30d", "90d", "1y", "all", "junk", ""])
def test_every_chart_and_range_answers_svg(owner_client, owner, name, range_key):
    make_pain(owner, date=dt.date(2026, 6, 1), score=5)
    response = owner_client.get(f"/charts/{name}.svg?range={range_key}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert ET.fromstring(response.content).tag.endswith("svg")


def test_unknown_chart_is_a_404(owner_client):
    assert owner_client.get("/charts/cholesterol.svg").status_code == 404


def test_second_request_comes_from_the_cache_without_rendering(owner_client, owner, renders):
    make_pain(owner, score=5)
    first = owner_client.get("/charts/pain.svg?range=90d")
    second = owner_client.get("/charts/pain.svg?range=90d")
    assert renders == ["pain"]
    assert first.content == second.content


def test_an_edit_changes_the_data_so_the_chart_is_redrawn(owner_client, owner, renders):
    entry = make_pain(owner, score=5)
    before = owner_client.get("/charts/pain.svg").content
    owner_client.post(
        f"/pain/{entry.pk}/edit/", {"date": "2026-06-15", "score": "9", "locations": ["hip"]}
    )
    after = owner_client.get("/charts/pain.svg").content
    assert renders == ["pain", "pain"]
    assert before != after


def test_unchanged_chart_answers_304_to_its_etag(owner_client, owner, renders):
    make_pain(owner, score=5)
    etag = owner_client.get("/charts/pain.svg")["ETag"]
    response = owner_client.get("/charts/pain.svg", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert renders == ["pain"]


def test_a_chart_only_ever_draws_the_requesting_persons_journal(
    owner_client, stranger_client, owner
):
    make_pain(owner, score=9)
    mine = owner_client.get("/charts/pain.svg")
    theirs = stranger_client.get("/charts/pain.svg")
    empty = charts.chart_data("pain", Journal(), "90d", dt.date(2026, 6, 15))
    assert theirs["ETag"] == f'"{charts.cache_key(empty)}"'
    assert mine["ETag"] != theirs["ETag"]


def test_dashboard_charts_carry_alt_text_a_data_table_and_a_data_version(owner_client, owner):
    make_pain(owner, score=7)
    content = owner_client.get("/").content.decode()
    assert 'alt="Pain' in content
    assert '<summary>Table<span class="vh">: Pain</span></summary>' in content
    assert "/charts/pain.svg?range=90d&amp;v=" in content


def test_range_switch_returns_only_the_charts_panel(owner_client, htmx):
    response = owner_client.get("/?range=1y", HTTP_HX_TARGET="charts", **htmx)
    assert b'id="charts"' in response.content
    assert b"<html" not in response.content
    assert b"range=1y" in response.content


def test_range_links_keep_their_address_and_push_it_to_the_history(owner_client):
    html = owner_client.get("/?range=1y").content.decode()
    nav = re.search(r'<nav class="ranges"[^>]*>', html).group(0)
    assert 'hx-target="#charts"' in nav
    assert 'hx-push-url="true"' in nav
    for href, hx_get in re.findall(r'<a id="range-[^"]+" href="([^"]+)" hx-get="([^"]+)"', html):
        assert href == hx_get + "#charts"  # the same page, landing on the charts without script
    assert re.search(r'id="range-1y"[^>]*aria-current="true"', html)  # the reloaded range


def test_chart_response_has_its_own_strict_policy(owner_client):
    policy = owner_client.get("/charts/pain.svg")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script" not in policy


# --- addressed by the key of their data (issue 10) ------------------------------------------------


def chart_urls(client) -> dict[str, str]:
    """The chart images' URLs on the dashboard's charts panel, by chart name."""
    html = client.get("/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="charts").content.decode()
    figures = re.findall(r'<figure class="chart" data-chart="(\w+)".*?</figure>', html, re.S)
    found = re.findall(
        r'<figure class="chart" data-chart="(\w+)"[^>]*>.*?<img src="([^"]+)"', html, re.S
    )
    assert len(found) == len(figures)
    return {name: src.replace("&amp;", "&") for name, src in found}


def version_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["v"][0]


def test_a_chart_url_carries_the_whole_key_of_its_data(owner_client, owner):
    make_pain(owner, score=5)
    url = chart_urls(owner_client)["pain"]
    journal = load_journal(owner)
    assert version_of(url) == charts.cache_key(charts.chart_data("pain", journal, "90d", TODAY))
    assert re.fullmatch(r"chart:pain:[0-9a-f]{64}", version_of(url))


CHANGES = {  # a log, and a series of entries that each change what that chart plots
    "pain": lambda user, i: make_pain(user, date=TODAY - dt.timedelta(days=i % 60), score=i % 11),
    "activity": lambda user, i: make_exercise(user, minutes=10 + i),
    "tscore": lambda user, i: make_scan(user, date=TODAY, spine=f"-{1 + i / 100:.2f}"),
    "height": lambda user, i: make_height(user, height_cm=f"{150 + i / 10:.1f}"),
    "mood": lambda user, i: make_mood(user, date=TODAY - dt.timedelta(days=i), answers=[i % 4] * 9),
    "peg": lambda user, i: make_peg(user, date=TODAY - dt.timedelta(days=i), pain=i % 11),
    "vitamin_d": lambda user, i: make_lab(
        user, date=TODAY - dt.timedelta(days=i), value=f"{20 + i}"
    ),
}


@pytest.mark.parametrize("name", charts.CHARTS)
def test_every_change_to_plotted_data_changes_the_chart_url(owner_client, owner, name):
    # 40 changes: a version cut to its first 16 characters ("chart:activity:" and one hex
    # digit) would repeat within them; the whole key never does.
    make_height(owner, date=TODAY - dt.timedelta(days=30), height_cm="170.0")
    seen: dict[str, int] = {}
    for i in range(40):
        CHANGES[name](owner, i)
        services.bump_version(owner)
        url = chart_urls(owner_client)[name]
        assert url not in seen, f"change {i} kept the URL of change {seen.get(url)}"
        seen[url] = i


def test_a_chart_at_its_current_url_is_immutable(owner_client, owner):
    make_pain(owner, score=5)
    url = chart_urls(owner_client)["pain"]
    response = owner_client.get(url)
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response["ETag"] == f'"{version_of(url)}"'
    assert owner_client.get("/charts/pain.svg")["Cache-Control"] == "private, no-cache"


def test_a_drawn_chart_is_looked_up_before_anything_is_computed(
    owner_client, owner, monkeypatch, renders
):
    make_pain(owner, score=5)
    url = chart_urls(owner_client)["pain"]
    owner_client.get(url)  # drawn once
    monkeypatch.setattr(charts, "chart_data", lambda *a: pytest.fail("computed the data"))
    with CaptureQueriesContext(connection) as floor:
        owner_client.get("/guidance/")
    with CaptureQueriesContext(connection) as queries:
        response = owner_client.get(url)
    assert response.status_code == 200
    assert len(queries) == len(floor)  # the session, the user and the profile: nothing more
    assert renders == ["pain"]
    assert owner_client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_an_old_url_gets_the_current_chart_revalidated(owner_client, owner):
    entry = make_pain(owner, score=5)
    old = chart_urls(owner_client)["pain"]
    owner_client.post(
        f"/pain/{entry.pk}/edit/", {"date": "2026-06-15", "score": "9", "locations": ["hip"]}
    )
    response = owner_client.get(old)
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"] == f'"{version_of(chart_urls(owner_client)["pain"])}"'


@pytest.mark.slow  # many saves, each chart drawn again
def test_one_cache_entry_per_person_chart_and_range_whatever_the_number_of_saves(
    owner_client, owner
):
    def entries() -> int:  # in the file cache, or the Redis server when REDIS_URL is set
        if hasattr(cache, "_list_cache_files"):
            return len(cache._list_cache_files())
        return len(cache._cache.get_client().keys("*"))

    make_pain(owner, score=1)
    for url in chart_urls(owner_client).values():
        owner_client.get(url)
    before = entries()
    for score in range(2, 12):
        owner_client.post("/pain/quick/", {"score": str(score % 11), "locations": ["neck"]})
        for url in chart_urls(owner_client).values():
            assert owner_client.get(url).status_code == 200
    assert entries() == before
    held = cache.get(slot(owner, "svg", "pain", "90d"))
    assert held[0] == version_of(chart_urls(owner_client)["pain"])


# --- issue 11: cross-person chart timing ---------------------------------------------------------


def test_a_second_persons_first_request_for_identical_data_is_a_miss(
    owner_client, stranger_client, owner, stranger, renders
):
    make_pain(owner, score=6)
    make_pain(stranger, score=6)
    mine, theirs = chart_urls(owner_client)["pain"], chart_urls(stranger_client)["pain"]
    assert mine == theirs  # the same data, so the same key...
    owner_client.get(mine)
    stranger_client.get(theirs)
    assert renders == ["pain", "pain"]  # ...but each person's chart is drawn for them alone
    assert slot(owner, "svg", "pain", "90d") != slot(stranger, "svg", "pain", "90d")
