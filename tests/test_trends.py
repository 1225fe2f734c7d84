"""Trends: ranges, rolling and weekly means, weekly activity, pain episodes (pure, no database)."""

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from journal import trends
from journal.snapshot import Pain
from journal.trends import (
    DEFAULT_RANGE,
    RANGES,
    Week,
    pain_episodes,
    parse_range,
    rolling_mean,
    week_start,
    weekly_activity,
    weekly_means,
    window_start,
)

from .builders import exercise, pain

MONDAY = dt.date(2026, 3, 2)  # a Monday
D = dt.timedelta


def day(n: int) -> dt.date:
    return MONDAY + D(days=n)


def pains_on(*pairs: tuple[int, int]) -> list[Pain]:
    return [pain(i, day(n), score) for i, (n, score) in enumerate(pairs)]


# --- ranges -------------------------------------------------------------------------------------


def test_parse_range_accepts_every_known_key_trimmed_and_in_any_case():
    assert [parse_range(k) for k in RANGES] == list(RANGES)
    assert parse_range(" ALL ") == "all"
    assert parse_range("1Y") == "1y"


def test_parse_range_gives_the_default_for_junk_and_never_raises():
    for junk in (None, "", "7d", "365", "all; drop table", 30, ["30d"], b"30d"):
        assert parse_range(junk) == DEFAULT_RANGE
    assert DEFAULT_RANGE == "90d"


def test_window_start_counts_today_as_the_last_day_of_the_window():
    today = dt.date(2026, 5, 29)
    assert window_start("30d", today) == dt.date(2026, 4, 30)  # 30 days, today included
    assert window_start("90d", today) == today - D(days=89)
    assert window_start("1y", today) == today - D(days=364)


def test_window_start_for_all_is_the_first_entry_or_today():
    today = dt.date(2026, 5, 29)
    assert window_start("all", today, dt.date(2015, 1, 3)) == dt.date(2015, 1, 3)
    assert window_start("all", today, None) == today
    assert window_start("all", today, today + D(days=3)) == today  # never after today
    assert window_start("junk", today, None) == today - D(days=89)  # default range


def test_week_start_is_the_monday():
    assert week_start(day(0)) == MONDAY
    assert week_start(day(6)) == MONDAY  # Sunday
    assert week_start(day(7)) == day(7)


# --- means --------------------------------------------------------------------------------------


def test_rolling_mean_matches_a_hand_computed_example():
    points = [(day(0), 2), (day(1), 4), (day(3), 6), (day(7), 8), (day(7), 0)]
    # Day 0: 2. Day 1: (2+4)/2. Day 3: (2+4+6)/3. Day 7: days 1..7 -> (4+6+8+0)/4.
    assert rolling_mean(points, 7) == [(day(0), 2.0), (day(1), 3.0), (day(3), 4.0), (day(7), 4.5)]


def test_rolling_mean_window_is_n_calendar_days_including_the_day():
    points = [(day(0), 10), (day(6), 0), (day(7), 0)]
    # Day 6 still sees day 0 (7 days: 0..6); day 7 no longer does.
    assert rolling_mean(points, 7) == [(day(0), 10.0), (day(6), 5.0), (day(7), 0.0)]


def test_rolling_mean_ignores_points_after_end_and_accepts_unsorted_input():
    points = [(day(2), 4), (day(0), 2), (day(9), 100)]
    assert rolling_mean(points, 30, end=day(5)) == [(day(0), 2.0), (day(2), 3.0)]
    assert rolling_mean([], 7) == []


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=120), st.integers(min_value=0, max_value=10)),
        min_size=1,
        max_size=60,
    ),
    st.integers(min_value=1, max_value=40),
)
def test_rolling_mean_stays_within_the_range_of_the_values_it_averages(pairs, days):
    points = [(day(n), score) for n, score in pairs]
    result = rolling_mean(points, days)
    assert [d for d, _ in result] == sorted({d for d, _ in points})
    for when, mean in result:
        window = [v for d, v in points if when - D(days=days - 1) <= d <= when]
        assert min(window) - 1e-9 <= mean <= max(window) + 1e-9
        assert abs(mean - sum(window) / len(window)) < 1e-9


def test_weekly_means_group_by_monday_with_counts():
    points = [(day(0), 2), (day(6), 4), (day(7), 9)]
    assert weekly_means(points) == [(MONDAY, 3.0, 2), (day(7), 9.0, 1)]


def test_weekly_activity_counts_vigorous_minutes_double_and_light_not_at_all():
    sessions = [
        exercise(0, day(0), minutes=30, intensity="moderate"),
        exercise(0, day(1), minutes=20, intensity="vigorous"),
        exercise(0, day(2), minutes=90, intensity="light"),
    ]
    assert weekly_activity(sessions, day(0), day(6)) == [Week(MONDAY, 70, 3)]


def test_weekly_activity_weeks_start_on_monday_and_empty_weeks_are_zero():
    sessions = [exercise(0, day(6), minutes=10), exercise(0, day(7), minutes=20)]  # Sunday, Monday
    weeks = weekly_activity(sessions, day(2), day(22))
    assert [w.start for w in weeks] == [day(0), day(7), day(14), day(21)]
    assert all(w.start.weekday() == 0 for w in weeks)
    assert [w.moderate_minutes for w in weeks] == [10, 20, 0, 0]


def test_weekly_activity_counts_weight_bearing_sessions_whatever_their_intensity():
    sessions = [
        exercise(0, day(0), kind="walking", intensity="light"),
        exercise(0, day(0), kind="strength"),
        exercise(0, day(1), kind="low_impact"),  # swimming: not weight-bearing
        exercise(0, day(1), kind="other", load_kg=Decimal("5")),  # carrying a load counts
        exercise(0, day(2), kind="balance"),
    ]
    (week,) = weekly_activity(sessions, day(0), day(6))
    assert week.weight_bearing_sessions == 3


def test_weekly_activity_leaves_out_sessions_outside_start_and_end():
    sessions = [exercise(0, day(-1)), exercise(0, day(0)), exercise(0, day(9))]
    assert weekly_activity(sessions, day(0), day(6)) == [Week(MONDAY, 30, 1)]


# --- pain episodes ------------------------------------------------------------------------------


def test_pain_episode_continues_across_a_gap_of_exactly_14_days():
    pains = pains_on((0, 3), (14, 4))
    assert pain_episodes(pains) == [tuple(pains)]


def test_pain_episode_ends_at_a_gap_of_15_days():
    pains = pains_on((0, 3), (15, 4))
    assert pain_episodes(pains) == [(pains[0],), (pains[1],)]


def test_a_zero_score_ends_the_episode_and_belongs_to_none():
    pains = pains_on((0, 5), (1, 0), (2, 5), (3, 6))
    assert pain_episodes(pains) == [(pains[0],), (pains[2], pains[3])]


def test_pain_episodes_of_an_empty_or_pain_free_journal_are_none():
    assert pain_episodes([]) == []
    assert pain_episodes(pains_on((0, 0), (1, 0))) == []


def test_pain_episodes_keep_entries_of_the_same_day_together():
    pains = pains_on((0, 2), (0, 7), (10, 1))
    assert pain_episodes(pains) == [tuple(pains)]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=40))
def test_pain_episodes_partition_the_painful_entries_in_order(steps):
    pains, n = [], 0
    for i, (gap, score) in enumerate(steps):
        n += gap
        pains.append(pain(i, day(n), score))
    episodes = pain_episodes(pains)
    assert [p for e in episodes for p in e] == [p for p in pains if p.score >= 1]
    for episode in episodes:
        assert all((b.date - a.date).days <= 14 for a, b in itertools.pairwise(episode))


def test_weeks_per_point_keeps_a_series_within_its_bound():
    start = dt.date(1900, 1, 1)  # a Monday
    assert trends.weeks_per_point(start, start + dt.timedelta(days=7 * 599), 600) == 1
    assert trends.weeks_per_point(start, start + dt.timedelta(days=7 * 600), 600) == 2
    end = dt.date(2026, 6, 15)
    k = trends.weeks_per_point(start, end, 600)
    runs = {trends.run_start(start + dt.timedelta(days=d), start, k) for d in range(0, 46_000, 7)}
    assert len(runs) <= 600


def test_merge_weeks_weighs_each_value_the_same():
    monday = dt.date(2026, 1, 5)
    weekly = [(monday, 2.0, 1), (monday + dt.timedelta(days=7), 5.0, 3)]
    assert trends.merge_weeks(weekly, monday, 2) == [(monday, (2 + 15) / 4, 4)]
    assert trends.run_start(monday + dt.timedelta(days=20), monday, 2) == monday + dt.timedelta(
        days=14
    )
