"""Bad input never breaks it: hypothesis throws arbitrary input at every form and query parameter.

Text, numbers, huge values, unicode, NUL bytes, markup and empty values, in every field of every
form (the five logs, new and edit; quick entry; profile; sign-up; log-in; password change; account
deletion) and in every query parameter and id (chart names and ranges, pagination, dashboard panels,
entry ids). Whatever comes in:

- the answer is never a 5xx (the test client re-raises any exception a view lets out);
- nothing invalid is stored: every row passes the model's validation and database constraints and
  no entry is dated in the future;
- a refused form names its problem, and the person sees each message on the page;
- what was typed is never echoed back as markup.

Each example runs in a savepoint that is rolled back, so examples do not see each other's rows.
The number of examples per test is FUZZ_EXAMPLES (default 40); run pytest with
--hypothesis-show-statistics for the counts.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.choices import flatten_choices
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal import domain as d
from journal import models as m
from journal.charts import CHARTS
from journal.forms import PainForm, ProfileForm, SignupForm, SleepQuickForm
from journal.forms.flags import DiscussedForm, UndiscussedForm
from journal.logs import LOGS
from journal.zones import ZONES

from .builders import MAKERS, make_scan, with_parent

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SENTINEL = "<x-fuzz"  # a tag no page contains: seeing it in a response means input became markup
OWNER_PASSWORD = "correct horse 91"

# --- Strategies ----------------------------------------------------------------------------------

# Any unicode but lone surrogates (which no browser can send as UTF-8).
characters = st.characters(exclude_categories=("Cs",))
text = st.text(characters, max_size=40)
numbers = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(min_value=-1000, max_value=1000).map(lambda x: f"{x:.6f}"),
)
special = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "0",
        "-0",
        "00",
        "1e5",
        "1e-5",
        "1e999999",
        "-1e999999",
        "NaN",
        "sNaN",
        "Infinity",
        "-inf",
        "0x10",
        "1_000",
        "12,5",
        "١٢",  # Arabic-Indic digits
        "²",
        "½",
        "null",
        "None",
        "[]",
        "{}",
        "' OR 1=1 --",
        "%s%s%n",
        "../../etc/passwd",
        f"{SENTINEL}>",
        f'"><{SENTINEL[1:]} a=1>',
        f"'>{SENTINEL} onload=alert(1)>",
        "2026-02-30",
        "2026-13-01",
        "0000-00-00",
        "9999-12-31",
        "10000-01-01",
        "1899-12-31",
        "2026-1-1",
        "01/02/2026",
        "today",
        "25:61",
        "23:59:60",
    ]
)
near_limit = st.builds(
    lambda ch, n: ch * n, characters, st.integers(d.NOTE_MAX - 5, d.NOTE_MAX + 5)
)
huge = st.builds(lambda ch, n: ch * n, st.sampled_from("9x€"), st.sampled_from([5000, 200_000]))
junk = st.one_of(text, numbers, special, near_limit, huge)


def dates(lo: int = 1850, hi: int = 2100):
    return st.dates(dt.date(lo, 1, 1), dt.date(hi, 12, 31)).map(dt.date.isoformat)


def plausible(field: forms.Field) -> st.SearchStrategy[str | list[str]]:
    """Values shaped like the field's own, around and beyond its limits."""
    if isinstance(field, forms.MultipleChoiceField):
        codes = [str(value) for value, _ in field.choices]
        return st.lists(st.one_of(st.sampled_from(codes), junk), max_size=len(codes) + 2)
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in flatten_choices(field.choices)] or [""]  # <optgroup>s too
        return st.sampled_from(values)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "true", "false", "0", "1", ""])
    if isinstance(field, forms.DateField):
        return dates()
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda t: t.strftime("%H:%M"))
    if isinstance(field, forms.DecimalField):  # before IntegerField: it is a subclass
        lo = Decimal(field.min_value if field.min_value is not None else -1000)
        hi = Decimal(field.max_value if field.max_value is not None else 1000)
        return st.decimals(lo - 5, hi + 5, places=4, allow_nan=False).map(str)
    if isinstance(field, forms.IntegerField):
        lo = field.min_value if field.min_value is not None else -1000
        hi = field.max_value if field.max_value is not None else 1000
        return st.integers(lo - 5, hi + 5).map(str)
    return st.one_of(text, near_limit)


def form_data(fields: dict[str, forms.Field], extra: dict[str, st.SearchStrategy] | None = None):
    """POST data: each field missing, shaped like itself, junk, or given several values."""
    optional = {
        name: st.one_of(plausible(field), plausible(field), junk, st.lists(junk, min_size=2))
        for name, field in fields.items()
    }
    optional.update(extra or {})
    # A browser always sends the CSRF token (the test client does not check it); without one,
    # the CSRF middleware refuses the POST before any form sees it.
    return st.fixed_dictionaries({"csrfmiddlewaretoken": st.just("x")}, optional=optional)


def fields_of(form_class, **kwargs) -> dict[str, forms.Field]:
    return dict(form_class(**kwargs).fields)


# --- Checks after every request ----------------------------------------------------------------

UNHELPFUL = {
    "Enter a valid value.",
    "Enter a valid date.",
    "Enter a valid time.",
    "Enter a number.",
    "Enter a whole number.",
}


def check_response(response) -> None:
    assert response.status_code < 500
    body = response.content.decode("utf-8", "replace")
    assert SENTINEL not in body, "input was echoed back as markup"


def check_refusal(response) -> None:
    """A form that was not accepted says why, in words a person can act on, on the page."""
    body = response.content.decode()
    if response.status_code == 413:  # over 1 MB in all: refused before any form reads it
        assert "Too much to save" in body
        assert "Nothing was saved" in body
        return
    assert response.status_code == 200, response.status_code
    context = response.context
    messages: list[str] = []
    if "form" in context and context["form"] is not None and context["form"].is_bound:
        form = context["form"]
        assert form.errors, "the form was refused without a single error"
        messages = [msg for errors in form.errors.values() for msg in errors]
    elif context.get("error"):
        messages = [context["error"]]
    assert messages, "a refused form gave no message"
    for msg in messages:
        assert msg not in UNHELPFUL, msg
        assert not msg.startswith("Select a valid choice"), msg
        assert escape(msg) in body, f"the message {msg!r} is not on the page"


def check_stored(*users) -> None:
    """Every row in the journal is valid: model validation, database constraints, no future."""
    today = timezone.localdate() + dt.timedelta(days=1)  # any time zone's today
    for model in apps.get_app_config("journal").get_models():
        for obj in model.objects.all():
            obj.full_clean()
            if hasattr(obj, "date"):
                assert m.EARLIEST_DATE <= obj.date <= today, obj
            if isinstance(obj, m.Profile):
                zoneinfo.ZoneInfo(obj.timezone)
            if hasattr(obj, "note"):
                assert "\x00" not in obj.note
                assert len(obj.note) <= d.NOTE_MAX
            for field in model._meta.concrete_fields:  # a child entry's parent is its own
                if isinstance(obj, m.Owned) and issubclass(field.related_model or int, m.Owned):
                    assert getattr(obj, field.name).user_id == obj.user_id, obj
    for user in apps.get_model("auth.User").objects.all():
        user.full_clean()


def rows() -> dict[str, int]:
    counts = {
        m_._meta.label: m_.objects.count() for m_ in apps.get_app_config("journal").get_models()
    }
    counts["users"] = apps.get_model("auth.User").objects.count()
    return counts


class Rollback(Exception):
    pass


def in_savepoint(check):
    """Run `check` inside a savepoint that is always rolled back."""
    try:
        with transaction.atomic():
            check()
            raise Rollback
    except Rollback:
        pass


# --- The forms -----------------------------------------------------------------------------------

TODAY = dt.date.today()
LOG_FIELDS = {key: fields_of(log.form, today=TODAY) for key, log in LOGS.items()}
NEXT = {"next": st.one_of(junk, st.sampled_from(["/", "//evil.example/", "https://evil.example/"]))}


@pytest.fixture
def entries(owner) -> dict[str, object]:
    return {key: make(owner) for key, make in MAKERS.items()}


def parent_choices(key: str, owner, stranger) -> dict[str, st.SearchStrategy]:
    """A child log's parent field (a session's `treatment`): one of the person's own, another
    person's (which must read as missing), or junk."""
    field = LOGS[key].parent_field
    if not field:
        return {}
    own, theirs = (with_parent(key, user, {})[field] for user in (owner, stranger))
    return {field: st.one_of(st.sampled_from([own, own, theirs]), junk)}


@pytest.mark.parametrize("key", list(LOGS))
@pytest.mark.parametrize("action", ["new", "edit"])
@FUZZ
@given(data=st.data())
def test_log_forms_take_any_input(key, action, data, owner, stranger, owner_client, entries, htmx):
    path = f"/{key}/new/" if action == "new" else f"/{key}/{entries[key].pk}/edit/"
    extra = NEXT | parent_choices(key, owner, stranger)
    post = data.draw(form_data(LOG_FIELDS[key], extra), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")

    def check():
        before = rows()
        response = owner_client.post(path, post, **(htmx if as_htmx else {}))
        check_response(response)
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith("/"), location  # on this site, whatever `next` said
            assert not location.startswith("//"), location
        else:
            check_refusal(response)
            assert rows() == before, "a refused form changed the journal"
        check_stored()

    in_savepoint(check)


CHILD_LOGS = [key for key, log in LOGS.items() if log.parent_field]


def _names_id(value, pk: int) -> bool:
    """Whether a field value reads as the id `pk` ("1", " 01", "+1" all do)."""
    try:
        return int(str(value).strip()) == pk
    except ValueError:
        return False


@pytest.mark.parametrize("key", CHILD_LOGS)
@pytest.mark.parametrize("action", ["new", "edit"])
@FUZZ
@given(data=st.data())
def test_a_child_entry_takes_any_parent_and_only_ever_the_persons_own(
    key, action, data, owner, stranger, owner_client, entries
):
    """A dose's `medicine`: the person's own, another person's, a missing one, or junk. Only the
    first is ever stored, and another person's reads exactly like a missing one."""
    log = LOGS[key]
    parent_of = {
        "own": getattr(entries[key], log.parent_field).pk,
        "stranger's": getattr(MAKERS[key](stranger), log.parent_field).pk,
    }
    parent_model = log.form.base_fields[log.parent_field].queryset.model
    own_ids = set(parent_model.objects.filter(user=owner).values_list("pk", flat=True))
    path = f"/{key}/new/" if action == "new" else f"/{key}/{entries[key].pk}/edit/"
    whose = data.draw(st.sampled_from(["own", "stranger's", "missing", "junk"]), label="parent")
    parent = {
        "own": st.just(str(parent_of["own"])),
        "stranger's": st.just(str(parent_of["stranger's"])),
        "missing": st.just(str(max(parent_of.values()) + 1000)),
        # junk may happen to spell one of the person's own parents ("1"): that is not junk
        "junk": junk.filter(lambda v: not any(_names_id(v, pk) for pk in own_ids)),
    }[whose]
    post = data.draw(form_data(LOG_FIELDS[key], {log.parent_field: parent}), label="POST")
    post[log.parent_field] = data.draw(parent, label="value")

    def check():
        before = rows()
        response = owner_client.post(path, post)
        check_response(response)
        if whose != "own":
            check_refusal(response)  # a 200 with the form's messages, or a 413 for a huge body
            assert rows() == before
        if whose in ("stranger's", "missing") and response.status_code == 200:
            errors = response.context["form"].errors[log.parent_field]
            assert errors == [f"Choose one of your {LOGS[_parent_key(log)].noun}s."]
        check_stored()

    in_savepoint(check)


def _parent_key(log) -> str:
    model = log.model._meta.get_field(log.parent_field).related_model
    return next(key for key, spec in LOGS.items() if spec.model is model)


@FUZZ
@given(data=st.data())
def test_quick_entry_takes_any_input(data, owner, owner_client, entries, htmx):
    fields = fields_of(PainForm, today=TODAY)
    post = data.draw(form_data(fields, {"same_as_last": st.sampled_from(["1", ""])}), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")

    def check():
        before = rows()
        response = owner_client.post("/pain/quick/", post, **(htmx if as_htmx else {}))
        check_response(response)
        saved = rows() != before
        if not saved:
            check_refusal(response)
        check_stored()

    in_savepoint(check)


@FUZZ
@given(data=st.data())
def test_sleep_one_tap_takes_any_input(data, owner, owner_client, entries, htmx):
    post = data.draw(form_data(fields_of(SleepQuickForm)), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")

    def check():
        before = rows()
        response = owner_client.post("/sleep/quick/", post, **(htmx if as_htmx else {}))
        check_response(response)
        if response.status_code == 413 or (
            response.status_code == 200 and response.context.get("error")
        ):
            check_refusal(response)
            assert rows() == before, "a refused tap changed the journal"
        else:
            assert response.status_code in (200, 302), response.status_code
            night = m.SleepEntry.objects.get(user=owner, date=timezone.localdate())
            sent = post["quality"]  # several values: the form reads the last
            assert str(night.quality) == (sent[-1] if isinstance(sent, list) else sent)
        check_stored()

    in_savepoint(check)


@FUZZ
@given(data=st.data())
def test_profile_takes_any_input(data, owner, owner_client, htmx):
    post = data.draw(form_data(fields_of(ProfileForm, today=TODAY)), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")

    def check():
        before = m.Profile.objects.values().get(user=owner)
        response = owner_client.post("/profile/", post, **(htmx if as_htmx else {}))
        check_response(response)
        if response.status_code != 302:
            check_refusal(response)
            assert m.Profile.objects.values().get(user=owner) == before
        check_stored()

    in_savepoint(check)


@FUZZ
@given(post=form_data(fields_of(SignupForm)))
def test_sign_up_takes_any_input(post, client):
    def check():
        before = rows()
        response = client.post("/accounts/signup/", post)
        check_response(response)
        if response.status_code == 302:
            # The hidden time zone: a name zoneinfo knows, or the default; never an error.
            assert m.Profile.objects.latest("pk").timezone in ZONES
            client.post("/accounts/logout/")
        else:
            check_refusal(response)
            assert rows() == before
        check_stored()

    in_savepoint(check)


@FUZZ
@given(post=form_data(fields_of(AuthenticationForm), NEXT))
def test_log_in_takes_any_input(post, client, owner):
    def check():
        response = client.post("/accounts/login/", post)
        check_response(response)
        if response.status_code in (200, 413):
            check_refusal(response)
        elif response.status_code == 302:
            client.post("/accounts/logout/")
        else:
            assert response.status_code == 429  # the throttle; its page says so
            assert b"Too many failed log-in attempts" in response.content

    in_savepoint(check)


@FUZZ
@given(data=st.data())
def test_password_change_takes_any_input(data, owner, owner_client):
    fields = fields_of(PasswordChangeForm, user=owner)
    post = data.draw(
        form_data(fields, {"old_password": st.sampled_from([OWNER_PASSWORD, "", "nope"])}),
        label="POST",
    )

    def check():
        response = owner_client.post("/accounts/password_change/", post)
        check_response(response)
        if response.status_code != 302:
            check_refusal(response)

    in_savepoint(check)


@FUZZ
@given(post=form_data({"password": forms.CharField()}))
def test_account_deletion_takes_any_input_and_needs_the_password(post, owner, owner_client):
    def check():
        before = rows()
        response = owner_client.post("/accounts/delete/", post)
        check_response(response)
        check_refusal(response)
        assert rows() == before

    in_savepoint(check)


# --- Query parameters and ids -------------------------------------------------------------------

params = st.dictionaries(
    st.sampled_from(["range", "panel", "page", "next", "v", "x"]) | text,
    st.one_of(junk, st.lists(junk, max_size=3)),
    max_size=4,
)
range_values = st.one_of(st.sampled_from(["30d", "90d", "1y", "all", " ALL ", "7d", ""]), junk)


# A flag the owner's journal raises (the scans make it), and its key among the junk.
FLAG_KEYS = st.one_of(st.sampled_from(["bone.osteoporosis", "bone.decline", ""]), junk)


@FUZZ
@given(data=st.data())
def test_the_flag_actions_take_any_input(data, owner, owner_client, entries, htmx):
    if not m.DexaScan.objects.filter(user=owner, results__t_score=Decimal("-2.6")).exists():
        make_scan(owner, TODAY - dt.timedelta(days=400), spine="-2.0")
        make_scan(owner, TODAY - dt.timedelta(days=10), spine="-2.6")
    undo = data.draw(st.booleans(), label="undo")
    form = UndiscussedForm() if undo else DiscussedForm(today=TODAY)
    post = data.draw(form_data(dict(form.fields), {"flag": FLAG_KEYS}), label="POST")
    as_htmx = data.draw(st.booleans(), label="htmx")
    path = "/flags/undiscussed/" if undo else "/flags/discussed/"

    def check():
        response = owner_client.post(path, post, **(htmx if as_htmx else {}))
        check_response(response)
        assert response.status_code in (200, 302, 413), response.status_code
        for record in m.FlagDiscussion.objects.all():
            assert record.user_id == owner.pk
            assert m.EARLIEST_DATE <= record.discussed_on <= record.marked_on
            assert record.marked_on <= timezone.localdate() + dt.timedelta(days=1)
        check_stored()

    in_savepoint(check)


@FUZZ
@given(
    query=params,
    range_=range_values,
    panel=st.one_of(st.sampled_from(["flags", "summary", "charts", "quick"]), junk),
    as_htmx=st.booleans(),
)
def test_the_dashboard_takes_any_query(query, range_, panel, as_htmx, owner_client, entries, htmx):
    response = owner_client.get(
        "/", query | {"range": range_, "panel": panel}, **(htmx if as_htmx else {})
    )
    check_response(response)
    assert response.status_code == 200


@FUZZ
@given(
    name=st.one_of(
        st.sampled_from(CHARTS),
        st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True),
    ),
    range_=range_values,
    query=params,
)
def test_charts_take_any_name_and_range(name, range_, query, owner_client, entries):
    response = owner_client.get(f"/charts/{name}.svg", query | {"range": range_})
    check_response(response)
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response["Content-Type"].startswith("image/svg+xml")


@FUZZ
@given(key=st.sampled_from(list(LOGS)), page=st.one_of(junk, st.lists(junk, max_size=3)))
def test_list_pages_take_any_page_number(key, page, owner, owner_client, entries, htmx):
    response = owner_client.get(f"/{key}/", {"page": page})
    check_response(response)
    assert response.status_code == 200


months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 10_000), st.integers(0, 13))


@FUZZ
@given(key=st.sampled_from(list(LOGS)), month=st.one_of(months, junk, st.lists(junk, max_size=3)))
def test_list_pages_take_any_month_to_jump_to(key, month, owner, owner_client, entries):
    response = owner_client.get(f"/{key}/", {"month": month})
    check_response(response)
    if response.status_code == 302:  # to the page the month starts on, at its heading
        assert re.fullmatch(
            rf"/{key}/\?page=[0-9]+#month-[0-9]{{4}}-[0-9]{{2}}", response["Location"]
        )
    else:
        assert response.status_code == 200


@FUZZ
@given(
    key=st.sampled_from(list(LOGS)),
    action=st.sampled_from(["edit", "delete"]),
    entry_id=st.one_of(
        st.integers(min_value=0, max_value=10**40),
        st.sampled_from([2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64]),
    ),
    method=st.sampled_from(["get", "post"]),
)
def test_entry_ids_of_any_size_are_a_404(key, action, entry_id, method, owner_client, entries):
    ids = {e.pk for e in entries.values()}

    pages = [f"/{k}/{entry_id}/" for k, log in LOGS.items() if log.detail_context]

    def check():
        extra = (f"/treatments/{entry_id}/pain.svg", f"/medicines/{entry_id}/took/")
        for path in (f"/{key}/{entry_id}/{action}/", *pages, *extra):
            response = getattr(owner_client, method)(path)
            check_response(response)
            if entry_id not in ids:
                assert response.status_code in (404, 405), path

    in_savepoint(check)


@FUZZ
@given(segment=st.text(characters, min_size=1, max_size=30))
def test_any_path_is_answered_without_an_error(segment, owner_client):
    response = owner_client.get("/" + segment.replace("\x00", ""))
    check_response(response)


# --- The limits, one example each, with the message a person sees ------------------------------

NOTE_LOGS = [key for key, fields in LOG_FIELDS.items() if "note" in fields]


def _valid(key: str, user=None) -> dict:
    """A valid POST for log `key` (with one of `user`'s parents where the log has one)."""
    from .test_urls_ownership import VALID_POST

    data = dict(VALID_POST[key])
    return with_parent(key, user, data) if user is not None else data


def _date_field(key: str) -> str:
    return LOGS[key].form.DATE_FIELD  # "date", or a course's "started"


@pytest.mark.parametrize("key", NOTE_LOGS)
def test_an_over_long_note_is_refused_with_a_clear_message(key, owner_client, owner):
    model = LOGS[key].model
    valid = _valid(key, owner)
    fits = owner_client.post(f"/{key}/new/", valid | {"note": "é" * d.NOTE_MAX})
    assert fits.status_code == 302  # exactly at the limit is fine
    response = owner_client.post(f"/{key}/new/", valid | {"note": "é" * (d.NOTE_MAX + 1)})
    assert response.status_code == 200
    assert f"Keep the note to {d.NOTE_MAX:,} characters or fewer." in response.content.decode()
    assert model.objects.filter(user=owner).count() == 1


def test_a_10_mb_request_body_is_refused_with_a_clear_message(owner_client, client, owner):
    body = "note=" + "x" * (10 * 1024 * 1024)
    for visitor, path in ((owner_client, "/pain/new/"), (client, "/accounts/login/")):
        response = visitor.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 413
        page = response.content.decode()
        assert "Too much to save" in page
        assert "Nothing was saved" in page
        assert "shorten it to 2,000 characters" in page
    assert not m.PainEntry.objects.exists()


MALFORMED_DATES = [
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "26-01-01",
    "01/02/2025",
    "1 March 2025",
    "yesterday",
    "2025-03-01T10:00",
    "0000-00-00",
    "10000-01-01",
    "２０２５-０３-０１",  # full-width digits
    "\x00",
]


@pytest.mark.parametrize("key", list(LOGS))
@pytest.mark.parametrize("date", MALFORMED_DATES)
def test_a_malformed_date_is_refused_with_a_clear_message(key, date, owner_client, owner):
    response = owner_client.post(f"/{key}/new/", _valid(key, owner) | {_date_field(key): date})
    assert response.status_code == 200
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()
    assert not LOGS[key].model.objects.exists()


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2999-01-01", "That date is in the future: enter today or earlier."),
        ("1899-12-31", "Enter a date in 1900 or later."),
        ("", "Enter a date."),
    ],
)
def test_dates_out_of_range_are_refused_with_a_clear_message(date, message, owner_client, owner):
    for key in LOGS:
        valid = _valid(key, owner)
        counts = {log.key: log.model.objects.count() for log in LOGS.values()}
        response = owner_client.post(f"/{key}/new/", valid | {_date_field(key): date})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert counts == {log.key: log.model.objects.count() for log in LOGS.values()}


def test_forged_requests_without_a_browser_are_refused_too(owner):
    """The same limits hold for a client that ignores the form's own maxlength and choices."""
    browser = Client()
    browser.force_login(owner)
    response = browser.post(
        "/pain/new/",
        {
            "date": "2025-01-01",
            "score": "10",
            "locations": ["lower_back", "spleen"],
            "onset": "volcanic",
            "note": "x",
        },
    )
    assert response.status_code == 200
    assert "Choose places from the list." in response.content.decode()
    assert not m.PainEntry.objects.exists()


# --- What the fuzzing found, pinned --------------------------------------------------------------


@pytest.mark.parametrize("value", ["0.0000", "25", "Infinity", "NaN", "-0.05"])
def test_a_least_significant_change_out_of_range_is_refused_not_a_server_error(value, owner_client):
    """Its unit was "%", and Django %-formats range messages: "20 %." broke the formatting."""
    response = owner_client.post(
        "/dexa/new/", {"date": "2025-01-01", "spine_t": "-1.0", "lsc_percent": value}
    )
    assert response.status_code == 200
    assert "Enter a number between 0.1 and 20 per cent." in response.content.decode()
    assert not m.DexaScan.objects.exists()


@pytest.mark.parametrize("target", ["0", "pain", ".", "journal:pain_list", "/\\evil.example/"])
def test_a_next_that_is_not_a_path_on_this_site_is_ignored(target, owner_client, entries):
    """redirect() took a bare word for a view name: next=0 was a server error."""
    post = _valid("pain", entries["pain"].user) | {"next": target}
    response = owner_client.post(f"/pain/{entries['pain'].pk}/edit/", post)
    assert response.status_code == 302
    assert response["Location"] == "/pain/"
