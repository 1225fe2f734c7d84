"""Medicines, pure: schedules and due dates, "taken on a day", where each medicine stands, and the
calendar of taken days. No database, no clock: `today` is always an argument.

* A due date is the last dose plus the schedule's interval in calendar terms: a week is 7 days;
  a month, 3 and 6 months and a year are calendar months clamped to the month's end
  (python-dateutil's `relativedelta`: 31 August + 6 months = 28 February, 29 in a leap year).
* "Taken on a day" (one definition, used by the rules, the calendar and the pain chart's strip):
  a dose of it is logged that day, or its schedule is daily and the day lies between its start
  and its stop date, both included.

The reminders (issue 15) reuse `due_date` and `status`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from . import domain as d
from .snapshot import Dose, Journal, Medicine

S = d.Schedule
INTERVALS: dict[str, relativedelta] = {
    S.DAILY: relativedelta(days=1),
    S.WEEKLY: relativedelta(days=7),
    S.MONTHLY: relativedelta(months=1),
    S.EVERY_3_MONTHS: relativedelta(months=3),
    S.EVERY_6_MONTHS: relativedelta(months=6),
    S.YEARLY: relativedelta(years=1),
}
# How many days before its due date a medicine shows as due on the dashboard and its page: the
# rules' windows (denosumab 14 days, meds.dose_due 7) and, for a weekly tablet, the day before.
DUE_SOON_DAYS = {
    S.WEEKLY: 1,
    S.MONTHLY: 7,
    S.EVERY_3_MONTHS: 7,
    S.EVERY_6_MONTHS: 14,
    S.YEARLY: 7,
}
DENOSUMAB_DUE_SOON_DAYS = 14


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months, clamped to the end of a shorter month."""
    return day + relativedelta(months=months)


def due_date(last: dt.date, schedule: str) -> dt.date | None:
    """When the dose after one taken on `last` is due; None for a medicine taken when needed."""
    interval = INTERVALS.get(schedule)
    return None if interval is None else last + interval


# --- taken on a day -------------------------------------------------------------------------------


def doses_by_medicine(doses: Iterable[Dose]) -> dict[int, tuple[Dose, ...]]:
    """Each medicine's doses, in the order given (the snapshot's: oldest first)."""
    grouped: dict[int, list[Dose]] = {}
    for dose in doses:
        grouped.setdefault(dose.medicine_id, []).append(dose)
    return {key: tuple(value) for key, value in grouped.items()}


def taken_days(
    medicine: Medicine, doses: Iterable[Dose], start: dt.date, end: dt.date
) -> frozenset[dt.date]:
    """The days from `start` to `end` (both included) on which `medicine` counts as taken: a day
    with a logged dose of it, or, when its schedule is daily, a day from its start date to its
    stop date (both included). `doses` may hold other medicines' doses: they are ignored."""
    days = {
        dose.date for dose in doses if dose.medicine_id == medicine.id and start <= dose.date <= end
    }
    if medicine.schedule == S.DAILY:
        first = max(start, medicine.date)
        last = end if medicine.stopped is None else min(end, medicine.stopped)
        days.update(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days)


def taken_on(medicine: Medicine, doses: Iterable[Dose], day: dt.date) -> bool:
    return day in taken_days(medicine, doses, day, day)


def kind_days(
    journal: Journal, kinds: Iterable[str], start: dt.date, end: dt.date
) -> frozenset[dt.date]:
    """The days from `start` to `end` on which any medicine of one of `kinds` was taken."""
    kinds = frozenset(kinds)
    grouped = doses_by_medicine(journal.doses)
    days: set[dt.date] = set()
    for medicine in journal.medicines:
        if medicine.kind in kinds:
            days |= taken_days(medicine, grouped.get(medicine.id, ()), start, end)
    return frozenset(days)


# --- where a medicine stands --------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Where one medicine stands on `today`.

    `state` is one of: "stopped"; "as_needed"; "daily" (counted as taken every day, nothing to
    log); "no_dose" (a scheduled medicine with no dose logged yet, so no due date); "overdue"
    (its due date has passed); "due" (due within its window: `DUE_SOON_DAYS`); "later".
    """

    medicine: Medicine
    state: str
    last: Dose | None = None  # the latest dose logged (any date up to today)
    due: dt.date | None = None  # when the next dose is due, for a scheduled medicine
    days: int | None = None  # due - today: in N days when positive, overdue by -N when negative
    today_count: int = 0  # doses logged today

    @property
    def needs_action(self) -> bool:
        """Shown on the dashboard with its "took it": due, overdue, when needed, or no dose yet."""
        return self.state in ("overdue", "due", "as_needed", "no_dose")

    @property
    def overdue_days(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


def due_soon_days(medicine: Medicine) -> int:
    if medicine.kind == d.MedicineKind.DENOSUMAB:
        return DENOSUMAB_DUE_SOON_DAYS
    return DUE_SOON_DAYS.get(medicine.schedule, 0)


def status(medicine: Medicine, doses: Iterable[Dose], today: dt.date) -> Status:
    """Where `medicine` stands on `today`, from its own doses (others' are ignored)."""
    mine = [x for x in doses if x.medicine_id == medicine.id and x.date <= today]
    last = max(mine, key=lambda x: (x.date, x.time or dt.time.min, x.id)) if mine else None
    today_count = sum(x.date == today for x in mine)
    base = {"last": last, "today_count": today_count}
    if medicine.stopped_by(today):
        return Status(medicine, "stopped", **base)
    if medicine.schedule == S.AS_NEEDED:
        return Status(medicine, "as_needed", **base)
    if medicine.schedule == S.DAILY:
        return Status(medicine, "daily", **base)
    if last is None:
        return Status(medicine, "no_dose", **base)
    due = due_date(last.date, medicine.schedule)
    days = (due - today).days
    state = "overdue" if days < 0 else "due" if days <= due_soon_days(medicine) else "later"
    return Status(medicine, state, due=due, days=days, **base)


def statuses(journal: Journal, today: dt.date) -> dict[int, Status]:
    """Every medicine's status, by medicine id."""
    grouped = doses_by_medicine(journal.doses)
    return {m.id: status(m, grouped.get(m.id, ()), today) for m in journal.medicines}


# --- the calendar of taken days -----------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: dt.date
    taken: bool
    future: bool


@dataclass(frozen=True)
class Month:
    first: dt.date  # the 1st of the month
    weeks: tuple[tuple[Day | None, ...], ...]  # Monday first; None outside the month
    taken: int  # days taken in the month


def calendar_months(
    medicine: Medicine, doses: Iterable[Dose], today: dt.date, months: int = 6
) -> list[Month]:
    """The last `months` calendar months up to today's, oldest first, each day marked taken or
    not by `taken_days`."""
    first = add_months(today.replace(day=1), -(months - 1))
    taken = taken_days(medicine, doses, first, today)
    grid = calendar.Calendar(firstweekday=calendar.MONDAY)
    out = []
    for n in range(months):
        start = add_months(first, n)
        weeks = tuple(
            tuple(
                Day(day, day in taken, day > today) if day.month == start.month else None
                for day in week
            )
            for week in grid.monthdatescalendar(start.year, start.month)
        )
        count = sum((t.year, t.month) == (start.year, start.month) for t in taken)
        out.append(Month(start, weeks, count))
    return out


# --- a medicine's page ----------------------------------------------------------------------------

CALENDAR_MONTHS = 6
RECENT_DAYS = 30


def page(journal: Journal, medicine_id: int, today: dt.date) -> dict:
    """What a medicine's page shows: where it stands, the calendar of taken days for the last
    months, how many of the last 30 days it was taken, and its doses, newest first."""
    medicine = next(x for x in journal.medicines if x.id == medicine_id)
    doses = doses_by_medicine(journal.doses).get(medicine_id, ())
    recent = taken_days(medicine, doses, today - dt.timedelta(days=RECENT_DAYS - 1), today)
    return {
        "status": status(medicine, doses, today),
        "months": calendar_months(medicine, doses, today, CALENDAR_MONTHS),
        "recent_days": len(recent),
        "recent_span": RECENT_DAYS,
        "history": tuple(reversed(doses)),
    }
