"""What the treatment and mood pages show beyond the generic log pages: the course page, a PHQ-9's
result, and the charts above the mood and PEG lists. Each reads the person's journal once and
hands the pure functions (journal.courses, journal.rules, journal.charts) their `today`."""

from __future__ import annotations

from django.utils import timezone

from . import charts, courses
from . import domain as d
from .derived import current_journal
from .rules import check
from .wording import for_person


def _about(flags, log: str, pk: int) -> list:
    """The flags whose evidence names this entry."""
    return [f for f in flags if any((e.log, e.entry_id) == (log, pk) for e in f.evidence)]


def _chart(name: str, journal, range_key: str, today) -> dict:
    data = charts.chart_data(name, journal, range_key, today)
    return {"chart": data, "chart_version": charts.cache_key(data)[:16], "chart_range": range_key}


def course(user, entry) -> dict:
    """The course page: its sessions, pain, sleep and PEG before, since and lately, the
    before/after pairs, its flag, and a pain chart with the sessions marked."""
    journal, today = current_journal(user), timezone.localdate()
    snapshot = next(t for t in journal.treatments if t.id == entry.pk)
    data = charts.course_chart_data(journal, snapshot.id, today)
    flags = for_person(check("treatment.response", journal, today))
    return {
        "summary": courses.summarise(journal, snapshot, today),
        "window_days": courses.WINDOW_DAYS,
        "flags": _about(flags, "treatments", entry.pk),
        "chart": data,
        "chart_version": charts.cache_key(data)[:16],
    }


def mood_result(user, entry) -> dict:
    """A PHQ-9's page: crisis guidance first while mood.safety holds on it, the total and band,
    the nine answers, and any other flag it raised."""
    journal, today = current_journal(user), timezone.localdate()
    safety = _about(for_person(check("mood.safety", journal, today)), "mood", entry.pk)
    screen = _about(for_person(check("mood.depression_screen", journal, today)), "mood", entry.pk)
    return {
        "crisis": bool(safety),
        "flags": safety + screen,
        "bands": [(band, low, high, band == entry.band) for band, low, high in d.PHQ9_BANDS],
        "answers": [
            (number, question, d.phq9_answer(value))
            for number, (question, value) in enumerate(
                zip(d.PHQ9_ITEMS, entry.answers, strict=True), 1
            )
        ],
        "frame": d.PHQ9_FRAME,
    }


def mood_list(user) -> dict:
    return _chart("mood", current_journal(user), "1y", timezone.localdate())


def peg_list(user) -> dict:
    return _chart("peg", current_journal(user), "1y", timezone.localdate())
