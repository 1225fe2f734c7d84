"""What goes with less pain: the person's pain on days with and without each thing the journal
knows of, and pain beside mood month by month. Pure functions over the snapshot (no database, no
clock: the caller passes the days to look at); numpy for the intervals.

- The pain of a day is the mean of that day's pain entries; only days with a pain entry count.
- A factor sorts each such day as "with" (True), "without" (False) or neither (None: a night
  without a sleep entry cannot be called good or poor).
- The difference is the mean of the "with" days minus the mean of the "without" days: negative
  means less pain on days with the factor.
- The interval is a 95 % percentile bootstrap of that difference: each group's days are resampled
  with replacement, separately and at their own size, 2,000 times; the 2.5th and 97.5th
  percentiles of the 2,000 differences bound it. The generator is seeded, so a journal always
  gives the same interval. An interval that excludes 0 means the difference is unlikely to be
  chance alone, never that the factor caused it.
- A comparison is shown only when each side has at least 10 days.

Adding a factor takes one function under `@factor(...)` that, given the journal, returns the
function sorting a day. A factor whose figures need a caution beside them (an as-needed pain
reliever is taken *because* pain is worse) carries it as `note`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import domain as d
from .medicines import doses_by_medicine, taken_days
from .snapshot import Journal, Mood

MIN_DAYS = 10  # on each side
RESAMPLES = 2000
LEVEL = 0.95
SEED = 16  # any fixed number: the same journal, the same interval
CHUNK = 400_000  # resampled values drawn at a time: bounds the memory of a long journal

Split = Callable[[dt.date], bool | None]


@dataclass(frozen=True)
class Factor:
    key: str
    title: str  # "Any exercise"
    with_label: str  # "days with exercise"
    without_label: str  # "days without"
    split: Callable[[Journal], Split]
    note: str = ""  # shown beside the figures: what to keep in mind reading them


FACTORS: dict[str, Factor] = {}


def factor(key: str, title: str, with_label: str, without_label: str, note: str = ""):
    """Register a factor: a function that, given the journal, returns how to sort a day."""

    def register(fn: Callable[[Journal], Split]):
        FACTORS[key] = Factor(key, title, with_label, without_label, fn, note)
        return fn

    return register


@factor("exercise", "Any exercise", "days with exercise", "days without")
def _exercise(journal: Journal) -> Split:
    days = {e.date for e in journal.exercises}
    return lambda day: day in days


@factor(
    "weight_bearing",
    "Weight-bearing exercise",
    "days with a weight-bearing session",
    "days without",
)
def _weight_bearing(journal: Journal) -> Split:
    days = {e.date for e in journal.exercises if e.weight_bearing}
    return lambda day: day in days


@factor("strength", "Strength work", "days with strength work", "days without")
def _strength(journal: Journal) -> Split:
    days = {e.date for e in journal.exercises if e.kind == d.ExerciseKind.STRENGTH}
    return lambda day: day in days


@factor(
    "session",
    "A treatment session",
    "days of a session or the day after",
    "other days",
)
def _session(journal: Journal) -> Split:
    days = {s.date + dt.timedelta(days=lag) for s in journal.sessions for lag in (0, 1)}
    return lambda day: day in days


@factor("sleep", "The night's sleep", "after a good night (4 or 5)", "after a fair or poor one")
def _sleep(journal: Journal) -> Split:
    nights = {s.date: s.quality >= d.GOOD_SLEEP_FROM for s in journal.sleeps}
    return nights.get  # the morning after: a day with no sleep entry is neither


@factor(
    "as_needed_relief",
    "An as-needed pain reliever",
    "days one was taken",
    "days without",
    note="People reach for a pain reliever when the pain is worse, so more pain on those days is "
    "to be expected: the figures show how much more, not whether it helps.",
)
def _as_needed_relief(journal: Journal) -> Split:
    """Days on which a paracetamol, NSAID or opioid taken when needed counts as taken, by the
    journal's one definition (`medicines.taken_days`: a dose of it logged that day)."""
    if not journal.pains:
        return lambda day: False
    first, last = journal.pains[0].date, journal.pains[-1].date  # the days that can count
    grouped = doses_by_medicine(journal.doses)
    days: set[dt.date] = set()
    for medicine in journal.medicines:
        if medicine.kind in d.PAIN_RELIEVER_KINDS and medicine.schedule == d.Schedule.AS_NEEDED:
            days |= taken_days(medicine, grouped.get(medicine.id, ()), first, last)
    return lambda day: day in days


@factor("weekend", "The weekend", "Saturdays and Sundays", "Monday to Friday")
def _weekend(journal: Journal) -> Split:
    return lambda day: day.weekday() >= 5


@dataclass(frozen=True)
class Comparison:
    factor: Factor
    with_days: int
    without_days: int
    with_mean: float | None
    without_mean: float | None
    difference: float | None = None  # with minus without; shown only when `enough`
    low: float | None = None
    high: float | None = None

    @property
    def enough(self) -> bool:
        return self.with_days >= MIN_DAYS and self.without_days >= MIN_DAYS

    @property
    def clear(self) -> bool:
        """The interval leaves out 0: a difference unlikely to be chance alone."""
        return self.enough and (self.low > 0 or self.high < 0)


def daily_pain(journal: Journal, start: dt.date, end: dt.date) -> dict[dt.date, float]:
    """Each day from `start` to `end` that has pain entries: the mean of its scores."""
    days: dict[dt.date, list[int]] = {}
    for pain in journal.pains:
        if start <= pain.date <= end:
            days.setdefault(pain.date, []).append(pain.score)
    return {day: sum(scores) / len(scores) for day, scores in sorted(days.items())}


def _resampled_means(values: np.ndarray, rng: np.random.Generator, resamples: int) -> np.ndarray:
    n = len(values)
    rows = max(1, CHUNK // n)
    means = np.empty(resamples)
    for first in range(0, resamples, rows):
        last = min(resamples, first + rows)
        means[first:last] = values[rng.integers(0, n, size=(last - first, n))].mean(axis=1)
    return means


def bootstrap_interval(
    with_values, without_values, resamples: int = RESAMPLES, level: float = LEVEL, seed=SEED
) -> tuple[float, float]:
    """The percentile bootstrap interval of mean(with) - mean(without) (see the module's notes)."""
    rng = np.random.default_rng(seed)
    a = np.asarray(with_values, dtype=float)
    b = np.asarray(without_values, dtype=float)
    differences = _resampled_means(a, rng, resamples) - _resampled_means(b, rng, resamples)
    tail = (1 - level) / 2
    low, high = np.quantile(differences, [tail, 1 - tail])
    return float(low), float(high)


def compare(days: dict[dt.date, float], fact: Factor, journal: Journal) -> Comparison:
    """Pain on the days with the factor against the days without."""
    sort = fact.split(journal)
    groups: dict[bool, list[float]] = {True: [], False: []}
    for day, pain in days.items():
        side = sort(day)
        if side is not None:
            groups[side].append(pain)
    with_, without = groups[True], groups[False]
    means = [sum(g) / len(g) if g else None for g in (with_, without)]
    result = Comparison(fact, len(with_), len(without), *means)
    if not result.enough:
        return result
    low, high = bootstrap_interval(with_, without)
    return Comparison(fact, len(with_), len(without), *means, means[0] - means[1], low, high)


@dataclass(frozen=True)
class Monthly:
    """One measure over one month: the mean of its entries (None without any) and their number."""

    mean: float | None
    count: int


@dataclass(frozen=True)
class Month:
    start: dt.date  # its first day
    pain: Monthly
    sleep: Monthly  # quality, 1-5
    peg: Monthly  # the PEG score, 0-10
    moods: tuple[Mood, ...]


MONTHLY = (
    ("pain", "pains", lambda e: e.score),
    ("sleep", "sleeps", lambda e: e.quality),
    ("peg", "pegs", lambda e: float(e.score)),
)


def months(journal: Journal, start: dt.date, end: dt.date) -> list[Month]:
    """Month by month from `start` to `end`: the mean pain score, sleep quality and PEG score
    (each over its entries) beside the PHQ-9s; months with none of them are left out."""
    values: dict[str, dict[dt.date, list[float]]] = {key: {} for key, _, _ in MONTHLY}
    for key, log, value in MONTHLY:
        for entry in journal.entries(log):
            if start <= entry.date <= end:
                values[key].setdefault(entry.date.replace(day=1), []).append(value(entry))
    moods: dict[dt.date, list[Mood]] = {}
    for mood in journal.moods:
        if start <= mood.date <= end:
            moods.setdefault(mood.date.replace(day=1), []).append(mood)

    def monthly(key: str, first: dt.date) -> Monthly:
        got = values[key].get(first, [])
        return Monthly(sum(got) / len(got) if got else None, len(got))

    firsts = set(moods).union(*values.values())
    return [
        Month(
            first,
            monthly("pain", first),
            monthly("sleep", first),
            monthly("peg", first),
            tuple(moods.get(first, ())),
        )
        for first in sorted(firsts)
    ]


@dataclass(frozen=True)
class Insights:
    start: dt.date
    end: dt.date
    pain_days: int
    comparisons: tuple[Comparison, ...]
    months: tuple[Month, ...]


def insights(journal: Journal, start: dt.date, end: dt.date) -> Insights:
    days = daily_pain(journal, start, end)
    return Insights(
        start,
        end,
        len(days),
        tuple(compare(days, fact, journal) for fact in FACTORS.values()),
        tuple(months(journal, start, end)),
    )
