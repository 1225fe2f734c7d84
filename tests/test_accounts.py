"""Accounts: the log-in throttle cannot be reset by someone else's success, sign-up names are
unique in any case (by a database index) and sign-ups are throttled per address, and deleting an
account finds its sessions without decoding anyone else's. (Concurrent sign-ups against a real
server are in test_serving.py.)"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.forms import UserCreationForm
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from journal import models as m
from journal import services
from journal.sessions import SessionStore

from .test_security import OWNER_PASSWORD, production_settings

pytestmark = pytest.mark.django_db

ATTACKER_PASSWORD = "my own account 1234"
SIGNUP = {"password1": "a long signup passphrase 3", "password2": "a long signup passphrase 3"}


def log_in(client, username: str, password: str, address: str = "203.0.113.5"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


# --- The log-in throttle --------------------------------------------------------------------------


def test_another_accounts_success_from_the_same_address_leaves_the_victim_locked(
    client, owner, django_user_model
):
    """The attack: guess at olive's password, log in to one's own account between guesses (which
    used to wipe every failure from the address), guess again, for ever."""
    django_user_model.objects.create_user("mallory", password=ATTACKER_PASSWORD)
    attacker = Client()
    for _ in range(4):
        assert log_in(attacker, "olive", "guess").status_code == 200
    assert log_in(attacker, "mallory", ATTACKER_PASSWORD).status_code == 302
    attacker.post("/accounts/logout/")
    assert AccessAttempt.objects.get(username="olive").failures_since_start == 4
    locked = log_in(attacker, "olive", "guess")  # the fifth failure locks the account
    assert locked.status_code == 429
    assert log_in(attacker, "olive", OWNER_PASSWORD).status_code == 429
    assert log_in(Client(), "olive", OWNER_PASSWORD, address="198.51.100.9").status_code == 429


def test_a_success_forgives_only_its_own_accounts_failures_from_its_own_address(
    client, owner, django_user_model
):
    django_user_model.objects.create_user("mallory", password=ATTACKER_PASSWORD)
    log_in(Client(), "olive", "typo", address="198.51.100.1")  # olive's own typo, at home
    log_in(Client(), "olive", "guess", address="203.0.113.5")  # someone else's guess
    log_in(Client(), "mallory", "typo", address="203.0.113.5")
    assert log_in(Client(), "olive", OWNER_PASSWORD, address="198.51.100.1").status_code == 302
    left = set(AccessAttempt.objects.values_list("username", "ip_address"))
    assert left == {("olive", "203.0.113.5"), ("mallory", "203.0.113.5")}


# --- Sign-up: one name in any case ----------------------------------------------------------------


def test_the_database_refuses_a_username_that_differs_only_in_case(django_user_model):
    django_user_model.objects.create_user("racecase", password="x")
    for name in ("RaceCase", "RACECASE", "raceCase"):
        with pytest.raises(IntegrityError), transaction.atomic():
            django_user_model.objects.create_user(name, password="x")
    assert django_user_model.objects.filter(username__iexact="racecase").count() == 1


def test_usernames_that_differ_in_more_than_case_are_separate_accounts(django_user_model):
    for name in ("racecase", "race-case", "racecase2"):
        django_user_model.objects.create_user(name, password="x")
    assert django_user_model.objects.count() == 3


def test_sign_up_in_another_case_of_a_taken_name_is_a_form_error(client, django_user_model):
    django_user_model.objects.create_user("racecase", password="x")
    response = client.post("/accounts/signup/", {"username": "RaceCase"} | SIGNUP)
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert django_user_model.objects.count() == 1


def test_a_sign_up_that_loses_the_race_for_its_name_is_a_form_error_not_a_500(
    client, django_user_model
):
    """Both sign-ups pass the form's check; the other one's insert lands first."""
    checked = UserCreationForm.clean_username

    def then_someone_else_signs_up(form):
        name = checked(form)
        django_user_model.objects.create_user(name.upper(), password="x")
        return name

    with mock.patch.object(UserCreationForm, "clean_username", then_someone_else_signs_up):
        response = client.post("/accounts/signup/", {"username": "racecase"} | SIGNUP)
    assert response.status_code == 200
    assert "A user with that username already exists." in response.content.decode()
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["RACECASE"]
    assert not m.Profile.objects.exists()


def test_the_index_leaves_names_that_already_clashed_usable(django_user_model):
    """The migration must not fail on a database where the race already made two accounts: all
    but the oldest of a clash stay out of the index (and can still log in)."""
    table = django_user_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX auth_user_username_lower_uniq")
    first = django_user_model.objects.create_user("clash", password="x")
    second = django_user_model.objects.create_user("CLASH", password="x")
    migration = import_module("journal.migrations.0005_trust_sessions_tokens_signups")
    # The editor's plain execute(), as the migration uses it (no schema change to wrap).
    migration.usernames_unique_in_any_case(apps, connection.schema_editor())
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user("Clash", password="x")
    assert {first.pk, second.pk} == set(django_user_model.objects.values_list("pk", flat=True))
    assert table == "auth_user"


# --- Sign-up: throttled per address ---------------------------------------------------------------


def sign_up(n: int, address: str = "203.0.113.7"):
    return Client().post(
        "/accounts/signup/", {"username": f"person{n}"} | SIGNUP, REMOTE_ADDR=address
    )


def test_sign_ups_from_one_address_stop_at_the_limit_for_an_hour(settings, django_user_model):
    settings.SIGNUP_LIMIT_PER_HOUR = 3
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert [sign_up(n).status_code for n in range(3)] == [302, 302, 302]
        refused = sign_up(3)
        assert refused.status_code == 429
        assert "Too many new journals from here" in refused.content.decode()
        assert "Nothing was created" in refused.content.decode()
        assert sign_up(4, address="198.51.100.20").status_code == 302  # another address
        clock.move_to(start + dt.timedelta(minutes=59))
        assert sign_up(5).status_code == 429
        clock.move_to(start + dt.timedelta(minutes=60, seconds=1))
        assert sign_up(6).status_code == 302
    assert django_user_model.objects.count() == 5
    # Only the last hour's records are kept.
    assert m.SignupRecord.objects.filter(created__lt=start + dt.timedelta(minutes=1)).count() == 0


def test_refused_sign_ups_do_not_count_and_the_page_itself_stays_open(settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 1
    for _ in range(3):
        bad = Client().post("/accounts/signup/", {"username": "x"}, REMOTE_ADDR="203.0.113.8")
        assert bad.status_code == 200
    assert sign_up(1, address="203.0.113.8").status_code == 302
    assert Client().get("/accounts/signup/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_a_limit_of_zero_turns_the_sign_up_throttle_off(settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 0
    assert all(sign_up(n).status_code == 302 for n in range(12))
    assert not m.SignupRecord.objects.exists()  # and nothing is recorded


def test_the_sign_up_limit_is_read_from_the_environment(tmp_path):
    assert production_settings(tmp_path)["SIGNUP_LIMIT_PER_HOUR"] == 10
    assert production_settings(tmp_path, SIGNUP_LIMIT_PER_HOUR="0")["SIGNUP_LIMIT_PER_HOUR"] == 0
    assert production_settings(tmp_path, SIGNUP_LIMIT_PER_HOUR="3")["SIGNUP_LIMIT_PER_HOUR"] == 3


# --- Sessions name their person -------------------------------------------------------------------


def test_a_logged_in_session_records_its_person_and_a_logged_out_one_is_gone(client, owner):
    client.post("/accounts/login/", {"username": "olive", "password": OWNER_PASSWORD})
    session = m.Session.objects.get()
    assert session.user_id == owner.pk
    assert session.get_decoded()["_auth_user_id"] == str(owner.pk)
    client.post("/accounts/logout/")
    assert not m.Session.objects.filter(user=owner).exists()


def test_deleting_an_account_decodes_no_session_and_takes_a_fixed_number_of_queries(
    owner, stranger, django_assert_max_num_queries
):
    """With 800,000 sessions in the table, decoding every one took 13 s under the write lock."""
    now = timezone.now()
    others = [
        m.Session(
            session_key=f"other{n:035d}",
            session_data=SessionStore().encode({"_auth_user_id": str(stranger.pk)}),
            expire_date=now + dt.timedelta(days=1),
            user=stranger,
        )
        for n in range(2000)
    ]
    m.Session.objects.bulk_create(others)
    for _ in range(3):
        device = Client()
        device.post("/accounts/login/", {"username": "olive", "password": OWNER_PASSWORD})
    assert m.Session.objects.filter(user=owner).count() == 3
    with (
        mock.patch.object(SessionBase, "decode", side_effect=AssertionError("decoded")),
        django_assert_max_num_queries(40),
    ):
        services.delete_account(owner)
    assert not m.Session.objects.filter(user_id=owner.pk).exists()
    assert m.Session.objects.count() == 2000  # everyone else's are untouched


def test_clearsessions_prunes_expired_sessions_and_keeps_live_ones(owner, client):
    client.post("/accounts/login/", {"username": "olive", "password": OWNER_PASSWORD})
    live = m.Session.objects.get()
    m.Session.objects.create(
        session_key="expired" + "x" * 33,
        session_data=SessionStore().encode({}),
        expire_date=timezone.now() - dt.timedelta(seconds=1),
    )
    call_command("clearsessions")
    assert list(m.Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert client.get("/").status_code == 200  # still logged in


def test_the_session_table_has_indexes_for_the_person_and_the_expiry():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, m.Session._meta.db_table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"]}
    assert {("user_id",), ("expire_date",)} <= indexed
