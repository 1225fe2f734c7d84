"""Nothing stored is ever lost: concurrent writers, a worker killed mid-load, an online backup.

These run a real server (gunicorn, 3 workers, on loopback) on whatever DATABASE_URL names: a fresh
SQLite file by default, PostgreSQL in CI's second pass. Load comes from threads, each a separate
person with their own account and cookies, posting pain entries through the public form. Every
entry carries a unique marker in its note, so the database can be checked exactly against what the
server acknowledged (a 302 to the pain list).

The figures of each run (requests, acknowledged, found, duplicates, 5xx, time) are printed; run
pytest with -s to see them.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.servers import ROOT, Server, running_gunicorn

pytestmark = pytest.mark.slow

CLIENTS = 40
ENTRIES_EACH = 25
PASSWORD = "a durable journal passphrase 8"
LOAD_DEADLINE = 150  # seconds for a whole load; a hung server fails the test instead of the CI job
ENTRY_DATE = "2025-03-01"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- A minimal browser: cookies, the CSRF token, no redirects followed -----------------------


class Browser:
    """One person's browser against the server: its own cookies, one connection per request."""

    def __init__(self, base_url: str) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.requests = 0
        self.server_errors: list[str] = []  # every 5xx this browser was answered, GETs too

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(fields or {}, doseq=True) if method == "POST" else None
        headers = {"Host": f"{self.host}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self.requests += 1
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            if response.status >= 500:
                self.server_errors.append(f"{method} {path}: {response.status}")
            for raw in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(raw)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers), text
        finally:
            conn.close()

    def token(self, path: str) -> str:
        status, _, text = self.request("GET", path)
        match = TOKEN_RE.search(text)
        assert status == 200, f"GET {path}: {status}"
        assert match, f"GET {path}: no form token"
        return match.group(1)


# --- The load -----------------------------------------------------------------------------------


@dataclass
class Load:
    run: str  # unique per load: markers and usernames start with it
    clients: int
    entries_each: int
    acknowledged: dict[str, str] = field(default_factory=dict)  # marker -> username
    statuses: Counter = field(default_factory=Counter)  # status of every entry POST
    server_errors: list[str] = field(default_factory=list)  # any 5xx, anywhere
    crashed: list[str] = field(default_factory=list)  # a client thread that failed outright
    broken: int = 0  # requests whose connection died (a killed worker), not acknowledged
    broken_posts: int = 0  # of which entry posts
    requests: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def posts(self) -> int:
        return sum(self.statuses.values()) + self.broken_posts

    def username(self, n: int) -> str:
        return f"{self.run}-{n}"


def _sign_up(browser: Browser, load: Load, n: int) -> str:
    """Sign up (again under a fresh name if a killed worker swallowed the first try)."""
    for attempt in range(5):
        username = load.username(n) if attempt == 0 else f"{load.username(n)}-r{attempt}"
        try:
            token = browser.token("/accounts/signup/")
            fields = {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password1": PASSWORD,
                "password2": PASSWORD,
            }
            status, headers, _ = browser.request("POST", "/accounts/signup/", fields)
        except (OSError, http.client.HTTPException, AssertionError):
            with load.lock:
                load.broken += 1
            continue
        if status == 302 and headers.get("Location") == "/":
            return username
    raise AssertionError(f"client {n} could not sign up")


def _person(server: Server, load: Load, n: int) -> None:
    browser = Browser(server.url)
    try:
        username = _sign_up(browser, load, n)
        token = None
        for i in range(load.entries_each):
            marker = f"{load.run}:{n}:{i}"
            try:
                token = token or browser.token("/pain/new/")
                fields = {
                    "csrfmiddlewaretoken": token,
                    "date": ENTRY_DATE,
                    "score": str(i % 11),
                    "locations": ["lower_back", "hip"] if i % 2 else ["neck"],
                    "note": marker,
                }
                status, headers, _ = browser.request("POST", "/pain/new/", fields)
            except (OSError, http.client.HTTPException, AssertionError):
                with load.lock:
                    load.broken += 1
                    load.broken_posts += 1
                token = None  # the page fetch may have been the casualty; fetch again
                continue
            with load.lock:
                load.statuses[status] += 1
                # Acknowledged means saved: a redirect to the list, not one to the log-in page.
                if status == 302 and headers.get("Location") == "/pain/":
                    load.acknowledged[marker] = username
    finally:
        with load.lock:
            load.requests += browser.requests
            load.server_errors += browser.server_errors


def _guarded(load: Load, target: Callable, *args) -> None:
    """A load thread's work: an exception fails the test instead of vanishing with the thread."""
    try:
        target(*args)
    except BaseException as exc:  # noqa: BLE001 - reported below, whatever it is
        with load.lock:
            load.crashed.append(f"{target.__name__}: {exc!r}")


def run_load(
    server: Server,
    clients: int = CLIENTS,
    entries_each: int = ENTRIES_EACH,
    during: Callable[[Load], None] | None = None,
) -> Load:
    """`clients` people at once, each signing up and posting `entries_each` pain entries.

    `during(load)` runs in its own thread alongside the load (to kill a worker, take a backup).
    """
    load = Load(run=f"load{uuid.uuid4().hex[:10]}", clients=clients, entries_each=entries_each)
    threads = [
        threading.Thread(target=_guarded, args=(load, _person, server, load, n), daemon=True)
        for n in range(clients)
    ]
    if during is not None:
        threads.append(threading.Thread(target=_guarded, args=(load, during, load), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    deadline = started + LOAD_DEADLINE
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    load.seconds = time.monotonic() - started
    assert not any(t.is_alive() for t in threads), f"the load did not finish in {LOAD_DEADLINE} s"
    assert not load.crashed, load.crashed
    return load


def wait_for_acknowledged(load: Load, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(load.acknowledged) < count:
        assert time.monotonic() < deadline, f"only {len(load.acknowledged)} entries saved"
        time.sleep(0.02)


# --- Reading back what the database holds ------------------------------------------------------


def stored_entries(server: Server, run: str, env: dict | None = None) -> list[tuple[str, str]]:
    """(note, owner's username) of every pain entry of the run, read through the ORM."""
    script = (
        "import json; from journal.models import PainEntry as P; "
        f"rows = P.objects.filter(note__startswith={run + ':'!r})"
        ".values_list('note', 'user__username'); print(json.dumps(list(rows)))"
    )
    out = _manage(env or server.env, "shell", "-c", script)
    return [tuple(row) for row in json.loads(out.strip().splitlines()[-1])]


def _run_manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _manage(env: dict, *args: str) -> str:
    done = _run_manage(env, *args)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def sqlite_checks(path: Path) -> tuple[str, list]:
    """PRAGMA integrity_check and foreign_key_check on a SQLite file, read directly."""
    conn = sqlite3.connect(path, timeout=30)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    return integrity, foreign


def verify(server: Server, load: Load, label: str) -> dict:
    """Every acknowledged entry stored once, for its own person; no 5xx. Returns the figures."""
    rows = stored_entries(server, load.run)
    counts = Counter(note for note, _ in rows)
    owners = dict(rows)
    duplicates = {note: c for note, c in counts.items() if c > 1}
    missing = sorted(set(load.acknowledged) - set(counts))
    wrong_owner = [m for m, user in load.acknowledged.items() if owners.get(m, user) != user]
    figures = {
        "backend": "sqlite" if server.sqlite_path else "postgresql",
        "clients": load.clients,
        "requests sent": load.requests,
        "entry posts sent": load.posts,
        "acknowledged": len(load.acknowledged),
        "found": sum(1 for m in load.acknowledged if m in counts),
        "stored, not acknowledged (cut off mid-request)": len(set(counts) - set(load.acknowledged)),
        "duplicates": len(duplicates),
        "5xx": len(load.server_errors),
        "broken connections": load.broken,
        "entry post statuses": dict(load.statuses),
        "seconds": round(load.seconds, 1),
    }
    print(f"\n{label}: {json.dumps(figures)}")
    assert not load.server_errors, f"5xx responses: {load.server_errors[:10]}"
    assert not missing, f"{len(missing)} acknowledged entries are missing: {missing[:10]}"
    assert not duplicates, f"duplicated entries: {list(duplicates.items())[:10]}"
    assert not wrong_owner, f"entries stored for the wrong person: {wrong_owner[:10]}"
    return figures


# --- The server ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # Many sign-ups from one address: the log-in throttle is not what this measures.
    with running_gunicorn(workers=3, AXES_ENABLED="false") as srv:
        yield srv


@pytest.fixture
def sqlite_only(server):
    if server.sqlite_path is None:
        pytest.skip("a SQLite check; this run uses DATABASE_URL")


# --- The tests ----------------------------------------------------------------------------------


def test_the_live_sqlite_connection_uses_wal_a_busy_timeout_and_immediate_transactions(
    server, sqlite_only
):
    script = (
        "import json; from django.db import connection, transaction; "
        "c = connection.cursor(); "
        "q = lambda p: c.execute('PRAGMA ' + p).fetchone()[0]; "
        "print(json.dumps({p: q(p) for p in "
        "('journal_mode', 'busy_timeout', 'synchronous', 'foreign_keys')} "
        "| {'transaction_mode': connection.transaction_mode}))"
    )
    live = json.loads(_manage(server.env, "shell", "-c", script).strip().splitlines()[-1])
    assert live == {
        "journal_mode": "wal",
        "busy_timeout": 20000,  # ms: a writer waits up to 20 s for the lock instead of failing
        "synchronous": 2,  # FULL: each commit is on disk before it is acknowledged
        "foreign_keys": 1,
        "transaction_mode": "IMMEDIATE",
    }
    # IMMEDIATE for real: an open Django transaction holds the write lock from its first
    # statement, so a second writer is told to wait at BEGIN rather than failing at COMMIT.
    script = (
        "import sqlite3; from django.db import connection, transaction\n"
        "from journal.models import PainEntry\n"
        "with transaction.atomic():\n"
        "    PainEntry.objects.exists()\n"
        f"    other = sqlite3.connect({str(server.sqlite_path)!r}, timeout=0)\n"
        "    try:\n"
        "        other.execute('BEGIN IMMEDIATE')\n"
        "        print('not locked')\n"
        "    except sqlite3.OperationalError as exc:\n"
        "        print(exc)\n"
    )
    assert _manage(server.env, "shell", "-c", script).splitlines()[-1] == "database is locked"


def test_concurrent_writers_lose_nothing_duplicate_nothing_and_never_see_a_5xx(server):
    load = run_load(server)
    figures = verify(server, load, "concurrency")
    assert figures["acknowledged"] == CLIENTS * ENTRIES_EACH  # nobody was turned away either
    assert load.statuses == Counter({302: CLIENTS * ENTRIES_EACH})
    if server.sqlite_path:
        assert sqlite_checks(server.sqlite_path) == ("ok", [])


def test_a_worker_killed_mid_load_loses_no_acknowledged_entry(server):
    killed: list[int] = []

    def kill_workers(load: Load) -> None:
        # SIGKILL a worker at a third and again at two thirds of the load: no chance to clean up.
        total = load.clients * load.entries_each
        for share in (3, 1.5):
            wait_for_acknowledged(load, int(total / share))
            pids = server.worker_pids()
            victim = pids[len(killed) % len(pids)]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    load = run_load(server, during=kill_workers)
    figures = verify(server, load, "crash")
    assert len(killed) == 2
    # The master replaced them, and the load carried on after the last kill.
    workers = server.worker_pids()
    assert len(workers) == 3
    assert not set(killed) & set(workers)
    assert figures["acknowledged"] > 2 * CLIENTS * ENTRIES_EACH / 3
    if server.sqlite_path:
        assert sqlite_checks(server.sqlite_path) == ("ok", [])
    else:
        rows = stored_entries(server, load.run)
        assert len(rows) == len({note for note, _ in rows})  # unique, on PostgreSQL too


def test_a_10_mb_body_gets_the_page_that_explains_it_over_a_real_connection(server):
    """Refused before it is read, yet drained, so the browser receives the page, not a reset."""
    browser = Browser(server.url)
    status, _, page = browser.request("POST", "/accounts/login/", {"note": "x" * 10_485_760})
    assert status == 413
    assert "Too much to save" in page
    assert browser.request("GET", "/accounts/login/")[0] == 200  # and the server carries on


def test_backup_db_copies_a_consistent_database_while_the_server_writes(
    server, sqlite_only, tmp_path
):
    target = tmp_path / "copy.sqlite3"
    before: dict[str, str] = {}
    output: list[str] = []

    def back_up(load: Load) -> None:
        wait_for_acknowledged(load, 100)
        with load.lock:
            before.update(load.acknowledged)
        output.append(_manage(server.env, "backup_db", str(target)))

    load = run_load(server, clients=10, entries_each=25, during=back_up)
    verify(server, load, "backup load")
    assert "Backed up" in output[0]
    assert sqlite_checks(target) == ("ok", [])
    # The copy is a moment of the live database: everything acknowledged before it began.
    restored = server.env | {"SQLITE_PATH": str(target)}
    in_copy = {note for note, _ in stored_entries(server, load.run, env=restored)}
    assert set(before) <= in_copy <= set(load.acknowledged) | in_copy
    assert len(before) <= len(in_copy) <= len(load.acknowledged)
    print(f"backup: {len(before)} acknowledged before it began, {len(in_copy)} in the copy")
    # Restoring is copying the file back: the copy is a complete, current journal database.
    _manage(restored, "migrate", "--check")
    # It refuses to overwrite a file by accident.
    done = _run_manage(server.env, "backup_db", str(target))
    assert done.returncode != 0
    assert "already exists" in done.stderr


def test_backup_db_on_postgresql_says_to_use_pg_dump(server, tmp_path):
    if server.sqlite_path is not None:
        pytest.skip("a PostgreSQL check")
    done = _run_manage(server.env, "backup_db", str(tmp_path / "x"))
    assert done.returncode != 0
    assert "pg_dump" in done.stderr
    assert not (tmp_path / "x").exists()
