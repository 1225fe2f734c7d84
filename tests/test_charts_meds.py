"""The vitamin D chart and the pain chart's strip of pain-reliever days (journal/charts/meds.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from journal.charts import CHARTS, cache_key, chart_data, render_svg
from journal.trends import RANGES

from .builders import dose, journal, lab, medicine, pain
from .test_charts import SVG, svg_text

TODAY = dt.date(2026, 5, 29)
D = dt.timedelta


def vitamin_d_journal():
    return journal(
        labs=[
            lab(1, TODAY - D(days=500), "42.0", "nmol_l"),
            lab(2, TODAY - D(days=200), "31.0", "ng_ml"),
            lab(3, TODAY - D(days=10), "49.9", "nmol_l"),
        ]
    )


def relief_journal(days_with_doses=(1, 2, 2, 5)):
    """Pain every day for 400 days; paracetamol on the given days ago (twice on one day), and
    calcium every day (not a pain reliever)."""
    return journal(
        pains=[pain(i, TODAY - D(days=i), 5) for i in range(400)],
        medicines=[
            medicine(1, TODAY - D(days=900), "paracetamol", name="Paracetamol"),
            medicine(2, TODAY - D(days=900), "calcium", schedule="daily"),
        ],
        doses=[dose(10 + i, TODAY - D(days=n), 1) for i, n in enumerate(days_with_doses)],
    )


def test_vitamin_d_is_a_chart():
    assert "vitamin_d" in CHARTS


def test_vitamin_d_plots_every_result_in_ng_ml_with_the_20_line():
    data = chart_data("vitamin_d", vitamin_d_journal(), "all", TODAY)
    points = data.get("vitamin_d").points
    assert [v for _, v in points] == [16.83, 31.0, 19.99]  # 42 / 2.496, 31, 49.9 / 2.496
    assert {v for _, v in data.get("threshold").points} == {20.0}
    assert data.table == (
        ("14 Jan 2025", "42.0 nmol/L", "16.83"),
        ("10 Nov 2025", "31.0 ng/mL", "31.0"),
        ("19 May 2026", "49.9 nmol/L", "19.99"),
    )
    assert data.alt == (
        "25-OH vitamin D from 14 Jan 2025 to 29 May 2026: 3 results, 2 below 20 ng/mL; the "
        "latest 19.99 ng/mL on 19 May 2026, below the 20 ng/mL line."
    )
    text = svg_text(render_svg(data))
    assert "20 ng/mL (49.9 nmol/L)" in text
    assert "nmol/L" in text


def test_vitamin_d_empty_says_so_and_what_a_longer_range_shows():
    assert chart_data("vitamin_d", journal(), "90d", TODAY).empty_message == (
        "No vitamin D results in the last 90 days."
    )
    older = chart_data("vitamin_d", vitamin_d_journal(), "30d", TODAY)
    assert not older.is_empty  # the result 10 days ago
    short = journal(labs=[lab(1, TODAY - D(days=200), "31.0")])
    assert "choose a longer range" in chart_data("vitamin_d", short, "90d", TODAY).empty_message


@pytest.mark.parametrize("range_key", RANGES)
def test_vitamin_d_and_pain_with_its_strip_render_for_every_range(range_key):
    for name, j in (("vitamin_d", vitamin_d_journal()), ("pain", relief_journal())):
        data = chart_data(name, j, range_key, TODAY)
        svg = render_svg(data)
        root = ET.fromstring(svg)
        assert root.find(f"{SVG}desc").text == data.alt
        assert all(len(row) == len(data.table_header) for row in data.table)
        if name == "pain":
            assert "Pain reliever taken" in svg_text(svg)


def test_the_pain_strip_marks_the_days_a_pain_reliever_was_taken_once_each():
    data = chart_data("pain", relief_journal(), "30d", TODAY)
    relief = data.get("relief")
    assert [day for day, _ in relief.points] == [TODAY - D(days=n) for n in (5, 2, 1)]
    assert data.table_header[-1] == "Pain reliever"
    taken = [row[0] for row in data.table if row[-1] == "taken"]
    assert taken == ["24 May 2026", "27 May 2026", "28 May 2026"]
    assert data.alt.endswith(
        "A pain reliever was taken on 3 days of the period, shown as a strip under the scores."
    )


def test_the_pain_strip_counts_days_per_week_on_a_weekly_chart():
    data = chart_data("pain", relief_journal(), "all", TODAY)
    assert data.weekly
    assert data.table_header[-1] == "Days with a pain reliever"
    by_week = {row[0]: row[-1] for row in data.table}
    assert by_week["Week of 25 May 2026"] == "2"  # 27 and 28 May: days, not doses
    assert by_week["Week of 18 May 2026"] == "1"  # Sunday 24 May
    assert sum(int(v) for v in by_week.values()) == 3


def test_no_strip_without_a_pain_reliever_and_the_strip_changes_the_cache_key():
    without = chart_data("pain", relief_journal(()), "30d", TODAY)
    assert without.get("relief") is None
    assert without.table_header == ("Date", "Score", "7-day mean", "30-day mean")
    with_strip = chart_data("pain", relief_journal(), "30d", TODAY)
    assert cache_key(without) != cache_key(with_strip)


def test_a_daily_pain_reliever_fills_the_strip_from_its_start():
    j = journal(
        pains=[pain(i, TODAY - D(days=i), 5) for i in range(30)],
        medicines=[medicine(1, TODAY - D(days=3), "nsaid", schedule="daily")],
    )
    assert len(chart_data("pain", j, "30d", TODAY).get("relief").points) == 4


def test_the_strip_draws_a_run_of_consecutive_days_as_one_bar():
    from journal.charts.meds import _runs

    days = [TODAY - D(days=n) for n in (9, 8, 7, 3, 1, 0)]
    bars = _runs([(day, 1.0) for day in days])
    assert [width for _, width in bars] == [3.0, 1.0, 2.0]
