"""The private calendar feed (/calendar/<token>.ics): parsed by three libraries (icalendar, which
builds it; `ics`, an independent parser; recurring-ical-events, which expands the daily event
as a calendar app would), its dates equal to the journal's own, nothing private in it, and a
wrong, old or malformed token the site's ordinary 404."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import ics
import pytest
import recurring_ical_events
from django.test import Client

from journal import medicines, preferences, reminders
from journal import models as m
from journal.snapshot import load_journal
from journal.templatetags.medicine_tags import status_text

from .builders import TODAY, ago, make_dose, make_medicine, make_pain, make_scan
from .test_urls_ownership import page as blanked  # the page, its CSRF token blanked out

pytestmark = pytest.mark.django_db
SECRET_NOTE = "my private note 4711"


@pytest.fixture
def full(owner, frozen_today):
    """A journal with a denosumab due soon, a weekly tablet, a daily supplement, an old low
    scan, painful entries with notes: everything the feed must and must not show."""
    prolia = make_medicine(owner, date=ago(900), name="Prolia", note=SECRET_NOTE)
    make_dose(owner, date=ago(175), medicine=prolia, note=SECRET_NOTE)
    tablet = make_medicine(
        owner, date=ago(60), name="Alendronate", kind="bisphosphonate_oral", schedule="weekly"
    )
    make_dose(owner, date=ago(3), medicine=tablet)
    make_medicine(owner, date=ago(60), name="Calcium", kind="calcium", schedule="daily")
    make_scan(owner, date=ago(800), spine="-2.7")
    make_pain(owner, date=ago(1), score=9, note=SECRET_NOTE)
    m.Profile.objects.filter(user=owner).update(timezone="America/New_York", birth_year=1958)
    return {"prolia": prolia, "tablet": tablet, "feed": preferences.new_feed(owner)}


def path_of(feed) -> str:
    return f"/calendar/{feed.token}.ics"


def fetch(feed) -> bytes:
    response = Client().get(path_of(feed))  # a calendar app: no session, no cookie
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def events_by_uid(body: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]).split(".")[0]: e for e in cal.walk("VEVENT")}


def test_the_feed_is_valid_icalendar_with_each_due_date(full, owner):
    body = fetch(full["feed"])
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["VERSION"]) == "2.0"
    assert cal.get("PRODID")
    events = events_by_uid(body)
    assert set(events) == {
        f"medicine-{full['prolia'].pk}",
        f"medicine-{full['tablet'].pk}",
        "rescan",
        "daily-log",
    }
    for event in events.values():
        assert event.get("DTSTAMP")
        assert event.get("DTSTART")
        assert event.get("SUMMARY")


def test_the_feeds_dates_are_the_dates_the_journal_shows(full, owner, client):
    client.force_login(owner)
    events = events_by_uid(fetch(full["feed"]))
    for med in (full["prolia"], full["tablet"]):
        page = client.get(f"/medicines/{med.pk}/")  # the medicine's own page
        shown = page.context["status"].due
        assert events[f"medicine-{med.pk}"].decoded("DTSTART") == shown
        text = status_text(page.context["status"])
        assert text[0].upper() + text[1:] in page.content.decode()
    journal = load_journal(owner)
    rescan = reminders.rescan_date(journal, TODAY).date
    assert events["rescan"].decoded("DTSTART") == rescan
    # and the dashboard lists the rescan from that day (the flag's first day)
    assert reminders.rescan_now(journal, rescan)
    assert not reminders.rescan_now(journal, rescan - dt.timedelta(days=1))


def test_a_medicine_alarm_rings_when_the_dashboard_starts_listing_it_and_on_the_day(full):
    event = events_by_uid(fetch(full["feed"]))[f"medicine-{full['prolia'].pk}"]
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    window = medicines.DENOSUMAB_DUE_SOON_DAYS
    assert triggers == [dt.timedelta(days=-window, hours=9), dt.timedelta(hours=9)]
    assert all(str(alarm["ACTION"]) == "DISPLAY" for alarm in event.walk("VALARM"))


def test_the_daily_reminder_recurs_at_the_chosen_hour_in_the_persons_zone(full, owner):
    preferences.save_preferences(owner, {"reminder_hour": 21})
    cal = icalendar.Calendar.from_ical(fetch(full["feed"]))
    week = recurring_ical_events.of(cal).between(TODAY, TODAY + dt.timedelta(days=7))
    daily = [e for e in week if str(e["UID"]).startswith("daily-log.")]
    assert len(daily) == 7
    for event in daily:
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute) == (21, 0)
        assert str(start.tzinfo) == "America/New_York"
    assert "America/New_York" in {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}


def test_a_second_independent_parser_reads_the_same_events(full):
    body = fetch(full["feed"]).decode()
    parsed = ics.Calendar(body)
    by_uid = {e.uid.split(".")[0]: e for e in parsed.events}
    mine = events_by_uid(body.encode())
    assert set(by_uid) == set(mine)
    for uid, event in mine.items():
        other = by_uid[uid]
        assert other.name == str(event["SUMMARY"])
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            assert other.begin.datetime == start
        else:
            assert other.all_day
            assert other.begin.date() == start


def test_the_feed_carries_no_score_note_or_result(full):
    body = fetch(full["feed"]).decode()
    assert SECRET_NOTE not in body
    # The T-score never appears; a UID (a random hash, folded lines and all) may hold any digits.
    without_uids = re.sub(r"^UID:.*(?:\r?\n[ \t].*)*", "", body, flags=re.MULTILINE)
    assert "UID:" not in without_uids
    assert "-2.7" not in without_uids
    assert "9/10" not in body
    assert not re.search(r"\bscore\b", body, re.IGNORECASE)
    cal = icalendar.Calendar.from_ical(body)
    summaries = sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
    assert summaries == [
        "Alendronate due",
        "DEXA scan due",
        "Log today's pain in Bone Journal",
        "Prolia due",
    ]


def test_switched_off_reminders_leave_the_feed(full, owner):
    preferences.save_preferences(
        owner, {"remind_medicines": False, "remind_rescan": False, "remind_log": False}
    )
    cal = icalendar.Calendar.from_ical(fetch(full["feed"]))
    assert list(cal.walk("VEVENT")) == []


def test_a_wrong_malformed_replaced_or_removed_token_is_the_ordinary_404(full, owner, client):
    old = full["feed"]
    missing = client.get("/calendar/" + "A" * 43 + ".ics")
    assert missing.status_code == 404
    for path in ("/calendar/short.ics", "/calendar/" + "A" * 44 + ".ics", "/calendar/%00.ics"):
        response = client.get(path)
        assert (response.status_code, blanked(response)) == (404, blanked(missing))
    new = preferences.new_feed(owner)
    assert new.token != old.token
    assert len(new.token) == 43
    replaced = client.get(path_of(old))
    assert (replaced.status_code, blanked(replaced)) == (404, blanked(missing))
    assert client.get(path_of(new)).status_code == 200
    preferences.remove_feed(owner)
    assert client.get(path_of(new)).status_code == 404


def test_the_feed_takes_only_get_and_head(full, client):
    assert client.head(path_of(full["feed"])).status_code == 200
    assert client.post(path_of(full["feed"])).status_code == 405


def test_each_person_sees_only_their_own_feed(full, owner, stranger):
    theirs = preferences.new_feed(stranger)
    body = Client().get(path_of(theirs)).content.decode()
    assert "Prolia" not in body
    assert "DEXA scan due" not in body


def test_profile_makes_replaces_and_turns_off_the_address(owner_client, owner):
    page = owner_client.get("/profile/").content.decode()
    assert "Make my calendar address" in page
    assert ".ics" not in page
    assert owner_client.post("/profile/calendar/", {"action": "create"}).status_code == 302
    first = m.CalendarFeed.objects.get(user=owner).token
    page = owner_client.get("/profile/").content.decode()
    assert f"http://testserver/calendar/{first}.ics" in page
    assert f"webcal://testserver/calendar/{first}.ics" in page
    assert 'data-copy="feed-url" hidden' in page  # shown by static/js/copy.js only
    owner_client.post("/profile/calendar/", {"action": "replace"})
    second = m.CalendarFeed.objects.get(user=owner).token
    assert second != first
    assert Client().get(f"/calendar/{first}.ics").status_code == 404
    owner_client.post("/profile/calendar/", {"action": "remove"})
    assert not m.CalendarFeed.objects.filter(user=owner).exists()
    response = owner_client.post("/profile/calendar/", {"action": "explode"})
    assert response.status_code == 302
    assert not m.CalendarFeed.objects.exists()


def test_the_feed_token_is_256_random_bits_checked_by_the_database(owner):
    from django.db import IntegrityError, transaction

    tokens = {preferences.new_feed(owner).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)
    with pytest.raises(IntegrityError), transaction.atomic():
        m.CalendarFeed.objects.filter(user=owner).update(token="short")
