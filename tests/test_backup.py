"""backup_db's refusals: each says what is wrong and writes nothing. (The copy itself, under load,
is in test_durability.py.)"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="backup_db copies SQLite; PostgreSQL has pg_dump"
)


@pytest.fixture
def live_database(tmp_path, monkeypatch):
    """The default connection's database named as a file in tmp_path (for the path checks)."""
    live = tmp_path / "live.sqlite3"
    live.write_bytes(b"")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(live))
    return live


def test_refuses_when_there_is_no_database_file(tmp_path, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", str(tmp_path / "missing.sqlite3"))
    with pytest.raises(CommandError, match="There is no database"):
        call_command("backup_db", str(tmp_path / "copy.sqlite3"))
    assert not (tmp_path / "copy.sqlite3").exists()


def test_refuses_to_overwrite_the_live_database(live_database):
    with pytest.raises(CommandError, match="the live database itself"):
        call_command("backup_db", str(live_database), "--force")
    assert live_database.read_bytes() == b""


def test_refuses_a_folder_that_does_not_exist(live_database, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup_db", str(tmp_path / "nowhere" / "copy.sqlite3"))
    assert not (tmp_path / "nowhere").exists()


def test_refuses_to_overwrite_a_file_without_force(live_database, tmp_path):
    existing = tmp_path / "copy.sqlite3"
    existing.write_bytes(b"an older backup")
    with pytest.raises(CommandError, match="--force"):
        call_command("backup_db", str(existing))
    assert existing.read_bytes() == b"an older backup"
