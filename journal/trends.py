"""Trends over a journal: ranges, rolling and weekly means, weekly activity and pain episodes.

Pure functions over the snapshot dataclasses (`journal.snapshot`) and plain `(date, value)` pairs:
no database, no matplotlib and no clock reads (the caller passes `today`).

Conventions used throughout:

- A range key (`30d`, `90d`, `1y`, `all`) names a window of whole calendar days that *ends today,
  inclusive*: `30d` is today and the 29 days before it.
- Weeks start on Monday (ISO 8601) and are named by that Monday.
- A trailing N-day window ending on day D holds the days D-(N-1) .. D (N calendar days).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .snapshot import Exercise, Pain

RANGES: dict[str, int | None] = {"30d": 30, "90d": 90, "1y": 365, "all": None}
DEFAULT_RANGE = "90d"

Point = tuple[dt.date, float]


def parse_range(text: object) -> str:
    """The range key named by `text` (trimmed, case-insensitive); anything else gives the default.

    Never raises: `None`, junk, other types all give `DEFAULT_RANGE`.
    """
    if not isinstance(text, str):
        return DEFAULT_RANGE
    key = text.strip().lower()
    return key if key in RANGES else DEFAULT_RANGE


def window_start(range_key: str, today: dt.date, first_date: dt.date | None = None) -> dt.date:
    """The first day of the range's window, which ends on `today` (inclusive).

    `30d` starts 29 days before today (30 days in all). `all` starts on `first_date` (the first
    entry of the journal), or on today when there is none or it lies after today.
    """
    days = RANGES[parse_range(range_key)]
    if days is None:
        return min(first_date, today) if first_date else today
    return today - dt.timedelta(days=days - 1)


def week_start(day: dt.date) -> dt.date:
    """The Monday of `day`'s week."""
    return day - dt.timedelta(days=day.weekday())


def rolling_mean(points: Iterable[Point], days: int, end: dt.date | None = None) -> list[Point]:
    """The trailing `days`-day mean at each day that has data, oldest first.

    For each distinct date D among `points` (up to `end`, when given), the value is the mean of
    every point dated D-(days-1) .. D: the last `days` calendar days including D, whatever their
    number of points (days without data are simply not in the mean, they do not count as 0).
    Points may be unsorted and several may share a date; each point weighs the same.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    by_day: dict[dt.date, list[float]] = {}
    for day, value in points:
        if end is None or day <= end:
            by_day.setdefault(day, []).append(float(value))

    window: deque[tuple[dt.date, float, int]] = deque()  # (day, sum, count) per day in window
    total, count = 0.0, 0
    result: list[Point] = []
    for day in sorted(by_day):
        values = by_day[day]
        window.append((day, sum(values), len(values)))
        total += sum(values)
        count += len(values)
        oldest = day - dt.timedelta(days=days - 1)
        while window[0][0] < oldest:
            _, s, c = window.popleft()
            total -= s
            count -= c
        result.append((day, total / count))
    return result


def _by_week(points: Iterable[Point]) -> dict[dt.date, list[float]]:
    weeks: dict[dt.date, list[float]] = {}
    for day, value in points:
        weeks.setdefault(week_start(day), []).append(float(value))
    return weeks


def weekly_means(points: Iterable[Point]) -> list[tuple[dt.date, float, int]]:
    """Per week that has data: (its Monday, mean of its values, number of values), oldest first."""
    weeks = _by_week(points)
    return [(monday, sum(vs) / len(vs), len(vs)) for monday, vs in sorted(weeks.items())]


def weeks_per_point(start: dt.date, end: dt.date, max_points: int) -> int:
    """How many weeks one point must stand for so that start's week .. end's week make at most
    `max_points` points: 1 for a short span."""
    weeks = (week_start(end) - week_start(start)).days // 7 + 1
    return max(1, math.ceil(weeks / max_points))


def run_start(day: dt.date, start: dt.date, weeks: int) -> dt.date:
    """The Monday starting the run of `weeks` weeks (counted from `start`'s week) holding `day`."""
    first = week_start(start)
    return first + dt.timedelta(days=7 * weeks * ((day - first).days // (7 * weeks)))


def merge_weeks(weekly, start: dt.date, weeks: int) -> list[tuple[dt.date, float, int]]:
    """Weekly (monday, mean, count) merged into runs of `weeks` weeks counted from `start`'s
    week: (first monday, mean of every value, count), oldest first."""
    runs: dict[dt.date, tuple[float, int]] = {}
    for monday, mean, count in weekly:
        run = run_start(monday, start, weeks)
        total, n = runs.get(run, (0.0, 0))
        runs[run] = (total + mean * count, n + count)
    return [(run, total / n, n) for run, (total, n) in sorted(runs.items())]


def _mondays(start: dt.date, end: dt.date) -> list[dt.date]:
    monday, last = week_start(start), week_start(end)
    mondays = []
    while monday <= last:
        mondays.append(monday)
        monday += dt.timedelta(days=7)
    return mondays


@dataclass(frozen=True)
class Week:
    """One week's activity: moderate-equivalent minutes and weight-bearing sessions."""

    start: dt.date  # the Monday
    moderate_minutes: int
    weight_bearing_sessions: int


def weekly_activity(exercises: Iterable[Exercise], start: dt.date, end: dt.date) -> list[Week]:
    """Every week from `start`'s week to `end`'s week, with the sessions dated `start` .. `end`.

    Moderate-equivalent minutes: a vigorous minute counts twice, a light one not at all (WHO).
    A weight-bearing session counts whatever its intensity.
    """
    minutes: dict[dt.date, int] = {}
    sessions: dict[dt.date, int] = {}
    for exercise in exercises:
        if not start <= exercise.date <= end:
            continue
        monday = week_start(exercise.date)
        minutes[monday] = minutes.get(monday, 0) + exercise.moderate_minutes
        if exercise.weight_bearing:
            sessions[monday] = sessions.get(monday, 0) + 1
    return [Week(m, minutes.get(m, 0), sessions.get(m, 0)) for m in _mondays(start, end)]


EPISODE_GAP_DAYS = 14


def pain_episodes(pains: Sequence[Pain]) -> list[tuple[Pain, ...]]:
    """Runs of painful entries (score >= 1), oldest first; `pains` must be sorted oldest first.

    An episode continues while each entry comes within 14 days of the one before it (a gap of
    exactly 14 days continues it, 15 days ends it). A 0 score ends it, and is in no episode.
    """
    episodes: list[tuple[Pain, ...]] = []
    current: list[Pain] = []
    for pain in pains:
        if pain.score < 1:
            if current:
                episodes.append(tuple(current))
                current = []
            continue
        if current and (pain.date - current[-1].date).days > EPISODE_GAP_DAYS:
            episodes.append(tuple(current))
            current = []
        current.append(pain)
    if current:
        episodes.append(tuple(current))
    return episodes
