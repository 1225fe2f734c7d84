"""What a flag rests on, and when a flag the person discussed with their clinician comes back.

Pure: findings and dates in, facts out (no database, no clock: the day is passed in).

**A flag's evidence state** is built from its findings' evidence items:

- each *entry* behind it, named by its log and id (a profile figure by its kind), with a digest
  of the values the rule read from it: its date and values, less those a day's passing changes
  (`VOLATILE`: "today", an age, a count of days ago). An entry that is only context (the latest
  entry of a pain episode, the latest back pain: `CONTEXT_ROLES`) is left out: a new pain entry
  every day does not make "pain lasting more than three months" a new fact;
- each *figure* computed over a window of days (an average, a week's minutes, days a medicine
  was taken), by the first day of its window.

**A discussed flag returns** (`returns`) when its evidence rests on something newer than the
discussion: an entry not behind it when it was discussed (a new scan, a new fall, a new
session in the week), an entry that reads differently now (an edit), or a figure whose window
starts after the day it was marked discussed (the data behind it is all newer than what
the person read then); or when
its level rises (a notice that became a warning). Entries that dropped out do not bring it back.

**A flag's fingerprint** (`fingerprint`) digests its key, level and entries: "new since you last
looked" marks a flag whose fingerprint the person has not seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from .rules import Finding, level_rank

VOLATILE = frozenset({"today", "age", "days"})  # values a day's passing changes
CONTEXT_ROLES = frozenset({"episode_latest", "latest_back_pain"})
WINDOW_DAYS = {"week_minutes": 7, "week_weight_bearing": 7, "week_strength_days": 7}


@dataclass(frozen=True)
class EvidenceState:
    entries: tuple[tuple[str, str], ...]  # (ref, digest), sorted by ref
    windows: tuple[dt.date, ...]  # the first day of each figure's window

    @property
    def refs(self) -> dict[str, str]:
        return dict(self.entries)


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def _stable(values: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in values.items() if k not in VOLATILE))


def evidence_state(findings: Iterable[Finding]) -> EvidenceState:
    entries: dict[str, str] = {}
    windows: set[dt.date] = set()
    for finding in findings:
        for item in finding.evidence:
            if item.values.get("role") in CONTEXT_ROLES:
                continue
            if item.id is not None or item.log == "profile":
                ref = f"{item.log}:{item.id if item.id is not None else ''}:{item.kind}"
                digest = _digest((item.date, _stable(item.values)))
                # One entry behind the flag twice (a scan's two sites that fell): both count.
                entries[ref] = _digest((entries[ref], digest)) if ref in entries else digest
                continue
            start = item.values.get("start")
            if start is None and item.kind in WINDOW_DAYS and item.date is not None:
                start = item.date - dt.timedelta(days=WINDOW_DAYS[item.kind] - 1)
            if isinstance(start, dt.date):
                windows.add(start)
    return EvidenceState(tuple(sorted(entries.items())), tuple(sorted(windows)))


def fingerprint(key: str, level: str, state: EvidenceState) -> str:
    return _digest((key, level, state.entries))


@dataclass(frozen=True)
class Discussion:
    """What was recorded when the person marked a flag discussed (models.FlagDiscussion)."""

    key: str
    on: dt.date  # the day of the talk
    level: str
    entries: dict[str, str]
    marked: dt.date | None = None  # the day it was marked (the talk's day if not given)


def returns(discussion: Discussion, level: str, state: EvidenceState) -> bool:
    """True when a flag discussed as `discussion` should show again (see the module's doc)."""
    if level_rank(level) < level_rank(discussion.level):
        return True
    for ref, digest in state.entries:
        if discussion.entries.get(ref) != digest:
            return True  # a new entry behind it, or one that changed
    # A figure over days is judged against the day it was marked: the person marked the figure
    # they read then (a talk dated last month does not bring this week's figure straight back).
    marked = max(discussion.on, discussion.marked or discussion.on)
    return any(start > marked for start in state.windows)
