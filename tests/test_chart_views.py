"""Chart URLs: SVG of the person's own journal, drawn once per distinct data, redrawn on change."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from journal import charts
from journal.snapshot import Journal

from .builders import make_pain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def renders(monkeypatch):
    """Counts real matplotlib renders behind the view."""
    calls = []
    real = charts.render_svg

    def counting(data):
        calls.append(data.name)
        return real(data)

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
    assert "Show the data: " in content
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
        assert href == hx_get
    assert re.search(r'id="range-1y"[^>]*aria-current="true"', html)  # the reloaded range


def test_chart_response_has_its_own_strict_policy(owner_client):
    policy = owner_client.get("/charts/pain.svg")["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script" not in policy
