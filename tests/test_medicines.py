"""journal.medicines and journal.labs, pure: due dates by calendar months, the one definition of
"taken on a day", where a medicine stands, the calendar of taken days, vitamin D units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from journal import labs
from journal.medicines import (
    calendar_months,
    due_date,
    kind_days,
    page,
    status,
    statuses,
    taken_days,
    taken_on,
)

from .builders import TODAY, ago, dose, journal, medicine

D = dt.date


# --- due dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "schedule", "due"),
    [
        (D(2025, 8, 31), "every_6_months", D(2026, 2, 28)),  # clamped to the month's end
        (D(2023, 8, 31), "every_6_months", D(2024, 2, 29)),  # a leap year's February
        (D(2024, 2, 29), "every_6_months", D(2024, 8, 29)),
        (D(2024, 2, 29), "yearly", D(2025, 2, 28)),
        (D(2024, 2, 29), "every_3_months", D(2024, 5, 29)),
        (D(2026, 1, 31), "monthly", D(2026, 2, 28)),
        (D(2026, 3, 31), "monthly", D(2026, 4, 30)),
        (D(2025, 11, 30), "every_3_months", D(2026, 2, 28)),
        (D(2026, 2, 25), "weekly", D(2026, 3, 4)),  # a week is 7 days
        (D(2026, 12, 31), "daily", D(2027, 1, 1)),
    ],
)
def test_due_dates_are_calendar_months_clamped_to_the_months_end(last, schedule, due):
    assert due_date(last, schedule) == due


def test_a_medicine_taken_when_needed_has_no_due_date():
    assert due_date(D(2026, 1, 1), "as_needed") is None


# --- taken on a day -------------------------------------------------------------------------------


def test_taken_on_a_day_with_a_logged_dose_and_not_on_other_days():
    med = medicine(1, D(2026, 1, 1), "paracetamol")
    doses = [dose(1, D(2026, 3, 2), 1), dose(2, D(2026, 3, 2), 1), dose(3, D(2026, 3, 5), 2)]
    assert taken_on(med, doses, D(2026, 3, 2))
    assert not taken_on(med, doses, D(2026, 3, 3))
    assert not taken_on(med, doses, D(2026, 3, 5))  # another medicine's dose
    assert taken_days(med, doses, D(2026, 3, 1), D(2026, 3, 31)) == {D(2026, 3, 2)}


def test_a_daily_medicine_is_taken_on_every_day_from_its_start_to_its_stop_both_included():
    med = medicine(1, D(2026, 3, 10), "calcium", schedule="daily", stopped=D(2026, 3, 12))
    assert not taken_on(med, [], D(2026, 3, 9))
    assert taken_on(med, [], D(2026, 3, 10))
    assert taken_on(med, [], D(2026, 3, 12))
    assert not taken_on(med, [], D(2026, 3, 13))
    days = taken_days(med, [], D(2026, 3, 1), D(2026, 3, 31))
    assert days == {D(2026, 3, 10), D(2026, 3, 11), D(2026, 3, 12)}


def test_a_daily_medicine_not_stopped_is_taken_up_to_the_window_end_and_never_after():
    med = medicine(1, D(2026, 6, 1), "vitamin_d", schedule="daily")
    assert len(taken_days(med, [], D(2026, 6, 1), TODAY)) == 15
    assert max(taken_days(med, [], D(2026, 1, 1), TODAY)) == TODAY


def test_a_logged_dose_after_a_daily_medicines_stop_date_still_counts():
    med = medicine(1, D(2026, 3, 1), "calcium", schedule="daily", stopped=D(2026, 3, 2))
    assert taken_on(med, [dose(1, D(2026, 3, 20), 1)], D(2026, 3, 20))


def test_a_weekly_or_as_needed_medicine_is_taken_only_on_logged_days():
    for schedule in ("weekly", "as_needed", "every_6_months"):
        med = medicine(1, D(2026, 1, 1), "other", schedule=schedule)
        assert taken_days(med, [], D(2026, 1, 1), TODAY) == set()


def test_kind_days_joins_every_medicine_of_the_kinds():
    j = journal(
        medicines=[
            medicine(1, D(2026, 1, 1), "paracetamol"),
            medicine(2, D(2026, 6, 14), "nsaid", schedule="daily"),
            medicine(3, D(2026, 1, 1), "opioid"),
        ],
        doses=[dose(1, D(2026, 6, 10), 1), dose(2, D(2026, 6, 11), 3)],
    )
    assert kind_days(j, {"paracetamol", "nsaid"}, ago(7), TODAY) == {
        D(2026, 6, 10),
        D(2026, 6, 14),
        D(2026, 6, 15),
    }


# --- where a medicine stands ----------------------------------------------------------------------


def test_status_of_a_denosumab_due_in_14_days_overdue_and_later():
    med = medicine(1, D(2025, 1, 1), "denosumab")
    doses = [dose(1, D(2025, 12, 29), 1)]  # due 2026-06-29
    s = status(med, doses, TODAY)
    assert (s.state, s.due, s.days, s.last.id) == ("due", D(2026, 6, 29), 14, 1)
    assert status(med, doses, D(2026, 6, 14)).state == "later"  # 15 days ahead
    late = status(med, doses, D(2026, 7, 2))
    assert (late.state, late.overdue_days) == ("overdue", 3)
    assert late.needs_action


def test_status_of_other_medicines():
    as_needed = medicine(1, D(2026, 1, 1), "paracetamol")
    s = status(as_needed, [dose(1, TODAY, 1), dose(2, TODAY, 1), dose(3, ago(1), 1)], TODAY)
    assert (s.state, s.today_count, s.due) == ("as_needed", 2, None)
    assert status(medicine(2, D(2026, 1, 1), "calcium"), [], TODAY).state == "daily"
    assert status(medicine(3, D(2026, 1, 1), "zoledronate"), [], TODAY).state == "no_dose"
    stopped = medicine(4, D(2026, 1, 1), "calcium", stopped=ago(1))
    assert status(stopped, [], TODAY).state == "stopped"
    assert not status(stopped, [], TODAY).needs_action
    weekly = medicine(5, D(2026, 1, 1), "bisphosphonate_oral")  # weekly: due the day before
    assert status(weekly, [dose(5, ago(6), 5)], TODAY).state == "due"
    assert status(weekly, [dose(5, ago(5), 5)], TODAY).state == "later"


def test_statuses_by_medicine_id():
    j = journal(medicines=[medicine(1), medicine(2, kind="calcium")], doses=[dose(1, ago(10), 1)])
    assert {k: s.state for k, s in statuses(j, TODAY).items()} == {1: "later", 2: "daily"}


# --- the calendar of taken days -------------------------------------------------------------------


def test_calendar_shows_the_last_6_months_monday_first_with_taken_days():
    med = medicine(1, D(2025, 1, 1), "paracetamol")
    doses = [dose(1, D(2026, 1, 1), 1), dose(2, D(2026, 6, 3), 1), dose(3, D(2026, 6, 3), 1)]
    months = calendar_months(med, doses, TODAY)
    assert [m.first for m in months] == [D(2026, n, 1) for n in range(1, 7)]
    assert [m.taken for m in months] == [1, 0, 0, 0, 0, 1]
    june = months[-1]
    first_week = june.weeks[0]
    assert first_week[0].date == D(2026, 6, 1)  # 1 June 2026 is a Monday
    taken = [day.date for week in june.weeks for day in week if day and day.taken]
    assert taken == [D(2026, 6, 3)]
    future = [day.date for week in june.weeks for day in week if day and day.future]
    assert (future[0], future[-1]) == (D(2026, 6, 16), D(2026, 6, 30))
    february = months[1]
    assert february.weeks[0][:6] == (None,) * 6  # 1 Feb 2026 is a Sunday


def test_medicine_page_counts_the_last_30_days_and_lists_doses_newest_first():
    j = journal(
        medicines=[medicine(1, D(2026, 1, 1), "paracetamol")],
        doses=[dose(1, ago(40), 1), dose(2, ago(29), 1), dose(3, ago(1), 1)],
    )
    ctx = page(j, 1, TODAY)
    assert ctx["recent_days"] == 2
    assert [x.id for x in ctx["history"]] == [3, 2, 1]
    assert ctx["status"].state == "as_needed"


# --- vitamin D units ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "low"),
    [
        ("19.9", "ng_ml", True),
        ("20.0", "ng_ml", False),
        ("49.9", "nmol_l", True),
        ("50.0", "nmol_l", False),
    ],
)
def test_vitamin_d_below_20_ng_ml_is_exact_in_either_unit(value, unit, low):
    assert labs.vitamin_d_below(Decimal(value), unit) is low


def test_vitamin_d_conversion_is_exact():
    assert labs.vitamin_d_in(Decimal("20"), "nmol_l") == Decimal("49.920")
    assert labs.vitamin_d_ng_ml(Decimal("49.92"), "nmol_l") == Decimal("20")
    assert labs.vitamin_d_ng_ml(Decimal("31.0"), "ng_ml") == Decimal("31.0")
    assert round(labs.vitamin_d_ng_ml(Decimal("49.9"), "nmol_l"), 4) == Decimal("19.9920")
