"""Charts: what each chart plots (ChartData), its cache key and the SVG it draws (no database)."""

import dataclasses
import datetime as dt
import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from pathlib import Path

import matplotlib
import pytest

from journal import charts
from journal.charts import CHARTS, cache_key, chart_data, render_svg
from journal.formats import fmt_t
from journal.snapshot import Journal, ProfileData
from journal.trends import RANGES

from .builders import exercise, height, pain, scan

TODAY = dt.date(2026, 5, 29)
SVG = "{http://www.w3.org/2000/svg}"
D = dt.timedelta


# --- journals -----------------------------------------------------------------------------------


def empty_journal():
    return Journal()


def one_point_journal():
    return Journal(
        pains=(pain(0, TODAY, 4),),
        scans=(scan(0, TODAY, spine=-2.5),),
        exercises=(exercise(0, TODAY),),
        heights=(height(0, TODAY, 160.0),),
    )


@cache
def years_journal(years: int = 10, seed: int = 7) -> Journal:
    """A busy journal: a pain entry most days, exercise every other day, yearly scans."""
    rnd = random.Random(seed)
    first = TODAY - D(days=365 * years)
    pains, exercises, scans, heights = [], [], [], []
    level = 3.0
    for n in range((TODAY - first).days + 1):
        when = first + D(days=n)
        level = min(9.0, max(0.0, level + rnd.uniform(-0.8, 0.8)))
        if rnd.random() < 0.7:
            pains.append(pain(n, when, round(min(10, max(0, level + rnd.gauss(0, 1))))))
        if rnd.random() < 0.45:
            kind = rnd.choice(["walking", "strength", "low_impact", "impact", "balance"])
            intensity = rnd.choice(["light", "moderate", "vigorous"])
            exercises.append(exercise(n, when, kind, rnd.choice([20, 30, 60]), intensity))
    t = {"spine": -1.2, "total_hip": -0.9, "femoral_neck": -1.5, "forearm": -0.4}
    for i, when in enumerate(range(20, 365 * years, 400)):
        scans.append(scan(i, first + D(days=when), **{k: round(v, 1) for k, v in t.items()}))
        t = {k: v - rnd.uniform(0.1, 0.4) for k, v in t.items()}
    for i, when in enumerate(range(10, 365 * years, 90)):
        heights.append(height(i, first + D(days=when), round(165.0 - i * 0.15, 1)))
    return Journal(
        ProfileData(tallest_height_cm=Decimal("166.0")),
        tuple(pains),
        tuple(scans),
        tuple(exercises),
        tuple(heights),
    )


JOURNALS = {"empty": empty_journal, "one point": one_point_journal, "ten years": years_journal}

EXPECTED_LABELS = {
    "pain": ["30-day mean", "severe", "Pain (0\u201310)"],
    "tscore": ["Lumbar spine", "normal", "osteopenia", "osteoporosis", "T-score"],
    "activity": ["150 min", "Weight-bearing sessions", "Minutes"],
    "height": ["Height", "Height (cm)"],
    "vitamin_d": ["25-OH vitamin D", "20 ng/mL", "ng/mL", "nmol/L", "low"],
}


def svg_text(svg: bytes) -> str:
    """All text drawn in the SVG, whitespace normalised."""
    root = ET.fromstring(svg)
    pieces = ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]
    return " ".join(" ".join(pieces).split())


# --- rendering every chart, range and journal ---------------------------------------------------


@pytest.mark.parametrize("journal_name", JOURNALS)
@pytest.mark.parametrize("range_key", RANGES)
@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_renders_a_readable_svg_for_every_range_and_journal_size(
    name, range_key, journal_name
):
    data = chart_data(name, JOURNALS[journal_name](), range_key, TODAY)
    svg = render_svg(data)

    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert "viewBox" in root.attrib  # scales to the page width
    assert b"<text" in svg  # text kept as text, not paths
    assert root.find(f"{SVG}title").text == data.title
    assert root.find(f"{SVG}desc").text == data.alt
    text = svg_text(svg)
    if data.is_empty:
        assert not data.series
        assert " ".join(data.empty_message.split()) in text
    else:
        for label in EXPECTED_LABELS[name]:
            assert label in text
        if name == "pain":
            assert ("Weekly mean" if data.weekly else "7-day mean") in text
    assert data.alt
    assert all(len(row) == len(data.table_header) for row in data.table)


def test_an_empty_journal_says_so_in_one_short_sentence_on_every_chart():
    """The dashboard shows it as one line with an "Add ..." link (test_charts_phone)."""
    for name in CHARTS:
        data = chart_data(name, empty_journal(), "90d", TODAY)
        assert data.is_empty
        assert data.empty_message.startswith("No ")
        assert data.empty_message.count(".") == 1
        assert data.empty_message.endswith(".")
        assert len(data.empty_message) <= 60, data.empty_message
        assert data.table == ()


def test_rendering_keeps_the_global_rc_params_untouched():
    before = dict(matplotlib.rcParams)
    render_svg(chart_data("pain", one_point_journal(), "30d", TODAY))
    assert dict(matplotlib.rcParams) == before


@pytest.mark.slow  # imports every module in a new process
def test_no_module_imports_pyplot_when_rendering():
    code = (
        "import sys, datetime as dt\n"
        "from journal import charts\n"
        "from journal.snapshot import Journal, Pain\n"
        "j = Journal(pains=(Pain(1, dt.date(2026, 5, 1), 3, ()),))\n"
        "for name in charts.CHARTS:\n"
        "    charts.render_svg(charts.chart_data(name, j, 'all', dt.date(2026, 5, 29)))\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_render_svg_is_deterministic():
    data = chart_data("tscore", years_journal(), "all", TODAY)
    assert render_svg(data) == render_svg(data)


# --- chart data ---------------------------------------------------------------------------------


def test_pain_over_more_than_a_year_shows_weekly_means_instead_of_every_entry():
    data = chart_data("pain", years_journal(), "all", TODAY)
    assert data.weekly
    assert data.get("entries") is None
    assert data.get("mean7") is None
    weeks = data.get("weekly").points
    assert all(day.weekday() == 0 for day, _ in weeks)
    assert 500 < len(weeks) <= 523
    assert "weekly means" in data.alt


def test_years_of_weekly_means_are_one_line_and_a_few_years_are_dots():
    """Past MARKERS_UP_TO points (five years of weeks) dots would touch: one thin line instead."""
    from journal.charts.draw import MARKERS_UP_TO

    ten_years = chart_data("pain", years_journal(), "all", TODAY)
    assert len(ten_years.get("weekly").points) > MARKERS_UP_TO
    two_years = chart_data("pain", years_journal(2), "all", TODAY)
    assert two_years.weekly
    assert 52 < len(two_years.get("weekly").points) <= MARKERS_UP_TO
    dots = render_svg(two_years).count(b"<use ")
    assert dots >= len(two_years.get("weekly").points)  # one marker each (and the legend's)
    assert render_svg(ten_years).count(b"<use ") < 30  # the axes' ticks only, not 500 dots


def test_pain_over_a_year_or_less_shows_every_entry_and_both_means():
    journal = years_journal()
    data = chart_data("pain", journal, "1y", TODAY)
    assert not data.weekly
    start = TODAY - D(days=364)
    entries = [p for p in journal.pains if p.date >= start]
    assert len(data.get("entries").points) == len(entries) == len(data.table)
    assert data.get("mean7")
    assert data.get("mean30")


def test_pain_means_and_text_alternative_use_real_numbers():
    pains = (pain(0, TODAY - D(days=40), 9), pain(0, TODAY - D(days=6), 2), pain(0, TODAY, 4))
    data = chart_data("pain", Journal(pains=pains), "30d", TODAY)
    assert data.get("entries").points == ((TODAY - D(days=6), 2.0), (TODAY, 4.0))
    # 7-day mean on TODAY covers TODAY-6..TODAY: (2+4)/2; 30-day: the same two, 9 is too old.
    assert data.get("mean7").points[-1] == (TODAY, 3.0)
    assert data.get("mean30").points[-1] == (TODAY, 3.0)
    assert data.alt == (
        "Pain scores from 30 Apr to 29 May 2026: 2 entries, latest 7-day mean 3.0, "
        "latest 30-day mean 3.0, highest 4."
    )
    assert data.table_header == ("Date", "Score", "7-day mean", "30-day mean")
    assert data.table[-1] == ("29 May 2026", "4", "3.0", "3.0")


def test_pain_means_count_entries_from_before_the_window():
    pains = (pain(0, TODAY - D(days=31), 8), pain(0, TODAY - D(days=29), 2))
    data = chart_data("pain", Journal(pains=pains), "30d", TODAY)
    assert data.get("mean7").points == ((TODAY - D(days=29), 5.0),)


def test_tscore_chart_has_one_series_per_site_and_names_a_category_crossing():
    scans = (
        scan(0, dt.date(2024, 5, 1), spine=-2.1, total_hip=-1.2),
        scan(0, dt.date(2026, 5, 1), spine=-2.6, total_hip=-1.3),
    )
    data = chart_data("tscore", Journal(scans=scans), "all", TODAY)
    assert [s.label for s in data.series] == ["Lumbar spine", "Total hip"]
    assert data.get("spine").points == ((dt.date(2024, 5, 1), -2.1), (dt.date(2026, 5, 1), -2.6))
    assert "Lumbar spine \u22122.1 to \u22122.6 (osteopenia to osteoporosis)" in data.alt
    assert ("1 May 2026", "Lumbar spine", "-2.6", "osteoporosis") in data.table
    assert "\u22122.6" in svg_text(render_svg(data))  # each point labelled with its value


def test_tscore_labels_never_round_across_a_who_boundary():
    assert fmt_t(-2.45) == "\u22122.45"  # osteopenia; "-2.5" would read as osteoporosis
    assert fmt_t(-2.5) == "\u22122.5"
    assert fmt_t(0.0, "-") == "0.0"


def test_activity_chart_plots_whole_weeks_from_monday():
    exercises = (
        exercise(0, TODAY - D(days=3), minutes=100, intensity="vigorous"),
        exercise(0, TODAY, kind="low_impact", minutes=60),
    )
    data = chart_data("activity", Journal(exercises=exercises), "30d", TODAY)
    assert data.start.weekday() == 0
    minutes = data.get("minutes").points
    assert all(day.weekday() == 0 for day, _ in minutes)
    assert minutes[-1] == (dt.date(2026, 5, 25), 260.0)
    assert data.get("sessions").points[-1] == (dt.date(2026, 5, 25), 1.0)
    assert "150 or more moderate-equivalent minutes in 1 of 5 weeks" in data.alt


def test_height_needs_two_measurements():
    one = Journal(heights=(height(0, TODAY, 160.2),))
    data = chart_data("height", one, "all", TODAY)
    assert data.is_empty
    assert "160.2 cm" in data.empty_message
    two = Journal(heights=(height(0, TODAY - D(days=100), 161.0), height(0, TODAY, 160.2)))
    data = chart_data("height", two, "1y", TODAY)
    assert not data.is_empty
    assert "down 0.8 cm" in data.alt


def test_unknown_chart_name_raises_key_error_and_unknown_range_gives_the_default():
    with pytest.raises(KeyError):
        chart_data("weight", empty_journal(), "90d", TODAY)
    data = chart_data("pain", one_point_journal(), "forever", TODAY)
    assert data.range_key == "90d"
    assert data.start == TODAY - D(days=89)


# --- cache key ----------------------------------------------------------------------------------


def test_chart_data_is_hashable_and_equal_for_equal_journals():
    a = chart_data("pain", years_journal(), "90d", TODAY)
    b = chart_data("pain", years_journal(), "90d", TODAY)
    assert a == b
    assert hash(a) == hash(b)
    assert cache_key(a) == cache_key(b)
    assert cache_key(a).startswith("chart:pain:")


def test_cache_key_changes_when_one_plotted_value_changes():
    journal = one_point_journal()
    before = cache_key(chart_data("pain", journal, "30d", TODAY))
    changed = dataclasses.replace(journal, pains=(pain(0, TODAY, 5),))
    assert cache_key(chart_data("pain", changed, "30d", TODAY)) != before


def test_cache_key_changes_with_the_chart_version(monkeypatch):
    data = chart_data("height", years_journal(), "all", TODAY)
    before = cache_key(data)
    monkeypatch.setattr(charts.data, "CHART_VERSION", charts.CHART_VERSION + "-next")
    assert cache_key(data) != before


# --- issue 11: what a chart draws is bounded -----------------------------------------------------


def drawn_points(svg: bytes) -> int:
    """Vertices in the SVG's paths: what drawing and sending the chart cost grows with."""
    root = ET.fromstring(svg)
    paths = [e.get("d", "") for e in root.iter() if e.tag.endswith("path")]
    return sum(d.count("L") + d.count("M") for d in paths)


@pytest.mark.parametrize("name", CHARTS)
def test_an_entry_dated_1900_does_not_make_an_all_range_chart_draw_a_century(name):
    base = years_journal()
    journal = dataclasses.replace(
        base, exercises=(exercise(99_999, dt.date(1900, 1, 1)), *base.exercises)
    )
    data = chart_data(name, journal, "all", TODAY)
    assert data.start == dt.date(1900, 1, 1)  # "all" still starts at the first entry...
    assert all(len(s.points) <= charts.data.MAX_POINTS for s in data.series)  # ...bounded
    assert len(data.table) <= charts.data.MAX_POINTS
    svg = render_svg(data)
    assert len(svg) < 150 * 1024
    assert drawn_points(svg) < 10 * charts.data.MAX_POINTS  # a step: 4 vertices a side


def test_a_long_span_is_drawn_as_means_over_runs_of_weeks():
    journal = dataclasses.replace(
        years_journal(), exercises=(exercise(99_999, dt.date(1900, 1, 1), minutes=70),)
    )
    data = chart_data("activity", journal, "all", TODAY)
    runs = data.get("minutes").points
    step = runs[1][0] - runs[0][0]
    assert step.days % 7 == 0
    assert step.days > 7
    assert runs[0] == (dt.date(1900, 1, 1), round(70 / (step.days / 7), 2))  # a Monday
    assert data.table_header[0] == f"{step.days // 7} weeks from"
    weeks = (TODAY - dt.timedelta(days=TODAY.weekday()) - dt.date(1900, 1, 1)).days // 7 + 1
    assert f"in 0 of {weeks:,} weeks" in data.alt  # the text still counts every real week
