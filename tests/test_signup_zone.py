"""The browser's time zone at sign-up (static/js/timezone.js fills a hidden field; the server
keeps only a zone zoneinfo knows), and what it changes: the person's day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from journal import models as m
from journal.forms import SignupForm

pytestmark = pytest.mark.django_db

PASSWORD = {"password1": "a long signup passphrase 3", "password2": "a long signup passphrase 3"}


def sign_up(client, name: str, zone: str | None):
    data = {"username": name, **PASSWORD}
    if zone is not None:
        data["timezone"] = zone
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302, response.content[:2000]
    return m.Profile.objects.get(user__username=name)


def test_the_sign_up_page_carries_a_hidden_zone_field_and_the_script_that_fills_it(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<input type="hidden" name="timezone" data-browser-zone="" id="id_timezone">' in html
    assert '<script src="/static/js/timezone.js" defer></script>' in html


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Argentina/Buenos_Aires", "UTC"])
def test_a_zone_zoneinfo_knows_is_stored_on_the_profile(client, zone):
    assert sign_up(client, "kiri", zone).timezone == zone


@pytest.mark.parametrize(
    "zone",
    ["", "Mars/Olympus_Mons", "../../etc/passwd", "pacific/auckland", "+12:00", "x" * 300, "\x00"],
)
def test_anything_else_leaves_the_default_zone_and_is_no_error(client, zone):
    assert sign_up(client, "kiri", zone).timezone == settings.TIME_ZONE


def test_without_javascript_the_field_is_absent_and_the_zone_stays_the_default(client):
    assert sign_up(client, "kiri", None).timezone == settings.TIME_ZONE


def test_the_form_cleans_a_zone_with_spaces_around_it():
    form = SignupForm({"username": "kiri", "timezone": " Asia/Kolkata ", **PASSWORD})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["timezone"] == "Asia/Kolkata"


def test_an_auckland_sign_up_saves_on_its_own_day_when_utc_is_still_on_the_day_before(client):
    # 12:30 UTC on 21 Nov is 01:30 on 22 Nov in Auckland (NZDT, UTC+13).
    moment = dt.datetime(2026, 11, 21, 12, 30, tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=False):
        sign_up(client, "kiri", "Pacific/Auckland")
        form = client.get("/pain/new/").content.decode()
        assert 'value="2026-11-22"' in form
        response = client.post(
            "/pain/new/", {"date": "2026-11-22", "score": "4", "locations": ["lower_back"]}
        )
        assert response.status_code == 302, response.content[:3000]
    entry = m.PainEntry.objects.get(user__username="kiri")
    assert entry.date == dt.date(2026, 11, 22)
