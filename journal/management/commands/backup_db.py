"""backup_db PATH: a consistent copy of the SQLite database, taken while the server runs.

SQLite's online backup API (`sqlite3.Connection.backup`) copies every page in one step inside a
read transaction, so the copy is one moment of the database even while gunicorn workers write (in
WAL mode readers never block writers). The copy is written beside PATH and renamed into place only
once it is complete and passes `PRAGMA integrity_check`, so PATH is never a half-written file.

The copy is created readable by its owner only (0600), like the database. A backup killed
part-way leaves its hidden partial file behind; the next run removes any whose process is gone.

Restoring is a file copy with the server stopped: see the README, "Backups".
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections


class Command(BaseCommand):
    help = "Copy the SQLite database to PATH while the server runs (SQLite's online backup API)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="the file to write; its folder must exist")
        parser.add_argument(
            "--force", action="store_true", help="overwrite PATH if it already exists"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *, path: str, force: bool, database: str, **options) -> None:
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"backup_db copies a SQLite database; this one is {connection.vendor}. "
                "Back up PostgreSQL with its own tool, e.g. `pg_dump --format=custom`."
            )
        source = Path(connection.settings_dict["NAME"])
        if not source.is_file():
            raise CommandError(f"There is no database at {source} to back up.")
        target = Path(path).expanduser().resolve()
        if target == source.resolve():
            raise CommandError("PATH is the live database itself; choose another file.")
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        if target.exists() and not force:
            raise CommandError(f"{target} already exists; pass --force to overwrite it.")

        for leftover in stale_partials(target):
            leftover.unlink(missing_ok=True)
            self.stdout.write(f"Removed {leftover}, left by a backup that was stopped part-way.")
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        try:
            # Created 0600 before SQLite writes a page into it (SQLite keeps an existing file's
            # mode, and gives its journal file the same).
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            self._copy(connection, partial)
            partial.replace(target)  # atomic on one file system
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
        size_kb = target.stat().st_size / 1024
        self.stdout.write(f"Backed up {source} to {target} ({size_kb:,.0f} KB, integrity ok).")

    def _copy(self, connection, partial: Path) -> None:
        """Every page of the live database into `partial`, checked."""
        connection.ensure_connection()
        destination = sqlite3.connect(partial)
        try:
            # pages=-1: all pages in one step, so concurrent writers cannot make the copy restart
            # or mix two moments of the database.
            connection.connection.backup(destination, pages=-1)
            # A single self-contained file (no -wal beside it); the server turns WAL back on.
            destination.execute("PRAGMA journal_mode=DELETE")
            result = destination.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise CommandError(f"The copy failed its integrity check: {result}")
            destination.commit()
        finally:
            destination.close()
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())


PARTIAL = re.compile(r"\.partial-(\d+)")


def stale_partials(target: Path) -> list[Path]:
    """The hidden partial files (and their SQLite journals) of earlier backups to `target` whose
    process no longer runs."""
    found = []
    for path in target.parent.glob(f".{target.name}.partial-*"):
        match = PARTIAL.search(path.name)
        if match and not _running(int(match.group(1))):
            found.append(path)
    return found


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True
