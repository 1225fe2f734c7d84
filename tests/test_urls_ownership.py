"""Nobody gets in where they don't belong: every URL the project defines, walked from the resolver.

The routes are enumerated from Django's URL resolver at collection time, so a page added tomorrow
is covered without anyone remembering to add it here: it must either send an anonymous visitor to
log in, or be listed in PUBLIC; and if it takes an object, this file must know how to make one
(OBJECT_OF), or the test fails and says so.

For every route that takes an object, another person gets a 404 for GET and POST (the same 404 as
for an id that does not exist, so nothing leaks), an anonymous visitor is sent to log in, and the
owner's journal is unchanged afterwards, row for row. The admin is the operator's: every admin
path sends anyone who is not staff to the admin's log-in, and changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote

import pytest
from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.regex_helper import normalize

from journal import models as m
from journal import preferences
from journal.logs import LOGS

from .builders import MAKERS, with_parent

pytestmark = pytest.mark.django_db


# --- The routes, from the resolver --------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # "journal:pain_edit"; unnamed routes are named by their pattern
    namespace: str  # "journal", "admin", ""
    pattern: str  # "pain/<int:pk>/edit/", for messages
    chain: tuple  # the URLPattern and the resolvers above it
    params: tuple[str, ...]
    defaults: tuple[tuple[str, object], ...]

    def __str__(self) -> str:
        return self.name


def all_routes() -> list[Route]:
    """Every URL pattern the project defines, with its namespace and parameters."""
    found: list[Route] = []

    def walk(patterns, chain: tuple, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace]))
                walk(p.url_patterns, (*chain, p), ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                pattern = prefix + str(p.pattern)
                name = p.name or f"<unnamed {pattern}>"
                params = tuple(name for q in (*chain, p) for name in q.pattern.regex.groupindex)
                full = f"{namespace}:{name}" if namespace else name
                defaults = tuple(sorted(p.default_args.items()))
                found.append(Route(full, namespace, pattern, (*chain, p), params, defaults))

    walk(get_resolver().url_patterns, (), "", "")
    return found


def path_of(route: Route, values: dict[str, object]) -> str:
    """The concrete path of a route, its parameters filled in; checked against the resolver."""
    parts = []
    for element in route.chain:
        template, params = normalize(element.pattern.regex.pattern)[0]
        parts.append(template % {name: quote(str(values[name])) for name in params})
    path = "/" + "".join(parts)
    match = resolve(path)
    assert match.route == route.pattern or match.func == route.chain[-1].callback, (
        f"{path} resolves to {match.route}, not {route.pattern}"
    )
    return path


ROUTES = all_routes()
CSRF_TOKEN = re.compile(rb"\b[A-Za-z0-9]{64}\b")

# Pages a visitor may see without logging in. Everything else must send them to log in.
PUBLIC = {
    "signup",
    "login",
    "logout",  # POST only; logs out whoever asks, which is nobody when anonymous
    "journal:guidance",
    "admin:login",
    # Password reset: for people who cannot log in. The same page whether or not an address
    # has an account (tests/test_passwords.py).
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # The calendar feed: its long random token is the key (a calendar app cannot log in); a
    # wrong or replaced token is the ordinary 404 (tests/test_calendar_feed.py).
    "journal:calendar_feed",
    # The link in an address-confirmation email, opened wherever the mail is read; the signed
    # token names the person and the address, and works once.
    "journal:email_confirm",
    # The home-screen app's service worker and the offline page it keeps: no one's data.
    "journal:service_worker",
    "journal:offline",
}
OBJECT_PARAMS = {"pk", "object_id", "id"}
# Journal routes that take an object and are not one of the generic logs (which say `log=`).
OBJECT_OF = {
    "journal:dexa_detail": "dexa",
    "journal:treatments_chart": "treatments",
    "journal:medicines_detail": "medicines",
    "journal:medicines_took": "medicines",
    "journal:pain_undo": "pain",
}
# A valid form for each log: a POST that would change the entry if the ownership check were gone.
VALID_POST = {
    "pain": {"date": "2025-01-02", "score": "9", "locations": ["neck"], "note": "changed"},
    "dexa": {"date": "2025-01-02", "spine_t": "-3.10"},
    "exercise": {"date": "2025-01-02", "kind": "impact", "minutes": "45", "intensity": "vigorous"},
    "height": {"date": "2025-01-02", "height_cm": "151.5"},
    "fractures": {"date": "2025-01-02", "site": "hip", "note": "changed"},
    "medicines": {
        "name": "Changed",
        "kind": "zoledronate",
        "schedule": "yearly",
        "started": "2025-01-02",
    },
    # The dose's medicine is the stranger's own (the walk gives them one): a POST that would move
    # the owner's dose to it, or log a dose of it, if the ownership check were gone.
    "doses": {"date": "2025-01-02", "amount": "2", "note": "changed"},
    "labs": {"date": "2025-01-02", "test": "vitamin_d", "value": "12.5", "unit": "ng_ml"},
    "falls": {"date": "2025-01-02", "injured": "on", "note": "changed"},
    "treatments": {"kind": "massage", "name": "changed", "started": "2025-01-02"},
    # and a `treatment`: one of the poster's own courses (with_parent)
    "sessions": {"date": "2025-01-02", "minutes": "45", "pain_before": "7", "pain_after": "2"},
    "mood": {"date": "2025-01-02", **{f"q{i}": "3" for i in range(1, 10)}},
    "sleep": {"date": "2025-01-02", "quality": "1", "hours": "3.5"},
    "peg": {"date": "2025-01-02", "pain": "9", "enjoyment": "9", "activity": "9"},
}


def takes_object(route: Route) -> bool:
    return bool(OBJECT_PARAMS & set(route.params))


def log_of(route: Route) -> str | None:
    return dict(route.defaults).get("log") or OBJECT_OF.get(route.name)


JOURNAL_OBJECT_ROUTES = [r for r in ROUTES if r.namespace != "admin" and takes_object(r)]
ADMIN_ROUTES = [r for r in ROUTES if r.namespace == "admin" and r.name not in PUBLIC]
PROTECTED_ROUTES = [r for r in ROUTES if r.name not in PUBLIC]


# --- The owner's journal, and its state -----------------------------------------------------------


@pytest.fixture
def journal(owner) -> dict[str, object]:
    """One of each of the owner's entries, by log key."""
    return {key: make(owner) for key, make in MAKERS.items()}


def rows_of(user) -> dict[tuple[str, object], dict]:
    """Every row that belongs to `user` (what deleting them would delete), with all its values:
    one query per way a model's rows lead to the user (`paths_to_user`), not per row."""
    rows = {}
    for model, path in paths_to_user(type(user)):
        for values in model._base_manager.filter(**{path: user.pk}).values():
            rows[(model._meta.label, values[model._meta.pk.attname])] = values
    return rows


@cache
def paths_to_user(user_model) -> tuple[tuple[type, str], ...]:
    """(model, lookup) for the user model and every model whose rows a user's deletion reaches
    through foreign keys (Django's deletion collector follows the same relations), found once."""
    paths, seen = [(user_model, "pk")], set()

    def walk(model, path: str) -> None:
        for rel in model._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
                continue
            lookup = f"{rel.field.name}__{path}" if path != "pk" else rel.field.name
            if (rel.related_model, lookup) in seen:
                continue
            seen.add((rel.related_model, lookup))
            paths.append((rel.related_model, lookup))
            walk(rel.related_model, lookup)

    walk(user_model, "pk")
    return tuple(paths)


def test_rows_of_finds_what_deleting_the_person_would_delete(owner, journal):
    collector = NestedObjects(using="default")
    collector.collect([owner])
    collected = {
        (model._meta.label, obj.pk) for model, objs in collector.data.items() for obj in objs
    }
    assert set(rows_of(owner)) == collected
    assert len(collected) > len(MAKERS)  # an entry of every log, their parents, the profile...


def values_for(route: Route, owner, journal) -> dict[str, object]:
    """Parameter values that point at one of the owner's objects wherever a route takes one."""
    log = log_of(route)
    obj = journal[log] if log else None
    model = None
    if route.namespace == "admin" and route.pattern.count("/") >= 3:
        app_label, model_name = route.pattern.split("/")[1:3]
        ct = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        model = ct.model_class() if ct else None
    if model is not None and obj is None:
        if model is type(owner):
            obj = owner
        elif model is m.Profile:
            obj = owner.profile
        else:
            obj = next((o for o in journal.values() if isinstance(o, model)), None)
    object_id = obj.pk if obj is not None else owner.pk
    return {
        "pk": object_id,
        "object_id": object_id,
        "id": owner.pk,
        "content_type_id": ContentType.objects.get_for_model(m.PainEntry).pk,
        "app_label": "journal",
        "name": "pain",
        "uidb64": urlsafe_base64_encode(force_bytes(owner.pk)),
        "token": "set-password",
        "url": "nowhere/",
        "feed_token": preferences.new_feed(owner).token,
        "signed": preferences.email_token(owner, "olive@example.org"),
    }


def page(response) -> bytes:
    """The response body, its CSRF token (masked afresh on every response) blanked out."""
    return CSRF_TOKEN.sub(b"<token>", response.content)


def login_redirect(path: str, login: str = "/accounts/login/") -> str:
    return f"{login}?next={quote(path)}"


# --- The walk ----------------------------------------------------------------------------------


def test_the_walk_finds_every_log_and_every_kind_of_route():
    names = {r.name for r in ROUTES}
    for key in LOGS:
        assert {f"journal:{key}_{v}" for v in ("list", "new", "edit", "delete")} <= names
    assert {"journal:dexa_detail", "journal:chart", "account_delete", "admin:index"} <= names
    details = {f"journal:{key}_detail" for key, log in LOGS.items() if log.detail_context}
    assert details <= names
    assert len(JOURNAL_OBJECT_ROUTES) == 2 * len(LOGS) + len(details | set(OBJECT_OF))
    assert names >= PUBLIC, f"PUBLIC names routes that no longer exist: {PUBLIC - names}"


@pytest.mark.parametrize("route", JOURNAL_OBJECT_ROUTES, ids=str)
def test_another_persons_object_is_a_404_for_get_and_post_and_stays_unchanged(
    route, owner, journal, stranger, stranger_client, htmx
):
    log = log_of(route)
    assert log in LOGS, (
        f"{route.name} ({route.pattern}) takes an object, and this test does not know which: "
        "add it to OBJECT_OF so that it is checked"
    )
    values = values_for(route, owner, journal)
    path = path_of(route, values)
    missing = path_of(route, values | {"pk": journal[log].pk + 10_000})
    owner_view = Client()
    owner_view.force_login(owner)
    before = rows_of(owner)
    assert owner_view.get(path).status_code == 200  # the path is right: its owner sees it
    assert stranger_client.get(missing).status_code == 404
    # With the stranger's own parent entry where the log has one (a dose of their medicine, a
    # session of their course): a POST that would move the owner's entry to it.
    valid = with_parent(log, stranger, VALID_POST[log])
    for method, extra in (("get", {}), ("post", {}), ("get", htmx), ("post", htmx)):
        data = valid if method == "post" else None
        response = getattr(stranger_client, method)(path, data, **extra)
        # The same answer as for an entry that does not exist: nothing says "someone's is here".
        # That is a 404, or a 405 where the page takes no POST from anyone (dexa/<id>/).
        absent = getattr(stranger_client, method)(missing, data, **extra)
        assert (response.status_code, page(response)) == (absent.status_code, page(absent))
        refused_to_all = owner_view.post(missing).status_code == 405
        expected = 405 if method == "post" and refused_to_all else 404
        assert response.status_code == expected, f"{method.upper()} {path}"
    for method in ("put", "patch", "delete"):
        response = getattr(stranger_client, method)(path)
        assert response.status_code in (404, 405), f"{method.upper()} {path}"
    assert rows_of(owner) == before


@pytest.mark.parametrize("route", JOURNAL_OBJECT_ROUTES, ids=str)
def test_an_anonymous_visitor_is_sent_to_log_in_and_the_object_stays_unchanged(
    route, owner, journal, client
):
    path = path_of(route, values_for(route, owner, journal))
    post = with_parent(log_of(route), owner, VALID_POST[log_of(route)])
    before = rows_of(owner)
    for method in ("get", "post"):
        data = post if method == "post" else None
        response = getattr(client, method)(path, data)
        assert response.status_code == 302, f"{method.upper()} {path}"
        assert response["Location"] == login_redirect(path)
    assert rows_of(owner) == before


@pytest.mark.parametrize("route", [r for r in PROTECTED_ROUTES if r.namespace != "admin"], ids=str)
def test_every_page_but_the_public_ones_sends_an_anonymous_visitor_to_log_in(
    route, owner, journal, client
):
    path = path_of(route, values_for(route, owner, journal))
    before = rows_of(owner)
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 302, (
            f"{method.upper()} {path} answered {response.status_code} to an anonymous visitor; "
            "if the page is meant to be public, add its name to PUBLIC"
        )
        assert response["Location"] == login_redirect(path)
    assert rows_of(owner) == before


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC], ids=str)
def test_public_pages_answer_an_anonymous_visitor_without_error(route, owner, journal, client):
    path = path_of(route, values_for(route, owner, journal))
    response = client.get(path)
    assert response.status_code in (200, 302, 405)
    assert response.status_code != 302 or "login" not in response["Location"]


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=str)
def test_the_admin_is_closed_to_everyone_who_is_not_staff(
    route, owner, journal, client, stranger_client
):
    path = path_of(route, values_for(route, owner, journal))
    before = rows_of(owner)
    for visitor in (client, stranger_client):
        for method in ("get", "post"):
            data = {"username": "x", "is_superuser": "on"} if method == "post" else None
            response = getattr(visitor, method)(path, data)
            assert response.status_code == 302, f"{method.upper()} {path}"
            if route.name == "admin:logout":  # it sends you to the index, which asks you to log in
                assert response["Location"] == "/admin/"
            else:
                assert response["Location"] == login_redirect(path, "/admin/login/")
    assert rows_of(owner) == before


def test_charts_draw_only_the_visitors_own_journal(owner, journal, owner_client, stranger):
    make = MAKERS["pain"]
    for day in range(1, 20):
        make(owner, date=journal["pain"].date.replace(day=day), score=8)
    stranger_view = Client()
    stranger_view.force_login(stranger)
    route = next(r for r in ROUTES if r.name == "journal:chart")
    for name in ("pain", "tscore", "activity"):
        path = path_of(route, {"name": name}) + "?range=all"
        mine, theirs = owner_client.get(path), stranger_view.get(path)
        assert mine.status_code == theirs.status_code == 200
        assert mine["ETag"] != theirs["ETag"]
        assert mine.content != theirs.content
