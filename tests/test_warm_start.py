"""Serving: gunicorn preloads the app and warms it before forking, then freezes what exists; a
worker's allocator settings and its collection after a write or a drawn chart; and
`manage.py benchmark` runs from nothing (a fresh clone: no database, no collected static files)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import runpy
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_gunicorn_preloads_the_app_and_warms_it_before_forking():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert callable(config["when_ready"])  # runs in the master, before the first fork


@pytest.mark.slow  # warms the app up in a new process
def test_warm_up_imports_every_view_and_matplotlib_then_freezes_them(tmp_path):
    """In a process of its own: a frozen garbage collector would outlive this test."""
    code = (
        "import gc, sys, django; django.setup(); "
        "before = 'matplotlib.backends.backend_svg' in sys.modules; "
        "from journal.serving import warm_up; frozen = warm_up(); "
        "print(before, 'journal.views.charts' in sys.modules, "
        "'matplotlib.backends.backend_svg' in sys.modules, frozen, gc.get_count()[2])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "bonejournal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    before, views, svg, frozen, _ = result.stdout.split()
    assert (before, views, svg) == ("False", "True", "True")
    assert int(frozen) > 50_000  # Django's, the journal's and matplotlib's objects


@pytest.mark.slow
def test_the_benchmark_runs_from_a_fresh_checkout(tmp_path):
    """No database and no collected static files (what crashed with "Missing staticfiles
    manifest entry"): it makes its own, and prints every part of its table."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {"VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "bonejournal.settings"}
    args = ["--years", "1", "--rounds", "2", "--saves", "5", "--load-seconds", "0.3"]
    result = subprocess.run(
        [sys.executable, "manage.py", "benchmark", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for heading in (
        "Queries per request",
        "interleaved with the floor view",
        "bare matplotlib Figure",
        "Export, import, FHIR and the report",  # benchmark_interop, as a section
        "Under gunicorn",
        "A worker's memory",
    ):
        assert heading in result.stdout
    assert "floor: @login_required 'ok'" in result.stdout
    for heavy in ("insights, journal unchanged", "course page, right after a save", '"took it"'):
        assert heavy in result.stdout
    journal_db = tmp_path / "var" / "bonejournal.sqlite3"  # never the journal's own: settings
    assert not journal_db.exists() or journal_db.stat().st_size == 0  # create it empty, 0600


def test_a_large_block_is_mapped_on_its_own_and_given_back_when_freed(tmp_path):
    """journal.serving.malloc_settings. By default, freeing a mapped
    block of 1 MiB raises glibc's threshold to 1 MiB, so a block of 512 KiB then comes from the
    heap; after it, the threshold stays put and that block is a mapping of its own (glibc's
    mallinfo2 counts those in `hblks`), given back to the system when freed."""
    code = (
        "import ctypes\n"
        "from journal.serving import malloc_settings\n"
        "class Info(ctypes.Structure):\n"
        "    _fields_ = [(n, ctypes.c_size_t) for n in 'arena ordblks smblks hblks hblkhd "
        "usmblks fsmblks uordblks fordblks keepcost'.split()]\n"
        "libc = ctypes.CDLL('libc.so.6'); libc.mallinfo2.restype = Info\n"
        "libc.malloc.restype = ctypes.c_void_p; libc.free.argtypes = [ctypes.c_void_p]\n"
        "def mapped_after_a_larger_one(size):\n"
        "    libc.free(libc.malloc(1 << 20))\n"
        "    before = libc.mallinfo2().hblks; block = libc.malloc(size)\n"
        "    after = libc.mallinfo2().hblks; libc.free(block); return after - before\n"
        "import sys\n"
        "if sys.argv[1] == 'set': assert malloc_settings()\n"
        "print(mapped_after_a_larger_one(512 * 1024))\n"
    )

    def mapped(how: str) -> str:  # each in a fresh process: a heap that holds nothing yet
        run = [sys.executable, "-c", code, how]
        return subprocess.run(run, capture_output=True, text=True, check=True).stdout.strip()

    assert mapped("default") == "0"
    assert mapped("set") == "1"


def test_threads_share_two_heaps_once_set():
    """journal.serving.malloc_settings: by default each of a worker's threads gets a glibc heap
    (arena) of its own; set, eight threads share at most ARENA_MAX. glibc's malloc_stats prints
    one "Arena n:" block per heap."""
    code = (
        "import ctypes, sys, threading\n"
        "from journal.serving import ARENA_MAX, malloc_settings\n"
        "if sys.argv[1] == 'set': assert malloc_settings()\n"
        "libc = ctypes.CDLL('libc.so.6'); libc.malloc.restype = ctypes.c_void_p\n"
        "libc.free.argtypes = [ctypes.c_void_p]\n"
        "together = threading.Barrier(9)\n"
        "def work():\n"
        "    block = libc.malloc(1000); together.wait(); together.wait(); libc.free(block)\n"
        "threads = [threading.Thread(target=work) for _ in range(8)]\n"
        "[t.start() for t in threads]; together.wait()\n"
        "libc.malloc_stats(); sys.stdout.flush(); together.wait()\n"
        "[t.join() for t in threads]; print(ARENA_MAX)\n"
    )

    def heaps(how: str) -> tuple[int, int]:
        run = [sys.executable, "-c", code, how]
        result = subprocess.run(run, capture_output=True, text=True, check=True, cwd=ROOT)
        return result.stderr.count("Arena "), int(result.stdout)

    default, _ = heaps("default")
    shared, most = heaps("set")
    assert default > 2
    assert 1 <= shared <= most == 2


def _a_cycle():
    """An object in a reference cycle, and a weak reference that dies when it is collected."""

    class Node:
        pass

    node = Node()
    node.me = node
    return weakref.ref(node)


@pytest.fixture
def no_automatic_collection():
    from journal.serving import after_request

    after_request("POST")  # level with the charts drawn so far
    gc.disable()
    yield
    gc.enable()


def test_a_write_is_collected_once_answered_and_a_plain_read_is_not(no_automatic_collection):
    from journal.serving import after_request

    alive = _a_cycle()
    assert after_request("GET") is False
    assert after_request("HEAD") is False
    assert alive() is not None
    assert after_request("POST") is True
    assert alive() is None


def test_a_read_that_drew_a_chart_is_collected_once_answered(no_automatic_collection):
    from journal import charts
    from journal.serving import after_request
    from journal.snapshot import Journal, Pain

    today = dt.date(2026, 3, 1)
    journal = Journal(pains=(Pain(1, today, 4, ("lower_back",)),))
    alive = _a_cycle()
    charts.render_svg(charts.chart_data("pain", journal, "90d", today))
    assert after_request("GET") is True
    assert alive() is None
    alive = _a_cycle()
    assert after_request("GET") is False  # nothing drawn since
    assert alive() is not None


def test_gunicorn_collects_after_each_answer_through_post_request(no_automatic_collection):
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    alive = _a_cycle()
    config["post_request"](None, None, {"REQUEST_METHOD": "GET"}, None)
    assert alive() is not None
    config["post_request"](None, None, {"REQUEST_METHOD": "POST"}, None)
    assert alive() is None
