"""Every form's limits: each boundary and one step past it, with a message a person understands."""

from __future__ import annotations

import datetime as dt

import pytest

from journal import forms as f
from journal import models as m

from .builders import TODAY, make_pain

pytestmark = pytest.mark.django_db


def pain(**over) -> dict:
    data = {"date": "2026-06-15", "score": "4", "locations": ["lower_back"]}
    data.update(over)
    return data


def _errors(form_class, data, **kw) -> dict:
    form = form_class(data, today=TODAY, **kw)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize("score", ["0", "10"])
def test_pain_score_accepts_the_ends_of_the_scale(score):
    assert _errors(f.PainForm, pain(score=score)) == {}


@pytest.mark.parametrize("score", ["-1", "11", "3.5", "four", "99999999999999999999"])
def test_pain_score_outside_0_to_10_or_not_whole_is_refused(score):
    errors = _errors(f.PainForm, pain(score=score))
    assert errors == {"score": ["Enter a whole number from 0 to 10."]}


def test_pain_without_a_score_asks_for_one():
    assert _errors(f.PainForm, pain(score="")) == {"score": ["Choose a pain score from 0 to 10."]}


def test_pain_needs_at_least_one_location():
    errors = _errors(f.PainForm, pain(locations=[]))
    assert errors["locations"] == ["Choose at least one place where it hurts."]


def test_pain_unknown_location_is_refused():
    assert "locations" in _errors(f.PainForm, pain(locations=["elbow"]))


@pytest.mark.parametrize(("field", "value"), [("onset", "explosive"), ("quality", "tingly")])
def test_pain_unknown_choice_is_refused(field, value):
    assert _errors(f.PainForm, pain(**{field: value}))[field] == [
        "Choose one of the listed options."
    ]


def test_date_today_is_accepted_and_tomorrow_is_refused():
    assert _errors(f.PainForm, pain(date=TODAY.isoformat())) == {}
    errors = _errors(f.PainForm, pain(date=(TODAY + dt.timedelta(days=1)).isoformat()))
    assert "future" in errors["date"][0]


def test_date_1900_is_accepted_and_1899_is_refused():
    assert _errors(f.PainForm, pain(date="1900-01-01")) == {}
    assert "1900" in _errors(f.PainForm, pain(date="1899-12-31"))["date"][0]


@pytest.mark.parametrize("date", ["15/06/2026", "2026-13-01", "yesterday", "2026-02-30"])
def test_malformed_date_is_refused_with_the_format(date):
    assert _errors(f.PainForm, pain(date=date))["date"] == ["Enter a date as YYYY-MM-DD."]


def test_time_is_optional_but_must_be_a_time():
    assert _errors(f.PainForm, pain(time="")) == {}
    assert _errors(f.PainForm, pain(time="07:30")) == {}
    assert "time" in _errors(f.PainForm, pain(time="25:99"))


def test_note_of_2000_characters_is_accepted_and_2001_refused():
    assert _errors(f.PainForm, pain(note="a" * 2000)) == {}
    assert "2,000" in _errors(f.PainForm, pain(note="a" * 2001))["note"][0]


def test_note_with_a_null_character_is_refused():
    assert "note" in _errors(f.PainForm, pain(note="bad\x00note"))


def dexa(**over) -> dict:
    data = {"date": "2026-06-15", "spine_t": "-2.5"}
    data.update(over)
    return data


@pytest.mark.parametrize("t", ["-6.0", "4.0", "-6", "-2.55", "0"])
def test_t_score_inside_minus_6_to_plus_4_with_two_decimals_is_accepted(t):
    assert _errors(f.DexaForm, dexa(spine_t=t)) == {}


@pytest.mark.parametrize("t", ["-6.01", "4.01", "-2.555", "abc", "NaN", "Infinity", "1e5"])
def test_t_score_outside_range_or_too_precise_is_refused(t):
    errors = _errors(f.DexaForm, dexa(spine_t=t))
    assert list(errors) == ["spine_t"]


def test_t_score_with_three_decimals_says_so():
    assert _errors(f.DexaForm, dexa(spine_t="-2.555"))["spine_t"] == [
        "Use at most 2 decimal places."
    ]


@pytest.mark.parametrize(
    ("bmd", "ok"), [("0.2", True), ("2.0", True), ("0.199", False), ("2.001", False)]
)
def test_bmd_limits(bmd, ok):
    assert (_errors(f.DexaForm, dexa(spine_bmd=bmd)) == {}) is ok


def test_dexa_without_any_site_is_refused():
    errors = _errors(f.DexaForm, {"date": "2026-06-15"})
    assert errors["__all__"] == ["Enter the T-score for at least one site."]


def test_dexa_bmd_without_its_t_score_is_refused_next_to_the_t_field():
    errors = _errors(f.DexaForm, dexa(total_hip_bmd="0.800"))
    assert "total_hip_t" in errors


def test_dexa_any_single_site_is_enough():
    assert _errors(f.DexaForm, {"date": "2026-06-15", "forearm_t": "-1.2"}) == {}


def exercise(**over) -> dict:
    data = {"date": "2026-06-15", "kind": "walking", "minutes": "30", "intensity": "moderate"}
    data.update(over)
    return data


@pytest.mark.parametrize(
    ("minutes", "ok"), [("1", True), ("600", True), ("0", False), ("601", False), ("2.5", False)]
)
def test_exercise_minutes_limits(minutes, ok):
    assert (_errors(f.ExerciseForm, exercise(minutes=minutes)) == {}) is ok


@pytest.mark.parametrize(("field", "value"), [("kind", "skydiving"), ("intensity", "extreme")])
def test_exercise_unknown_choices_are_refused(field, value):
    assert field in _errors(f.ExerciseForm, exercise(**{field: value}))


def test_exercise_load_and_jumps_are_optional():
    assert _errors(f.ExerciseForm, exercise(load_kg="", jumps="")) == {}
    assert _errors(f.ExerciseForm, exercise(load_kg="5.5", jumps="40")) == {}
    assert "jumps" in _errors(f.ExerciseForm, exercise(jumps="-1"))


@pytest.mark.parametrize(
    ("cm", "ok"), [("100", True), ("250", True), ("99.9", False), ("250.1", False)]
)
def test_height_limits(cm, ok):
    assert (_errors(f.HeightForm, {"date": "2026-06-15", "height_cm": cm}) == {}) is ok


def test_fracture_site_must_be_a_listed_one():
    assert _errors(f.FractureForm, {"date": "2026-06-15", "site": "wrist"}) == {}
    assert "site" in _errors(f.FractureForm, {"date": "2026-06-15", "site": "nose"})


def test_profile_birth_year_cannot_be_in_the_future():
    form = f.ProfileForm({"birth_year": "2027", "timezone": "UTC"}, today=TODAY)
    assert not form.is_valid()
    assert "birth_year" in form.errors


def test_profile_unknown_timezone_is_refused():
    form = f.ProfileForm({"timezone": "Mars/Olympus"}, today=TODAY)
    assert "timezone" in form.errors


class _ChildForm(f.JournalForm):
    """A form with a parent entry from another log, as a dose has its medicine."""

    parent = f.OwnedChoiceField(m.PainEntry, "Pain entry", "pain entry", "pain entries")


def test_a_parent_choice_offers_only_the_persons_own_entries(owner, stranger):
    mine, theirs = make_pain(owner), make_pain(stranger)
    form = _ChildForm(user=owner, today=TODAY)
    assert list(form.fields["parent"].queryset) == [mine]
    assert theirs.pk not in [value for value, _ in form.fields["parent"].choices if value]


def test_another_persons_parent_reads_like_one_that_does_not_exist(owner, stranger):
    theirs = make_pain(stranger)
    as_theirs = _ChildForm({"date": "2026-06-15", "parent": theirs.pk}, user=owner, today=TODAY)
    missing = _ChildForm({"date": "2026-06-15", "parent": 10**9}, user=owner, today=TODAY)
    assert not as_theirs.is_valid()
    assert as_theirs.errors == missing.errors == {"parent": ["Choose one of your pain entries."]}
