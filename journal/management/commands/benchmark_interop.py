"""Time export, import, FHIR and the report on a ten-year journal (inside a rolled-back
transaction, so the database is left as it was).

Usage: python manage.py benchmark_interop [--years 10] [--repeat 3]

`manage.py benchmark` runs it as one of its sections (in its throwaway database); run alone, it
works on the configured database and rolls back. The ten-year journal: the two-year demo
journal, its pain and exercise copied back in time.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from journal import models as m
from journal import report, services
from journal.demo import seed_demo
from journal.interop import export, fhir, importer, reader
from journal.logs import LOGS
from journal.report import pdf
from journal.rules import evaluate
from journal.snapshot import load_journal


class Rollback(Exception):
    pass


def ten_year_journal(today: dt.date, years: int):
    """The demo journal stretched to `years` (as `manage.py benchmark` builds it)."""
    user = seed_demo(today, username="benchmark-interop", password="benchmark-password-1")
    pains = list(m.PainEntry.objects.filter(user=user))
    sessions = list(m.ExerciseSession.objects.filter(user=user))
    for k in range(1, (years + 1) // 2):
        shift = dt.timedelta(days=730 * k)
        m.PainEntry.objects.bulk_create(
            m.PainEntry(user=user, date=p.date - shift, score=p.score, locations=p.locations)
            for p in pains
        )
        m.ExerciseSession.objects.bulk_create(
            m.ExerciseSession(user=user, date=s.date - shift, kind=s.kind, minutes=s.minutes)
            for s in sessions
        )
    return user


def _timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _peak(fn) -> tuple[float, object]:
    tracemalloc.start()
    result = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, result


class Command(BaseCommand):
    help = "Time the exports, the import and the report on a ten-year journal (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, years: int, repeat: int, **options):
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
                self._run(years, repeat)
                raise Rollback
        except Rollback:
            pass

    def _row(self, what: str, value: str) -> None:
        self.stdout.write(f"  {what:<46} {value}")

    def _run(self, years: int, repeat: int) -> None:
        today = timezone.localdate()
        now = timezone.now()
        user = ten_year_journal(today, years)
        journal = load_journal(user)
        rows = sum(log.model.objects.filter(user=user).count() for log in LOGS.values())
        self._row("journal", f"{rows} entries, first {journal.first_date}")

        def drain(chunks) -> int:
            return sum(len(c) for c in chunks)

        for name, make in (
            ("JSON export (streamed)", lambda: export.journal_json(user, LOGS, now)),
            ("CSV zip export (streamed)", lambda: export.journal_csv_zip(user, LOGS, now)),
            (
                "FHIR bundle (load + streamed)",
                lambda: fhir.bundle_json(load_journal(user), user.pk, now),
            ),
        ):
            ms, size = _timed(lambda make=make: drain(make()), repeat)
            peak, _ = _peak(lambda make=make: drain(make()))
            self._row(name, f"{ms:8.0f} ms  {size / 2**20:5.2f} MiB  peak {peak:5.1f} MiB")

        content = b"".join(export.journal_json(user, LOGS, now))
        newcomer = m.Profile.objects.create(
            user=type(user).objects.create_user("benchmark-import", password="x" * 12)
        ).user

        def preview():
            parsed = reader.read(content, LOGS, 10**6, 10**9)
            return importer.plan(newcomer, parsed, LOGS, today)

        ms, plan = _timed(preview, repeat)
        self._row("import preview (read + check every row)", f"{ms:8.0f} ms  ({plan.new} to add)")
        start = time.perf_counter()
        services.import_entries(newcomer, plan.rows, plan.profile)
        self._row(
            "import write (one transaction)", f"{(time.perf_counter() - start) * 1000:8.0f} ms"
        )
        ms, again = _timed(preview, 1)
        self._row("import preview again (all already there)", f"{ms:8.0f} ms  ({again.same} same)")

        findings = evaluate(journal, today)
        ms, built = _timed(lambda: report.build(journal, findings, today, "12m"), repeat)
        self._row("report context (12 months)", f"{ms:8.1f} ms")
        ms, data = _timed(lambda: pdf.render(built), repeat)
        self._row("report PDF render", f"{ms:8.0f} ms  ({len(data) // 1024} KiB)")
        client = Client()
        client.force_login(user)
        ms, response = _timed(lambda: client.get("/report.pdf?period=12m"), repeat)
        assert response.status_code == 200
        self._row("GET /report.pdf (load + rules + PDF)", f"{ms:8.0f} ms")
        ms, response = _timed(lambda: client.get("/report/?period=12m"), repeat)
        self._row("GET /report/ (page)", f"{ms:8.0f} ms")
