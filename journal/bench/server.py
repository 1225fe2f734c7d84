"""The journal under gunicorn on loopback (gunicorn.conf.py, as `make run` serves it): a bounded
load script, and a worker's memory over many saves. Only 127.0.0.1 is ever contacted."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn with the project's config on a free loopback port, until the block ends."""
    port = free_port()
    log = open(Path(env["VAR_DIR"]) / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-c",
        "gunicorn.conf.py",
        "bonejournal.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):
                if request(port, "GET", "/accounts/login/")[0] == 200:
                    break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start: see gunicorn.log in the VAR_DIR")
            time.sleep(0.2)
        yield port, process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def request(
    port: int, method: str, path: str, cookies: str = "", body: dict | None = None, **headers
) -> tuple[int, dict, bytes]:
    """One request on a connection of its own (gunicorn's sync workers close each one)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        send = {"Cookie": cookies, **headers} if cookies else dict(headers)
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            send["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, payload, send)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def log_in(port: int, username: str, password: str) -> tuple[str, str]:
    """Cookies of a logged-in session, and its CSRF token."""
    _, headers, _ = request(port, "GET", "/accounts/login/")
    jar = SimpleCookie(headers.get("Set-Cookie", ""))
    token = jar["csrftoken"].value
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        f"csrftoken={token}",
        {"username": username, "password": password, "csrfmiddlewaretoken": token},
    )
    jar.load(headers.get("Set-Cookie", ""))
    if status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"could not log in as {username}: {status}")
    return f"csrftoken={token}; sessionid={jar['sessionid'].value}", token


@dataclass
class Load:
    target: str
    clients: int
    requests: int
    seconds: float
    p50: float
    p95: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def load(port: int, cookies: str, target: str, path: str, clients: int, seconds: float) -> Load:
    """`clients` threads asking for `path` one after another for `seconds`: at most that long."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status, _, _ = request(port, "GET", path, cookies)
            except OSError:
                status = 0
            took = (time.perf_counter() - start) * 1000
            with lock:
                times.append(took)
                errors[0] += status != 200

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return Load(target, clients, len(times), elapsed, statistics.median(times), q[18], errors[0])


def chart_paths(html: bytes) -> dict[str, str]:
    # Each drawn chart's wide image (a phone's <source> names the same data at ?size=phone).
    found = re.findall(
        r'<figure class="chart" data-chart="(\w+)"[^>]*>.*?<img src="([^"]+)"', html.decode(), re.S
    )
    return {name: src.replace("&amp;", "&") for name, src in found}


def _page_version(html: bytes) -> str:
    found = re.search(rb'name="page_version" value="(\d+)"', html)
    return found.group(1).decode() if found else ""


def _submit_token(html: bytes) -> str:
    """The quick form's one-time submit token, which the browser posts back with the save."""
    found = re.search(rb'id="quick-form".*?name="submit_token" value="([^"]*)"', html, re.S)
    return found.group(1).decode() if found else ""


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_of(process: subprocess.Popen) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
    )
    return [int(pid) for pid in out.stdout.split()]


def saves_memory(
    port: int, process: subprocess.Popen, cookies: str, token: str, saves: int, warm: int
) -> tuple[dict[int, int], dict[int, int]]:
    """Each worker's RSS (KiB) after `warm` saves, and after `saves` more: each save a quick
    save from the dashboard followed by the chart images whose URL it changed."""
    _, _, html = request(port, "GET", "/", cookies)
    shown = chart_paths(html)
    version = _page_version(html)
    submit = _submit_token(html)

    def one(i: int) -> None:
        nonlocal version, submit
        body = {
            "score": str(i % 11),
            "locations": ["neck"],
            "page_version": version,
            "submit_token": submit,
        }
        headers = {"HX-Request": "true", "X-CSRFToken": token, "HX-Current-URL": "/"}
        status, _, answer = request(port, "POST", "/pain/quick/", cookies, body, **headers)
        if status != 200:
            raise RuntimeError(f"a quick save answered {status}")
        version = _page_version(answer)
        submit = _submit_token(answer)
        follow_up = re.search(rb'<div id="panels-sync"[^>]* hx-get="([^"]+)"', answer)
        if follow_up:  # the panels the save changed, asked for by its answer
            path = follow_up.group(1).decode().replace("&amp;", "&")
            sync = {"HX-Request": "true", "HX-Target": "panels-sync", "HX-Current-URL": "/"}
            answer = request(port, "GET", path, cookies, **sync)[2]
        paths = chart_paths(answer)
        if not paths:  # a page whose charts panel reloads itself after the save
            charts_panel = {"HX-Request": "true", "HX-Target": "charts"}
            paths = chart_paths(request(port, "GET", "/", cookies, **charts_panel)[2])
        for name, path in paths.items():
            if shown.get(name) != path:
                shown[name] = path
                request(port, "GET", path, cookies)

    for i in range(warm):
        one(i)
    before = {pid: rss_kib(pid) for pid in workers_of(process)}
    for i in range(saves):
        one(warm + i)
    after = {pid: rss_kib(pid) for pid in workers_of(process)}
    return before, after
