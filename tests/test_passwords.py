"""Password reset by email (journal.views.passwords) and confirming an email address
(journal.views.reminders): only once email is configured, the same answer for any address,
throttled like log-in, a link that works once, and nothing in the journal lost."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from journal import mail as journal_mail
from journal import models as m
from journal import preferences

from .builders import make_pain
from .test_urls_ownership import page as blanked

pytestmark = pytest.mark.django_db
RESET = "/accounts/password_reset/"
ADDRESS = "olive@example.org"


@pytest.fixture
def email_on(settings):
    settings.EMAIL_ENABLED = True
    settings.PASSWORD_RESET_LIMIT = 3
    return settings


@pytest.fixture
def confirmed(owner):
    owner.email = ADDRESS
    owner.save()
    return owner


def ask(client: Client, address: str):
    response = client.post(RESET, {"email": address})
    journal_mail.wait_for_sent()
    return response


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


# --- without email ------------------------------------------------------------------------


def test_without_email_the_page_tells_how_the_host_sets_a_new_password(client, confirmed):
    page = client.get(RESET)
    assert page.status_code == 200
    assert "manage.py changepassword" in page.content.decode()
    response = ask(client, ADDRESS)
    assert response.status_code == 200
    assert mail.outbox == []


def test_the_login_page_links_to_the_reset_page(client):
    assert f'href="{RESET}"' in client.get("/accounts/login/").content.decode()


# --- with email ----------------------------------------------------------------------------


def test_a_confirmed_address_gets_a_link_that_sets_a_new_password_and_keeps_the_journal(
    client, confirmed, email_on
):
    make_pain(confirmed, score=6, note="kept")
    response = ask(client, ADDRESS.upper())  # addresses match whatever their case
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    assert "olive" in message.body
    link = link_in(message)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    assert form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a brand new pass 77", "new_password2": "a brand new pass 77"},
    )
    assert done.status_code == 302
    login = Client().post(
        "/accounts/login/", {"username": "olive", "password": "a brand new pass 77"}
    )
    assert (login.status_code, login["Location"]) == (302, "/")
    assert m.PainEntry.objects.get(user=confirmed).note == "kept"
    again = client.get(link, follow=True)  # the link works once
    assert not again.context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, confirmed, email_on):
    known = ask(client, ADDRESS)
    unknown = ask(Client(), "nobody@example.org")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    page_known = client.get(known["Location"])
    page_unknown = Client().get(unknown["Location"])
    assert blanked(page_known) == blanked(page_unknown)


def test_an_unconfirmed_or_removed_address_gets_no_email(client, confirmed, email_on):
    preferences.remove_email(confirmed)
    assert ask(client, ADDRESS).status_code == 302
    assert mail.outbox == []


def test_a_bad_address_is_refused_next_to_the_field(client, email_on):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "Enter an email address like name@example.org." in response.content.decode()


def test_requests_from_one_address_are_throttled_like_log_in(client, confirmed, email_on):
    for _ in range(3):
        assert ask(client, "someone-else@example.org").status_code == 302
    limited = ask(client, ADDRESS)
    assert limited.status_code == 429
    assert "Too many password-reset requests" in limited.content.decode()
    assert mail.outbox == []


def test_one_account_gets_a_limited_number_of_links_from_many_addresses(confirmed, email_on):
    for n in range(5):
        client = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        assert ask(client, ADDRESS).status_code == 302  # the same answer every time
    assert len(mail.outbox) == 3


# --- confirming an address -------------------------------------------------------------------


def test_an_address_is_confirmed_by_the_link_sent_to_it_once(owner_client, owner, email_on):
    response = owner_client.post("/profile/email/", {"email": ADDRESS})
    journal_mail.wait_for_sent()
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [ADDRESS]
    link = re.search(r"https?://[^/\s]+(/profile/email/confirm/\S+/)", message.body).group(1)
    owner.refresh_from_db()
    assert owner.email == ""  # not until the link is used
    assert Client().get(link).status_code == 200  # opening it (a link checker) changes nothing
    owner.refresh_from_db()
    assert owner.email == ""
    assert Client().post(link).status_code == 200
    owner.refresh_from_db()
    assert owner.email == ADDRESS
    assert Client().post(link).status_code == 400  # used


def test_a_tampered_confirmation_link_is_refused(owner, email_on, client):
    token = preferences.email_token(owner, ADDRESS)
    response = client.post(f"/profile/email/confirm/{token[:-2]}xx/")
    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.email == ""


def test_without_email_no_address_can_be_added(owner_client, owner):
    response = owner_client.post("/profile/email/", {"email": ADDRESS})
    assert response.status_code == 200
    assert "does not send email" in response.content.decode()
    assert mail.outbox == []


def test_removing_the_address_stops_reminder_emails(owner_client, confirmed, email_on):
    preferences.save_preferences(confirmed, {"email_reminders": True})
    owner_client.post("/profile/email/", {"remove": "1"})
    confirmed.refresh_from_db()
    assert confirmed.email == ""
    assert m.Preferences.objects.get(user=confirmed).email_reminders is False
    assert m.ReminderSchedule.objects.get(user=confirmed).next_run is None
