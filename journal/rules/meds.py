"""Medicines and supplements: denosumab on time, scheduled doses due, pain that over-the-counter
relief does not improve, and long-term anti-inflammatories.

* "Taken on a day" is `journal.medicines.taken_days` (a logged dose, or a day inside a daily
  medicine's start-stop span): every rule here counts days with it.
* Due dates are calendar months clamped to the month's end (`journal.medicines.due_date`).
* `meds.denosumab_due` / `meds.denosumab_overdue`: the latest dose of any denosumab medicine,
  stopped or not. A bisphosphonate or zoledronate "after it" is one taken on a later day. The due
  notice follows the catalogue's trigger as written (no follow-on exception).
* `meds.dose_due`: one finding per medicine (monthly, 3-monthly or yearly, not denosumab, not
  stopped, with a dose logged).
* `meds.pain_despite_otc`: pain entries at any location; means compared exactly (integers).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import domain as d
from ..medicines import add_months, doses_by_medicine, due_date, kind_days, taken_days
from .registry import Context, Item, found, medicine_item, rule

AREA = "Medicines and supplements"
BONE_LOSS = d.Source.BONE_LOSS.label

DENOSUMAB_MONTHS = 6
DENOSUMAB_DUE_WINDOW_DAYS = 14  # the due notice starts 14 days before the due date
DENOSUMAB_LATE_MONTHS = 7  # later than last + 7 months: overdue
FOLLOW_ON_KINDS = frozenset({"bisphosphonate_oral", "zoledronate"})
DOSE_DUE_SCHEDULES = frozenset({"monthly", "every_3_months", "yearly"})
DOSE_DUE_WINDOW_DAYS = 7
OTC_DAYS, OTC_MIN_DAYS, OTC_MIN_ENTRIES = 14, 10, 5
OTC_PAIN_MEAN = 4
NSAID_DAYS, NSAID_MIN_DAYS = 90, 60


def dose_item(dose, medicine, role: str = "") -> Item:
    values = {"name": medicine.name, "kind": medicine.kind, "time": dose.time, "role": role}
    return Item("dose", "doses", dose.id, dose.date, values)


def due_item(medicine, due: dt.date, today: dt.date) -> Item:
    """The next dose's due date: "due on ..." or "overdue by N days"."""
    return Item("due", "medicines", medicine.id, due, {"name": medicine.name, "today": today})


def taken_item(days: int, start: dt.date, end: dt.date, what: str) -> Item:
    """A count of days taken in a window (a figure: no one entry behind it)."""
    return Item("taken_days", "doses", None, end, {"days": days, "start": start, "what": what})


def pain_mean_item(pains, end: dt.date, span: int) -> Item:
    total = sum(p.score for p in pains)
    values = {
        "start": end - dt.timedelta(days=span - 1),
        "mean": Decimal(total) / len(pains),
        "count": len(pains),
    }
    return Item("pain_mean", "pain", None, end, values)


# --- denosumab ----------------------------------------------------------------------------------


def latest_denosumab(ctx: Context):
    """(dose, medicine) of the latest denosumab dose logged, or None."""
    return ctx.memo("latest_denosumab", _latest_denosumab)


def _latest_denosumab(ctx: Context):
    medicines = {m.id: m for m in ctx.journal.medicines if m.kind == d.MedicineKind.DENOSUMAB}
    doses = [x for x in ctx.journal.doses if x.medicine_id in medicines]  # oldest first
    if not doses:
        return None
    last = max(doses, key=lambda x: (x.date, x.id))
    return last, medicines[last.medicine_id]


def _denosumab_values(last, medicine, today: dt.date) -> dict:
    due = add_months(last.date, DENOSUMAB_MONTHS)
    return {
        "name": medicine.name,
        "last": last.date,
        "due": due,
        "late_after": add_months(last.date, DENOSUMAB_LATE_MONTHS),
        "days": (due - today).days,
        "stopped": medicine.stopped,
    }


@rule("meds.denosumab_due", "notice", f"{BONE_LOSS} (given every 6 months)")
def meds_denosumab_due(ctx: Context):
    """Denosumab injection due

    A denosumab dose is logged, and the next one (6 calendar months after the latest) is due
    within 14 days or its date has passed, while today is no later than 7 months after the
    latest dose.
    """
    latest = latest_denosumab(ctx)
    if latest is None:
        return
    last, medicine = latest
    v = _denosumab_values(last, medicine, ctx.today)
    window_opens = v["due"] - dt.timedelta(days=DENOSUMAB_DUE_WINDOW_DAYS)
    if window_opens <= ctx.today <= v["late_after"]:
        items = [dose_item(last, medicine, "last"), due_item(medicine, v["due"], ctx.today)]
        yield found("notice", items, **v)


@rule(
    "meds.denosumab_overdue",
    "warning",
    BONE_LOSS,
    outside_guidance="Osteoporosis Canada 2023; ECTS 2021",
)
def meds_denosumab_overdue(ctx: Context):
    """Denosumab injection overdue

    Today is more than 7 calendar months after the latest denosumab dose, and no bisphosphonate
    or zoledronate has been taken since. A late or stopped denosumab dose can lead to rapid
    bone loss and fractures of the spine, so it should not be stopped without a plan. This holds
    even when the medicine is marked stopped.
    """
    latest = latest_denosumab(ctx)
    if latest is None:
        return
    last, medicine = latest
    v = _denosumab_values(last, medicine, ctx.today)
    if ctx.today <= v["late_after"]:
        return
    after = kind_days(ctx.journal, FOLLOW_ON_KINDS, last.date + dt.timedelta(days=1), ctx.today)
    if after:
        return
    items = [
        dose_item(last, medicine, "last"),
        due_item(medicine, v["due"], ctx.today),
        medicine_item(medicine),
    ]
    yield found("warning", items, **v)


# --- other scheduled doses ----------------------------------------------------------------------


@rule("meds.dose_due", "notice", BONE_LOSS)
def meds_dose_due(ctx: Context):
    """A scheduled dose is due

    A medicine taken monthly, every 3 months or yearly (not denosumab, which has its own
    rules), not marked stopped, with at least one dose logged: its next dose is due within 7
    days or its date has passed. The 7 days are the journal's own choice.
    """
    grouped = doses_by_medicine(ctx.journal.doses)
    for medicine in ctx.journal.medicines:
        if (
            medicine.schedule not in DOSE_DUE_SCHEDULES
            or medicine.kind == d.MedicineKind.DENOSUMAB
            or medicine.stopped_by(ctx.today)
            or not grouped.get(medicine.id)
        ):
            continue
        last = max(grouped[medicine.id], key=lambda x: (x.date, x.id))
        due = due_date(last.date, medicine.schedule)
        days = (due - ctx.today).days
        if days <= DOSE_DUE_WINDOW_DAYS:
            items = [dose_item(last, medicine, "last"), due_item(medicine, due, ctx.today)]
            yield found(
                "notice",
                items,
                name=medicine.name,
                schedule=medicine.schedule,
                last=last.date,
                due=due,
                days=days,
            )


# --- pain relievers -----------------------------------------------------------------------------


def _kind_medicines(ctx: Context, kinds, start: dt.date) -> list[Item]:
    """The medicines of `kinds` taken at some point from `start` to today (for the evidence)."""
    grouped = doses_by_medicine(ctx.journal.doses)
    return [
        medicine_item(m)
        for m in ctx.journal.medicines
        if m.kind in kinds and taken_days(m, grouped.get(m.id, ()), start, ctx.today)
    ]


@rule("meds.pain_despite_otc", "notice", f"{BONE_LOSS} (when to seek help)")
def meds_pain_despite_otc(ctx: Context):
    """Pain that over-the-counter relief does not improve

    Paracetamol or an anti-inflammatory (NSAID) was taken on 10 or more of the last 14 days,
    the average pain score of those 14 days is 4 or more (at least 5 entries), and it is not
    lower than the average of the 14 days before (when those have at least 5 entries).
    """
    start = ctx.today - dt.timedelta(days=OTC_DAYS - 1)
    days = kind_days(ctx.journal, d.OTC_PAIN_KINDS, start, ctx.today)
    if len(days) < OTC_MIN_DAYS:
        return
    recent = ctx.window("pains", OTC_DAYS)
    n_r, s_r = len(recent), sum(p.score for p in recent)
    if n_r < OTC_MIN_ENTRIES or s_r < OTC_PAIN_MEAN * n_r:
        return
    earlier_end = ctx.today - dt.timedelta(days=OTC_DAYS)
    earlier = ctx.window("pains", OTC_DAYS, earlier_end)
    n_e, s_e = len(earlier), sum(p.score for p in earlier)
    compared = n_e >= OTC_MIN_ENTRIES
    if compared and s_r * n_e < s_e * n_r:  # lower than before: the relief may be helping
        return
    items = [
        taken_item(len(days), start, ctx.today, "otc"),
        pain_mean_item(recent, ctx.today, OTC_DAYS),
    ]
    if compared:
        items.append(pain_mean_item(earlier, earlier_end, OTC_DAYS))
    items += _kind_medicines(ctx, d.OTC_PAIN_KINDS, start)
    yield found(
        "notice",
        items,
        days=len(days),
        recent_mean=Decimal(s_r) / n_r,
        earlier_mean=Decimal(s_e) / n_e if compared else None,
    )


@rule("meds.long_term_nsaid", "info", BONE_LOSS)
def meds_long_term_nsaid(ctx: Context):
    """Anti-inflammatory painkillers most days

    An anti-inflammatory (NSAID: ibuprofen, naproxen, diclofenac...) was taken on 60 or more of
    the last 90 days. Long-term high doses may impair calcium absorption.
    """
    start = ctx.today - dt.timedelta(days=NSAID_DAYS - 1)
    kinds = {d.MedicineKind.NSAID.value}
    days = kind_days(ctx.journal, kinds, start, ctx.today)
    if len(days) >= NSAID_MIN_DAYS:
        items = [taken_item(len(days), start, ctx.today, "nsaid")]
        items += _kind_medicines(ctx, kinds, start)
        yield found("info", items, days=len(days), span=NSAID_DAYS)
