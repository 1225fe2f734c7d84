"""A real journal server for the tests that need one: gunicorn on loopback, its own var/ folder.

SQLite by default (a fresh file per server); when DATABASE_URL is set, the server uses that
database, as a deployment would (CI points it at a throwaway PostgreSQL database).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    env: dict[str, str]
    var_dir: Path

    @property
    def sqlite_path(self) -> Path | None:
        return None if self.env.get("DATABASE_URL") else self.var_dir / "bonejournal.sqlite3"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        VAR_DIR=str(var_dir),
        SECRET_KEY="test-server-secret-key-not-for-production-0123456789",
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_MANIFEST="true",
        PYTHONUNBUFFERED="1",
        # The load and browser tests sign up dozens of people from 127.0.0.1.
        SIGNUP_LIMIT_PER_HOUR="0",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def running_gunicorn(workers: int = 2, timeout: float = 60, **extra_env: str) -> Iterator[Server]:
    """Migrate, collect static files and serve the journal with gunicorn until the block ends."""
    with tempfile.TemporaryDirectory(prefix="bonejournal-server-") as tmp:
        var_dir = Path(tmp)
        env = server_env(var_dir, **extra_env)
        port = free_port()
        server = Server(f"http://127.0.0.1:{port}", None, env, var_dir)  # type: ignore[arg-type]
        server.manage("migrate", "--noinput")
        server.manage("collectstatic", "--noinput")
        log = open(var_dir / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
        server.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "-c",
                "gunicorn.conf.py",
                "bonejournal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_until_up(server, timeout)
            yield server
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.process.pid, signal.SIGTERM)
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.process.pid, signal.SIGKILL)
                server.process.wait(timeout=5)
            log.close()


def _wait_until_up(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                "gunicorn exited: " + (server.var_dir / "gunicorn.log").read_text()[-2000:]
            )
        try:
            with urllib.request.urlopen(server.url + "/accounts/login/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s")
