"""Serving: gunicorn preloads the app and warms it before forking, then freezes what exists; and
`manage.py benchmark` runs from nothing (a fresh clone: no database, no collected static files)."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
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
