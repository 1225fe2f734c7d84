"""Every view: happy path, bad input, wrong method, another's entry, anonymous, htmx partial."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils.html import escape

from journal import models as m
from journal.logs import LOGS

from .builders import MAKERS, TODAY, make_pain, make_scan, with_parent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

VALID = {
    "pain": {
        "date": "2026-06-15",
        "score": "6",
        "locations": ["lower_back", "hip"],
        "onset": "gradual",
    },
    "dexa": {
        "date": "2026-06-15",
        "facility": "City Hospital",
        "spine_t": "-2.6",
        "spine_bmd": "0.812",
    },
    "exercise": {
        "date": "2026-06-15",
        "kind": "strength",
        "minutes": "30",
        "intensity": "moderate",
    },
    "height": {"date": "2026-06-15", "height_cm": "163.5"},
    "fractures": {"date": "2026-06-15", "site": "wrist", "minimal_trauma": "on"},
    "medicines": {
        "name": "Adcal-D3",
        "kind": "calcium",
        "dose_amount": "2",
        "dose_unit": "tablet",
        "schedule": "daily",
        "started": "2026-06-15",
    },
    "doses": {"date": "2026-06-15", "time": "08:30"},  # and one of the person's medicines
    "labs": {"date": "2026-06-15", "test": "vitamin_d", "value": "49.9", "unit": "nmol_l"},
    "falls": {"date": "2026-06-15", "injured": "on", "note": "Tripped on the stairs."},
    "treatments": {"kind": "physiotherapy", "name": "Ms Ortiz", "started": "2026-06-15"},
    "sessions": {"date": "2026-06-15", "minutes": "30", "pain_before": "6", "pain_after": "4"},
    "mood": {"date": "2026-06-15", **{f"q{i}": "1" for i in range(1, 9)}, "q9": "0"},
    "sleep": {"date": "2026-06-15", "quality": "4", "hours": "7.5"},
    "peg": {"date": "2026-06-15", "pain": "5", "enjoyment": "4", "activity": "6"},
}
# Where a new entry's save leads, where it is not the log's list.
AFTER_SAVE = {"mood": r"/mood/(\d+)/", "sessions": r"/treatments/(\d+)/", "dexa": r"/dexa/(\d+)/"}


def valid(log: str, owner) -> dict:
    """VALID[log], with one of the owner's own parent entries where the log has one."""
    return with_parent(log, owner, VALID[log])


INVALID = {
    "pain": (
        {"date": "2026-06-15", "score": "11", "locations": ["lower_back"]},
        "Enter a whole number from 0 to 10.",
    ),
    "dexa": ({"date": "2026-06-15"}, "at least one site"),
    "exercise": (
        {"date": "2026-06-15", "kind": "walking", "minutes": "601", "intensity": "light"},
        "Enter a whole number from 1 to 600.",
    ),
    "height": ({"date": "2026-06-15", "height_cm": "99"}, "Enter a number between 100 and 250 cm."),
    "fractures": ({"date": "2099-01-01", "site": "hip"}, "That date is in the future"),
    "medicines": (
        {"name": "Prolia", "kind": "denosumab", "started": "2026-06-15", "dose_amount": "0"},
        "Enter a number between 0.001 and 100000.",
    ),
    "doses": ({"date": "2026-06-15", "medicine": "999999"}, "Choose one of your medicines."),
    "labs": (
        {"date": "2026-06-15", "test": "vitamin_d", "value": "0", "unit": "ng_ml"},
        "in ng/mL lies between 1 and 400",
    ),
    "falls": ({"date": "2099-01-01"}, "That date is in the future"),
    "treatments": ({"kind": "reiki", "started": "2026-06-15"}, "Choose one of the listed options."),
    "sessions": ({"date": "2026-06-15", "pain_after": "11"}, "Choose a treatment course."),
    "mood": (
        {"date": "2026-06-15", **{f"q{i}": "2" for i in range(1, 9)}},
        "Choose an answer for question 9.",
    ),
    "sleep": (
        {"date": "2026-06-15", "quality": "4", "hours": "7.3"},
        "Round the hours to the half hour, e.g. 7 or 7.5.",
    ),
    "peg": (
        {"date": "2026-06-15", "pain": "11", "enjoyment": "4", "activity": "4"},
        "Choose a number from 0 to 10.",
    ),
}


# --- anonymous -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/pain/", "/dexa/new/", "/profile/", "/charts/pain.svg", "/exercise/"]
)
def test_anonymous_visitor_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_guidance_page_is_public(client):
    assert client.get("/guidance/").status_code == 200


# --- the generic log views, for each of the five logs -------------------------------------------


@pytest.mark.parametrize("log", LOGS)
def test_list_shows_only_my_entries_newest_first(owner_client, owner, stranger, log):
    MAKERS[log](owner, date=TODAY - dt.timedelta(days=5))
    MAKERS[log](owner, date=TODAY)
    MAKERS[log](stranger, date=TODAY)
    response = owner_client.get(f"/{log}/")
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [e.user_id for e in entries] == [owner.pk, owner.pk]
    assert entries[0].date > entries[1].date


@pytest.mark.parametrize("log", LOGS)
def test_empty_list_invites_a_first_entry(owner_client, log):
    response = owner_client.get(f"/{log}/")
    assert b"Nothing here yet" in response.content


@pytest.mark.parametrize("log", LOGS)
def test_list_htmx_request_gets_the_list_partial(owner_client, htmx, owner, log):
    MAKERS[log](owner)
    response = owner_client.get(f"/{log}/", HTTP_HX_TARGET="list", **htmx)
    assert response.status_code == 200
    assert b'id="list"' in response.content
    assert b"<html" not in response.content


@pytest.mark.parametrize("log", LOGS)
def test_list_restored_from_htmx_history_is_the_whole_page(owner_client, htmx, log):
    # Back or reload after a pushed page: htmx asks for the whole page, not the pager's partial.
    restore = {"HTTP_HX_TARGET": "list", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true", **htmx}
    response = owner_client.get(f"/{log}/?page=1", **restore)
    assert b"<html" in response.content
    assert b'id="list"' in response.content


def test_list_is_paginated_and_a_junk_page_number_does_not_break_it(owner_client, owner):
    m.PainEntry.objects.bulk_create(
        m.PainEntry(user=owner, date=TODAY - dt.timedelta(days=i), score=3, locations=["neck"])
        for i in range(30)
    )
    first = owner_client.get("/pain/")
    assert len(first.context["page"].object_list) == 25
    assert len(owner_client.get("/pain/?page=2").context["page"].object_list) == 5
    for junk in ["abc", "-1", "99999999999999999999", ""]:
        assert owner_client.get(f"/pain/?page={junk}").status_code == 200


@pytest.mark.parametrize("log", LOGS)
def test_new_entry_is_saved_for_me_and_goes_to_the_list_or_its_page(owner_client, owner, log):
    response = owner_client.post(f"/{log}/new/", valid(log, owner))
    assert response.status_code == 302
    assert re.fullmatch(AFTER_SAVE.get(log, f"/{log}/"), response["Location"])
    assert LOGS[log].model.objects.filter(user=owner).count() == 1
    assert "journal-changed" in response["HX-Trigger"]


@pytest.mark.parametrize("log", LOGS)
def test_new_entry_with_bad_input_shows_the_message_and_saves_nothing(owner_client, log):
    data, needle = INVALID[log]
    response = owner_client.post(f"/{log}/new/", data)
    assert response.status_code == 200
    assert not LOGS[log].model.objects.exists()
    assert response.context["form"].errors
    assert b"Nothing was saved" in response.content
    assert needle.encode() in response.content
    html = response.content.decode()
    for field, messages in response.context["form"].errors.items():
        # Each message is on the page, next to its field (or at the top for the whole form).
        where = 'id="form-errors"' if field == "__all__" else f'id="id_{field}_error"'
        assert where in html, field
        for message in messages:
            assert escape(message) in html


@pytest.mark.parametrize("log", LOGS)
def test_new_form_posts_to_its_own_page_without_javascript(owner_client, log):
    html = owner_client.get(f"/{log}/new/").content.decode()
    form = re.search(r'<form id="form"[^>]*>', html).group(0)
    assert 'method="post"' in form
    assert "hx-" not in form  # a plain form: it works with JavaScript off
    assert "<html" in html


@pytest.mark.parametrize("log", LOGS)
def test_edit_changes_my_entry(owner_client, owner, log):
    entry = MAKERS[log](owner, date=TODAY - dt.timedelta(days=3))
    assert owner_client.get(f"/{log}/{entry.pk}/edit/").status_code == 200
    response = owner_client.post(f"/{log}/{entry.pk}/edit/", valid(log, owner))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.date == TODAY
    assert LOGS[log].model.objects.filter(user=owner).count() == 1


@pytest.mark.parametrize("log", LOGS)
def test_edit_with_bad_input_changes_nothing(owner_client, owner, log):
    entry = MAKERS[log](owner, date=TODAY - dt.timedelta(days=3))
    data, _ = INVALID[log]
    owner_client.post(f"/{log}/{entry.pk}/edit/", data)
    entry.refresh_from_db()
    assert entry.date == TODAY - dt.timedelta(days=3)


@pytest.mark.parametrize("log", LOGS)
def test_delete_asks_first_then_deletes_on_post(owner_client, owner, log):
    entry = MAKERS[log](owner)
    confirm = owner_client.get(f"/{log}/{entry.pk}/delete/")
    assert confirm.status_code == 200
    assert b"cannot be undone" in confirm.content
    assert LOGS[log].model.objects.filter(pk=entry.pk).exists()
    response = owner_client.post(f"/{log}/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not LOGS[log].model.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("log", LOGS)
@pytest.mark.parametrize("action", ["edit", "delete"])
def test_another_persons_entry_is_a_404_and_stays_unchanged(stranger_client, owner, log, action):
    entry = MAKERS[log](owner, date=TODAY - dt.timedelta(days=3))
    assert stranger_client.get(f"/{log}/{entry.pk}/{action}/").status_code == 404
    assert stranger_client.post(f"/{log}/{entry.pk}/{action}/", VALID[log]).status_code == 404
    entry.refresh_from_db()
    assert entry.date == TODAY - dt.timedelta(days=3)


@pytest.mark.parametrize("log", LOGS)
def test_wrong_method_is_refused(owner_client, owner, log):
    entry = MAKERS[log](owner)
    assert owner_client.put(f"/{log}/new/").status_code == 405
    assert owner_client.post(f"/{log}/").status_code == 405
    assert owner_client.delete(f"/{log}/{entry.pk}/delete/").status_code == 405


def test_next_parameter_is_followed_only_within_the_site(owner_client):
    data = VALID["height"] | {"next": "/"}
    assert owner_client.post("/height/new/", data)["Location"] == "/"
    data = VALID["height"] | {"next": "https://evil.example/"}
    assert owner_client.post("/height/new/", data)["Location"] == "/height/"


def test_dexa_scan_saves_each_site_and_edit_replaces_them(owner_client, owner):
    owner_client.post(
        "/dexa/new/", {"date": "2026-01-10", "spine_t": "-2.6", "total_hip_t": "-1.4"}
    )
    scan = m.DexaScan.objects.get(user=owner)
    assert {r.site: str(r.t_score) for r in scan.results.all()} == {
        "spine": "-2.60",
        "total_hip": "-1.40",
    }
    owner_client.post(f"/dexa/{scan.pk}/edit/", {"date": "2026-01-10", "forearm_t": "-0.5"})
    assert [r.site for r in scan.results.all()] == ["forearm"]


def test_dexa_detail_and_list_show_category_and_change_since_previous(
    owner_client, owner, stranger_client
):
    make_scan(owner, date=dt.date(2024, 1, 1), spine="-2.2")
    scan = make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    detail = owner_client.get(f"/dexa/{scan.pk}/").content.decode()
    assert "Osteoporosis" in detail
    assert "-0.40" in detail
    listing = owner_client.get("/dexa/").content.decode()
    assert "Osteopenia" in listing
    assert "-0.40" in listing
    assert stranger_client.get(f"/dexa/{scan.pk}/").status_code == 404


# --- dashboard and quick entry --------------------------------------------------------------


def test_empty_dashboard_welcomes_a_new_person(owner_client):
    response = owner_client.get("/")
    assert response.status_code == 200
    assert b"Welcome to your journal" in response.content
    assert b"No DEXA scan yet" in response.content


def test_dashboard_shows_latest_dexa_category_per_site_and_weeks_minutes(owner_client, owner):
    make_scan(owner, date=dt.date(2025, 1, 1), spine="-1.0", total_hip="-2.0")
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.5")
    m.ExerciseSession.objects.create(user=owner, date=TODAY, kind="walking", minutes=40)
    m.ExerciseSession.objects.create(
        user=owner, date=TODAY - dt.timedelta(days=7), kind="walking", minutes=99
    )
    response = owner_client.get("/")
    ctx = response.context
    assert [(label, str(r.t_score), r.category) for label, _, r in ctx["latest_sites"]] == [
        ("Lumbar spine", "-2.50", "osteoporosis"),
        ("Total hip", "-2.00", "osteopenia"),
    ]
    assert ctx["overall_category"] == "osteoporosis"
    assert ctx["week_minutes"] == 40


@pytest.mark.parametrize("panel", ["flags", "summary", "charts", "quick"])
def test_dashboard_panels_come_back_as_partials_for_htmx(owner_client, htmx, panel):
    response = owner_client.get("/", HTTP_HX_TARGET=panel, **htmx)
    assert response.status_code == 200
    assert f'id="{panel}"'.encode() in response.content
    assert b"<html" not in response.content


def test_dashboard_panels_reload_from_the_dashboards_own_address(owner_client):
    html = owner_client.get("/").content.decode()
    for panel in ("flags", "summary", "charts"):
        section = re.search(rf'<section id="{panel}"[^>]*>', html).group(0)
        assert 'hx-get="/' in section
        assert 'hx-trigger="journal-changed from:body"' in section
        # Its reload queues on the panel, but the forms inside it ("Mark as discussed", "Took
        # it") keep their own queue: inherited, a form's POST and the reload its answer sets off
        # would share one, and the reload would replace (abort) the POST's swap.
        assert 'hx-sync="this:replace" hx-disinherit="hx-sync"' in section


def test_dashboard_ignores_an_unknown_panel(owner_client, htmx):
    assert b"<html" in owner_client.get("/", HTTP_HX_TARGET="../../etc", **htmx).content


def test_quick_entry_saves_and_returns_the_quick_panel_with_a_changed_event(
    owner_client, owner, htmx
):
    response = owner_client.post("/pain/quick/", {"score": "3", "locations": ["neck"]}, **htmx)
    assert response.status_code == 200
    assert "journal-changed" in response["HX-Trigger"]
    assert b'id="quick"' in response.content
    assert b"Saved: pain 3/10" in response.content
    entry = m.PainEntry.objects.get(user=owner)
    assert (entry.date, entry.score, entry.locations) == (TODAY, 3, ["neck"])


def test_quick_entry_without_javascript_redirects_to_the_dashboard(owner_client, owner):
    response = owner_client.post(
        "/pain/quick/", {"score": "3", "locations": ["neck"], "date": "2026-06-15"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert m.PainEntry.objects.filter(user=owner).count() == 1


def test_quick_entry_without_a_score_says_what_is_missing(owner_client, htmx):
    response = owner_client.post("/pain/quick/", {"locations": ["neck"]}, **htmx)
    assert b"Choose a pain score from 0 to 10." in response.content
    assert not m.PainEntry.objects.exists()


def test_same_as_last_time_repeats_the_places_only_with_todays_date_and_time(
    owner_client, owner, htmx, frozen_today
):
    make_pain(
        owner,
        date=TODAY - dt.timedelta(days=4),
        locations=["hip", "knee"],
        onset="sudden",
        quality="sharp",
    )
    owner_client.post("/pain/quick/", {"score": "5", "same_as_last": "1"}, **htmx)
    latest = m.PainEntry.objects.filter(user=owner).order_by("-id").first()
    assert (latest.date, latest.score, latest.locations, latest.onset, latest.quality) == (
        TODAY,
        5,
        ["hip", "knee"],
        "",
        "",
    )
    assert latest.time == dt.time(12, 0)  # the person's local time (UTC here), to the minute


def test_the_same_place_button_says_what_it_repeats(owner_client, owner):
    make_pain(owner, date=TODAY - dt.timedelta(days=1), locations=["hip"], onset="sudden")
    html = owner_client.get("/").content.decode()
    button = html[html.index('id="quick-same"') :]
    button = button[: button.index("</button>")]
    assert "Same place as last time" in button
    assert "Hip" in button
    assert "sudden" not in button.lower()


def test_a_quick_entry_gets_the_local_time_in_the_persons_zone(
    owner_client, owner, htmx, frozen_today
):
    m.Profile.objects.filter(user=owner).update(timezone="Pacific/Auckland")
    owner_client.post("/pain/quick/", {"score": "2", "locations": ["neck"]}, **htmx)
    entry = m.PainEntry.objects.get(user=owner)
    # Noon UTC on TODAY is midnight the next day in Auckland (UTC+12 in June).
    assert (entry.date, entry.time) == (TODAY + dt.timedelta(days=1), dt.time(0, 0))


def test_a_quick_entry_for_another_day_gets_no_time(owner_client, owner, htmx, frozen_today):
    earlier = (TODAY - dt.timedelta(days=2)).isoformat()
    owner_client.post(
        "/pain/quick/", {"score": "2", "locations": ["neck"], "date": earlier}, **htmx
    )
    assert m.PainEntry.objects.get(user=owner).time is None


def test_quick_entry_that_signals_a_fracture_shows_the_urgent_guidance_at_once(owner_client, htmx):
    data = {
        "score": "8",
        "locations": ["lower_back"],
        "onset": "sudden",
        "quality": "sharp",
        "minor_trigger": "on",
    }
    response = owner_client.post("/pain/quick/", data, **htmx)
    assert b'data-flag="pain.fracture_sign"' in response.content
    assert b'data-level="urgent"' in response.content


def test_full_pain_form_that_signals_a_fracture_shows_it_after_the_redirect(owner_client):
    data = VALID["pain"] | {"onset": "sudden", "minor_trigger": "on"}
    response = owner_client.post("/pain/new/", data, follow=True)
    assert b'data-flag="pain.fracture_sign" data-level="urgent"' in response.content


def test_quick_entry_get_is_not_allowed(owner_client):
    assert owner_client.get("/pain/quick/").status_code == 405


def test_dashboard_flags_carry_code_level_and_the_clinician_sentence(owner_client, owner):
    make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    content = owner_client.get("/").content.decode()
    assert 'data-flag="bone.osteoporosis" data-level="warning"' in content
    assert "not a diagnosis" in content


def test_dashboard_with_a_flag_links_its_evidence_to_the_entry(owner_client, owner):
    scan = make_scan(owner, date=dt.date(2026, 1, 1), spine="-2.6")
    assert f'href="/dexa/{scan.pk}/"'.encode() in owner_client.get("/").content


# --- profile and accounts ---------------------------------------------------------------------


def test_profile_saves_and_bad_input_changes_nothing(owner_client, owner, htmx):
    ok = {
        "birth_year": "1960",
        "sex": "female",
        "tallest_height_cm": "165",
        "timezone": "Europe/Paris",
    }
    assert owner_client.post("/profile/", ok).status_code == 302
    owner.profile.refresh_from_db()
    assert (owner.profile.birth_year, owner.profile.timezone) == (1960, "Europe/Paris")
    response = owner_client.post("/profile/", ok | {"birth_year": "1800"}, **htmx)
    assert b'id="form"' in response.content
    owner.profile.refresh_from_db()
    assert owner.profile.birth_year == 1960


def test_profile_wrong_method(owner_client):
    assert owner_client.delete("/profile/").status_code == 405


def test_profile_time_zone_decides_which_day_today_is(owner_client, owner):
    owner.profile.timezone = "Pacific/Kiritimati"  # UTC+14: already 16 June there
    owner.profile.save()
    response = owner_client.post("/pain/new/", VALID["pain"] | {"date": "2026-06-16"})
    assert response.status_code == 302
    assert m.PainEntry.objects.get(user=owner).date == dt.date(2026, 6, 16)
    owner.profile.timezone = "UTC"  # still 15 June here: the 16th is in the future
    owner.profile.save()
    refused = owner_client.post("/pain/new/", VALID["pain"] | {"date": "2026-06-16"})
    assert refused.status_code == 200
    assert "future" in refused.context["form"].errors["date"][0]
    assert m.PainEntry.objects.filter(user=owner).count() == 1


def test_signup_creates_an_account_with_a_profile_and_logs_in(client):
    data = {"username": "newbie", "password1": "a long walk 2026", "password2": "a long walk 2026"}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert m.Profile.objects.filter(user__username="newbie").exists()
    assert client.get("/").status_code == 200


def test_signup_with_mismatched_passwords_creates_nothing(client, django_user_model):
    data = {"username": "newbie", "password1": "a long walk 2026", "password2": "another"}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert not django_user_model.objects.filter(username="newbie").exists()


def test_login_and_logout(client, owner):
    response = client.post(
        "/accounts/login/", {"username": "olive", "password": "correct horse 91"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_page_exists(owner_client):
    assert owner_client.get("/accounts/password_change/").status_code == 200


def test_htmx_request_after_the_session_ended_navigates_the_whole_page_to_login(client, htmx):
    response = client.post("/pain/quick/", {"score": "3", "locations": ["neck"]}, **htmx)
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    assert not m.PainEntry.objects.exists()


def test_plain_request_after_the_session_ended_is_redirected_as_usual(client):
    response = client.post("/pain/quick/", {"score": "3", "locations": ["neck"]})
    assert response.status_code == 302


def test_htmx_error_responses_are_shown_as_a_whole_page():
    """htmx ignores 4xx/5xx bodies unless told; base.html's config swaps them into the body."""
    import json
    import re
    from pathlib import Path

    base = (Path(__file__).parent.parent / "templates" / "base.html").read_text()
    config = json.loads(re.search(r"name=\"htmx-config\" content='([^']+)'", base).group(1))
    errors = next(rule for rule in config["responseHandling"] if rule["code"] == "[45]..")
    assert errors == {"code": "[45]..", "swap": True, "error": True, "target": "body"}
    # The pages carry no style attribute (the CSP refuses them), so htmx never settles one: an
    # element given an empty style by a browser or extension would make each swap a CSP error.
    assert "style" not in config["attributesToSettle"]
    assert {"class", "width", "height"} <= set(config["attributesToSettle"])
