"""Measure what a person waits for: the dashboard, a quick save, a chart, on a ten-year journal.

Runs inside a transaction that is rolled back, so it leaves the database as it found it.
Usage: python manage.py benchmark [--years 10] [--repeat 5]
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from journal import charts
from journal import models as m
from journal.demo import seed_demo
from journal.rules import evaluate
from journal.snapshot import load_journal
from journal.wording import for_person


class Rollback(Exception):
    pass


def _timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time of `repeat` calls, in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


class Command(BaseCommand):
    help = "Time the dashboard, quick entry, rules and charts on a large journal (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, years: int, repeat: int, **options):
        try:
            with transaction.atomic(), override_settings(ALLOWED_HOSTS=["testserver"]):
                self._run(years, repeat)
                raise Rollback
        except Rollback:
            pass

    def _row(self, what: str, value: str) -> None:
        self.stdout.write(f"{what:<48} {value}")

    def _run(self, years: int, repeat: int) -> None:
        today = timezone.localdate()
        user = seed_demo(today, username="benchmark-user", password="benchmark-password-1")
        # Stretch the two-year demo to `years` by copying its pain and exercise back in time.
        pains = list(m.PainEntry.objects.filter(user=user))
        sessions = list(m.ExerciseSession.objects.filter(user=user))
        doses = list(m.Dose.objects.filter(user=user))
        for k in range(1, (years + 1) // 2):
            shift = timezone.timedelta(days=730 * k)
            m.PainEntry.objects.bulk_create(
                m.PainEntry(user=user, date=p.date - shift, score=p.score, locations=p.locations)
                for p in pains
            )
            m.ExerciseSession.objects.bulk_create(
                m.ExerciseSession(user=user, date=s.date - shift, kind=s.kind, minutes=s.minutes)
                for s in sessions
            )
            m.Dose.objects.bulk_create(
                m.Dose(user=user, date=x.date - shift, medicine_id=x.medicine_id) for x in doses
            )
        journal = load_journal(user)
        self._row(
            "journal size",
            f"{len(journal.pains)} pain, {len(journal.exercises)} exercise, "
            f"{len(journal.scans)} scans, {len(journal.doses)} doses, "
            f"first entry {journal.first_date}",
        )

        with CaptureQueriesContext(connection) as queries:
            load_journal(user)
        ms, journal = _timed(lambda: load_journal(user), repeat)
        self._row("load_journal", f"{ms:8.1f} ms  ({len(queries)} queries)")
        ms, flags = _timed(lambda: for_person(evaluate(journal, today)), repeat)
        self._row("rules + wording", f"{ms:8.1f} ms  ({len(flags)} flags)")
        for name in charts.CHARTS:
            ms, data = _timed(lambda n=name: charts.chart_data(n, journal, "all", today), repeat)
            render_ms, svg = _timed(lambda d=data: charts.render_svg(d), max(1, repeat // 2))
            self._row(
                f"chart {name} (range all): data / render",
                f"{ms:8.1f} ms / {render_ms:6.1f} ms  ({len(svg) // 1024} KiB SVG)",
            )

        client = Client()
        client.force_login(user)
        ms, response = _timed(lambda: client.get("/"), repeat)
        assert response.status_code == 200, response.status_code
        self._row(
            "GET / (dashboard, whole page)", f"{ms:8.1f} ms  ({len(response.content) // 1024} KiB)"
        )
        ms, _ = _timed(lambda: client.get("/?panel=flags", HTTP_HX_REQUEST="true"), repeat)
        self._row("GET /?panel=flags (htmx partial)", f"{ms:8.1f} ms")
        client.get("/charts/pain.svg?range=1y")  # warm the cache
        ms, response = _timed(lambda: client.get("/charts/pain.svg?range=1y"), repeat)
        self._row("GET /charts/pain.svg (cached)", f"{ms:8.1f} ms")
        ms, response = _timed(
            lambda: client.post(
                "/pain/quick/", {"score": "3", "locations": ["lower_back"]}, HTTP_HX_REQUEST="true"
            ),
            repeat,
        )
        assert response.status_code == 200, response.status_code
        self._row("POST /pain/quick/ (save + panel)", f"{ms:8.1f} ms")
        took = f"/medicines/{journal.medicines[-1].id}/took/"
        ms, response = _timed(lambda: client.post(took, HTTP_HX_REQUEST="true"), repeat)
        assert response.status_code == 200, response.status_code
        self._row("POST /medicines/<id>/took/ (save + panel)", f"{ms:8.1f} ms")

        tracemalloc.start()
        journal = load_journal(user)
        for_person(evaluate(journal, today))
        for name in charts.CHARTS:
            charts.render_svg(charts.chart_data(name, journal, "all", today))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self._row(
            f"peak Python memory: load + rules + {len(charts.CHARTS)} charts",
            f"{peak / 2**20:8.1f} MiB",
        )
