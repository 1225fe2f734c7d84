"""The time zone after sign-up: /profile/ offers likely zones first (the person's, then common
ones, then every other A-Z, each once), and the dashboard's notice switches the journal to the
device's zone in one tap, or keeps the journal's for the session (views.zone)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import models as m
from journal.forms import ProfileForm
from journal.zones import COMMON, ZONES, grouped

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = 25


def zone_of(user) -> str:
    return m.Profile.objects.get(user=user).timezone


def set_zone(user, zone: str) -> None:
    m.Profile.objects.filter(user=user).update(timezone=zone)


# --- the profile's list ------------------------------------------------------------------------


def test_every_zone_is_offered_exactly_once_with_the_persons_own_first():
    groups = grouped("Asia/Kathmandu")
    assert [name for name, _ in groups] == ["Your zone", "Common zones", "Every other zone, A to Z"]
    values = [value for _, options in groups for value, _ in options]
    assert sorted(values) == sorted(ZONES)
    assert values[0] == "Asia/Kathmandu"
    assert [v for v, _ in groups[1][1]] == [z for z in COMMON if z in ZONES]
    rest = [v for v, _ in groups[2][1]]
    assert rest == sorted(rest)


def test_an_unknown_stored_zone_is_not_offered_as_the_persons_own():
    assert grouped("Mars/Olympus")[0] == ("Your zone", [])


def test_the_profile_page_shows_the_groups_with_the_stored_zone_selected(owner, owner_client):
    set_zone(owner, "Europe/Vienna")
    html = owner_client.get("/profile/").content.decode()
    select = html.split('name="timezone"', 1)[1].split("</select>", 1)[0]
    assert select.index('<optgroup label="Your zone">') < select.index("Common zones")
    assert re.search(r'<option value="Europe/Vienna" selected>Europe/Vienna</option>', select)
    assert select.count('value="Europe/Vienna"') == 1
    assert select.count("<option") == len(ZONES)
    assert '<script src="/static/js/timezone.js" defer></script>' in html


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Pacific/Auckland", "America/New_York"])
def test_a_zone_from_any_group_saves(owner, zone):
    form = ProfileForm({"timezone": zone}, instance=owner.profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["timezone"] == zone


def test_a_zone_outside_the_database_is_refused_with_a_message(owner):
    form = ProfileForm({"timezone": "Mars/Olympus"}, instance=owner.profile)
    assert not form.is_valid()
    assert form.errors["timezone"] == ["Choose one of the listed options."]


# --- the dashboard's notice ----------------------------------------------------------------------


def test_the_dashboard_carries_the_hidden_notice_with_the_journals_zone(owner, owner_client):
    set_zone(owner, "Europe/London")
    html = owner_client.get("/").content.decode()
    notice = re.search(r"<form class=\"zone-notice card\"[^>]*>", html).group(0)
    assert 'data-zone-current="Europe/London"' in notice
    assert 'data-zone-kept=""' in notice
    assert notice.endswith("hidden>")  # timezone.js shows it when the device's zone differs
    assert '<input type="hidden" name="timezone" value="" data-browser-zone>' in html


def test_switch_moves_the_journal_to_the_devices_zone(owner, owner_client):
    version = m.Profile.objects.get(user=owner).version
    response = owner_client.post(
        "/profile/zone/", {"timezone": "Pacific/Auckland", "choice": "switch"}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert zone_of(owner) == "Pacific/Auckland"
    assert m.Profile.objects.get(user=owner).version > version  # through services
    assert "Your journal now follows Pacific/Auckland time: today is" in response.content.decode()


def test_keep_leaves_the_zone_and_hides_the_notice_for_that_zone_this_session(owner, owner_client):
    set_zone(owner, "Europe/London")
    response = owner_client.post(
        "/profile/zone/", {"timezone": "America/New_York", "choice": "keep"}, follow=True
    )
    assert zone_of(owner) == "Europe/London"
    html = response.content.decode()
    assert "Your journal keeps Europe/London time." in html
    assert 'data-zone-kept="America/New_York"' in html
    # A later switch ends the "keep".
    owner_client.post("/profile/zone/", {"timezone": "America/New_York", "choice": "switch"})
    assert 'data-zone-kept=""' in owner_client.get("/").content.decode()


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "../../etc/passwd", "\x00", "x" * 5000])
def test_a_zone_the_journal_does_not_know_changes_nothing_and_says_so(owner, owner_client, zone):
    set_zone(owner, "Europe/London")
    response = owner_client.post(
        "/profile/zone/", {"timezone": zone, "choice": "switch"}, follow=True
    )
    assert response.status_code == 200
    assert zone_of(owner) == "Europe/London"
    assert "That time zone is not one the journal knows; nothing changed." in (
        response.content.decode()
    )
    assert "zone_kept" not in owner_client.session


def test_the_switch_takes_posts_only_and_only_from_a_person_logged_in(owner_client):
    assert owner_client.get("/profile/zone/").status_code == 405
    response = Client().post("/profile/zone/", {"timezone": "UTC", "choice": "switch"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@given(
    zone=st.one_of(st.sampled_from(sorted(ZONES)), st.text(max_size=80)),
    choice=st.one_of(st.sampled_from(["switch", "keep", ""]), st.text(max_size=20)),
)
@settings(max_examples=FUZZ_EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_switch_takes_any_input_and_stores_only_a_known_zone(owner, owner_client, zone, choice):
    response = owner_client.post("/profile/zone/", {"timezone": zone, "choice": choice})
    assert response.status_code == 302
    assert zone_of(owner) in ZONES
