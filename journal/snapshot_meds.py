"""The snapshot's dataclasses and loaders for medicines, doses, lab results and falls: frozen,
plain, no database in the dataclasses (journal.snapshot imports this module)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .snapshot import _owned, _rows, loader


@dataclass(frozen=True)
class Medicine:
    """A medicine or supplement; `date` is the day it was started (the form's `started`)."""

    id: int
    date: dt.date
    name: str
    kind: str
    schedule: str
    stopped: dt.date | None = None
    dose_amount: Decimal | None = None
    dose_unit: str = ""
    note: str = ""

    @property
    def started(self) -> dt.date:
        return self.date

    def stopped_by(self, day: dt.date) -> bool:
        """Marked stopped on or before `day` (the stop date is the last day it was taken)."""
        return self.stopped is not None and self.stopped <= day


@dataclass(frozen=True)
class Dose:
    id: int
    date: dt.date
    medicine_id: int
    time: dt.time | None = None
    amount: Decimal | None = None
    note: str = ""


@dataclass(frozen=True)
class Lab:
    id: int
    date: dt.date
    test: str
    value: Decimal
    unit: str
    note: str = ""


@dataclass(frozen=True)
class Fall:
    id: int
    date: dt.date
    injured: bool = False
    note: str = ""


@loader("medicines", "Medicine")
def _medicines(user, ids=None) -> tuple[Medicine, ...]:
    from . import models as m

    names = ["id", "date", "name", "kind", "schedule", "stopped", "dose_amount", "dose_unit"]
    rows = _rows(_owned(m.Medicine, user, ids), [*names, "note"])
    return tuple(Medicine(*row) for row in rows)


def _dose_order(dose: Dose):  # by date, then time (none first), then id: as the query
    return (dose.date, dose.time is not None, dose.time or dt.time.min, dose.id)


@loader("doses", "Dose", _dose_order)
def _doses(user, ids=None) -> tuple[Dose, ...]:
    from django.db.models import F

    from . import models as m

    names = ["id", "date", "medicine_id", "time", "amount", "note"]
    order = ("date", F("time").asc(nulls_first=True), "id")
    return tuple(Dose(*row) for row in _rows(_owned(m.Dose, user, ids), names, order))


@loader("labs", "LabResult")
def _labs(user, ids=None) -> tuple[Lab, ...]:
    from . import models as m

    names = ["id", "date", "test", "value", "unit", "note"]
    return tuple(Lab(*row) for row in _rows(_owned(m.LabResult, user, ids), names))


@loader("falls", "Fall")
def _falls(user, ids=None) -> tuple[Fall, ...]:
    from . import models as m

    names = ["id", "date", "injured", "note"]
    return tuple(Fall(*row) for row in _rows(_owned(m.Fall, user, ids), names))
