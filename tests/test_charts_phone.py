"""Charts on a phone (issue 12): a drawing made for a phone's width, a heading and a "Table"
toggle per chart, empty charts as one line with an "Add ..." link, every scan and height whatever
the range, band names clear of the value labels. The text's size as rendered in a browser is
measured in tests/e2e/test_charts_phone.py."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Annotation

from journal.charts import CHARTS, SIZES, chart_data, render_svg
from journal.charts.draw import _DRAWERS, _RENDER_LOCK
from journal.charts.style import RC

from .builders import (
    TODAY,
    ago,
    exercise,
    height,
    journal,
    lab,
    make_height,
    make_scan,
    mood,
    pain,
    peg,
    scan,
)

D = dt.timedelta
SVG = "{http://www.w3.org/2000/svg}"
BAND_NAMES = {"normal", "osteopenia", "osteoporosis"}
PHONE_SHOWN_PX = 324  # a chart's width on a 390 px screen (the card's padding off)


def demo_like() -> object:
    """Three scans two years apart at three sites, four heights, two months of pain."""
    return journal(
        scans=[
            scan(1, ago(720), spine=-1.9, total_hip=-1.4, femoral_neck=-1.6),
            scan(2, ago(355), spine=-2.2, total_hip=-1.5, femoral_neck=-1.7),
            scan(3, ago(10), spine=-2.6, total_hip=-1.5, femoral_neck=-1.8),
        ],
        heights=[
            height(1, ago(700), 165.0),
            height(2, ago(400), 164.2),
            height(3, ago(200), 163.5),
            height(4, ago(30), 162.9),
        ],
        pains=[pain(i, ago(i), score=(i * 7) % 11) for i in range(60)],
        labs=[lab(1, ago(300), "18.5"), lab(2, ago(40), "31.0")],
        moods=[mood(1, ago(80), total=14), mood(2, ago(20), total=8)],
        pegs=[peg(i, ago(7 * i), pain=6 - i % 3) for i in range(10)],
        exercises=[exercise(i, ago(2 * i), minutes=20 + i) for i in range(40)],
    )


def drawn(data, size: str) -> Figure:
    """The figure render_svg would save, kept to measure its texts."""
    with _RENDER_LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=SIZES[size])
        FigureCanvasAgg(fig)
        _DRAWERS[data.name](fig, data)
        fig.canvas.draw()
    return fig


def font_sizes(svg: bytes) -> list[float]:
    return [float(x) for x in re.findall(rb"font-size: ([\d.]+)px", svg)]


# --- every scan and height whatever the range --------------------------------------------------


@pytest.mark.parametrize("range_key", ["30d", "90d", "1y", "all"])
def test_the_t_score_chart_shows_every_scan_whatever_the_range(range_key):
    data = chart_data("tscore", demo_like(), range_key, TODAY)
    assert [len(s.points) for s in data.series] == [3, 3, 3]
    assert data.start == ago(720)
    assert len(data.table) == 9
    assert "3 scans" in data.alt


@pytest.mark.parametrize("range_key", ["30d", "90d", "1y", "all"])
def test_the_height_chart_shows_every_height_whatever_the_range(range_key):
    data = chart_data("height", demo_like(), range_key, TODAY)
    assert not data.is_empty
    assert len(data.get("height").points) == 4
    assert data.start <= ago(700)


def test_the_pain_chart_keeps_its_range():
    data = chart_data("pain", demo_like(), "30d", TODAY)
    assert data.start == TODAY - D(days=29)
    assert all(day >= data.start for day, _ in data.get("entries").points)


def test_a_scan_after_the_charts_last_day_is_not_shown():
    later = journal(scans=[scan(1, ago(100), spine=-2.0), scan(2, TODAY + D(days=1), spine=-2.1)])
    data = chart_data("tscore", later, "30d", TODAY)
    assert [len(s.points) for s in data.series] == [1]


# --- the phone's drawing -----------------------------------------------------------------------


@pytest.mark.parametrize("name", CHARTS)
def test_the_phone_drawing_is_drawn_for_the_width_it_is_shown_at(name):
    data = chart_data(name, demo_like(), "90d", TODAY)
    wide, phone = render_svg(data), render_svg(data, "phone")
    assert ET.fromstring(wide).attrib["width"] == "331.2pt"
    assert ET.fromstring(phone).attrib["width"] == "237.6pt"  # 3.3 inches
    # A viewBox unit is a point; shown 324 CSS px wide, the phone's smallest text is 11 px or more
    # (the browser's own measure is in tests/e2e/test_charts_phone.py).
    scale = PHONE_SHOWN_PX / 237.6
    assert min(font_sizes(phone)) * scale >= 11, min(font_sizes(phone))
    # The wide one shown as wide would not be: the reason for the phone's drawing.
    if not data.is_empty:
        assert min(font_sizes(wide)) * PHONE_SHOWN_PX / 331.2 < 11


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_every_text_and_the_legend_stay_inside_the_figure(name, size):
    data = chart_data(name, demo_like(), "all", TODAY)
    assert not data.is_empty
    fig = drawn(data, size)
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    legends = [c for ax in fig.axes for c in ax.get_children() if isinstance(c, Legend)]
    assert legends, "every chart has a legend"
    for legend in legends:
        extent = legend.get_window_extent(renderer)
        assert extent.x0 >= box.x0 - 1, (name, size, extent, box)
        assert extent.x1 <= box.x1 + 1, (name, size, extent, box)
        assert extent.y1 <= box.y1 + 1, (name, size, "legend cut off at the top")
    # Everything each axes draws (tick labels, the year under the dates, axis labels, names,
    # values, the legend) lies inside the figure: nothing is cut at its edges.
    for ax in fig.axes:
        drawn_box = ax.get_tightbbox(renderer)
        assert box.x0 - 1 <= drawn_box.x0, (name, size, "cut on the left")
        assert drawn_box.x1 <= box.x1 + 1, (name, size, "cut on the right")
        assert box.y0 - 1 <= drawn_box.y0, (name, size, "cut at the bottom")
        assert drawn_box.y1 <= box.y1 + 1, (name, size, "cut at the top")
    texts = [t for ax in fig.axes for t in ax.texts]
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert box.x0 - 1 <= extent.x0, (name, size, text.get_text())
        assert extent.x1 <= box.x1 + 1, (name, size, text.get_text())


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(
    "scans",
    [
        # The demo's: every point in the osteopenia band, labels at both edges.
        [(720, -1.9, -1.4, -1.6), (355, -2.2, -1.5, -1.7), (10, -2.6, -1.5, -1.8)],
        [(30, -1.2, -1.1, -1.3)],
        [(700, -2.4, -2.6, -1.0), (10, -2.5, -2.7, -0.9)],
        [(400, 0.1, -0.4, -0.9), (200, -0.8, -1.2, -1.4), (5, -1.5, -2.0, -2.6)],
    ],
)
def test_band_names_are_never_drawn_over_a_value_label(scans, size):
    j = journal(
        scans=[
            scan(i, ago(days), spine=a, total_hip=b, femoral_neck=c)
            for i, (days, a, b, c) in enumerate(scans)
        ]
    )
    fig = drawn(chart_data("tscore", j, "90d", TODAY), size)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    names = [t for t in ax.texts if t.get_text() in BAND_NAMES]
    labels = [t for t in ax.texts if isinstance(t, Annotation)]
    assert names
    assert labels
    for name in names:
        a = name.get_window_extent(renderer)
        for label in labels:
            b = label.get_window_extent(renderer)
            assert not a.overlaps(b), (name.get_text(), label.get_text(), size)


# --- the dashboard ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_an_empty_chart_is_a_line_with_an_add_link_not_an_image(owner_client):
    html = owner_client.get("/").content.decode()
    links = {
        "pain": "#quick",
        "tscore": "/dexa/new/",
        "activity": "/exercise/new/",
        "height": "/height/new/",
        "vitamin_d": "/labs/new/",
        "mood": "/mood/new/",
        "peg": "/peg/new/",
    }
    assert set(links) == set(CHARTS)
    for name, href in links.items():
        line = re.search(rf'<p class="chart chart-none" data-chart="{name}">(.*?)</p>', html, re.S)
        assert line, name
        assert re.match(r"<strong>[^<]+:</strong> No ", line[1])  # the chart's name, then why
        assert f'<a href="{href}">' in line[1]
        assert "Add" in line[1] or "Log" in line[1]
        assert f"/charts/{name}.svg" not in html
    assert 'id="quick"' in html  # the pain chart's link lands on the quick entry


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_a_drawn_chart_has_a_heading_a_phone_drawing_and_a_table_toggle(owner, owner_client):
    make_scan(owner, date=TODAY - D(days=400), spine="-2.0")
    make_scan(owner, date=TODAY - D(days=5), spine="-2.6")
    make_height(owner, date=TODAY - D(days=300), height_cm="165.0")
    make_height(owner, date=TODAY - D(days=3), height_cm="164.0")
    html = owner_client.get("/?range=30d").content.decode()
    for name, title in (("tscore", "Bone density (T-score)"), ("height", "Height")):
        figure = re.search(rf'<figure class="chart" data-chart="{name}"(.*?)</figure>', html, re.S)
        assert figure, name
        body = figure[1]
        assert f'aria-labelledby="chart-{name}-h"' in body
        assert f'<h3 id="chart-{name}-h">{title}</h3>' in body
        source = re.search(r'<source media="\(max-width: 34rem\)" srcset="([^"]+)"', body)[1]
        img = re.search(r'<img src="([^"]+)"', body)[1]
        assert source.replace("&amp;size=phone", "") == img
        assert "size=phone" in source
        assert "range=30d" in img
        assert f'<summary>Table<span class="vh">: {title}</span></summary>' in body
    # Both scans, though the first is 400 days before the 30-day range.
    assert html.count("<td>Lumbar spine</td>") == 2
    assert "Show the data" not in html


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_phone_drawing_is_its_own_image_cached_apart(owner, owner_client):
    make_height(owner, date=TODAY - D(days=300), height_cm="165.0")
    make_height(owner, date=TODAY - D(days=3), height_cm="164.0")
    html = owner_client.get("/").content.decode()
    source = re.search(r'srcset="(/charts/height.svg[^"]+)"', html)[1].replace("&amp;", "&")
    img = re.search(r'<img src="(/charts/height.svg[^"]+)"', html)[1].replace("&amp;", "&")
    for _ in range(2):  # the second time from the cache: still each its own drawing
        phone, wide = owner_client.get(source), owner_client.get(img)
        assert ET.fromstring(phone.content).attrib["width"] == "237.6pt"
        assert ET.fromstring(wide.content).attrib["width"] == "331.2pt"
        assert "immutable" in phone["Cache-Control"]
    junk = owner_client.get(img + "&size=huge")
    assert ET.fromstring(junk.content).attrib["width"] == "331.2pt"


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_range_links_keep_the_range_in_the_address_and_land_on_the_charts(owner_client):
    html = owner_client.get("/?range=1y").content.decode()
    assert 'href="/?range=30d#charts" hx-get="/?range=30d"' in html
    assert 'id="range-1y" href="/?range=1y#charts" hx-get="/?range=1y" aria-current="true"' in html
    assert 'hx-push-url="true"' in html
    assert '<nav class="jump" aria-label="On this page">' in html
    assert '<a href="#charts">Trends</a>' in html
