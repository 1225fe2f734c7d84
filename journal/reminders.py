"""What is due, for whom: pure (no database, no clock; `today` and the time are arguments).

Three kinds of reminder, each switched on or off in the person's settings (`ProfileData`):

* **medicine**: a scheduled medicine due within its window or overdue, by `medicines.status`,
  the same function as the dashboard's medicines panel and each medicine's page;
* **rescan**: a new DEXA scan due, from the first day `bone.rescan_due` flags it
  (`rules.bone.rescan_due`: the same date as the flag);
* **log**: no pain entry dated today, once the person's chosen hour has come.

The dashboard's reminders panel shows `due_now`; the calendar feed (journal.calendar_feed) shows
`calendar`, every due date whether near or not; the email sender (journal.sender) sends
`due_now`, each medicine and rescan reminder once (by its `key`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import medicines
from .rules.bone import rescan_due
from .rules.registry import Context
from .snapshot import Journal, Medicine, Scan

MEDICINE, RESCAN, LOG = "medicine", "rescan", "log"


@dataclass(frozen=True)
class Due:
    """One reminder. `key` names it for sending once: a medicine's key changes with its due date
    and its stage (due soon, due today, overdue), the rescan's with its date, the log's daily."""

    kind: str
    key: str
    date: dt.date  # the due date (the log reminder: today)
    status: medicines.Status | None = None  # a medicine's, as its panel and page show it
    latest_scan: Scan | None = None  # a rescan's: the scan it follows

    @property
    def medicine(self) -> Medicine | None:
        return self.status.medicine if self.status else None


def _stage(status: medicines.Status) -> str:
    if status.state == "overdue":
        return "overdue"
    return "today" if status.days == 0 else "soon"


def medicines_due(journal: Journal, today: dt.date) -> list[Due]:
    """Medicines due within their window or overdue, most overdue first."""
    found = [
        s for s in medicines.statuses(journal, today).values() if s.state in ("due", "overdue")
    ]
    found.sort(key=lambda s: (s.days, s.medicine.name.casefold()))
    return [
        Due(MEDICINE, f"medicine:{s.medicine.id}:{s.due.isoformat()}:{_stage(s)}", s.due, s)
        for s in found
    ]


def rescan_date(journal: Journal, today: dt.date):
    """The rescan's due date as `bone.rescan_due` sees it on `today` (None without a scan)."""
    return rescan_due(Context(journal, today))


def rescan_now(journal: Journal, today: dt.date) -> list[Due]:
    due = rescan_date(journal, today)
    if due is None or today < due.date:
        return []
    return [Due(RESCAN, f"rescan:{due.date.isoformat()}", due.date, latest_scan=due.latest)]


def logged_today(journal: Journal, today: dt.date) -> bool:
    return any(p.date == today for p in reversed(journal.pains[-50:]))


def log_now(journal: Journal, today: dt.date, now: dt.time) -> list[Due]:
    """The gentle nudge: nothing logged today, and the person's hour has come."""
    if now.hour < journal.profile.reminder_hour or logged_today(journal, today):
        return []
    return [Due(LOG, f"log:{today.isoformat()}", today)]


def due_now(journal: Journal, today: dt.date, now: dt.time | None) -> list[Due]:
    """What is due for the person at `now` on `today` (their own day and time), as the dashboard
    shows it and the sender emails it: medicines, then the rescan, then the log, each only if
    switched on. With `now` None, the day's items only: the log reminder depends on the hour."""
    profile = journal.profile
    out: list[Due] = []
    if profile.remind_medicines:
        out += medicines_due(journal, today)
    if profile.remind_rescan:
        out += rescan_now(journal, today)
    if profile.remind_log and now is not None:
        out += log_now(journal, today, now)
    return out


# --- the calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """A due date in the calendar feed: a medicine's next dose or the rescan."""

    kind: str
    uid: str  # stable per medicine / per journal, so a calendar moves the event, not adds one
    date: dt.date
    title: str
    alarm_days: int  # the alarm rings this many days before (the dashboard's window), and on it


@dataclass(frozen=True)
class Calendar:
    dated: tuple[Dated, ...]
    daily_hour: int | None  # the daily log reminder's hour, None when switched off


def calendar(journal: Journal, today: dt.date) -> Calendar:
    """Every due date the journal knows on `today`, near or far, for the calendar feed: each
    scheduled medicine's next dose (overdue ones at their due date), the rescan, and the daily
    log reminder's hour. Only names and dates: no score, no note."""
    profile = journal.profile
    dated: list[Dated] = []
    if profile.remind_medicines:
        for status in medicines.statuses(journal, today).values():
            if status.due is None or status.state == "stopped":
                continue
            medicine = status.medicine
            dated.append(
                Dated(
                    MEDICINE,
                    f"medicine-{medicine.id}",
                    status.due,
                    f"{medicine.name} due",
                    medicines.due_soon_days(medicine),
                )
            )
    if profile.remind_rescan and (due := rescan_date(journal, today)) is not None:
        dated.append(Dated(RESCAN, "rescan", due.date, "DEXA scan due", 14))
    dated.sort(key=lambda x: (x.date, x.title.casefold()))
    hour = profile.reminder_hour if profile.remind_log else None
    return Calendar(tuple(dated), hour)
