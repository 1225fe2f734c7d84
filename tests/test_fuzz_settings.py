"""Bad input never breaks the settings of issue 15 either (test_fuzz.py's strategies and checks):
the imperial fields of the height, exercise and profile forms, the reminders, email and calendar
cards of /profile/, password reset (request and new password) and the calendar feed's token.
Never a 5xx, nothing invalid stored, a refused form says why next to the field."""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from journal import forms as f
from journal import models as m
from journal import preferences
from journal.forms.reminders import CalendarForm, EmailForm, RemindersForm, UnitsForm
from journal.views.passwords import ResetForm

from .test_fuzz import (
    FUZZ,
    NEXT,
    TODAY,
    UNHELPFUL,
    characters,
    check_refusal,
    check_response,
    check_stored,
    fields_of,
    form_data,
    in_savepoint,
    junk,
    rows,
)

pytestmark = pytest.mark.django_db
SETTINGS_FORMS = ("reminders_form", "email_form", "form", "units_form")


@pytest.fixture
def imperial(owner):
    preferences.save_preferences(owner, {"units": "imperial"})
    return owner


@pytest.fixture
def email_on(settings):
    settings.EMAIL_ENABLED = True


def check_settings_refusal(response) -> None:
    """A refused settings card: the bound form that refused names each problem on the page."""
    assert response.status_code in (200, 413, 429), response.status_code
    if response.status_code == 413:
        assert "Too much to save" in response.content.decode()
        return
    body = response.content.decode()
    bound = [
        response.context[name]
        for name in SETTINGS_FORMS
        if response.context.get(name) is not None and response.context[name].is_bound
    ]
    assert bound, "a refused card showed no form"
    messages = [msg for form in bound for errors in form.errors.values() for msg in errors]
    assert messages, "a refused form gave no message"
    for msg in messages:
        assert msg not in UNHELPFUL, msg
        assert not msg.startswith("Select a valid choice"), msg
        assert escape(msg) in body, f"the message {msg!r} is not on the page"


IMPERIAL_FIELDS = {
    key: fields_of(form, today=TODAY, units="imperial")
    for key, form in (("height", f.HeightForm), ("exercise", f.ExerciseForm))
}


@pytest.mark.parametrize("key", list(IMPERIAL_FIELDS))
@FUZZ
@given(data=st.data())
def test_imperial_log_forms_take_any_input(key, data, imperial, owner_client, htmx):
    post = data.draw(form_data(IMPERIAL_FIELDS[key], NEXT), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")

    def check():
        before = rows()
        response = owner_client.post(f"/{key}/new/", post, **(htmx if as_htmx else {}))
        check_response(response)
        if response.status_code != 302:
            check_refusal(response)
            assert rows() == before, "a refused form changed the journal"
        check_stored()

    in_savepoint(check)


@FUZZ
@given(data=st.data())
def test_the_imperial_profile_takes_any_input(data, imperial, owner_client):
    fields = fields_of(f.ProfileForm, today=TODAY, units="imperial") | fields_of(UnitsForm)
    post = data.draw(form_data(fields), label="POST")

    def check():
        before = m.Profile.objects.values().get(user=imperial)
        response = owner_client.post("/profile/", post)
        check_response(response)
        if response.status_code != 302:
            check_settings_refusal(response)
            assert m.Profile.objects.values().get(user=imperial) == before
        check_stored()

    in_savepoint(check)


@pytest.mark.parametrize(
    ("path", "form"),
    [
        ("/profile/reminders/", RemindersForm),
        ("/profile/email/", EmailForm),
        ("/profile/calendar/", CalendarForm),
    ],
)
@FUZZ
@given(data=st.data())
def test_the_settings_cards_take_any_input(path, form, data, owner, owner_client, email_on):
    post = data.draw(form_data(fields_of(form), {"remove": junk}), label="POST")

    def check():
        response = owner_client.post(path, post)
        check_response(response)
        if response.status_code != 302:
            check_settings_refusal(response)
        check_stored()

    in_savepoint(check)


@FUZZ
@given(post=form_data(fields_of(ResetForm)))
def test_password_reset_takes_any_input(post, client, owner, email_on):
    def check():
        response = client.post("/accounts/password_reset/", post)
        check_response(response)
        if response.status_code not in (302, 429):
            check_refusal(response)

    in_savepoint(check)


@FUZZ
@given(data=st.data())
def test_a_new_password_from_a_reset_link_takes_any_input(data, owner, client, email_on):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    post = data.draw(form_data(fields_of(SetPasswordForm, user=owner)), label="POST")

    def check():
        uid = urlsafe_base64_encode(force_bytes(owner.pk))
        token = default_token_generator.make_token(owner)
        form_page = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
        response = client.post(form_page.redirect_chain[-1][0], post)
        check_response(response)
        if response.status_code != 302:
            check_refusal(response)

    in_savepoint(check)


@FUZZ
@given(token=st.one_of(junk, st.text(characters, min_size=43, max_size=43)))
def test_any_calendar_token_is_a_404_without_an_error(token, client, owner):
    preferences.new_feed(owner)
    response = client.get("/calendar/" + token.replace("\x00", "").replace("/", "") + ".ics")
    check_response(response)
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content
