"""The insights: pain on days with and without each factor, on journals whose answer is known."""

from __future__ import annotations

import datetime as dt

import pytest

from journal import insights as ins
from journal.wording.insights import describe

from .builders import (
    TODAY,
    ago,
    dose,
    exercise,
    journal,
    medicine,
    mood,
    pain,
    peg,
    session,
    sleep,
)

START = ago(119)  # a 120-day window ending TODAY


def by_name(result, key: str) -> ins.Comparison:
    return next(c for c in result.comparisons if c.factor.key == key)


def days(n: int) -> list[dt.date]:
    return [ago(i) for i in range(n)]


def exercise_journal(with_scores, without_scores):
    """Exercise on the first len(with_scores) days (one pain entry each), none on the rest."""
    dates = days(len(with_scores) + len(without_scores))
    scores = [*with_scores, *without_scores]
    pains = [pain(i, day, score) for i, (day, score) in enumerate(zip(dates, scores, strict=True))]
    sessions = [exercise(i, day) for i, day in enumerate(dates[: len(with_scores)])]
    return journal(pains=pains, exercises=sessions)


def test_exercise_days_exactly_2_points_lower_give_a_difference_of_2_and_a_clear_interval():
    # Both groups spread the same way (3, 4, 5 and 5, 6, 7), the exercise days 2 points lower.
    j = exercise_journal([3, 4, 5] * 10, [5, 6, 7] * 10)
    c = by_name(ins.insights(j, START, TODAY), "exercise")
    assert (c.with_days, c.without_days) == (30, 30)
    assert (c.with_mean, c.without_mean) == (4.0, 6.0)
    assert c.difference == pytest.approx(-2.0)
    assert c.low < c.difference < c.high < 0  # the interval excludes 0
    assert c.clear
    assert describe(c).startswith("Pain was 2.0 points lower on days with exercise (95% interval")


def test_no_relation_gives_an_interval_that_includes_0():
    j = exercise_journal([2, 8, 5, 3, 7] * 4, [5, 3, 7, 2, 8] * 4)
    c = by_name(ins.insights(j, START, TODAY), "exercise")
    assert c.difference == pytest.approx(0.0)
    assert c.low < 0 < c.high
    assert not c.clear
    assert describe(c).startswith("No clear difference")


def test_a_comparison_is_shown_with_10_days_on_each_side():
    c = by_name(ins.insights(exercise_journal([3] * 10, [6] * 10), START, TODAY), "exercise")
    assert c.enough
    assert c.difference == pytest.approx(-3.0)


def test_with_9_days_on_one_side_it_says_not_enough_days_yet():
    c = by_name(ins.insights(exercise_journal([3] * 9, [6] * 30), START, TODAY), "exercise")
    assert not c.enough
    assert (c.difference, c.low, c.high) == (None, None, None)
    assert describe(c) == (
        "Not enough days yet: 9 days with exercise and 30 days without; each side needs at "
        "least 10."
    )


def test_the_same_journal_always_gives_the_same_interval():
    j = exercise_journal([2, 4, 5, 3] * 5, [5, 6, 4, 7] * 5)
    first = by_name(ins.insights(j, START, TODAY), "exercise")
    assert by_name(ins.insights(j, START, TODAY), "exercise") == first


def test_a_days_pain_is_the_mean_of_its_entries_and_only_days_in_the_window_count():
    j = journal(pains=[pain(1, ago(1), 2), pain(2, ago(1), 6), pain(3, ago(200), 9)])
    assert ins.daily_pain(j, START, TODAY) == {ago(1): 4.0}


def test_weight_bearing_and_strength_count_only_their_own_sessions():
    dates = days(20)
    j = journal(
        pains=[pain(i, day, 5) for i, day in enumerate(dates)],
        exercises=[exercise(1, dates[0], "strength"), exercise(2, dates[1], "low_impact")],
    )
    result = ins.insights(j, START, TODAY)
    assert (by_name(result, "strength").with_days, by_name(result, "strength").without_days) == (
        1,
        19,
    )
    assert by_name(result, "weight_bearing").with_days == 1  # strength is weight-bearing
    assert by_name(result, "exercise").with_days == 2


def test_a_session_counts_for_its_day_and_the_day_after():
    dates = days(10)
    j = journal(
        pains=[pain(i, day, 5) for i, day in enumerate(dates)], sessions=[session(1, ago(5))]
    )
    c = by_name(ins.insights(j, START, TODAY), "session")
    assert (c.with_days, c.without_days) == (2, 8)  # ago(5) and ago(4)


def test_sleep_sorts_days_by_the_night_before_and_leaves_out_nights_not_logged():
    j = journal(
        pains=[pain(i, ago(i), 5) for i in range(6)],
        sleeps=[sleep(1, ago(0), 4), sleep(2, ago(1), 5), sleep(3, ago(2), 3), sleep(4, ago(3), 1)],
    )
    c = by_name(ins.insights(j, START, TODAY), "sleep")
    assert (c.with_days, c.without_days) == (2, 2)  # ago(4), ago(5): no sleep entry


def test_the_weekend_is_saturday_and_sunday():
    j = journal(pains=[pain(i, ago(i), 5) for i in range(14)])
    c = by_name(ins.insights(j, START, TODAY), "weekend")
    assert (c.with_days, c.without_days) == (4, 10)


def test_months_put_the_mean_pain_beside_the_phq9_totals():
    j = journal(
        pains=[pain(1, dt.date(2026, 5, 3), 6), pain(2, dt.date(2026, 5, 20), 3)],
        moods=[mood(1, dt.date(2026, 5, 10), total=12), mood(2, dt.date(2026, 6, 1), total=4)],
    )
    months = ins.months(j, dt.date(2026, 1, 1), TODAY)
    assert [(m.start, m.pain.mean, m.pain.count) for m in months] == [
        (dt.date(2026, 5, 1), 4.5, 2),
        (dt.date(2026, 6, 1), None, 0),
    ]
    assert [[x.total for x in m.moods] for m in months] == [[12], [4]]


def test_months_carry_sleep_and_the_peg_too():
    j = journal(
        sleeps=[sleep(1, dt.date(2026, 4, 1), 2), sleep(2, dt.date(2026, 4, 2), 5)],
        pegs=[peg(1, dt.date(2026, 4, 7), 6, 5, 4)],
    )
    (april,) = ins.months(j, dt.date(2026, 1, 1), TODAY)
    assert (april.sleep.mean, april.sleep.count) == (3.5, 2)
    assert (april.peg.mean, april.peg.count) == (5.0, 1)
    assert (april.pain.mean, april.moods) == (None, ())


def test_every_factor_of_the_issue_is_there_and_one_more_plugs_in_with_one_function():
    assert list(ins.FACTORS) == [
        "exercise",
        "weight_bearing",
        "strength",
        "session",
        "sleep",
        "as_needed_relief",
        "weekend",
    ]
    try:

        @ins.factor("odd", "Odd days", "odd days", "even days")
        def _odd(journal):
            return lambda day: day.day % 2 == 1

        result = ins.insights(journal(pains=[pain(i, ago(i), 5) for i in range(30)]), START, TODAY)
        assert by_name(result, "odd").with_days + by_name(result, "odd").without_days == 30
    finally:
        ins.FACTORS.pop("odd", None)


def test_a_long_journal_is_resampled_in_bounded_chunks():
    a, b = [3.0, 4.0, 5.0] * 400, [5.0, 6.0, 7.0] * 400
    low, high = ins.bootstrap_interval(a, b)
    assert low < -2.0 < high < 0


# --- an as-needed pain reliever (journal.medicines' "taken on a day") ----------------------------


def relief_journal():
    """30 days of pain: an as-needed paracetamol taken on the first 12 (pain 6), not on the other
    18 (pain 3). Around them, doses that must not count: a daily paracetamol (every day of its
    span would count, but it is not taken when needed), an as-needed medicine that is no pain
    reliever, and a second dose on a day already counted."""
    dates = days(30)
    pains = [pain(i, day, 6 if i < 12 else 3) for i, day in enumerate(dates)]
    medicines = [
        medicine(1, dates[-1], "paracetamol", "as_needed"),
        medicine(2, dates[-1], "paracetamol", "daily"),
        medicine(3, dates[-1], "calcium", "as_needed"),
        medicine(4, dates[-1], "nsaid", "as_needed", stopped=dates[20]),
    ]
    doses = [dose(i, day, 1) for i, day in enumerate(dates[:11])]
    doses += [dose(50, dates[11], 4)]  # a stopped NSAID's dose still counts for its day
    doses += [dose(51, dates[0], 1), dose(52, dates[20], 3)]  # twice on a day; calcium
    return journal(pains=pains, medicines=medicines, doses=doses)


def test_as_needed_relief_days_are_those_with_a_dose_of_an_as_needed_pain_reliever():
    c = by_name(ins.insights(relief_journal(), START, TODAY), "as_needed_relief")
    assert (c.with_days, c.without_days) == (12, 18)
    assert (c.with_mean, c.without_mean) == (6.0, 3.0)
    assert c.difference == pytest.approx(3.0)
    assert c.clear
    assert describe(c).startswith("Pain was 3.0 points higher on days one was taken (95% interval")
    assert "not whether it helps" in c.factor.note


def test_as_needed_relief_follows_the_medicines_definition_of_taken_on_a_day():
    from journal.medicines import taken_on

    j = relief_journal()
    split = ins.FACTORS["as_needed_relief"].split(j)
    relievers = [m for m in j.medicines if m.id in (1, 4)]
    for day in days(30):
        assert split(day) == any(taken_on(m, j.doses, day) for m in relievers), day


def test_a_journal_without_pain_or_medicines_has_no_relief_days():
    assert ins.FACTORS["as_needed_relief"].split(journal())(TODAY) is False
    c = by_name(ins.insights(journal(pains=[pain(1, TODAY, 4)]), START, TODAY), "as_needed_relief")
    assert (c.with_days, c.without_days) == (0, 1)


@pytest.mark.django_db
def test_the_insights_page_shows_the_relief_factor_with_its_caution(owner_client, owner):
    import re

    from .builders import make_dose, make_medicine, make_pain

    reliever = make_medicine(
        owner, date=ago(40), name="Paracetamol", kind="paracetamol", schedule="as_needed"
    )
    for n in range(24):
        make_pain(owner, date=ago(n), score=6 if n < 12 else 3)
        if n < 12:
            make_dose(owner, date=ago(n), medicine=reliever)
    html = owner_client.get("/insights/").content.decode()
    item = re.search(r'data-factor="as_needed_relief">(.*?)</li>', html, re.S).group(1)
    assert "Pain was 3.0 points higher on days one was taken" in item
    assert "not whether it helps" in item
    assert "not whether it helps" not in html.split('data-factor="as_needed_relief"')[0]
