"""Measure what a person waits for on a ten-year journal, against the floor of a bare view.

    python manage.py benchmark [--years 10] [--rounds 40] [--saves 1000] [--check]
                               [--no-server] [--no-interop]

Runs on a throwaway SQLite database and cache in a temporary folder (migrated, static files
collected), so it works from a fresh clone and never touches the journal's own data. Prints each
step's median and its ratio to the floor view measured interleaved in the same run, query counts
at one and ten years, a cold chart against a bare matplotlib Figure, the exports, import, FHIR
and report timings (`benchmark_interop`, run here as a section), then, under gunicorn on
loopback, requests a second at 1, 4 and 16 clients and a worker's memory over many saves.
`--check` exits 1 when a goal is missed (README, "Measuring").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

ROOT = Path(__file__).resolve().parents[3]
MEMORY_GOAL_KIB = 5 * 1024
LOAD_CLIENTS = (1, 4, 16)


def _fsync_ms(folder: Path) -> float:
    times = []
    with open(folder / "fsync-probe", "wb") as probe:
        for _ in range(20):
            probe.write(b"x" * 4096)
            probe.flush()
            start = time.perf_counter()
            os.fsync(probe.fileno())
            times.append((time.perf_counter() - start) * 1000)
    (folder / "fsync-probe").unlink()
    return statistics.median(times)


class Command(BaseCommand):
    help = "Time the journal's requests on a ten-year journal against a bare view (throwaway DB)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--rounds", type=int, default=40, help="interleaved rounds per step")
        parser.add_argument("--saves", type=int, default=1000, help="saves for the memory check")
        parser.add_argument("--load-seconds", type=float, default=3.0)
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--no-server", action="store_true", help="skip gunicorn's part")
        parser.add_argument(
            "--no-interop", action="store_true", help="skip the export/import/report section"
        )
        parser.add_argument(
            "--tmpdir", default=None, help="where the throwaway database goes (default: $TMPDIR)"
        )
        parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
        parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["inner"]:
            return self._inner(**options)
        with tempfile.TemporaryDirectory(
            prefix="bonejournal-benchmark-", dir=options["tmpdir"]
        ) as tmp:
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
            env |= {
                "VAR_DIR": tmp,
                "DJANGO_SETTINGS_MODULE": "journal.bench.settings",
                "SECRET_KEY": "benchmark-secret-key-not-for-production-0123456789abcdef",
                "DEBUG": "false",
                "STATIC_MANIFEST": "true",
                "PYTHONUNBUFFERED": "1",
            }
            manage = [sys.executable, str(ROOT / "manage.py")]
            for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
                subprocess.run([*manage, *step, "-v", "0"], cwd=ROOT, env=env, check=True)
            inner = [*manage, "benchmark", "--inner"] + [
                f"--{name.replace('_', '-')}={options[name]}"
                for name in ("years", "rounds", "saves", "load_seconds", "workers")
            ]
            inner += ["--no-server"] * options["no_server"] + ["--check"] * options["check"]
            inner += ["--no-interop"] * options["no_interop"]
            code = subprocess.run(inner, cwd=ROOT, env=env, check=False).returncode
        if code:
            raise CommandError("goals missed" if code == 1 else f"the benchmark failed ({code})")

    # --- in the throwaway environment ---------------------------------------------------------

    def _inner(
        self, years, rounds, saves, load_seconds, workers, no_server, no_interop, check, **_
    ):
        from django.utils import timezone

        from journal.bench import inproc
        from journal.snapshot import load_journal

        missed: list[str] = []
        out = self.stdout.write
        ten = inproc.person_with(years, "bench-ten")
        one = inproc.person_with(1, "bench-one")
        journal = load_journal(ten.user)
        out(
            f"Database and cache in {os.environ['VAR_DIR']}: SQLite, WAL, synchronous=FULL; "
            f"a commit's fsync there takes {_fsync_ms(Path(os.environ['VAR_DIR'])):.1f} ms "
            "(median of 20), and every save waits for one."
        )
        out(
            f"Ten-year journal: {len(journal.pains):,} pain, {len(journal.exercises):,} exercise, "
            f"{len(journal.scans)} scans, {len(journal.heights)} heights, from "
            f"{journal.first_date}.\n"
        )

        out("Queries per request (constant in journal size):")
        counts = {label: inproc.query_counts(p) for label, p in (("1 y", one), ("10 y", ten))}
        out(f"  {'request':<34} {'1 year':>7} {'10 years':>9}")
        for name, small in counts["1 y"].items():
            big = counts["10 y"][name]
            out(f"  {name:<34} {small:>7} {big:>9}{'' if small == big else '  MISSED'}")
            if small != big:
                missed.append(f"queries of {name}: {small} at one year, {big} at ten")

        out(f"\nRequests, median of {rounds} rounds each, interleaved with the floor view:")
        steps = inproc.measure(ten, rounds)
        floor = statistics.median(steps[0].times)
        out(f"  {'request':<44} {'median':>9} {'x floor':>8} {'goal':>6}")
        for step in steps:
            median = statistics.median(step.times)
            ratio = median / floor
            verdict = ""
            if step.goal is not None:
                verdict = "ok" if ratio <= step.goal else "MISSED"
                if ratio > step.goal:
                    missed.append(f"{step.name}: {ratio:.1f}x the floor (goal {step.goal}x)")
            goal = f"<={step.goal:g}x" if step.goal else ""
            out(f"  {step.name:<44} {median:7.2f} ms {ratio:7.2f}x {goal:>6} {verdict}")

        out("\nA cold chart against a bare matplotlib Figure of the same points (ten years):")
        today = timezone.localdate()
        out(f"  {'chart':<14} {'drawn':>9} {'bare':>9} {'ratio':>6}")
        for name, drawn, bare in inproc.cold_charts(journal, today, max(5, rounds // 4)):
            ratio = drawn / bare
            verdict = "ok" if ratio <= 1.2 else "MISSED"
            if ratio > 1.2:
                missed.append(f"cold chart {name}: {ratio:.2f}x a bare Figure (goal 1.2x)")
            out(f"  {name:<14} {drawn:6.1f} ms {bare:6.1f} ms {ratio:5.2f}x {verdict}")

        if not no_interop:
            from django.core.management import call_command

            out(f"\nExport, import, FHIR and the report on a {years}-year journal (rolled back):")
            call_command("benchmark_interop", years=years, repeat=3, stdout=self.stdout)

        if not no_server:
            missed += self._server(ten, load_seconds, saves, workers)

        if missed:
            out("\nGoals missed:\n" + "\n".join(f"  - {m}" for m in missed))
        else:
            out("\nEvery goal met.")
        if check and missed:
            sys.exit(1)

    def _server(self, person, seconds: float, saves: int, workers: int) -> list[str]:
        from django.db import connections

        from journal.bench import server
        from journal.bench.data import PASSWORD

        out = self.stdout.write
        connections.close_all()  # the server's workers read what this process wrote
        missed = []
        env = dict(os.environ)
        with server.gunicorn(env, workers) as (port, process):
            cookies, token = server.log_in(port, person.user.username, PASSWORD)
            _, _, html = server.request(port, "GET", "/", cookies)
            chart = server.chart_paths(html)["pain"]
            server.request(port, "GET", chart, cookies)  # drawn once, for every worker
            targets = {"floor": "/bench/floor/", "dashboard": "/", "chart (warm)": chart}
            out(
                f"\nUnder gunicorn ({workers} workers, gunicorn.conf.py) on loopback, "
                f"{seconds:g} s each:"
            )
            out(
                f"  {'request':<14} {'clients':>7} {'req/s':>8} {'p50':>9} {'p95':>9} {'errors':>6}"
            )
            for clients in LOAD_CLIENTS:
                for target, path in targets.items():
                    r = server.load(port, cookies, target, path, clients, seconds)
                    out(
                        f"  {target:<14} {clients:>7} {r.per_second:8.0f} {r.p50:6.1f} ms "
                        f"{r.p95:6.1f} ms {r.errors:>6}"
                    )
                    if r.errors:
                        missed.append(f"{target} at {clients} clients: {r.errors} errors")
            if saves:
                warm = min(100, max(10, saves // 10))
                before, after = server.saves_memory(port, process, cookies, token, saves, warm)
                out(
                    f"\nA worker's memory over {saves:,} quick saves, each followed by the charts "
                    f"it changed (after {warm} to warm up):"
                )
                for pid in sorted(before):
                    growth = after.get(pid, 0) - before[pid]
                    verdict = "ok" if growth <= MEMORY_GOAL_KIB else "MISSED"
                    out(
                        f"  worker {pid}: {before[pid] / 1024:6.1f} MiB -> "
                        f"{after.get(pid, 0) / 1024:6.1f} MiB ({growth / 1024:+.1f} MiB) {verdict}"
                    )
                    if growth > MEMORY_GOAL_KIB:
                        missed.append(f"worker {pid} grew {growth / 1024:.1f} MiB over the saves")
        return missed
