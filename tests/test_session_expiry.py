"""A session lasts while the journal is used: its expiry moves on once a day at most
(journal.sessions.RenewDailyMiddleware), and a session unused for SESSION_COOKIE_AGE ends."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal import models as m

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
AGE = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def expiry(client) -> dt.datetime:
    return m.Session.objects.get(session_key=client.session.session_key).expire_date


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "session" in q["sql"].lower()
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_the_session_lasts_fourteen_days_unused_by_default():
    assert dt.timedelta(days=14) == AGE


def test_a_session_used_every_day_for_two_months_stays_logged_in(client, owner):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(owner)
        assert client.get("/").status_code == 200
        for _day in range(60):
            clock.shift(dt.timedelta(days=1))
            assert client.get("/").status_code == 200  # not sent to log in
        assert expiry(client) == START + dt.timedelta(days=60) + AGE


def test_the_expiry_moves_at_most_once_a_day_and_sets_the_cookie_again(client, owner):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(owner)  # renewed at log-in
        renewed = expiry(client)
        client.get("/pain/")
        clock.shift(dt.timedelta(hours=23, minutes=59))
        with CaptureQueriesContext(connection) as queries:
            later = client.get("/pain/")
        assert session_writes(queries.captured_queries) == []
        assert settings.SESSION_COOKIE_NAME not in later.cookies
        assert expiry(client) == renewed
        clock.shift(dt.timedelta(minutes=1))  # a day since the last renewal
        with CaptureQueriesContext(connection) as queries:
            next_day = client.get("/pain/")
        assert len(session_writes(queries.captured_queries)) == 1
        cookie = next_day.cookies[settings.SESSION_COOKIE_NAME]
        assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
        assert expiry(client) == START + dt.timedelta(days=1) + AGE


def test_a_session_unused_for_longer_than_its_age_ends(client, owner):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(owner)
        client.get("/")
        clock.shift(AGE + dt.timedelta(minutes=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_an_anonymous_visit_creates_no_session(client):
    client.get("/accounts/login/")
    assert not m.Session.objects.exists()


def test_a_new_log_in_starts_renewed_so_its_first_day_writes_no_session(client, owner):
    with time_machine.travel(START, tick=False):
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            client.get("/pain/")
        assert session_writes(queries.captured_queries) == []
