"""A treatment course in figures: its sessions, and pain, sleep and the PEG before it began, since,
and lately. Pure functions over the snapshot (no database, no clock: `today` is passed in).

The windows, each a run of whole days:

- *before*: the 28 days before the first session (first - 28 .. first - 1);
- *since*: from the first session to today;
- *latest*: the 28 days ending today (today - 27 .. today), as `treatment.response` compares.

A mean is over entries (a day with two pain entries counts twice), like the rules' means, and
comes with its number of entries so a reader can judge it. Nothing here says a treatment caused a
change: these are the figures side by side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .snapshot import Journal, Session, Treatment

WINDOW_DAYS = 28


@dataclass(frozen=True)
class Window:
    """One measure over a span of days: its mean (None without entries) and how many entries."""

    start: dt.date
    end: dt.date
    mean: Decimal | None
    count: int


def window(entries: Sequence, start: dt.date, end: dt.date, value: Callable) -> Window:
    """The mean of `value(entry)` over the entries dated `start` .. `end` (inclusive)."""
    values = [Decimal(value(e)) for e in entries if start <= e.date <= end]
    mean = sum(values) / len(values) if values else None
    return Window(start, end, mean, len(values))


@dataclass(frozen=True)
class Measure:
    """One row of the course page's table: a measure before, since and lately."""

    key: str
    label: str
    before: Window
    since: Window
    latest: Window


@dataclass(frozen=True)
class Pair:
    """A session where both pain just before and just after were noted."""

    session: Session
    change: int  # after minus before: negative is less pain just after


@dataclass(frozen=True)
class CourseSummary:
    course: Treatment
    sessions: tuple[Session, ...]  # oldest first
    measures: tuple[Measure, ...]  # empty until the first session
    pairs: tuple[Pair, ...]

    @property
    def first_session(self) -> dt.date | None:
        return self.sessions[0].date if self.sessions else None

    @property
    def mean_pair_change(self) -> Decimal | None:
        if not self.pairs:
            return None
        return Decimal(sum(p.change for p in self.pairs)) / len(self.pairs)


def sessions_of(journal: Journal, course_id: int, today: dt.date) -> tuple[Session, ...]:
    """The course's sessions up to `today`, oldest first."""
    return tuple(
        sorted(
            (s for s in journal.sessions if s.treatment_id == course_id and s.date <= today),
            key=lambda s: (s.date, s.id),
        )
    )


def spans(first: dt.date, today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The before, since and latest windows of a course whose first session is `first`."""
    days = dt.timedelta(days=WINDOW_DAYS)
    return {
        "before": (first - days, first - dt.timedelta(days=1)),
        "since": (first, today),
        "latest": (today - days + dt.timedelta(days=1), today),
    }


MEASURES = (  # key, label, the journal's log, the value of an entry
    ("pain", "Pain", "pains", lambda e: e.score),
    ("sleep", "Sleep quality", "sleeps", lambda e: e.quality),
    ("peg", "PEG score", "pegs", lambda e: e.score),
)


def summarise(journal: Journal, course: Treatment, today: dt.date) -> CourseSummary:
    sessions = sessions_of(journal, course.id, today)
    measures: list[Measure] = []
    if sessions:
        windows = spans(sessions[0].date, today)
        for key, label, log, value in MEASURES:
            entries = journal.entries(log)
            got = {name: window(entries, *span, value) for name, span in windows.items()}
            measures.append(Measure(key, label, **got))
    pairs = tuple(
        Pair(s, s.pain_after - s.pain_before)
        for s in sessions
        if s.pain_before is not None and s.pain_after is not None
    )
    return CourseSummary(course, sessions, tuple(measures), pairs)
