"""The snapshot's dataclasses and loaders for treatments, sessions, the PHQ-9, sleep and the PEG:
frozen, plain, no database in the dataclasses (journal.snapshot imports this module)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from . import domain as d
from .snapshot import _owned, _rows, loader


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


@loader("treatments", "TreatmentCourse")
def _treatments(user, ids=None) -> tuple[Treatment, ...]:
    from . import models as m

    names = ["id", "date", "kind", "name"]
    return tuple(Treatment(*r) for r in _rows(_owned(m.TreatmentCourse, user, ids), names))


@loader("sessions", "TreatmentSession")
def _sessions(user, ids=None) -> tuple[Session, ...]:
    from . import models as m

    names = ["id", "date", "treatment_id", "minutes", "pain_before", "pain_after"]
    return tuple(Session(*r) for r in _rows(_owned(m.TreatmentSession, user, ids), names))


@loader("moods", "MoodQuestionnaire")
def _moods(user, ids=None) -> tuple[Mood, ...]:
    from . import models as m

    rows = _rows(_owned(m.MoodQuestionnaire, user, ids), ["id", "date", *d.PHQ9_FIELDS])
    return tuple(Mood(pk, date, tuple(answers)) for pk, date, *answers in rows)


@loader("sleeps", "SleepEntry")
def _sleeps(user, ids=None) -> tuple[Sleep, ...]:
    from . import models as m

    names = ["id", "date", "quality", "hours"]
    return tuple(Sleep(*r) for r in _rows(_owned(m.SleepEntry, user, ids), names))


@loader("pegs", "PegCheckIn")
def _pegs(user, ids=None) -> tuple[Peg, ...]:
    from . import models as m

    names = ["id", "date", *d.PEG_FIELDS]
    return tuple(Peg(*r) for r in _rows(_owned(m.PegCheckIn, user, ids), names))
