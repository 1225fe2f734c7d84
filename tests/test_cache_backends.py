"""The cache the workers share: files under VAR_DIR by default (private to the journal's user),
Redis when REDIS_URL is set, tested against a real redis-server (Debian's `redis-server`)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from journal import charts
from journal.derived import forget_snapshots

from .builders import make_pain
from .test_security import production_settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_default_cache_is_files_under_var_dir(tmp_path):
    caches = production_settings(tmp_path, REDIS_URL="")["CACHES"]["default"]
    assert caches["BACKEND"] == "journal.cache.FileCache"
    assert Path(caches["LOCATION"]) == tmp_path / "cache"


def test_redis_url_selects_djangos_redis_cache(tmp_path):
    caches = production_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6390/2")["CACHES"]
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6390/2",
    }


def test_cache_files_are_private_to_the_journals_user(tmp_path):
    """The folder 0700 and every file 0600, whatever the umask: they hold pieces of journals."""
    code = (
        "import django, os; django.setup(); from django.core.cache import cache; "
        "cache.set('bj:1:derived', ('stamp', {'flags': []}), 60)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env |= {"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "bonejournal.settings"}
    subprocess.run(
        ["sh", "-c", f'umask 000 && exec {sys.executable} -c "{code}"'],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    folder = tmp_path / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert files
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)


# --- Redis ---------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """REDIS_URL when CI set it (.ci/run starts one), else a redis-server of our own on loopback."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail(
            "These tests need Redis's server from Debian's packages: apt-get install redis-server",
            pytrace=False,
        )
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def on_redis(redis_url):
    redis_cache = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    with override_settings(CACHES=redis_cache):
        cache.clear()
        forget_snapshots()
        yield cache
        cache.clear()


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = charts.render_svg

    def counting(data, size="wide"):
        calls.append(data.name)
        return real(data, size)

    monkeypatch.setattr(charts, "render_svg", counting)
    return calls


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_on_redis_a_chart_is_drawn_once_and_kept_per_person(
    on_redis, owner_client, stranger_client, owner, stranger, renders
):
    assert isinstance(caches["default"], RedisCache)
    make_pain(owner, score=6)
    make_pain(stranger, score=6)
    html = owner_client.get("/").content.decode()
    figure = html.split('<figure class="chart" data-chart="pain"')[1]
    src = figure.split('<img src="')[1].split('"')[0]
    url = src.replace("&amp;", "&")
    first = owner_client.get(url)
    again = owner_client.get(url)
    assert first.content == again.content
    assert again["Cache-Control"] == "private, max-age=31536000, immutable"
    stranger_client.get(url.replace(url.split("v=")[1], ""))  # their own, identical data
    assert renders == ["pain", "pain"]
    client = cache._cache.get_client()
    keys = sorted(k.decode() for k in client.keys("*"))
    assert any(f":bj:{owner.pk}." in k and ":svg:pain:90d" in k for k in keys), keys
    assert any(f":bj:{stranger.pk}." in k and ":svg:pain:90d" in k for k in keys), keys
    assert any(f":bj:{owner.pk}." in k and k.endswith(":derived") for k in keys), keys


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_deleting_an_account_leaves_nothing_of_it_in_the_cache(
    owner_client, owner, stranger_client
):
    def entries() -> set[str]:  # the file cache's files, or the Redis server's keys
        if hasattr(cache, "_list_cache_files"):
            return set(cache._list_cache_files())
        return {k.decode() for k in cache._cache.get_client().keys("*")}

    stranger_client.get("/")
    others = entries()
    make_pain(owner, score=4)
    html = owner_client.get("/").content.decode()
    # The wide drawings and the phone's (their own cache entries).
    found = re.findall(r'(?:<img src|srcset)="(/charts/[^"]+)"', html)
    assert any("size=phone" in src for src in found)
    for src in found:
        owner_client.get(src.replace("&amp;", "&"))
    owner_client.get("/?range=all")
    assert entries() - others
    response = owner_client.post("/accounts/delete/", {"password": "correct horse 91"})
    assert response.status_code == 302
    assert entries() == others  # the other person's entries stay
