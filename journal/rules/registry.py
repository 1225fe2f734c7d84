"""The rule registry and what rules return.

A rule is a pure function of a `Context` (the journal as of `today`, with the windows several rules
share computed once) that returns `Finding`s: a code, a level, the values involved and the
evidence behind it, keyed by `(log, id)`. Findings carry no sentences: `journal.wording` turns
them into words for each audience. Each rule declares itself once, with `@rule(...)`: its code,
levels, title, trigger in plain words and source; the guidance page, the flags and the tests all
read that one declaration.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property

from .. import domain as d
from ..snapshot import Journal, Pain, SiteResult

LEVELS = ("urgent", "warning", "notice", "info", "good")
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_rank(level: str) -> int:
    """Sort key of a level: urgent 0, warning 1, notice 2, info 3, good 4 (unknown last)."""
    return _LEVEL_RANK.get(level, len(LEVELS))


@dataclass(frozen=True)
class Item:
    """One checkable fact behind a finding: an entry of a log (`log`, `id`), or a figure derived
    from one (`id` None), with the values a reader needs to check it."""

    kind: str  # what the fact is: "pain", "t_score", "bmd", "pain_mean", "birth_year", ...
    log: str  # the log it comes from: a journal.logs key, or "profile"
    id: int | None = None
    date: dt.date | None = None
    values: dict = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Finding:
    """What a rule found: its code and level, the values involved, and the evidence."""

    code: str
    level: str
    values: dict = field(default_factory=dict, hash=False)
    evidence: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A warning sign, declared once: what it checks in words a layperson and a doctor can read."""

    code: str
    area: str  # the catalogue's section, e.g. "Bone density (DEXA)"
    levels: tuple[str, ...]  # every level the rule can produce
    title: str
    trigger: str
    sources: tuple[str, ...]  # each a source document's short title, with an optional note
    outside_guidance: str = ""
    level_text: str = ""  # the levels in words, where more than the list is worth saying
    check: Callable[[Context], Iterable[Finding]] | None = None

    @property
    def source(self) -> str:
        return "; ".join(self.sources)

    @property
    def level(self) -> str:
        return self.level_text or ", ".join(self.levels)


RULES: dict[str, Rule] = {}  # in catalogue order: the order the area modules declare them


def rule(code: str, levels, sources, *, outside_guidance: str = "", level_text: str = ""):
    """Declare a rule on its check function, whose docstring gives its title (the first line) and
    its trigger in plain words (the rest); its area is its module's `AREA`.

        @rule("bone.osteoporosis", "warning", (REVERSED, BONE_LOSS))
        def bone_osteoporosis(ctx): ...
    """
    levels = (levels,) if isinstance(levels, str) else tuple(levels)
    sources = (sources,) if isinstance(sources, str) else tuple(sources)
    if not set(levels) <= set(LEVELS) or code in RULES:
        raise ValueError(f"{code}: unknown levels {levels}, or declared twice")

    def register(check: Callable[[Context], Iterable[Finding]]):
        title, _, trigger = inspect.cleandoc(check.__doc__ or "").partition("\n\n")
        if not trigger:
            raise ValueError(f"{code}: its docstring needs a title line, then its trigger")

        def run(ctx: Context) -> Iterator[Finding]:
            for result in check(ctx):
                if result.level not in levels:
                    raise ValueError(f"{code} found {result.level}, not one of {levels}")
                yield replace(result, code=code)

        area = sys.modules[check.__module__].AREA
        words = " ".join(trigger.split())
        RULES[code] = Rule(
            code, area, levels, title, words, sources, outside_guidance, level_text, run
        )
        return check

    return register


def found(level: str, evidence: Iterable[Item] = (), **values) -> Finding:
    """What a rule yields: the registry adds the rule's code and checks the level."""
    return Finding("", level, values, tuple(evidence))


# --- the journal as one evaluation sees it -----------------------------------------------------


def _is_ready(items, today: dt.date) -> bool:
    previous = None
    for item in items:
        if item.date > today or (previous is not None and item.date < previous):
            return False
        previous = item.date
    return True


def _latest_if_in_order(journal: Journal) -> tuple[bool, dt.date | None]:
    """(every log in date order, the latest date of any entry), found once per journal: it is
    immutable, so the answer is kept on it (the snapshot loaders keep each log in order; a
    journal built by hand may not be)."""
    known = journal.__dict__.get("_in_order")
    if known is None:
        in_order = all(_is_ready(journal.entries(name), dt.date.max) for name in Journal.LOGS)
        lasts = [items[-1].date for items in map(journal.entries, Journal.LOGS) if items]
        known = (in_order, max(lasts) if in_order and lasts else None)
        object.__setattr__(journal, "_in_order", known)
    return known


def as_of(journal: Journal, today: dt.date) -> Journal:
    """The journal as it stood on `today`: later entries dropped, each log in date order."""
    in_order, latest = _latest_if_in_order(journal)
    if in_order and (latest is None or latest <= today):
        return journal
    changes = {
        name: tuple(
            sorted(
                (item for item in journal.entries(name) if item.date <= today),
                key=lambda item: item.date,
            )
        )
        for name in Journal.LOGS
    }
    return replace(journal, **changes)


ACTIVITY_MIN_AGE_DAYS = 7  # activity rules wait until the journal is a week old


class Context:
    """One evaluation: the journal as of `today`, and what several rules share, computed once."""

    def __init__(self, journal: Journal, today: dt.date):
        self.journal = as_of(journal, today)
        self.today = today
        self._windows: dict[tuple[str, int, dt.date], list] = {}
        self._dates: dict[str, list[dt.date]] = {}
        self._memo: dict[str, object] = {}

    def memo(self, key: str, compute: Callable[[Context], object]):
        """`compute(self)`, once per evaluation: for what several rules need."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    def window(self, log: str, days: int, end: dt.date | None = None) -> list:
        """Entries of `log` dated in the `days` calendar days ending `end` (default today): found
        by bisection (as_of keeps each log in date order), so a rule asking for many windows
        (one per recent entry) reads only what they hold, not the whole history each time."""
        end = end or self.today
        key = (log, days, end)
        if key not in self._windows:
            start = end - dt.timedelta(days=days - 1)
            dates = self._dates.get(log)
            if dates is None:
                dates = self._dates[log] = [e.date for e in self.journal.entries(log)]
            low, high = bisect_left(dates, start), bisect_right(dates, end)
            self._windows[key] = list(self.journal.entries(log)[low:high])
        return self._windows[key]

    @cached_property
    def latest(self) -> list[tuple]:
        """The latest (scan, result) of every site, lowest T-score first (ties in site order)."""
        order = {site: i for i, site in enumerate(d.Site.values)}
        return sorted(
            self.journal.latest_results().values(),
            key=lambda pair: (dec(pair[1].t_score), order.get(pair[1].site, len(order))),
        )

    @cached_property
    def category(self) -> str | None:
        return self.journal.overall_category()

    @cached_property
    def activity_ready(self) -> bool:
        first = self.journal.first_date
        return first is not None and first <= self.today - dt.timedelta(days=ACTIVITY_MIN_AGE_DAYS)

    @cached_property
    def age(self) -> int | None:
        year = self.journal.profile.birth_year
        return None if year is None else self.today.year - year


# --- evidence items -----------------------------------------------------------------------------


def pain_item(pain: Pain, role: str = "", **values) -> Item:
    return Item(
        "pain",
        "pain",
        pain.id,
        pain.date,
        {
            "score": pain.score,
            "locations": pain.locations,
            "onset": pain.onset,
            "quality": pain.quality,
            "minor_trigger": pain.minor_trigger,
            "role": role,
            **values,
        },
    )


def t_item(scan, result: SiteResult) -> Item:
    return Item("t_score", "dexa", scan.id, scan.date, {"site": result.site, "t": result.t_score})


def bmd_item(scan, result: SiteResult) -> Item:
    return Item("bmd", "dexa", scan.id, scan.date, {"site": result.site, "bmd": result.bmd})


def exercise_item(session) -> Item:
    values = {
        "kind": session.kind,
        "minutes": session.minutes,
        "intensity": session.intensity,
        "load_kg": session.load_kg,
        "jumps": session.jumps,
    }
    return Item("exercise", "exercise", session.id, session.date, values)


def height_item(height, role: str) -> Item:
    return Item("height", "height", height.id, height.date, {"cm": height.height_cm, "role": role})


def fracture_item(fracture) -> Item:
    values = {"site": fracture.site, "minimal_trauma": fracture.minimal_trauma}
    return Item("fracture", "fractures", fracture.id, fracture.date, values)


def dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def medicine_item(medicine, **values) -> Item:
    """A medicine (its page is the evidence's link), with its kind, schedule and stop date."""
    values = {
        "name": medicine.name,
        "kind": medicine.kind,
        "schedule": medicine.schedule,
        "stopped": medicine.stopped,
        **values,
    }
    return Item("medicine", "medicines", medicine.id, medicine.date, values)
