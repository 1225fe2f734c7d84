"""The journal as served: real gunicorn processes on loopback, on SQLite or (with DATABASE_URL)
PostgreSQL, for what only real processes and sockets show.

- A few slow clients (a body that trickles in, headers that never end) cannot starve everyone.
- A chunked POST is refused with a page; static files and a bad Host's 400 carry the headers.
- Twelve simultaneous sign-ups of one name in different cases make one account and no 5xx.
- An edit racing a delete never brings the entry back; a double submit racing itself stores one.
- A migrate killed between a migration's commit and its record does not stop `make run`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.servers import ROOT, Server, free_port, running_gunicorn, server_env

from .test_durability import Browser, _manage, _run_manage
from .test_security import check_headers

pytestmark = pytest.mark.slow

BODY_TIMEOUT = 2  # seconds, REQUEST_BODY_TIMEOUT for these servers
WORKERS = 2
PASSWORD = "a served journal passphrase 5"
HIDDEN = re.compile(r'name="(entry_version|submit_token)" value="([^"]*)"')


@pytest.fixture(scope="module")
def server():
    with running_gunicorn(
        workers=WORKERS, AXES_ENABLED="false", REQUEST_BODY_TIMEOUT=str(BODY_TIMEOUT)
    ) as srv:
        yield srv


def connect(server: Server) -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=30)


def read_response(sock: socket.socket) -> bytes:
    data = b""
    with contextlib.suppress(OSError):
        while chunk := sock.recv(65536):
            data += chunk
    return data


def timed_get(server: Server, path: str = "/accounts/login/") -> float:
    started = time.monotonic()
    with urllib.request.urlopen(server.url + path, timeout=15) as response:
        assert response.status == 200
        response.read()
    return time.monotonic() - started


# --- Slow clients ---------------------------------------------------------------------------------

SLOW_BODIES = 3 * WORKERS  # three times as many as there are worker processes
SLOW_HEADERS = 2 * WORKERS


def test_a_few_slow_clients_cannot_starve_everyone(server):
    """Three connections sending part of a body to /accounts/login/ held all three sync
    workers: a normal page then took 32 s. Now each costs one thread for at most
    REQUEST_BODY_TIMEOUT seconds, and then gets a 408 page."""
    timed_get(server)  # warm
    slow = []
    for _ in range(SLOW_BODIES):
        sock = connect(server)
        sock.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n"
            b"username=olive&password=sec"
        )
        slow.append(sock)
    stalled = []
    for _ in range(SLOW_HEADERS):
        sock = connect(server)
        sock.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Still-Typing: ")
        stalled.append(sock)
    try:
        time.sleep(0.5)  # every slow client is now inside the server
        waits = [timed_get(server) for _ in range(5)]
        browser = Browser(server.url)
        started = time.monotonic()
        status, _, _ = browser.request("POST", "/accounts/login/", {"username": "x"})
        waits.append(time.monotonic() - started)
        print(f"\nslow clients: {SLOW_BODIES} bodies, {SLOW_HEADERS} headers; waits {waits}")
        assert status in (200, 403)  # answered (no CSRF token: 403), not left waiting
        assert max(waits) < 2, waits
        # Each slow body is cut off after REQUEST_BODY_TIMEOUT with a page that says so.
        for sock in slow:
            sock.settimeout(BODY_TIMEOUT + 10)
            response = read_response(sock)
            assert response.startswith(b"HTTP/1.1 408"), response[:200]
            assert b"That took too long to arrive" in response
    finally:
        for sock in slow + stalled:
            sock.close()
    assert timed_get(server) < 2


def test_a_complete_body_sent_slowly_but_in_time_is_read(server):
    browser = Browser(server.url)
    token = browser.token("/accounts/login/")
    body = f"csrfmiddlewaretoken={token}&username=nobody&password=wrong".encode()
    sock = connect(server)
    cookies = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    sock.sendall(
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        + f"Cookie: {cookies}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
    )
    for i in range(0, len(body), 10):  # in pieces, well within the deadline
        sock.sendall(body[i : i + 10])
        time.sleep(0.05)
    response = read_response(sock)
    sock.close()
    assert response.startswith(b"HTTP/1.1 200"), response[:200]
    assert b"enter a correct username and password" in response


# --- What the real server answers -----------------------------------------------------------------


def test_a_chunked_post_is_refused_with_a_page_over_a_real_connection(server):
    sock = connect(server)
    body = b"username=olive&password=x"
    sock.sendall(
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
        + b"%x\r\n%s\r\n0\r\n\r\n"
        % (len(body), body)
    )
    response = read_response(sock)
    sock.close()
    assert response.startswith(b"HTTP/1.1 411"), response[:200]
    assert b"came in pieces (chunked) without saying its length" in response


class Answer:
    """An http.client-free view of a raw response, enough for check_headers."""

    def __init__(self, raw: bytes):
        head, _, self.content = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status_code = int(lines[0].split()[1])
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]


def raw_get(server: Server, path: str, host: str = "127.0.0.1") -> Answer:
    sock = connect(server)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    raw = read_response(sock)
    sock.close()
    return Answer(raw)


def test_collected_static_files_and_a_bad_hosts_400_carry_every_header(server):
    manifest = json.loads((server.var_dir / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/journal.css"]
    static = raw_get(server, css)
    assert static.status_code == 200
    check_headers(static, css)
    bad_host = raw_get(server, "/accounts/login/", host="evil.example")
    assert bad_host.status_code == 400
    check_headers(bad_host, "bad host")


def test_pages_and_the_stylesheet_travel_compressed_and_the_stylesheet_is_cached_for_good(server):
    """README, Security: "Compression without BREACH". gunicorn serves the log-in page gzip'd
    (GZipMiddleware) and the hashed stylesheet pre-compressed by whitenoise, cached as immutable,
    each with every security header."""
    manifest = json.loads((server.var_dir / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/journal.css"]
    for path, encodings in (("/accounts/login/", {"gzip"}), (css, {"gzip", "br"})):
        asked = urllib.request.Request(server.url + path, headers={"Accept-Encoding": "gzip, br"})
        with urllib.request.urlopen(asked, timeout=10) as answer:
            assert answer.status == 200
            assert answer.headers["Content-Encoding"] in encodings, path
            check_headers(answer.headers, path)
            if path == css:
                cache = answer.headers["Cache-Control"]
                assert "immutable" in cache
                assert int(re.search(r"max-age=([0-9]+)", cache).group(1)) >= 365 * 24 * 3600


# --- Sign-up races --------------------------------------------------------------------------------


def test_twelve_simultaneous_sign_ups_of_one_name_make_one_account_and_no_error(server):
    base = f"race{uuid.uuid4().hex[:6]}"
    variants = [base, base.upper(), base.capitalize(), base[:4] + base[4:].upper()] * 3
    browsers = [Browser(server.url) for _ in variants]
    tokens = [browser.token("/accounts/signup/") for browser in browsers]
    start = threading.Barrier(len(variants))
    answers: list[tuple[int, str]] = [None] * len(variants)  # type: ignore[list-item]

    def sign_up(i: int) -> None:
        fields = {
            "csrfmiddlewaretoken": tokens[i],
            "username": variants[i],
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        start.wait()
        status, _, page = browsers[i].request("POST", "/accounts/signup/", fields)
        answers[i] = (status, page)

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(len(variants))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _ in answers)
    print(f"\nsign-up race: {statuses}")
    assert statuses == [200] * (len(variants) - 1) + [302]
    refused = [page for status, page in answers if status == 200]
    assert all("A user with that username already exists." in page for page in refused)
    script = (
        "from django.contrib.auth.models import User; "
        f"print(User.objects.filter(username__iexact={base!r}).count())"
    )
    assert _manage(server.env, "shell", "-c", script).strip().splitlines()[-1] == "1"


# --- Edit, delete and double submit races ---------------------------------------------------------


def signed_up(server: Server) -> Browser:
    browser = Browser(server.url)
    token = browser.token("/accounts/signup/")
    name = f"racer{uuid.uuid4().hex[:8]}"
    fields = {"csrfmiddlewaretoken": token, "username": name}
    fields |= {"password1": PASSWORD, "password2": PASSWORD}
    assert browser.request("POST", "/accounts/signup/", fields)[0] == 302
    return browser


def form_fields(browser: Browser, path: str) -> dict[str, str]:
    status, _, page = browser.request("GET", path)
    assert status == 200, path
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return {"csrfmiddlewaretoken": token} | dict(HIDDEN.findall(page))


def at_once(*calls) -> list:
    """Run the calls in threads released together; their results in order."""
    start = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        results[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


TRIALS = 40
PAIN = {"date": "2025-03-01", "score": "5", "locations": ["neck"]}


def test_an_edit_racing_a_delete_never_brings_the_entry_back(server):
    """It did in 119 of 150 trials: save() fell back to INSERT when its UPDATE found no row."""
    editor = signed_up(server)
    deleter = Browser(server.url)
    deleter.cookies = dict(editor.cookies)  # the same person, in another tab
    outcomes = []
    for trial in range(TRIALS):
        new = form_fields(editor, "/pain/new/")
        status, headers, _ = editor.request("POST", "/pain/new/", new | PAIN | {"note": "start"})
        assert status == 302
        status, _, page = editor.request("GET", "/pain/")
        pk = re.findall(r"/pain/(\d+)/edit/", page)[0]
        edit = form_fields(editor, f"/pain/{pk}/edit/")
        delete = form_fields(deleter, f"/pain/{pk}/delete/")
        edited, deleted = at_once(
            lambda p=pk, f=edit: editor.request("POST", f"/pain/{p}/edit/", f | PAIN),
            lambda p=pk, f=delete: deleter.request("POST", f"/pain/{p}/delete/", f),
        )
        outcomes.append((edited[0], deleted[0]))
        assert deleted[0] == 302, trial
        assert edited[0] in (302, 404), trial  # saved before the delete, or told it was gone
        if edited[0] == 404:
            assert "was deleted (in another tab or on another device)" in edited[2]
        assert editor.request("GET", f"/pain/{pk}/edit/")[0] == 404, f"trial {trial}: came back"
    print(f"\nedit vs delete: {sorted(outcomes)}")
    assert not editor.server_errors + deleter.server_errors


def test_double_submits_at_the_same_moment_store_one_entry(server):
    person = signed_up(server)
    run = uuid.uuid4().hex[:8]
    for trial in range(TRIALS // 2):
        fields = form_fields(person, "/pain/new/") | PAIN | {"note": f"{run}:{trial}"}
        first, second = at_once(
            lambda f=fields: person.request("POST", "/pain/new/", f),
            lambda f=fields: person.request("POST", "/pain/new/", f),
        )
        assert (first[0], second[0]) == (302, 302)
        quick = form_fields(person, "/") | {"score": "6", "locations": ["hip"]}
        quick["note"] = f"{run}:quick{trial}"
        at_once(
            lambda q=quick: person.request("POST", "/pain/quick/", q),
            lambda q=quick: person.request("POST", "/pain/quick/", q),
        )
    script = (
        "import json; from collections import Counter; from journal.models import PainEntry; "
        f"notes = PainEntry.objects.filter(note__startswith={run + ':'!r})"
        ".values_list('note', flat=True); print(json.dumps(Counter(notes)))"
    )
    counts = json.loads(_manage(server.env, "shell", "-c", script).strip().splitlines()[-1])
    assert len(counts) == TRIALS  # every trial's entry and quick entry stored...
    assert set(counts.values()) == {1}  # ...once
    assert not person.server_errors


# --- A killed migrate -----------------------------------------------------------------------------

KILL_AT_RECORD = """
import os, signal, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "bonejournal.settings"
django.setup()
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

app, name = sys.argv[1], sys.argv[2]
record = MigrationRecorder.record_applied

def record_then_die(self, app_label, migration_name):
    if (app_label, migration_name) == (app, name):
        os.kill(os.getpid(), signal.SIGKILL)  # after the migration's SQL, at its record
    return record(self, app_label, migration_name)

MigrationRecorder.record_applied = record_then_die
if sys.argv[3] == "django":  # Django's own command, as every version before this one ran it
    from django.core.management.commands.migrate import Command
    call_command(Command(), interactive=False, verbosity=0)
else:
    call_command("migrate", interactive=False, verbosity=0)
"""


def sqlite_env(var_dir: Path) -> dict[str, str]:
    env = server_env(var_dir)
    env.pop("DATABASE_URL", None)
    return env


def killed_migrate(env: dict, app: str, name: str, command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT_RECORD, app, name, command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]


def tables_and_records(var_dir: Path) -> tuple[set[str], set[tuple[str, str]]]:
    db = sqlite3.connect(var_dir / "bonejournal.sqlite3")
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        records = set(db.execute("SELECT app, name FROM django_migrations"))
    finally:
        db.close()
    return tables, records


def test_a_migrate_killed_at_a_migrations_record_leaves_it_applied_and_recorded_or_neither(
    tmp_path,
):
    env = sqlite_env(tmp_path)
    killed_migrate(env, "sessions", "0001_initial", "journal")
    tables, records = tables_and_records(tmp_path)
    assert ("sessions", "0001_initial") not in records
    assert "django_session" not in tables  # rolled back with the record it never made
    _manage(env, "migrate", "--noinput")  # a plain migrate carries on
    _manage(env, "migrate", "--check")


def make_run(env: dict) -> subprocess.Popen:
    port = free_port()
    # -o: the test's .venv is built already; make must not reinstall it.
    process = subprocess.Popen(
        ["make", "-o", ".venv/.installed", "run", f"PORT={port}", "WORKERS=1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    process.url = f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
    return process


def serves(process: subprocess.Popen, timeout: float = 90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(process.url + "/accounts/login/", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            time.sleep(0.3)
    return False


def stop(process: subprocess.Popen) -> str:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        out, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, _ = process.communicate(timeout=5)
    return out


def test_make_run_starts_after_an_older_migrate_was_killed_between_commit_and_record(tmp_path):
    """The state Django's own migrate left: django_session created, its migration unrecorded;
    the next `make run` failed on "table already exists"."""
    env = sqlite_env(tmp_path)
    killed_migrate(env, "sessions", "0001_initial", "django")
    tables, records = tables_and_records(tmp_path)
    assert "django_session" in tables
    assert ("sessions", "0001_initial") not in records
    stuck = _run_manage(env, "migrate", "--noinput")  # what `make run` ran until now
    assert stuck.returncode != 0
    assert "already exists" in stuck.stderr

    process = make_run(env)
    try:
        up = serves(process)
    finally:
        output = stop(process)
    assert up, output[-3000:]
    _manage(env, "migrate", "--check")


def test_a_later_migration_left_half_recorded_gets_one_clear_instruction(tmp_path):
    env = sqlite_env(tmp_path)
    name = "0005_trust_sessions_tokens_signups"
    killed_migrate(env, "journal", name, "django")
    refused = _run_manage(env, "migrate", "--noinput", "--fake-initial")
    assert refused.returncode != 0
    instruction = f".venv/bin/python manage.py migrate journal {name} --fake"
    assert instruction in refused.stderr
    assert "Traceback" not in refused.stderr
    _manage(env, "migrate", "journal", name, "--fake")  # following it...
    _manage(env, "migrate", "--noinput")  # ...the rest applies
    _manage(env, "migrate", "--check")
