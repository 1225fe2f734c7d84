"""The dashboard's quick entry after a save: what was saved, an Undo, "Logged today"."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from journal import models as m

from .builders import TODAY, make_pain
from .test_dashboard_panels import sync

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def save(client, htmx, **data):
    return client.post("/pain/quick/", {"score": "3", "locations": ["neck"]} | data, **htmx)


def test_a_quick_save_says_score_place_and_time_and_offers_undo(owner_client, owner, htmx):
    html = save(owner_client, htmx).content.decode()
    entry = m.PainEntry.objects.get(user=owner)
    assert "Saved: pain 3/10, neck, at 12:00." in html
    assert f'hx-post="/pain/{entry.pk}/undo/"' in html
    assert 'id="quick-saved" tabindex="-1" autofocus' in html  # focused, so in view


def test_after_a_save_the_panel_says_logged_today_and_folds_the_form_away(owner_client, htmx):
    save(owner_client, htmx)
    html = owner_client.get("/").content.decode()
    quick = html[html.index('id="quick"') : html.index("</section>", html.index('id="quick"'))]
    assert "Logged today:" in quick
    assert "3/10" in quick
    assert '<details class="again">' in quick  # a second entry is a choice
    assert quick.index("Add another entry for today") < quick.index('id="quick-form"')


def test_with_nothing_logged_today_the_form_is_open(owner_client, owner):
    make_pain(owner, date=TODAY - dt.timedelta(days=1))
    html = owner_client.get("/").content.decode()
    assert "Logged today" not in html
    assert 'class="again"' not in html


def test_undo_deletes_the_entry_just_saved(owner_client, owner, htmx):
    save(owner_client, htmx)
    entry = m.PainEntry.objects.get(user=owner)
    response = owner_client.post(f"/pain/{entry.pk}/undo/", **htmx)
    assert response.status_code == 200
    assert "journal-changed" in response["HX-Trigger"]
    assert "Removed: pain 3/10 at 12:00." in response.content.decode()
    assert not m.PainEntry.objects.filter(user=owner).exists()


def test_undo_brings_the_panels_it_changed_with_its_one_follow_up(owner_client, owner, htmx):
    """As a save does: the quick panel at once, and the charts back to the empty pain line with
    the one follow-up request its answer makes (#panels-sync)."""
    answer = save(owner_client, htmx)
    sync(owner_client, answer)  # the page as the browser has it after the save: its panels too
    saved = answer.content.decode()
    version = re.search(r'name="page_version" value="(\d+)"', saved)[1]
    entry = m.PainEntry.objects.get(user=owner)
    undo_form = re.search(r'<form[^>]*class="undo">.*?</form>', saved, re.S)[0]
    assert f'name="page_version" value="{version}"' in undo_form  # the page after the save
    answer = owner_client.post(f"/pain/{entry.pk}/undo/", {"page_version": version}, **htmx)
    assert not re.search(r'<section id="[\w-]+" hx-swap-oob', answer.content.decode())
    html = sync(owner_client, answer).content.decode()
    assert re.search(r'<section id="charts"[^>]*hx-swap-oob="true"', html)
    assert '<p class="chart chart-none" data-chart="pain">' in html
    assert 'id="summary"' not in html  # unchanged by the undo: not sent
    # A page built at another version gets every panel.
    make_pain(owner, date=TODAY - dt.timedelta(days=1))
    save(owner_client, htmx)
    entry = m.PainEntry.objects.filter(user=owner, date=TODAY).get()
    html = sync(owner_client, owner_client.post(f"/pain/{entry.pk}/undo/", **htmx))
    assert 'id="summary"' in html.content.decode()


def test_undo_without_javascript_redirects_to_the_dashboard(owner_client, owner, htmx):
    save(owner_client, htmx)
    entry = m.PainEntry.objects.get(user=owner)
    response = owner_client.post(f"/pain/{entry.pk}/undo/", follow=True)
    assert b"Removed: pain 3/10" in response.content
    assert not m.PainEntry.objects.filter(user=owner).exists()


def test_undo_is_refused_after_15_minutes_and_keeps_the_entry(owner_client, owner, htmx):
    save(owner_client, htmx)
    entry = m.PainEntry.objects.get(user=owner)
    later = dt.datetime.combine(TODAY, dt.time(12, 16), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        response = owner_client.post(f"/pain/{entry.pk}/undo/", **htmx)
    assert "Too late to undo here" in response.content.decode()
    assert m.PainEntry.objects.filter(pk=entry.pk).exists()


def test_undo_at_14_minutes_still_deletes(owner_client, owner, htmx):
    save(owner_client, htmx)
    entry = m.PainEntry.objects.get(user=owner)
    later = dt.datetime.combine(TODAY, dt.time(12, 14, 59), tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        owner_client.post(f"/pain/{entry.pk}/undo/", **htmx)
    assert not m.PainEntry.objects.filter(pk=entry.pk).exists()


def test_undo_get_asks_to_confirm_and_deletes_nothing(owner_client, owner, htmx):
    save(owner_client, htmx)
    entry = m.PainEntry.objects.get(user=owner)
    response = owner_client.get(f"/pain/{entry.pk}/undo/")
    assert b"Undo this pain entry?" in response.content
    assert m.PainEntry.objects.filter(pk=entry.pk).exists()


def test_edit_links_on_the_dashboard_return_to_the_dashboard(owner_client, owner):
    entry = make_pain(owner, date=TODAY)
    html = owner_client.get("/").content.decode()
    assert f'href="/pain/{entry.pk}/edit/?next=/"' in html
    response = owner_client.post(
        f"/pain/{entry.pk}/edit/?next=/",
        {"date": TODAY.isoformat(), "score": "6", "locations": ["hip"]},
    )
    assert response["Location"] == "/"


def test_score_buttons_carry_their_band_in_words(owner_client):
    html = owner_client.get("/").content.decode()
    assert '<span class="vh"> out of 10, mild</span>' in html
    assert '<span class="vh"> out of 10, severe</span>' in html
    assert "7–10 severe" in html


def _form_of(html: str) -> dict:
    """What the quick form in `html` would send: its one-time token and its page version."""
    form = html[html.index('id="quick-form"') :]
    return {
        "submit_token": re.search(r'name="submit_token" value="([^"]+)"', form).group(1),
        "page_version": re.search(r'name="page_version" value="(\d*)"', form).group(1),
    }


@pytest.mark.parametrize("saves", [3, 5])
def test_each_save_from_the_answers_form_is_a_new_entry(owner_client, owner, htmx, saves):
    """A person logging several times without reloading (each from the form the last answer
    brought, behind "Add another entry") gets every entry: no answer repeats a submit token,
    which would make the next save read as a repeat and store nothing."""
    html = owner_client.get("/").content.decode()
    tokens = []
    for score in range(1, saves + 1):
        form = _form_of(html)
        tokens.append(form["submit_token"])
        html = save(owner_client, htmx, score=str(score), **form).content.decode()
        assert f"Saved: pain {score}/10" in html
    assert len(set(tokens)) == saves
    scores = m.PainEntry.objects.filter(user=owner).values_list("score", flat=True)
    assert sorted(scores) == list(range(1, saves + 1))


def test_a_save_after_an_undo_from_its_answers_form_is_a_new_entry(owner_client, owner, htmx):
    html = save(owner_client, htmx, score="4", **_form_of(owner_client.get("/").content.decode()))
    entry = m.PainEntry.objects.get(user=owner)
    undone = owner_client.post(f"/pain/{entry.pk}/undo/", **htmx).content.decode()
    assert not m.PainEntry.objects.filter(user=owner).exists()
    html = save(owner_client, htmx, score="6", **_form_of(undone)).content.decode()
    assert "Saved: pain 6/10" in html
    assert list(m.PainEntry.objects.filter(user=owner).values_list("score", flat=True)) == [6]


def test_a_repeated_tap_with_one_token_is_still_one_entry(owner_client, owner, htmx):
    form = _form_of(owner_client.get("/").content.decode())
    for _ in range(2):
        assert "Saved: pain 5/10" in save(owner_client, htmx, score="5", **form).content.decode()
    assert m.PainEntry.objects.filter(user=owner).count() == 1
