"""A treatment course in figures (journal.courses) and its charts, the mood and PEG charts: pure,
on constructed journals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from journal import courses
from journal.charts import cache_key, chart_data, course_chart_data, render_svg

from .builders import TODAY, ago, journal, mood, pain, peg, session, sleep, treatment


def summary_journal():
    first = ago(30)
    return first, journal(
        treatments=[treatment(1, ago(35))],
        sessions=[
            session(10, first, before=6, after=4),
            session(11, ago(20), before=5),  # no "after": not a pair
            session(12, ago(10), before=4, after=5),
            session(13, ago(-3), before=2, after=1),  # after today: not counted
            session(20, ago(15), treatment_id=2, before=9, after=0),  # another course
        ],
        pains=[
            pain(1, first - dt.timedelta(days=28), 8),  # the first day of "before"
            pain(2, first - dt.timedelta(days=29), 10),  # one day too early
            pain(3, first - dt.timedelta(days=1), 6),
            pain(4, first, 4),  # "since" starts with the first session
            pain(5, ago(27), 3),  # in "latest" (today - 27) and "since"
            pain(6, ago(28), 5),  # in "since", not "latest"
        ],
        sleeps=[sleep(1, first - dt.timedelta(days=2), 2), sleep(2, ago(1), 4)],
        pegs=[peg(1, ago(3), 3, 4, 5)],
    )


def test_course_summary_windows_means_and_counts():
    first, j = summary_journal()
    s = courses.summarise(j, j.treatments[0], TODAY)
    assert s.first_session == first
    assert [x.id for x in s.sessions] == [10, 11, 12]
    pain_row, sleep_row, peg_row = s.measures
    assert (pain_row.before.mean, pain_row.before.count) == (Decimal(7), 2)
    assert (pain_row.before.start, pain_row.before.end) == (ago(58), ago(31))
    assert (pain_row.since.mean, pain_row.since.count) == (Decimal(4), 3)
    assert (pain_row.latest.mean, pain_row.latest.count) == (Decimal(3), 1)
    assert (sleep_row.before.mean, sleep_row.since.mean) == (Decimal(2), Decimal(4))
    assert (peg_row.before.count, peg_row.since.mean) == (0, Decimal(4))
    assert peg_row.before.mean is None


def test_course_pairs_are_the_sessions_with_pain_before_and_after():
    _, j = summary_journal()
    s = courses.summarise(j, j.treatments[0], TODAY)
    assert [(p.session.id, p.change) for p in s.pairs] == [(10, -2), (12, 1)]
    assert s.mean_pair_change == Decimal("-0.5")


def test_a_course_without_sessions_has_no_measures_yet():
    j = journal(treatments=[treatment(1, ago(3))])
    s = courses.summarise(j, j.treatments[0], TODAY)
    assert (s.sessions, s.measures, s.pairs, s.first_session) == ((), (), (), None)


def test_the_course_chart_spans_28_days_before_the_first_session_and_marks_each_session():
    first, j = summary_journal()
    data = course_chart_data(j, 1, TODAY)
    assert data.name == "course"
    assert data.start == first - dt.timedelta(days=28)
    assert [day for day, _ in data.get("sessions").points] == [first, ago(20), ago(10)]
    assert "3 sessions marked, the first on" in data.alt
    svg = render_svg(data)
    assert svg.startswith(b"<?xml")
    assert b"Session" in svg


def test_a_course_chart_without_sessions_says_so():
    j = journal(treatments=[treatment(1, ago(3))], pains=[pain(1, ago(1), 4)])
    data = course_chart_data(j, 1, TODAY)
    assert data.get("sessions") is None
    assert data.alt.endswith("No sessions logged yet.")


def test_the_mood_chart_plots_totals_with_their_bands():
    j = journal(moods=[mood(1, ago(40), total=14), mood(2, ago(10), total=4)])
    data = chart_data("mood", j, "90d", TODAY)
    assert data.get("total").points == ((ago(40), 14.0), (ago(10), 4.0))
    assert data.table[0][1:] == ("14", "moderate")
    assert "latest 4 of 27 (minimal)" in data.alt
    svg = render_svg(data)
    for band in ("minimal", "mild", "moderate", "severe"):
        assert band.encode() in svg


def test_the_peg_chart_plots_the_score_and_tables_the_three_answers():
    j = journal(pegs=[peg(1, ago(7), 6, 5, 4), peg(2, ago(0), 2, 3, 3)])
    data = chart_data("peg", j, "30d", TODAY)
    assert data.get("score").points == ((ago(7), 5.0), (ago(0), 2.67))
    assert data.table[-1] == ("15 Jun 2026", "2.7", "2, 3, 3")
    assert render_svg(data).startswith(b"<?xml")


def test_a_new_phq9_changes_the_mood_charts_cache_key():
    one = journal(moods=[mood(1, ago(4), total=5)])
    two = journal(moods=[mood(1, ago(4), total=5), mood(2, ago(1), total=6)])
    assert cache_key(chart_data("mood", one, "90d", TODAY)) != cache_key(
        chart_data("mood", two, "90d", TODAY)
    )
