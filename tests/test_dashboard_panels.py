"""The dashboard's panels: a panel request builds only its panel, and a quick save answers with
the quick panel at once and one follow-up request that brings every other panel it changed
(htmx out-of-band swaps), computed once for the new version."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import charts, services
from journal.logs import LOGS
from journal.views.panels import PANELS

from .builders import TODAY, make_exercise, make_medicine, make_pain, make_scan, make_treatment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

HTMX = {"HTTP_HX_REQUEST": "true"}


def page_version(client) -> str:
    html = client.get("/").content.decode()
    return re.search(r'name="page_version" value="(\d+)"', html).group(1)


def quick(client, version: str, url: str = "http://testserver/", **data):
    post = {"score": "3", "locations": ["neck"], "page_version": version} | data
    return client.post("/pain/quick/", post, HTTP_HX_CURRENT_URL=url, **HTMX)


def out_of_band(response) -> set[str]:
    return set(re.findall(r'<section id="([\w-]+)" hx-swap-oob="true"', response.content.decode()))


# The panels an empty journal shows besides the quick one: the ones a quick save may send.
SHOWN = {"flags", "summary", "charts", "sleep", "peg-prompt"}


@pytest.mark.parametrize("panel", [name for name, p in PANELS.items() if p.cached])
def test_a_panel_request_builds_only_its_panel(owner_client, owner, monkeypatch, panel):
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    make_pain(owner, score=5)
    make_treatment(owner)  # so the treatments panel has something to show
    make_medicine(owner)  # and the medicines panel

    def refuse(what):
        return lambda *a, **k: pytest.fail(f"the {panel} panel computed {what}")

    if panel != "flags":
        monkeypatch.setattr("journal.views.common.evaluate", refuse("the flags"))
    if panel != "charts":
        monkeypatch.setattr(charts, "chart_data", refuse("chart data"))
    response = owner_client.get("/", HTTP_HX_TARGET=panel, **HTMX)
    assert response.status_code == 200
    assert re.match(rf'\s*<section id="{panel}"', response.content.decode())


@pytest.mark.parametrize("panel", PANELS)
def test_an_unchanged_panel_costs_no_query_beyond_the_floor(owner_client, owner, panel):
    make_pain(owner, score=5)
    owner_client.get("/", HTTP_HX_TARGET=panel, **HTMX)
    with CaptureQueriesContext(connection) as floor:
        owner_client.get("/guidance/")
    with CaptureQueriesContext(connection) as queries:
        owner_client.get("/", HTTP_HX_TARGET=panel, **HTMX)
    assert len(queries) == len(floor)


def sync(client, response, url: str = "http://testserver/"):
    """The follow-up request a quick save's answer makes as soon as it is in (#panels-sync)."""
    found = re.search(
        r'<div id="panels-sync" hidden hx-swap-oob="true" hx-get="([^"]+)" '
        r'hx-trigger="load" hx-swap="none"></div>',
        response.content.decode(),
    )
    assert found, "the answer asks for no follow-up"
    path = html.unescape(found.group(1))
    return client.get(path, HTTP_HX_TARGET="panels-sync", HTTP_HX_CURRENT_URL=url, **HTMX)


def test_a_quick_save_answers_with_the_quick_panel_and_one_follow_up(owner_client, owner):
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    services.bump_version(owner)
    shown = page_version(owner_client)
    response = quick(owner_client, shown)
    assert response.status_code == 200
    assert "journal-changed" in response["HX-Trigger"]
    assert re.match(r'\s*<section id="quick"', response.content.decode())
    assert out_of_band(response) == set()  # no other panel: the follow-up brings them
    assert f"/?since={shown}" in response.content.decode()


def test_a_quick_saves_follow_up_sends_out_of_band_only_the_panels_it_changed(owner_client, owner):
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    services.bump_version(owner)
    response = sync(owner_client, quick(owner_client, page_version(owner_client)))
    assert response.status_code == 200
    # A pain entry changes the pain chart; the flags and the DEXA/activity summary stay.
    assert out_of_band(response) == {"charts"}


@pytest.mark.django_db(transaction=True)  # real commits: the save's record is shared at once
def test_a_quick_saves_follow_up_computes_only_what_the_save_changed(
    owner_client, owner, monkeypatch
):
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    services.bump_version(owner)
    response = quick(owner_client, page_version(owner_client))

    def refuse(*args, **kwargs):
        pytest.fail("the follow-up computed the summary again, though no scan was written")

    drawn = []
    real = charts.chart_data

    def counting(name, *args, **kwargs):
        drawn.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr("journal.views.panels._summary_context", refuse)
    monkeypatch.setattr(charts, "chart_data", counting)
    assert out_of_band(sync(owner_client, response)) == {"charts"}
    assert drawn == ["pain"]  # the other charts' figures are the version before's


def test_a_quick_save_that_raises_a_flag_sends_the_flags_too(owner_client, owner):
    response = quick(
        owner_client,
        page_version(owner_client),
        score="8",
        locations=["lower_back"],
        onset="sudden",
        minor_trigger="on",
    )
    assert b'data-flag="pain.fracture_sign"' in response.content  # urgent: with the save
    followed = sync(owner_client, response)
    assert out_of_band(followed) == {"flags", "charts"}
    assert b'data-flag="pain.fracture_sign"' in followed.content  # and in the flags panel


def test_a_page_behind_another_tabs_save_gets_every_panel_changed_since_it(owner_client, owner):
    shown = page_version(owner_client)
    services.save_entry(
        LOGS["exercise"],
        owner,
        {"date": TODAY, "kind": "walking", "minutes": 45, "intensity": "moderate"},
    )  # saved in another tab: this page does not show it
    response = sync(owner_client, quick(owner_client, shown))
    # Compared with what the page shows (its version's HTML, kept one version back): the
    # exercise changed the summary, the pain entry the charts; the flags and prompts stayed.
    assert out_of_band(response) == {"summary", "charts"}
    assert "<strong>45 min</strong>" in response.content.decode()


@pytest.mark.parametrize("version", ["", "junk", "-1", "99999999999999999999999", "٣"])
def test_a_quick_save_without_a_usable_page_version_sends_every_panel(owner_client, version):
    response = quick(owner_client, version)
    assert response.status_code == 200
    assert out_of_band(sync(owner_client, response)) == SHOWN


@pytest.mark.parametrize("since", ["junk", "-1", "99999999999999999999999", "٣", "7"])
def test_a_follow_up_with_an_unknown_version_sends_every_panel(owner_client, since):
    response = owner_client.get(f"/?since={since}", HTTP_HX_TARGET="panels-sync", **HTMX)
    assert response.status_code == 200
    assert out_of_band(response) == SHOWN


def test_a_quick_save_keeps_the_chart_range_the_page_shows(owner_client, owner):
    make_exercise(owner)
    url = "http://testserver/?range=1y"
    html = sync(owner_client, quick(owner_client, "", url=url), url=url).content.decode()
    assert re.search(r'id="range-1y"[^>]*aria-current="true"', html)
    assert "/charts/pain.svg?range=1y&amp;v=" in html


def test_the_quick_panel_carries_the_version_its_page_was_built_at(owner_client, owner):
    before = int(page_version(owner_client))
    response = quick(owner_client, str(before))
    assert f'name="page_version" value="{before + 1}"' in response.content.decode()


def test_every_panel_that_reloads_itself_is_built_by_the_registry(owner_client):
    html = owner_client.get("/").content.decode()
    reloading = re.findall(r'<section id="(\w+)"[^>]*hx-trigger="journal-changed from:body"', html)
    assert reloading
    assert set(reloading) <= set(PANELS)


def test_panel_reloads_are_dropped_while_a_quick_save_is_on_its_way(owner_client, owner):
    make_treatment(owner)  # so every panel shows
    make_medicine(owner)
    html = owner_client.get("/").content.decode()
    assert 'id="quick-form"' in html
    reloading = re.findall(
        r'<section id="([\w-]+)"[^>]*hx-trigger="journal-changed from:body"', html
    )
    assert set(reloading) == {"flags", "summary", "charts"}
    # Each panel's reload is marked for static/js/panels.js, which drops it while a quick save
    # is on its way, and queues on the panel itself: a queue shared by every panel (hx-sync on
    # the quick form) let the first panel's reload drop all the others.
    assert re.search(r'<script src="/static/js/panels\.[\w.]*js" defer>', html)
    for name in reloading:
        section = re.search(rf'<section id="{name}"[^>]*>', html).group(0)
        assert "data-reloads" in section
        assert 'hx-sync="this:replace"' in section
    # Every other element that reloads (an empty panel's placeholder) does the same; nothing
    # else (a form inside a panel: "took it", sleep's one tap) is tied to any queue.
    marked = len(re.findall(r"data-reloads", html))
    assert marked >= len(reloading)
    assert re.findall(r'hx-sync="[^"]*"', html) == ['hx-sync="this:replace"'] * marked


def test_the_quick_panel_kept_for_a_version_carries_each_requests_own_csrf_token(owner):
    from django.test import Client

    pages = []
    for _ in range(2):  # two devices: two sessions, two CSRF secrets, one cached panel
        client = Client(enforce_csrf_checks=True)
        client.force_login(owner)
        html = client.get("/", HTTP_HX_TARGET="quick", **HTMX).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post(
            "/pain/quick/",
            {"score": "2", "locations": ["neck"], "csrfmiddlewaretoken": token},
            **HTMX,
        )
        assert response.status_code == 200
        assert b"Saved: pain 2/10" in response.content
        pages.append(html)
    assert "csrf-token-of-the-request" not in pages[0] + pages[1]


def test_a_panel_whose_context_did_not_change_is_not_rendered_again(
    owner_client, owner, monkeypatch, django_capture_on_commit_callbacks
):
    from journal.views import panels

    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    services.bump_version(owner)
    owner_client.get("/")
    rendered = []
    real = panels.render_to_string

    def counting(name, ctx, *args, **kwargs):
        rendered.append(name.split("#")[-1])
        return real(name, ctx, *args, **kwargs)

    monkeypatch.setattr(panels, "render_to_string", counting)
    with django_capture_on_commit_callbacks(execute=True):  # as on a commit: its record
        services.save_entry(LOGS["pain"], owner, {"date": TODAY, "score": 3, "locations": ["neck"]})
    response = owner_client.get("/", HTTP_HX_TARGET="summary", **HTMX)
    assert "Osteoporosis" in response.content.decode()
    assert rendered == []  # a pain entry leaves the DEXA summary as it was: its HTML reused
    owner_client.get("/", HTTP_HX_TARGET="charts", **HTMX)
    # The pain chart changed: its figure alone is rendered again, then the panel around it.
    assert rendered == ["chart-figure", "charts"]


def test_the_log_reminder_follows_the_hour_and_the_days_entries(owner_client, owner, frozen_today):
    """The "Due now" panel is kept per version and day for each state of the log reminder:
    before the person's hour (20:00 by default), after it, and once something is logged."""

    def log_reminder() -> bool:
        html = owner_client.get("/", HTTP_HX_TARGET="reminders", **HTMX).content.decode()
        return 'data-reminder="log"' in html

    assert not log_reminder()  # noon
    frozen_today.shift(dt.timedelta(hours=8))  # 20:00: the same version, another hour
    assert log_reminder()
    make_pain(owner, score=2)  # logged today
    assert not log_reminder()
