"""Trust: deployment checks, cookies and headers, the CSP on every page, passwords, log-in
throttling, and deleting an account with everything in it.

The production settings are computed by running bonejournal/settings.py itself with a production
environment (DEBUG=false, a real SECRET_KEY, BEHIND_HTTPS=true), not restated here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import runpy
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import path as url_path

import bonejournal.settings as configured
from bonejournal import urls as project_urls
from journal import models as m
from journal.middleware import client_ip

from .builders import MAKERS
from .test_urls_ownership import PUBLIC, ROUTES, path_of, rows_of, values_for

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "bonejournal" / "settings.py"
OWNER_PASSWORD = "correct horse 91"  # conftest's owner


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        BEHIND_HTTPS="true",
        VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="journal.example.org",
    )
    env.update(extra)
    return env


def production_settings(tmp_path: Path, **extra: str) -> dict:
    """bonejournal/settings.py as it reads a production environment."""
    with mock.patch.dict(os.environ, production_env(tmp_path, **extra), clear=True):
        return runpy.run_path(str(SETTINGS_FILE))


SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "CONTENT_SECURITY_POLICY",
]
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front adds


@pytest.fixture
def behind_https(settings, tmp_path):
    """This process's settings switched to production's security settings."""
    production = production_settings(tmp_path)
    for name in SECURITY_SETTINGS:
        setattr(settings, name, production[name])
    return production


# --- Deployment ----------------------------------------------------------------------------------


@pytest.mark.slow  # runs manage.py check --deploy in a new process
def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNING" not in done.stderr


def test_production_settings_turn_every_https_protection_on(tmp_path):
    s = production_settings(tmp_path)
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"]
    assert s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"]
    assert s["CSRF_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert s["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert s["SECURE_SSL_REDIRECT"]
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert s["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["upgrade-insecure-requests"] is True
    # Without the switch (a laptop on http://127.0.0.1) cookies must still reach the server.
    local = production_settings(tmp_path, BEHIND_HTTPS="false")
    assert not local["SESSION_COOKIE_SECURE"]
    assert not local["SECURE_SSL_REDIRECT"]
    assert local["SECURE_HSTS_SECONDS"] == 0


def test_behind_https_plain_http_is_redirected_to_https(behind_https, client):
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_behind_https_cookies_are_secure_httponly_samesite_and_host_only(
    behind_https, client, owner
):
    page = client.get("/accounts/login/", headers=HTTPS)
    assert page.status_code == 200
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in csp_directives(page["Content-Security-Policy"])
    logged_in = client.post(
        "/accounts/login/", {"username": "olive", "password": OWNER_PASSWORD}, headers=HTTPS
    )
    assert logged_in.status_code == 302
    cookies = page.cookies | logged_in.cookies
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
        assert cookie["path"] == "/", name  # what __Host- requires
        assert not cookie["domain"], name
    assert client.get("/", headers=HTTPS).status_code == 200  # and the session works


def test_local_cookies_are_httponly_and_samesite_without_the_https_switch(client, owner):
    page = client.get("/accounts/login/")
    logged_in = client.post("/accounts/login/", {"username": "olive", "password": OWNER_PASSWORD})
    assert "Strict-Transport-Security" not in page
    for cookie in (page.cookies["csrftoken"], logged_in.cookies["sessionid"]):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


# --- Headers and the Content-Security-Policy on every page ------------------------------------


class PageAudit(HTMLParser):
    """What a page does that a strict CSP would block, or that reaches outside the journal."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.htmx_config: dict | None = None
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: an inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=...>: an inline style")
            if name.startswith(("hx-on", "data-hx-on")) or (
                name in ("hx-vals", "hx-vars", "hx-headers") and value.lstrip().startswith("js:")
            ):
                self.problems.append(f"<{tag} {name}>: htmx evaluating script")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:...>")
            if (
                name in ("src", "srcset", "action", "formaction", "data")
                or (name == "href" and tag == "link")
            ) and value.startswith(("http:", "https:", "//")):
                self.problems.append(f"<{tag} {name}={value}>: loads from another host")
        if tag == "style":
            self.problems.append("<style>: an inline style sheet")
        if tag == "script" and not a.get("src"):
            self.problems.append("<script> without src: an inline script")
        if tag == "meta" and a.get("name") == "htmx-config":
            self.htmx_config = json.loads(a.get("content") or "{}")


def csp_directives(header: str) -> dict[str, list[str]]:
    return {
        parts[0].lower(): parts[1:] for parts in (d.split() for d in header.split(";")) if parts
    }


UNSAFE = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", "*"}


def check_headers(response, path: str) -> None:
    assert response["X-Frame-Options"] == "DENY", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", path
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy, (path, feature)
    csp = csp_directives(response["Content-Security-Policy"])
    # No outside host anywhere: every source is a quoted keyword ('self', 'none', 'nonce-...').
    for directive, sources in csp.items():
        for source in sources:
            assert source[0] == source[-1] == "'", (path, directive, source)
    assert csp["frame-ancestors"] == ["'none'"], path
    if response["Content-Type"].startswith("image/svg+xml"):
        # A chart is an image document: matplotlib styles its SVG inline, so its own policy allows
        # inline style and nothing else at all: no script, no fetch, no frame.
        assert csp["default-src"] == ["'none'"], path
        assert "script-src" not in csp, path
        assert set(csp) <= {"default-src", "style-src", "frame-ancestors"}, path
        return
    assert csp["default-src"] == ["'self'"], path
    for kind in ("script", "style"):
        for directive in (f"{kind}-src", f"{kind}-src-elem", f"{kind}-src-attr"):
            sources = set(csp.get(directive, csp.get(f"{kind}-src", csp["default-src"])))
            assert not sources & UNSAFE, (path, directive, sources)
    assert csp["object-src"] == ["'none'"], path
    assert csp["base-uri"] == ["'self'"], path
    assert csp["form-action"] == ["'self'"], path


def check_html(response, path: str) -> None:
    if not response["Content-Type"].startswith("text/html") or not response.content:
        return
    audit = PageAudit()
    audit.feed(response.content.decode())
    assert not audit.problems, f"{path}: {audit.problems}"
    if b"htmx" in response.content and b"<html" in response.content:
        # htmx would otherwise inject an inline <style> for its indicators, which the CSP blocks.
        assert audit.htmx_config is not None, f"{path}: no htmx-config meta"
        assert audit.htmx_config.get("includeIndicatorStyles") is False, path
        assert audit.htmx_config.get("allowEval") is False, path


PAGE_ROUTES = [r for r in ROUTES if r.namespace != "admin"]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=str)
def test_every_page_sends_the_security_headers_and_a_strict_csp(
    route, owner, owner_client, client, htmx
):
    journal = {key: make(owner) for key, make in MAKERS.items()}
    path = path_of(route, values_for(route, owner, journal))
    visitors = [client] if route.name in PUBLIC else [client, owner_client]
    for visitor in visitors:
        for headers in ({}, htmx):
            response = visitor.get(path, **headers)
            assert response.status_code < 500
            check_headers(response, path)
            check_html(response, path)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.namespace == "admin"], ids=str)
def test_admin_pages_send_the_security_headers_too(route, owner, admin_client):
    journal = {key: make(owner) for key, make in MAKERS.items()}
    path = path_of(route, values_for(route, owner, journal))
    response = admin_client.get(path)
    assert response.status_code < 500
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


# --- Error pages: a person learns what happened, under the same headers -------------------------


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [url_path("boom/", boom), *project_urls.urlpatterns]  # ROOT_URLCONF for the 500


def test_a_server_error_shows_a_page_that_says_what_to_do(settings, client):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content
    assert b"check before you enter it again" in response.content
    check_headers(response, "/boom/")
    check_html(response, "/boom/")


def test_a_page_that_does_not_exist_is_a_plain_404_page(owner_client):
    response = owner_client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"There is nothing here" in response.content
    check_headers(response, "/no/such/page/")
    check_html(response, "/no/such/page/")


def test_a_form_without_its_csrf_token_is_refused_with_a_page_that_says_why(owner):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.post("/pain/new/", {"date": "2025-01-01", "score": "3"})
    assert response.status_code == 403
    assert b"nothing was saved" in response.content
    assert b"reload the page, and send the form again" in response.content
    check_headers(response, "csrf")
    check_html(response, "csrf")
    assert not m.PainEntry.objects.exists()


def test_an_unreadable_request_body_gets_the_400_page(owner_client):
    owner_client.raise_request_exception = False
    response = owner_client.generic(
        "POST", "/pain/new/", b"garbage", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert b"could not be understood" in response.content
    assert b"Nothing was saved" in response.content
    check_headers(response, "400")
    check_html(response, "400")


# --- Passwords -----------------------------------------------------------------------------------


def test_passwords_are_hashed_with_argon2(settings, client, django_user_model):
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS  # conftest swaps in a fast one
    password = "a long argon passphrase 7"
    response = client.post(
        "/accounts/signup/",
        {"username": "ada", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    stored = django_user_model.objects.get(username="ada").password
    assert stored.startswith("argon2$argon2id$")
    assert identify_hasher(stored).algorithm == "argon2"
    assert password not in stored


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Zq7!", "This password is too short."),
        ("password123", "This password is too common."),
        ("83920571938", "This password is entirely numeric."),
        ("margaretha1", "The password is too similar to the username."),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, django_user_model, password, message):
    validators = [v["NAME"].rsplit(".", 1)[1] for v in configured.AUTH_PASSWORD_VALIDATORS]
    assert validators == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    response = client.post(
        "/accounts/signup/",
        {"username": "margaretha", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not django_user_model.objects.filter(username="margaretha").exists()


# --- Log-in throttling (django-axes) -------------------------------------------------------------


def _log_in(client, password: str, address: str = "127.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": "olive", "password": password}, REMOTE_ADDR=address
    )


def test_five_failed_log_ins_lock_the_account_for_fifteen_minutes(client, owner):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(4):
            response = _log_in(client, "wrong guess")
            assert response.status_code == 200
            assert b"enter a correct username and password" in response.content
        locked = _log_in(client, "wrong guess")  # the fifth
        assert locked.status_code == 429
        assert b"Too many failed log-in attempts" in locked.content
        check_headers(locked, "locked out")
        # Locked means locked: the right password does not get in either, from anywhere.
        assert _log_in(client, OWNER_PASSWORD).status_code == 429
        assert _log_in(Client(), OWNER_PASSWORD, address="198.51.100.7").status_code == 429
        clock.move_to(start + dt.timedelta(minutes=14, seconds=59))
        assert _log_in(client, OWNER_PASSWORD).status_code == 429
    # Each refused attempt during the lock-out restarts its clock; 15 minutes after the last:
    with time_machine.travel(start + dt.timedelta(minutes=30), tick=False):
        response = _log_in(client, OWNER_PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/"


def test_the_limit_and_the_lock_out_time_are_configurable(settings, tmp_path, client, owner):
    configured_env = production_settings(
        tmp_path, AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="60"
    )
    assert configured_env["AXES_FAILURE_LIMIT"] == 3
    assert configured_env["AXES_COOLOFF_TIME"] == 1  # hours
    defaults = production_settings(tmp_path)
    assert (defaults["AXES_FAILURE_LIMIT"], defaults["AXES_COOLOFF_TIME"] * 60) == (5, 15)
    settings.AXES_FAILURE_LIMIT = 3
    assert [_log_in(client, "nope").status_code for _ in range(3)] == [200, 200, 429]


def test_a_success_before_the_limit_clears_the_failures(client, owner):
    for _ in range(4):
        _log_in(client, "wrong guess")
    assert _log_in(client, OWNER_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert [_log_in(client, "wrong").status_code for _ in range(4)] == [200] * 4


def test_an_absurdly_long_username_at_log_in_is_refused_like_any_wrong_one(client):
    """The log-in form does not limit a username's length; the throttle's record must not break
    on it (PostgreSQL enforces its 255-character column)."""
    response = client.post("/accounts/login/", {"username": "u" * 5000, "password": "x"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content
    assert AccessAttempt.objects.get().username == "u" * 150


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, "10.0.0.1"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, "203.0.113.9"),
        # A forged entry on the left is ignored: the proxy's own entry is the last one.
        (
            1,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"},
            "203.0.113.9",
        ),
        (
            2,
            {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9, 10.0.0.2"},
            "203.0.113.9",
        ),
        (1, {"REMOTE_ADDR": "10.0.0.1"}, "10.0.0.1"),
    ],
)
def test_the_throttle_reads_the_persons_address_through_trusted_proxies(
    settings, rf, proxies, meta, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", **meta)
    assert client_ip(request) == expected


# --- Deleting an account -------------------------------------------------------------------------


def _sessions_of(user) -> list[m.Session]:
    """Every stored session logged in as `user`, found by decoding each one (not by its user
    column, which is what is under test)."""
    return [
        s for s in m.Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_deleting_my_account_leaves_no_row_of_mine(owner, stranger):
    for user in (owner, stranger):
        for make in MAKERS.values():
            make(user)
    m.DexaSiteResult.objects.create(
        scan=m.DexaScan.objects.filter(user=owner).first(), site="total_hip", t_score="-2.00"
    )
    # Two devices, logged in through the log-in form (so the throttle keeps its records too).
    phone, laptop = Client(), Client()
    assert _log_in(laptop, "a wrong guess").status_code == 200
    for device in (phone, laptop):
        assert _log_in(device, OWNER_PASSWORD).status_code == 302
    mine = rows_of(owner)
    theirs = rows_of(stranger)
    assert {label for label, _ in mine} >= {
        "auth.User",
        "journal.Profile",
        "journal.PainEntry",
        "journal.DexaScan",
        "journal.DexaSiteResult",
        "journal.ExerciseSession",
        "journal.HeightMeasurement",
        "journal.Fracture",
    }
    assert len(_sessions_of(owner)) == 2
    assert AccessLog.objects.filter(username="olive").exists()

    refused = laptop.post("/accounts/delete/", {"password": "not my password"})
    assert refused.status_code == 200
    assert b"That password is not right; nothing was deleted." in refused.content
    assert rows_of(owner) == mine

    response = laptop.post("/accounts/delete/", {"password": OWNER_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    gone = {key for key in mine if _row_exists(*key)}
    assert not gone, f"rows of the deleted account remain: {sorted(gone)}"
    assert not _sessions_of(owner), "a session of the deleted account remains"
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not model.objects.filter(username="olive").exists(), model.__name__
    assert phone.get("/").status_code == 302  # the other device is logged out too
    assert rows_of(stranger) == theirs  # and nobody else lost anything


def _row_exists(label: str, pk) -> bool:
    return apps.get_model(label)._base_manager.filter(pk=pk).exists()


def test_deleting_an_account_needs_the_password_and_a_post(owner_client, owner):
    MAKERS["pain"](owner)
    page = owner_client.get("/accounts/delete/")
    assert page.status_code == 200
    assert b'type="password"' in page.content
    assert owner_client.post("/accounts/delete/", {}).status_code == 200
    assert owner_client.put("/accounts/delete/").status_code == 405
    assert m.PainEntry.objects.filter(user=owner).count() == 1


# --- Headers on responses the inner middleware never sees ---------------------------------------


def test_static_files_served_by_whitenoise_carry_every_security_header(settings, client):
    """Whitenoise answers a static file before the rest of the middleware runs."""
    settings.WHITENOISE_USE_FINDERS = True  # serve from static/ without collectstatic
    for path in ("/static/css/journal.css", "/static/django_htmx/htmx-2.min.js"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert "whitenoise" in type(response).__module__
        check_headers(response, path)


@pytest.mark.parametrize("https", [False, True], ids=["http", "behind-https"])
def test_the_400_for_a_bad_host_carries_every_security_header(https, settings, tmp_path):
    """Django refuses an unknown Host inside CommonMiddleware (or SecurityMiddleware, when it
    redirects to HTTPS): the middleware below never saw that 400."""
    if https:
        production = production_settings(tmp_path)
        for name in SECURITY_SETTINGS:
            setattr(settings, name, production[name])
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example", headers=HTTPS)
    assert response.status_code == 400
    check_headers(response, "bad host")
    check_html(response, "bad host")
