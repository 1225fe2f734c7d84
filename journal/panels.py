"""The dashboard's small panels for sleep, the PEG and treatments: what each shows, from the
snapshot and `today` (pure; the template tags in care_tags hand them the dashboard's journal)."""

from __future__ import annotations

import datetime as dt

from . import domain as d
from .snapshot import Journal

PEG_EVERY_DAYS = 7  # a gentle prompt when no PEG check-in is dated in the last 7 days
COURSES_SHOWN = 3


def sleep_panel(journal: Journal, today: dt.date, saved=None, error: str = "") -> dict:
    """The one-tap row for last night's sleep: shown until the night is answered (and once more
    with the answer, right after the tap)."""
    answered = any(s.date == today for s in journal.sleeps)
    return {
        "show": not answered or saved is not None or bool(error),
        "choices": d.SLEEP_QUALITY,
        "saved": saved,
        "error": error,
        "today": today,
    }


def peg_prompt(journal: Journal, today: dt.date) -> dict:
    start = today - dt.timedelta(days=PEG_EVERY_DAYS - 1)
    recent = [p for p in journal.pegs if start <= p.date <= today]
    past = [p for p in journal.pegs if p.date <= today]
    return {"show": not recent, "last": past[-1] if past else None}


def treatment_panel(journal: Journal, today: dt.date) -> dict:
    """The latest courses (by start), each with its number of sessions and its latest one."""
    rows = []
    for course in sorted(journal.treatments, key=lambda t: (t.date, t.id), reverse=True):
        if course.date > today:
            continue
        sessions = [s for s in journal.sessions if s.treatment_id == course.id and s.date <= today]
        rows.append((course, len(sessions), sessions[-1].date if sessions else None))
    return {"courses": rows[:COURSES_SHOWN]}
