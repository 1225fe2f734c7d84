"""The journal's files on disk: readable by their owner only, never half-written.

- var/ is 0700 and every file the journal writes in it 0600: the SQLite database and its
  -wal/-shm files, the secret key, backups, collected static files; an older install's 0755/0644
  ones are tightened at start.
- A backup killed part-way leaves a hidden partial file: created 0600, removed by the next run.
- The secret key's first write goes to a temporary file renamed into place: a process starting at
  the same moment never reads it empty.

These run manage.py and the settings in fresh processes with their own VAR_DIR, on SQLite.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest

from .test_security import production_settings

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def journal_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DATABASE_URL", None)  # these are about the SQLite file
    env.pop("SECRET_KEY", None)
    env.update(VAR_DIR=str(var_dir), DEBUG="false", **extra)
    return env


def run(var_dir: Path, *args: str, umask: int = 0o022, **extra: str):
    """A journal command in a fresh process started with an ordinary umask (0022), so only the
    journal's own care makes its files private."""
    return subprocess.run(
        args,
        cwd=ROOT,
        env=journal_env(var_dir, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        preexec_fn=lambda: os.umask(umask),
    )


def manage(var_dir: Path, *args: str, **extra: str):
    return run(var_dir, sys.executable, "manage.py", *args, **extra)


def in_django(var_dir: Path, code: str):
    """`code` in a fresh process with Django set up, not through manage.py (which sets its own
    umask): what the settings alone do."""
    script = "import django, os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'bonejournal.settings'\n"
    script += "django.setup()\n" + textwrap.dedent(code)
    return run(var_dir, sys.executable, "-c", script)


# --- var/ and its files ---------------------------------------------------------------------------


@pytest.mark.slow  # runs migrate in a fresh process
def test_var_and_every_file_the_journal_writes_in_it_are_its_owners_only(tmp_path):
    var = tmp_path / "var"
    manage(var, "migrate", "--noinput")
    manage(var, "collectstatic", "--noinput", "--verbosity", "0")
    manage(var, "backup_db", str(var / "backup.sqlite3"))
    database = var / "bonejournal.sqlite3"
    # A writer holds the database open: its -wal and -shm files exist while it does.
    live = sqlite3.connect(database)
    live.execute("PRAGMA journal_mode=WAL")
    live.execute("CREATE TABLE probe (x)")
    live.commit()
    try:
        assert mode(var) == 0o700
        files = [p for p in var.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        database_files = {database.name + suffix for suffix in ("", "-wal", "-shm")}
        assert database_files <= names
        assert {"secret_key", "backup.sqlite3", "staticfiles.json"} <= names
        readable = {str(p.relative_to(var)): oct(mode(p)) for p in files if mode(p) & 0o077}
        assert not readable, f"readable by others: {readable}"
        folders = [p for p in var.rglob("*") if p.is_dir()]
        assert not [p for p in folders if mode(p) & 0o077]
    finally:
        live.close()


def test_settings_alone_create_the_database_and_the_key_private(tmp_path):
    """Whatever starts the journal (gunicorn, pytest, a script), not only manage.py."""
    var = tmp_path / "var"
    in_django(var, "from django.db import connection\nconnection.ensure_connection()")
    assert mode(var) == 0o700
    assert mode(var / "bonejournal.sqlite3") == 0o600
    assert mode(var / "secret_key") == 0o600


@pytest.mark.slow  # runs migrate in a fresh process
def test_an_older_installs_readable_var_and_database_are_tightened_at_start(tmp_path):
    var = tmp_path / "var"
    manage(var, "migrate", "--noinput")
    var.chmod(0o755)
    old = [var / "bonejournal.sqlite3", var / "bonejournal.sqlite3-wal", var / "secret_key"]
    old[1].write_bytes(b"")
    for path in old:
        path.chmod(0o644)
    in_django(var, "pass")
    assert mode(var) == 0o700
    assert {path.name: mode(path) for path in old} == {path.name: 0o600 for path in old}


# --- A backup killed part-way ---------------------------------------------------------------------

KILLED_AFTER_COPY = """
import signal
from django.core.management import call_command
from journal.management.commands import backup_db

copy = backup_db.Command._copy

def copy_then_die(self, connection, partial):
    copy(self, connection, partial)
    os.kill(os.getpid(), signal.SIGKILL)  # between the copy and its rename into place

backup_db.Command._copy = copy_then_die
call_command("backup_db", os.environ["TARGET"])
"""


@pytest.mark.slow  # runs migrate in a fresh process
def test_a_backup_killed_part_way_leaves_a_private_partial_that_the_next_run_removes(tmp_path):
    var = tmp_path / "var"
    manage(var, "migrate", "--noinput")
    target = tmp_path / "nightly.sqlite3"
    script = "import django, os\nos.environ['DJANGO_SETTINGS_MODULE'] = 'bonejournal.settings'\n"
    script += "django.setup()\n" + KILLED_AFTER_COPY
    killed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=journal_env(var, TARGET=str(target)),
        capture_output=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.umask(0o022),
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = list(tmp_path.glob(".nightly.sqlite3.partial-*"))
    assert leftovers, "the killed backup left no partial file"
    assert not target.exists()
    assert {p.name: mode(p) for p in leftovers} == {p.name: 0o600 for p in leftovers}

    done = manage(var, "backup_db", str(target))
    assert "stopped part-way" in done.stdout
    assert not list(tmp_path.glob(".nightly.sqlite3.partial-*"))
    assert mode(target) == 0o600
    check = sqlite3.connect(target)
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


@pytest.mark.slow  # runs migrate in a fresh process
def test_a_partial_file_of_a_backup_still_running_is_left_alone(tmp_path):
    var = tmp_path / "var"
    manage(var, "migrate", "--noinput")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".copy.sqlite3.partial-{sleeper.pid}"
        running.write_bytes(b"in progress")
        manage(var, "backup_db", str(tmp_path / "copy.sqlite3"))
        assert running.read_bytes() == b"in progress"
    finally:
        sleeper.kill()
        sleeper.wait()


# --- The secret key's first write -----------------------------------------------------------------


def test_the_secret_key_is_written_beside_its_place_and_renamed_in_whole(tmp_path):
    renames = []
    real_replace = os.replace

    def watched_replace(source, destination):
        renames.append((Path(source).read_text(), Path(destination).exists()))
        return real_replace(source, destination)

    with mock.patch("os.replace", watched_replace):
        key = production_settings(tmp_path, SECRET_KEY="")["SECRET_KEY"]
    assert len(key) >= 50
    assert renames == [(key, False)]  # the whole key, moved to where nothing was yet
    assert (tmp_path / "secret_key").read_text() == key
    assert mode(tmp_path / "secret_key") == 0o600
    assert [p.name for p in tmp_path.glob(".secret_key.*") if p.name != ".secret_key.lock"] == []


def test_an_empty_key_file_left_by_an_interrupted_first_write_is_replaced(tmp_path):
    (tmp_path / "secret_key").write_text("")
    key = production_settings(tmp_path, SECRET_KEY="")["SECRET_KEY"]
    assert len(key) >= 50
    assert (tmp_path / "secret_key").read_text() == key
    # ...and kept from then on.
    assert production_settings(tmp_path, SECRET_KEY="")["SECRET_KEY"] == key


def test_processes_starting_together_all_read_one_whole_key(tmp_path):
    var = tmp_path / "var"
    code = "import bonejournal.settings as s; print(s.SECRET_KEY)"
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=journal_env(var),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(12)
    ]
    keys = []
    for process in starters:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        keys.append(out.strip())
    assert len(set(keys)) == 1
    assert len(keys[0]) >= 50
    assert (var / "secret_key").read_text() == keys[0]


def test_the_secret_key_setting_from_the_environment_writes_no_file(tmp_path):
    var = tmp_path / "var"
    run(var, sys.executable, "-c", "import bonejournal.settings", SECRET_KEY="x" * 60)
    assert not (var / "secret_key").exists()
