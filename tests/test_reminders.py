"""What is due, for whom (journal.reminders): pure, on snapshots. Each boundary on both sides,
and the dates agree with the medicines panel and pages (medicines.status) and the rescan flag."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from journal import medicines, reminders
from journal.rules import check
from journal.snapshot import ProfileData

from .builders import TODAY, ago, dose, journal, medicine, pain, scan

EVENING, MORNING = dt.time(20, 0), dt.time(19, 59)


def kinds(items) -> list[str]:
    return [item.kind for item in items]


def prolia(last_dose_days_ago: int):
    """Denosumab every 6 months, last injected `last_dose_days_ago` days ago."""
    med = medicine(1, started=ago(900), name="Prolia")
    return journal(medicines=[med], doses=[dose(1, ago(last_dose_days_ago), 1)])


def with_profile(j, **prefs):
    return replace(j, profile=replace(j.profile, **prefs))


# --- the daily log reminder ---------------------------------------------------------------------


def test_log_reminder_shows_at_the_chosen_hour_with_nothing_logged_today():
    assert kinds(reminders.due_now(journal(), TODAY, EVENING)) == ["log"]


def test_log_reminder_not_a_minute_before_the_chosen_hour():
    assert reminders.due_now(journal(), TODAY, MORNING) == []


def test_log_reminder_follows_the_persons_hour():
    early = with_profile(journal(), reminder_hour=7)
    assert kinds(reminders.due_now(early, TODAY, dt.time(7, 0))) == ["log"]
    assert reminders.due_now(early, TODAY, dt.time(6, 59)) == []


def test_log_reminder_gone_once_pain_is_logged_today_even_a_zero():
    j = journal(pains=[pain(1, TODAY, score=0)])
    assert reminders.due_now(j, TODAY, EVENING) == []


def test_log_reminder_still_due_when_only_yesterday_is_logged():
    j = journal(pains=[pain(1, ago(1))])
    assert kinds(reminders.due_now(j, TODAY, EVENING)) == ["log"]


def test_log_reminder_can_be_switched_off():
    assert reminders.due_now(with_profile(journal(), remind_log=False), TODAY, EVENING) == []


def test_log_reminder_key_names_the_day():
    (item,) = reminders.due_now(journal(), TODAY, EVENING)
    assert item.key == f"log:{TODAY.isoformat()}"


# --- medicines ------------------------------------------------------------------------------


def test_denosumab_due_within_14_days_of_its_date_and_not_15():
    # Due 6 calendar months after the last injection; listed from 14 days before.
    j = journal(medicines=[medicine(1, started=ago(900))], doses=[dose(1, TODAY, 1)])
    due = medicines.due_date(TODAY, "every_6_months")
    assert reminders.medicines_due(j, due - dt.timedelta(days=15)) == []
    assert kinds(reminders.medicines_due(j, due - dt.timedelta(days=14))) == ["medicine"]


def test_an_overdue_medicine_is_due_with_its_stage_in_the_key():
    j = journal(medicines=[medicine(1, started=ago(900))], doses=[dose(1, ago(400), 1)])
    (item,) = reminders.medicines_due(j, TODAY)
    assert item.status.state == "overdue"
    assert item.key == f"medicine:1:{item.date.isoformat()}:overdue"


def test_a_medicine_reminder_key_changes_on_the_day_it_is_due():
    j = journal(medicines=[medicine(1, started=ago(900))], doses=[dose(1, TODAY, 1)])
    due = medicines.due_date(TODAY, "every_6_months")
    soon = reminders.medicines_due(j, due - dt.timedelta(days=3))[0]
    on_the_day = reminders.medicines_due(j, due)[0]
    late = reminders.medicines_due(j, due + dt.timedelta(days=1))[0]
    assert [soon.key.rsplit(":", 1)[1], on_the_day.key.rsplit(":", 1)[1]] == ["soon", "today"]
    assert late.key.endswith(":overdue")
    assert soon.date == on_the_day.date == late.date == due


def test_daily_as_needed_stopped_and_undosed_medicines_are_not_reminders():
    j = journal(
        medicines=[
            medicine(1, kind="calcium"),
            medicine(2, kind="paracetamol"),
            medicine(3, stopped=ago(10)),
            medicine(4, kind="zoledronate"),
        ],
        doses=[dose(1, ago(500), 3)],
    )
    assert reminders.medicines_due(j, TODAY) == []


def test_medicine_reminders_can_be_switched_off():
    j = with_profile(prolia(200), remind_medicines=False, remind_log=False)
    assert reminders.due_now(j, TODAY, EVENING) == []


def test_the_reminder_is_the_medicines_panel_and_pages_status():
    j = prolia(200)
    (item,) = reminders.medicines_due(j, TODAY)
    assert item.status == medicines.statuses(j, TODAY)[1]
    assert item.date == medicines.page(j, 1, TODAY)["status"].due


# --- the rescan -----------------------------------------------------------------------------


def low_scan(days_ago: int):
    return scan(1, ago(days_ago), spine="-2.0")


@pytest.mark.parametrize(("days", "due"), [(730, False), (731, True)])
def test_rescan_due_from_the_first_day_the_flag_shows(days, due):
    j = journal(scans=[low_scan(days)])
    assert kinds(reminders.rescan_now(j, TODAY)) == (["rescan"] if due else [])
    assert bool(check("bone.rescan_due", j, TODAY)) is due


def test_rescan_date_is_the_first_day_of_the_flag_for_normal_and_low_scans():
    for sites in ({"spine": "-2.0"}, {"spine": "0.5"}):
        j = journal(scans=[scan(1, ago(100), **sites)])
        due = reminders.rescan_date(j, TODAY).date
        assert check("bone.rescan_due", j, due) != []
        assert check("bone.rescan_due", j, due - dt.timedelta(days=1)) == []


def test_rescan_reminder_can_be_switched_off_and_needs_a_scan():
    j = journal(scans=[low_scan(800)])
    assert kinds(reminders.due_now(with_profile(j, remind_log=False), TODAY, EVENING)) == ["rescan"]
    off = with_profile(j, remind_rescan=False, remind_log=False)
    assert reminders.due_now(off, TODAY, EVENING) == []
    assert reminders.rescan_date(journal(), TODAY) is None


# --- all of it, and the calendar -------------------------------------------------------------


def test_due_now_lists_medicines_then_the_rescan_then_the_log():
    j = journal(
        medicines=[medicine(1, started=ago(900))],
        doses=[dose(1, ago(400), 1)],
        scans=[low_scan(800)],
    )
    assert kinds(reminders.due_now(j, TODAY, EVENING)) == ["medicine", "rescan", "log"]


def test_calendar_holds_every_due_date_near_or_far_with_the_same_dates():
    j = journal(
        medicines=[
            medicine(1, started=ago(900), name="Prolia"),
            medicine(2, kind="bisphosphonate_oral", name="Alendronate"),
            medicine(3, kind="calcium"),
        ],
        doses=[dose(1, ago(10), 1), dose(2, ago(2), 2)],
        scans=[low_scan(100)],
    )
    cal = reminders.calendar(j, TODAY)
    statuses = medicines.statuses(j, TODAY)
    by_uid = {item.uid: item for item in cal.dated}
    assert by_uid["medicine-1"].date == statuses[1].due
    assert by_uid["medicine-2"].date == statuses[2].due
    assert "medicine-3" not in by_uid  # daily: counted as taken, nothing falls due
    assert by_uid["rescan"].date == reminders.rescan_date(j, TODAY).date
    assert by_uid["medicine-1"].alarm_days == 14
    assert by_uid["medicine-2"].alarm_days == 1
    assert cal.daily_hour == ProfileData().reminder_hour


def test_calendar_leaves_out_what_is_switched_off():
    j = with_profile(
        journal(medicines=[medicine(1)], doses=[dose(1, ago(10), 1)], scans=[low_scan(100)]),
        remind_medicines=False,
        remind_rescan=False,
        remind_log=False,
    )
    assert reminders.calendar(j, TODAY) == reminders.Calendar((), None)
