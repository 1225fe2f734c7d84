"""Input that used to be accepted and should not be: each refused with a message that says why.

- a form body that is not valid UTF-8 (Django stored U+FFFD in its place), or one labelled with
  another character set (Django decoded it as that: "café" sent as Latin-1 became "cafÃ©"
  or worse);
- a chunked body with no Content-Length (Django read it as no body: a blank form, no message);
- numbers Python reads but a person never types: "1_0", "1e2", Arabic-Indic and full-width
  digits.
"""

from __future__ import annotations

import threading
import time

import pytest
from django import forms as django_forms

from journal import forms
from journal import models as m
from journal.bodies import BROKEN_OFF, BodyDeadline
from journal.forms.base import PlainDecimalField, PlainIntegerField
from journal.logs import LOGS

from .test_urls_ownership import VALID_POST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

FORM = "application/x-www-form-urlencoded"
PAIN = b"date=2026-06-15&score=4&locations=neck&note="


def post(client, body: bytes, content_type: str = FORM, path: str = "/pain/new/", **extra):
    return client.generic("POST", path, body, content_type=content_type, **extra)


# --- Character sets -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [b"caf%E9", b"caf\xe9", b"%FF%FE", b"%C3", b"%ED%A0%80"],  # Latin-1, raw, junk, cut, surrogate
    ids=["latin1-escaped", "latin1-raw", "junk", "cut-short", "surrogate"],
)
def test_a_form_body_that_is_not_utf8_is_refused(owner_client, note):
    response = post(owner_client, PAIN + note)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not valid UTF-8" in page
    assert "Nothing was saved" in page
    assert not m.PainEntry.objects.exists()


def test_an_invalid_byte_in_a_field_name_is_refused_too(owner_client):
    assert post(owner_client, PAIN + b"ok&n%FFte=x").status_code == 400
    assert not m.PainEntry.objects.exists()


def test_valid_utf8_is_stored_as_sent(owner_client):
    note = "café ✓ 骨 \ufffd".encode()  # a literal U+FFFD, sent as valid UTF-8, is text like any
    body = PAIN + b"".join(b"%%%02X" % byte for byte in note)
    response = post(owner_client, body)
    assert response.status_code == 302
    assert m.PainEntry.objects.get().note == "café ✓ 骨 \ufffd"


@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-1", "windows-1252", "utf8", "bogus"])
def test_a_form_labelled_with_another_character_set_is_refused(owner_client, charset):
    urlencoded = post(owner_client, PAIN + b"caf%E9", content_type=f"{FORM}; charset={charset}")
    body, content_type = multipart({"date": b"2026-06-15", "score": b"4", "note": b"caf\xe9"})
    labelled = post(owner_client, body, content_type=f"{content_type}; charset={charset}")
    for response in (urlencoded, labelled):
        assert response.status_code == 415
        page = response.content.decode()
        assert "the journal reads UTF-8 only" in page
        assert "Nothing was saved" in page
    assert not m.PainEntry.objects.exists()


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8"])
def test_a_form_labelled_utf8_is_read(owner_client, charset):
    response = post(owner_client, PAIN + b"caf%C3%A9", content_type=f"{FORM}; charset={charset}")
    assert response.status_code == 302
    assert m.PainEntry.objects.get().note == "café"


def multipart(fields: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "journalboundary"
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (boundary.encode(), name.encode(), value)
        for name, value in fields.items()
    ]
    body = b"".join(parts) + b"--%s--\r\n" % boundary.encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_multipart_form_with_invalid_utf8_is_refused(owner_client):
    fields = {"date": b"2026-06-15", "score": b"4", "locations": b"neck", "note": b"caf\xe9"}
    body, content_type = multipart(fields)
    response = post(owner_client, body, content_type)
    assert response.status_code == 400
    assert "is not valid UTF-8" in response.content.decode()
    assert not m.PainEntry.objects.exists()
    good, content_type = multipart(fields | {"note": "café".encode()})
    assert post(owner_client, good, content_type).status_code == 302
    assert m.PainEntry.objects.get().note == "café"


def test_a_multipart_form_may_hold_a_genuine_replacement_character(owner_client):
    """Only the byte sequences Django had to replace are refused, not the character itself."""
    note = "a genuine \ufffd here"
    fields = {"date": b"2026-06-15", "score": b"4", "locations": b"neck", "note": note.encode()}
    body, content_type = multipart(fields | {"entry_version": "\ufffd".encode()})
    response = post(owner_client, body, content_type)
    assert response.status_code == 200  # the form's own refusal of a junk version, not a 400
    assert "reload the page and enter it again" in response.content.decode()
    body, content_type = multipart(fields)
    assert post(owner_client, body, content_type).status_code == 302
    assert m.PainEntry.objects.get().note == note


@pytest.mark.parametrize("path", ["/pain/new/", "/import/"])
def test_a_multipart_form_whose_own_fields_are_over_the_limit_gets_a_413_page(owner_client, path):
    """Only a file may be that big: fields over DATA_UPLOAD_MAX_MEMORY_SIZE (1 MiB) are refused
    with a page that says so, not Django's bare 400."""
    big = ("\u20ac" * 200_000).encode()  # 600,000 bytes each, two of them
    body, content_type = multipart({"date": b"2026-06-15", "note": big, "token": big})
    response = post(owner_client, body, content_type, path=path)
    assert response.status_code == 413
    said = "more than the journal accepts at once" if path == "/pain/new/" else "more text than any"
    assert said in response.content.decode()  # the pain form's whole body is already too big
    assert not m.PainEntry.objects.exists()
    body, content_type = multipart({"date": b"2026-06-15", "note": big[:3000]})
    assert post(owner_client, body, content_type, path=path).status_code != 413


def test_the_log_in_and_sign_up_forms_refuse_invalid_utf8_too(client, owner):
    for path in ("/accounts/login/", "/accounts/signup/"):
        response = post(client, b"username=ol%FFve&password=x", path=path)
        assert response.status_code == 400, path


# --- Chunked bodies -------------------------------------------------------------------------------


def test_a_chunked_body_without_a_length_is_refused_with_a_message(owner_client):
    response = post(
        owner_client, PAIN + b"chunked", CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411
    page = response.content.decode()
    assert "came in pieces (chunked) without saying its length" in page
    assert "Nothing was saved" in page
    assert not m.PainEntry.objects.exists()


# --- Numbers --------------------------------------------------------------------------------------

NOT_NUMBERS = ["1_0", "1e2", "1E1", "١٠", "１０", "۱۰", "+5", "0x10", "1 0", "--1"]
INTEGER_FIELDS = [
    ("pain", "score", "Enter a whole number from 0 to 10."),
    ("exercise", "minutes", "Enter a whole number from 1 to 600."),
    ("exercise", "jumps", "Enter a whole number from 0 to"),
]
DECIMAL_FIELDS = [
    ("height", "height_cm", "Enter a number between 100 and 250 cm."),
    ("dexa", "spine_t", "Enter a number between -6 and 4."),
    ("exercise", "load_kg", "Enter a number between 0 and"),
    ("labs", "value", "Enter the result as a number, such as 24.5."),
]


@pytest.mark.parametrize(("key", "field", "message"), INTEGER_FIELDS + DECIMAL_FIELDS)
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_numbers_python_reads_but_people_do_not_type_are_refused(
    owner_client, key, field, message, value
):
    response = owner_client.post(f"/{key}/new/", VALID_POST[key] | {field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LOGS[key].model.objects.exists()


@pytest.mark.parametrize("form", [spec.form for spec in LOGS.values()] + [forms.ProfileForm])
def test_every_number_box_of_every_form_reads_plain_numbers_only(form):
    """A log added later gets the same rule: each of its number fields is one of the plain ones
    (a lab result once took "1e2" as 100 ng/mL)."""
    for name, field in form.base_fields.items():
        if isinstance(field, (django_forms.DecimalField, django_forms.IntegerField)):
            assert isinstance(field, (PlainDecimalField, PlainIntegerField)), (form, name)


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("pain", "score", "10"),
        ("pain", "score", "7.0"),  # Django's whole-number field has always taken this
        ("exercise", "minutes", " 45 "),
        ("height", "height_cm", "165"),
        ("height", "height_cm", "165.5"),
        ("dexa", "spine_t", "-2.5"),
        ("dexa", "spine_t", "-.5"),
        ("exercise", "load_kg", "2."),
    ],
)
def test_plain_numbers_are_still_read(owner_client, key, field, value):
    response = owner_client.post(f"/{key}/new/", VALID_POST[key] | {field: value})
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["1_960", "1.96e3", "١٩٦٠", "１９６０"])
def test_the_profiles_numbers_are_plain_too(owner_client, owner, value):
    response = owner_client.post(
        "/profile/", {"birth_year": value, "timezone": "UTC", "tallest_height_cm": ""}
    )
    assert response.status_code == 200
    assert "Enter a whole number from 1900 to" in response.content.decode()
    assert m.Profile.objects.get(user=owner).birth_year is None


# --- The body deadline (journal.bodies.BodyDeadline; over real sockets in test_serving.py) -------


class TrickleInput:
    """A request body that sends `first` and then stalls until the socket is shut (or, with
    `then_eof`, ends at once: the connection broke)."""

    def __init__(self, first: bytes, then_eof: bool = False):
        self.first, self.then_eof = first, then_eof
        self.shut = threading.Event()

    def read(self, size: int) -> bytes:
        if self.first:
            data, self.first = self.first[:size], self.first[size:]
            return data
        if not self.then_eof:
            self.shut.wait(30)
        return b""


class ShutCounter:
    def __init__(self, stream: TrickleInput):
        self.stream = stream

    def shutdown(self, how) -> None:
        self.stream.shut.set()


def through_deadline(stream: TrickleInput, length: int, seconds: float = 0.3) -> dict:
    seen = {}

    def app(environ, start_response):
        seen.update(environ, body=environ["wsgi.input"].read())
        return []

    environ = {"CONTENT_LENGTH": str(length), "wsgi.input": stream}
    environ["gunicorn.socket"] = ShutCounter(stream)
    BodyDeadline(app, seconds, limit=1024 * 1024)(environ, None)
    return seen


def test_a_body_that_stalls_is_cut_off_at_the_deadline_and_reaches_django_empty():
    started = time.monotonic()
    seen = through_deadline(TrickleInput(b"username=ol"), length=500)
    assert time.monotonic() - started < 3
    assert seen[BROKEN_OFF] == "late"
    assert (seen["CONTENT_LENGTH"], seen["body"]) == ("0", b"")


def test_a_body_cut_short_by_the_connection_never_reaches_django_in_part():
    seen = through_deadline(TrickleInput(b"note=half a no", then_eof=True), length=500)
    assert seen[BROKEN_OFF] == "cut"
    assert seen["body"] == b""


def test_a_whole_body_passes_through_unchanged():
    body = PAIN + b"complete"
    seen = through_deadline(TrickleInput(body), length=len(body))
    assert BROKEN_OFF not in seen
    assert seen["body"] == body


@pytest.mark.parametrize(
    ("late", "status", "text"),
    [("late", 408, "did not arrive within"), ("cut", 400, "connection broke off")],
)
def test_a_body_that_broke_off_gets_a_page_that_says_so(owner_client, late, status, text):
    response = owner_client.post("/pain/new/", {}, **{BROKEN_OFF: late})
    assert response.status_code == status
    assert text in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
