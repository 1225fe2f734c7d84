"""Treatments, sessions, the PHQ-9, sleep and the PEG: every limit in the database, the forms'
messages, and the writers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from journal import forms as f
from journal import models as m
from journal import services
from journal.logs import LOGS
from journal.snapshot import load_journal

from .builders import (
    TODAY,
    make_mood,
    make_peg,
    make_session,
    make_sleep,
    make_treatment,
)

pytestmark = pytest.mark.django_db


def _violates(factory) -> bool:
    try:
        with transaction.atomic():
            factory()
    except IntegrityError:
        return True
    return False


# --- the database --------------------------------------------------------------------------------


def test_treatment_unknown_kind_is_refused_by_the_database(owner):
    assert _violates(lambda: make_treatment(owner, kind="reiki"))
    assert not _violates(lambda: make_treatment(owner, kind="electroacupuncture"))


@pytest.mark.parametrize(
    ("minutes", "bad"), [(None, False), (1, False), (600, False), (0, True), (601, True)]
)
def test_session_minutes_constraint(owner, minutes, bad):
    assert _violates(lambda: make_session(owner, minutes=minutes)) is bad


@pytest.mark.parametrize("field", ["pain_before", "pain_after"])
@pytest.mark.parametrize(("score", "bad"), [(None, False), (0, False), (10, False), (11, True)])
def test_session_pain_constraint(owner, field, score, bad):
    assert _violates(lambda: make_session(owner, **{field: score})) is bad


def test_deleting_a_course_deletes_its_sessions_and_its_page_says_so_first(owner, owner_client):
    course = make_treatment(owner)
    make_session(owner, treatment=course)
    make_session(owner, treatment=course, date=TODAY - dt.timedelta(days=7))
    assert (
        "Deleting it also deletes its 2 treatment sessions."
        in owner_client.get(f"/treatments/{course.pk}/delete/").content.decode()
    )
    course.delete()
    assert not m.TreatmentSession.objects.exists()


@pytest.mark.parametrize("question", range(9))
@pytest.mark.parametrize(("answer", "bad"), [(0, False), (3, False), (4, True)])
def test_every_phq9_answer_is_0_to_3_in_the_database(owner, question, answer, bad):
    answers = [1] * 9
    answers[question] = answer
    assert _violates(lambda: make_mood(owner, answers=answers)) is bad


@pytest.mark.parametrize(("quality", "bad"), [(1, False), (5, False), (0, True), (6, True)])
def test_sleep_quality_is_1_to_5_in_the_database(owner, quality, bad):
    assert _violates(lambda: make_sleep(owner, quality=quality)) is bad


@pytest.mark.parametrize(
    ("hours", "bad"),
    [("0", False), ("0.5", False), ("7.5", False), ("24", False), ("7.3", True), ("24.5", True)],
)
def test_sleep_hours_are_half_hours_from_0_to_24_in_the_database(owner, hours, bad):
    assert _violates(lambda: make_sleep(owner, hours=Decimal(hours))) is bad


def test_one_sleep_entry_a_night_in_the_database(owner, stranger):
    make_sleep(owner)
    assert _violates(lambda: make_sleep(owner))
    assert not _violates(lambda: make_sleep(stranger))


@pytest.mark.parametrize("field", ["pain", "enjoyment", "activity"])
@pytest.mark.parametrize(("value", "bad"), [(0, False), (10, False), (11, True)])
def test_peg_answers_are_0_to_10_in_the_database(owner, field, value, bad):
    assert _violates(lambda: make_peg(owner, **{field: value})) is bad


def test_a_peg_score_is_the_mean_of_its_three_answers(owner):
    assert make_peg(owner, pain=5, enjoyment=4, activity=6).score == Decimal("5.0")
    assert make_peg(owner, pain=2, enjoyment=3, activity=3).score == Decimal("2.7")


def test_a_phq9_total_and_band(owner):
    entry = make_mood(owner, answers=(3, 3, 2, 1, 1, 0, 0, 0, 0))
    assert (entry.total, entry.band) == (10, "moderate")


def test_load_journal_reads_the_new_logs(owner, stranger):
    course = make_treatment(owner, date=TODAY - dt.timedelta(days=9), name="Dr Chen")
    make_session(owner, treatment=course, minutes=30, pain_before=5, pain_after=3)
    make_mood(owner, answers=(0, 1, 2, 3, 0, 1, 2, 3, 1))
    make_sleep(owner, quality=4, hours=Decimal("7.5"))
    make_peg(owner)
    make_sleep(stranger)
    j = load_journal(owner)
    assert (j.treatments[0].kind, j.treatments[0].name) == ("acupuncture", "Dr Chen")
    assert (j.sessions[0].treatment_id, j.sessions[0].pain_after) == (course.pk, 3)
    assert (j.moods[0].answers, j.moods[0].total, j.moods[0].item9) == (
        (0, 1, 2, 3, 0, 1, 2, 3, 1),
        13,
        1,
    )
    assert (j.sleeps[0].quality, j.sleeps[0].hours) == (4, Decimal("7.5"))
    assert (j.pegs[0].pain, j.pegs[0].enjoyment, j.pegs[0].activity) == (5, 4, 6)


# --- the forms ---------------------------------------------------------------------------------


def _errors(form_class, data, **kw) -> dict:
    form = form_class(data, today=TODAY, **kw)
    form.is_valid()
    return form.errors


def test_a_course_is_started_on_a_date_stored_as_its_date(owner):
    form = f.TreatmentForm({"kind": "massage", "started": "2026-06-01"}, today=TODAY, user=owner)
    assert form.is_valid(), form.errors
    assert form.entry_data()["date"] == dt.date(2026, 6, 1)
    assert "started" not in form.entry_data()


def test_a_course_cannot_start_tomorrow():
    errors = _errors(f.TreatmentForm, {"kind": "massage", "started": "2026-06-16"})
    assert errors["started"] == ["That date is in the future: enter today or earlier."]


def test_a_course_name_over_120_characters_is_refused():
    errors = _errors(f.TreatmentForm, {"kind": "tens", "started": "2026-06-01", "name": "x" * 121})
    assert errors["name"] == ["Keep the name to 120 characters or fewer."]


def test_editing_a_course_starts_from_its_started_date(owner):
    course = make_treatment(owner, date=dt.date(2026, 3, 2))
    assert f.TreatmentForm(instance=course, today=TODAY).initial["started"] == dt.date(2026, 3, 2)


def test_a_session_offers_only_the_persons_own_courses(owner, stranger):
    mine, theirs = make_treatment(owner), make_treatment(stranger)
    form = f.SessionForm(
        {"treatment": str(theirs.pk), "date": "2026-06-15"}, today=TODAY, user=owner
    )
    assert list(form.fields["treatment"].queryset) == [mine]
    assert not form.is_valid()
    assert form.errors["treatment"] == ["Choose one of your treatment courses."]


@pytest.mark.parametrize(
    ("field", "value"), [("minutes", "0"), ("minutes", "601"), ("pain_after", "11")]
)
def test_session_limits_say_the_range(owner, field, value):
    course = make_treatment(owner)
    data = {"treatment": str(course.pk), "date": "2026-06-15", field: value}
    assert "Enter a whole number from" in _errors(f.SessionForm, data, user=owner)[field][0]


def test_every_phq9_question_needs_an_answer_each_with_its_own_message():
    errors = _errors(f.MoodForm, {"date": "2026-06-15", "q3": "2"})
    assert set(errors) == {f"q{i}" for i in range(1, 10)} - {"q3"}
    assert errors["q9"] == ["Choose an answer for question 9."]
    assert _errors(f.MoodForm, {"date": "2026-06-15", **{f"q{i}": "4" for i in range(1, 10)}})[
        "q1"
    ] == ["Choose an answer for question 1."]


def test_the_phq9_keeps_the_standard_items_and_the_two_week_frame():
    form = f.MoodForm(today=TODAY)
    assert form.frame.startswith("Over the last 2 weeks, how often have you been bothered")
    assert form.fields["q9"].label == (
        "9. Thoughts that you would be better off dead, or of hurting yourself in some way"
    )
    assert [label for _, label in form.fields["q1"].choices] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


@pytest.mark.parametrize(
    ("hours", "ok"),
    [("0", True), ("7.5", True), ("24", True), ("7.3", False), ("24.5", False), ("-0.5", False)],
)
def test_sleep_hours_to_the_half_hour_from_0_to_24(owner, hours, ok):
    errors = _errors(
        f.SleepForm, {"date": "2026-06-15", "quality": "3", "hours": hours}, user=owner
    )
    assert ("hours" not in errors) is ok


def test_a_second_sleep_entry_for_the_same_night_is_refused_but_editing_it_is_not(owner):
    night = make_sleep(owner)
    data = {"date": "2026-06-15", "quality": "5"}
    assert _errors(f.SleepForm, data, user=owner)["date"] == [
        "That night's sleep is already in your journal: change that entry instead."
    ]
    assert _errors(f.SleepForm, data, user=owner, instance=night) == {}


def test_the_peg_needs_all_three_answers():
    errors = _errors(f.PegForm, {"date": "2026-06-15", "pain": "4"})
    assert errors == {
        "enjoyment": ["Choose a number from 0 to 10."],
        "activity": ["Choose a number from 0 to 10."],
    }


# --- the writers -------------------------------------------------------------------------------


def test_a_session_of_another_persons_course_is_refused_by_the_writer(owner, stranger):
    theirs = make_treatment(stranger)
    data = {"treatment": theirs, "date": TODAY}
    with pytest.raises(ValidationError):
        services.save_entry(LOGS["sessions"], owner, data)
    assert not m.TreatmentSession.objects.exists()


def test_a_new_sleep_entry_for_a_night_already_logged_changes_that_night(owner):
    first = services.save_entry(
        LOGS["sleep"], owner, {"date": TODAY, "quality": 2, "hours": Decimal("6")}
    )
    again = services.save_entry(LOGS["sleep"], owner, {"date": TODAY, "quality": 4})
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.quality, again.hours) == (4, Decimal("6.0"))
    assert m.SleepEntry.objects.count() == 1


def test_two_saves_of_the_same_night_racing_end_as_one_entry(owner, monkeypatch):
    """Another request saves the same night after this one looked and checked, before it inserts:
    the database refuses the second row, and the writer changes the other request's instead."""
    other = m.SleepEntry.objects.create(user=owner, date=TODAY, quality=1)
    real_clean = m.SleepEntry.full_clean
    monkeypatch.setattr(services, "night_of", lambda *args: None)  # it was not there yet
    monkeypatch.setattr(  # nor when this request checked the constraints
        m.SleepEntry,
        "full_clean",
        lambda self, *a, **kw: real_clean(self, *a, **kw | {"validate_constraints": False}),
    )
    entry = services.save_entry(LOGS["sleep"], owner, {"date": TODAY, "quality": 5})
    assert entry.pk == other.pk
    assert list(m.SleepEntry.objects.values_list("quality", flat=True)) == [5]


def test_a_new_session_starts_with_the_latest_course_chosen(owner):
    make_treatment(owner, date=TODAY - dt.timedelta(days=90))
    latest = make_treatment(owner, date=TODAY - dt.timedelta(days=10), kind="physiotherapy")
    assert f.SessionForm(today=TODAY, user=owner).initial["treatment"] == latest.pk
    chosen = f.SessionForm(today=TODAY, user=owner, initial={"treatment": 1234})
    assert chosen.initial["treatment"] == 1234  # ?treatment=<id> wins


def test_a_new_session_without_any_course_says_to_add_one_first(owner):
    form = f.SessionForm(today=TODAY, user=owner)
    assert form.fields["treatment"].help_text == (
        "There is no course yet: add one under Treatments first."
    )
