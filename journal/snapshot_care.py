"""The snapshot's dataclasses for treatments, sessions, the PHQ-9, sleep and the PEG (their
loaders are in journal.snapshot with the others'): frozen, plain, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import domain as d


@dataclass(frozen=True)
class Treatment:
    """A treatment course; `date` is when it started."""

    id: int
    date: dt.date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Session:
    id: int
    date: dt.date
    treatment_id: int
    minutes: int | None = None
    pain_before: int | None = None
    pain_after: int | None = None


@dataclass(frozen=True)
class Mood:
    """A PHQ-9: its nine answers in item order."""

    id: int
    date: dt.date
    answers: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.answers)

    @property
    def band(self) -> str:
        return d.phq9_band(self.total)

    @property
    def item9(self) -> int:
        return self.answers[8]


@dataclass(frozen=True)
class Sleep:
    id: int
    date: dt.date  # the morning after
    quality: int
    hours: Decimal | None = None


@dataclass(frozen=True)
class Peg:
    id: int
    date: dt.date
    pain: int
    enjoyment: int
    activity: int

    @property
    def score(self) -> Decimal:
        """The mean of the three answers (exact; shown to one decimal)."""
        return Decimal(self.pain + self.enjoyment + self.activity) / 3
