"""The report's sections for treatments, medicines, the PHQ-9 and falls: pure builders of plain
values from the snapshot and the period (`start` .. `end`, both included), one each in
`SECTIONS` (`context.build` runs them all; `report.sections[name]`).

- **Treatments**: each course with a session in the period, or started in it, newest first: its
  sessions, and pain in the 28 days before its first session against since it (and lately), each
  mean with its number of entries (`journal.courses`, the figures of the course page).
- **Medicines**: each medicine taken at some point in the period (started by its end, not
  stopped before its start, or with a dose logged in it), bone medicines first (the kinds'
  order). A scheduled medicine's dose is *on time* when taken on or before its due date (the dose
  before it plus the schedule, in calendar months: `medicines.due_date`), *late* after it, and
  untimed when no earlier dose is logged; a late denosumab injection also says whether it came
  more than 7 months after the one before (the rules' limit). A daily medicine is counted as
  taken every day of its span (`medicines.taken_days`); one taken when needed is counted in doses,
  days with a dose, and doses per calendar month of the period.
- **PHQ-9**: the latest questionnaire up to the period's end, the one before it and the change,
  and the totals within the period.
- **Falls**: those in the period, newest first, and how many injured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .. import domain as d
from ..courses import Window, summarise
from ..medicines import add_months, doses_by_medicine, due_date, status, taken_days
from ..snapshot import Dose, Fall, Journal, Medicine, Mood, Treatment

SECTIONS: dict[str, Callable] = {}
DENOSUMAB_LIMIT_MONTHS = 7  # as rules.meds: later than the last + 7 months is overdue


def section(name: str):
    """Register a builder `(journal, start, end) -> value or None` under `name`."""

    def register(fn):
        SECTIONS[name] = fn
        return fn

    return register


# --- treatments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    course: Treatment
    sessions: int  # up to the period's end
    sessions_in_period: int
    first: dt.date | None  # the first session
    before: Window | None  # pain in the 28 days before the first session
    since: Window | None  # pain from the first session to the period's end
    latest: Window | None  # pain in the 28 days to the period's end
    pair_change: Decimal | None = None  # mean change of pain from just before to just after
    pairs: int = 0


@section("treatments")
def treatments(journal: Journal, start: dt.date, end: dt.date) -> tuple[CourseRow, ...]:
    rows = []
    for course in journal.treatments:
        if course.date > end:
            continue
        summary = summarise(journal, course, end)
        in_period = sum(start <= s.date <= end for s in summary.sessions)
        if not in_period and not start <= course.date <= end:
            continue
        pain = next((m for m in summary.measures if m.key == "pain"), None)
        rows.append(
            CourseRow(
                course,
                len(summary.sessions),
                in_period,
                summary.first_session,
                pain.before if pain else None,
                pain.since if pain else None,
                pain.latest if pain else None,
                summary.mean_pair_change,
                len(summary.pairs),
            )
        )
    rows.sort(key=lambda r: (r.first or r.course.date, r.course.id), reverse=True)
    return tuple(rows)


# --- medicines -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Late:
    dose: Dose
    due: dt.date
    days: int  # after its due date
    past_limit: bool = False  # a denosumab injection more than 7 months after the one before


@dataclass(frozen=True)
class MedicineRow:
    medicine: Medicine
    doses: int  # logged in the period
    days: int  # days in the period it counts as taken
    on_time: int = 0  # scheduled only
    late: tuple[Late, ...] = ()
    untimed: int = 0  # doses with no earlier dose to time them from
    next_due: dt.date | None = None  # as of the period's end, for a scheduled medicine
    overdue_days: int = 0
    months: tuple[tuple[dt.date, int], ...] = ()  # as needed: (first of month, doses)

    @property
    def scheduled(self) -> bool:
        return self.medicine.schedule not in (d.Schedule.DAILY, d.Schedule.AS_NEEDED)


def _in_period(medicine: Medicine, doses, start: dt.date, end: dt.date) -> bool:
    span = medicine.date <= end and (medicine.stopped is None or medicine.stopped >= start)
    return span or any(start <= x.date <= end for x in doses)


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    first, out = start.replace(day=1), []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return out


def _timing(medicine: Medicine, doses: tuple[Dose, ...], start: dt.date, end: dt.date) -> dict:
    """On time, late and untimed doses in the period, each timed from the dose before it."""
    on_time, untimed, late = 0, 0, []
    ordered = sorted(doses, key=lambda x: (x.date, x.id))
    for before, dose in zip([None, *ordered], ordered, strict=False):
        if not start <= dose.date <= end:
            continue
        if before is None:
            untimed += 1
            continue
        due = due_date(before.date, medicine.schedule)
        if dose.date <= due:
            on_time += 1
            continue
        limit = add_months(before.date, DENOSUMAB_LIMIT_MONTHS)
        past = medicine.kind == d.MedicineKind.DENOSUMAB and dose.date > limit
        late.append(Late(dose, due, (dose.date - due).days, past))
    return {"on_time": on_time, "untimed": untimed, "late": tuple(late)}


def _kind_order(medicine: Medicine) -> tuple:
    kinds = [value for value, _ in d.MedicineKind.choices]
    return (kinds.index(medicine.kind) if medicine.kind in kinds else len(kinds), medicine.name)


@section("medicines")
def medicines(journal: Journal, start: dt.date, end: dt.date) -> tuple[MedicineRow, ...]:
    grouped = doses_by_medicine(journal.doses)
    rows = []
    for medicine in sorted(journal.medicines, key=_kind_order):
        doses = tuple(x for x in grouped.get(medicine.id, ()) if x.date <= end)
        if not _in_period(medicine, doses, start, end):
            continue
        in_period = [x for x in doses if x.date >= start]
        row = {
            "doses": len(in_period),
            "days": len(taken_days(medicine, doses, start, end)),
        }
        if medicine.schedule == d.Schedule.AS_NEEDED:
            counts = {first: 0 for first in _month_starts(start, end)}
            for x in in_period:
                counts[x.date.replace(day=1)] += 1
            row["months"] = tuple(counts.items())
        elif medicine.schedule != d.Schedule.DAILY:
            row |= _timing(medicine, doses, start, end)
            now = status(medicine, doses, end)
            if now.due is not None and not medicine.stopped_by(end):
                row |= {"next_due": now.due, "overdue_days": now.overdue_days}
        rows.append(MedicineRow(medicine, **row))
    return tuple(rows)


# --- the PHQ-9 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoodSection:
    latest: Mood
    previous: Mood | None
    in_period: tuple[Mood, ...]

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.latest.total - self.previous.total


@section("mood")
def mood(journal: Journal, start: dt.date, end: dt.date) -> MoodSection | None:
    moods = [x for x in journal.moods if x.date <= end]  # oldest first
    if not moods:
        return None
    return MoodSection(
        moods[-1],
        moods[-2] if len(moods) > 1 else None,
        tuple(x for x in moods if x.date >= start),
    )


# --- falls ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FallsSection:
    falls: tuple[Fall, ...]  # in the period, newest first
    earlier: Fall | None = None  # the latest fall before the period

    @property
    def injured(self) -> int:
        return sum(f.injured for f in self.falls)


@section("falls")
def falls(journal: Journal, start: dt.date, end: dt.date) -> FallsSection:
    before = [f for f in journal.falls if f.date < start]
    return FallsSection(
        tuple(reversed([f for f in journal.falls if start <= f.date <= end])),
        before[-1] if before else None,
    )
