"""The requests a person waits for, measured in this process with Django's test client (the whole
middleware stack, no network), each interleaved with the floor view so that the machine's noise
weighs on both alike: a step's ratio is its median over the floor's median."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import charts, services
from ..derived import forget_snapshots
from ..logs import LOGS
from ..views.panels import PANELS
from .data import make_person

FLOOR = "/bench/floor/"
FORM = "application/x-www-form-urlencoded"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
# The quick form's hidden submit token: a browser posts it back with every save.
QUICK_TOKEN = re.compile(r'id="quick-form".*?name="submit_token" value="([^"]*)"', re.S)
# The entry a quick save's answer offers to undo: the one it stored.
SAVED = re.compile(r'hx-post="/pain/(\d+)/undo/"')
# The follow-up a quick save's answer asks for (the panels it changed, out of band).
FOLLOW_UP = re.compile(r'<div id="panels-sync"[^>]* hx-get="([^"]+)"')


@dataclass
class Step:
    """One measured request (or sequence): its times, in ms, and the floor's beside them."""

    name: str
    run: Callable[[], float]  # does the work, returns the milliseconds that count
    goal: float | None = None  # at most this many floors (None: reported only)
    prepare: Callable[[], None] = lambda: None  # untimed, before each run
    times: list[float] = field(default_factory=list)


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _ok(response) -> None:
    if response.status_code not in (200, 304):
        raise RuntimeError(f"{response.request['PATH_INFO']} answered {response.status_code}")


class Person:
    """A logged-in person, as the browser would hold their dashboard."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.client.force_login(user)
        self.page_version = ""
        self.submit_token = ""  # the quick form's one-time token, as the page holds it
        self.chart_urls: dict[str, str] = {}
        self.reloading: list[str] = []  # panels that reload themselves on journal-changed
        self.syncs_on_quick = False  # ...but not while a quick save is on its way
        self.follow_up = ""  # the request the last quick save's answer asks for next
        self.n = 0
        self.last_saved = 0  # the id of the entry the last quick save stored
        # The heavy pages' subjects (journal.bench.data): a treatment course and a medicine.
        course = LOGS["treatments"].queryset(user).first()
        medicine = LOGS["medicines"].queryset(user).first()
        self.course = f"/treatments/{course.pk}/" if course else None
        self.took = f"/medicines/{medicine.pk}/took/" if medicine else None

    def get(self, path: str, **headers):
        response = self.client.get(path, **headers)
        _ok(response)
        return response

    def read_page(self, html: str) -> None:
        """Keep what the page shows: its journal version and its chart URLs."""
        if found := re.search(r'name="page_version" value="(\d+)"', html):
            self.page_version = found.group(1)
        if found := QUICK_TOKEN.search(html):
            self.submit_token = found.group(1)
        # Each drawn chart's wide image (a phone's <source> names the same data at ?size=phone).
        for name, src in re.findall(
            r'<figure class="chart" data-chart="(\w+)"[^>]*>.*?<img src="([^"]+)"', html, re.S
        ):
            self.chart_urls[name] = src.replace("&amp;", "&")

    def dashboard(self) -> None:
        html = self.get("/").content.decode()
        self.read_page(html)
        self.reloading = re.findall(
            r'<section id="(\w+)"[^>]*hx-trigger="journal-changed from:body"', html
        )
        self.syncs_on_quick = "data-reloads" in html and "js/panels." in html

    def quick_save(self) -> tuple[float, list[str]]:
        """A quick save from the dashboard: its time, and the chart URLs its answer changed."""
        self.n += 1
        data = {
            "score": str(self.n % 11),
            "locations": ["neck"],
            "page_version": self.page_version,
            "submit_token": self.submit_token,  # each answer brings the next one
        }
        before = dict(self.chart_urls)
        start = time.perf_counter()
        # Form-encoded, as htmx sends the quick form (the test client's default is multipart).
        body = urlencode(data, doseq=True)
        response = self.client.post("/pain/quick/", body, content_type=FORM, **HTMX)
        took = (time.perf_counter() - start) * 1000
        _ok(response)
        html = response.content.decode()
        # Each save must store a new entry: a repeated submit token would be answered as a
        # repeat (nothing written), and the step would time something else.
        saved = SAVED.search(html)
        if saved is None or int(saved.group(1)) <= self.last_saved:
            raise RuntimeError("a quick save stored no new entry (a repeated submit token?)")
        self.last_saved = int(saved.group(1))
        self.read_page(html)
        found = FOLLOW_UP.search(html)
        self.follow_up = found.group(1).replace("&amp;", "&") if found else ""
        return took, [url for name, url in self.chart_urls.items() if before.get(name) != url]

    def save_elsewhere(self) -> None:
        """A save from another tab or device: nothing derived for the new version exists yet."""
        self.n += 1
        data = {"date": timezone.localdate(), "score": self.n % 11, "locations": ["hip"]}
        services.save_entry(LOGS["pain"], self.user, data)

    def tidy(self) -> None:
        """Delete today's pain entries through the services (untimed, after each measured step):
        the journal leaves today for the saves, so each step finds a day of one or two entries,
        as a person's, not the hundreds the rounds' saves would otherwise pile up."""
        log = LOGS["pain"]
        for entry in log.queryset(self.user).filter(date=timezone.localdate()):
            services.delete_entry(log, entry)


def steps(person: Person) -> list[Step]:
    def lived() -> float:
        """The POST, then what the browser asks for next: the follow-up its answer asks for
        (the panels it changed), or else any panel that reloads itself on journal-changed
        (unless the page drops those reloads while a quick save is on its way: its answer
        brought them), and every chart image whose URL changed."""
        took, changed = person.quick_save()
        reloads = [] if person.syncs_on_quick else person.reloading
        if person.follow_up:
            reloads = [(person.follow_up, "panels-sync")]
        else:
            reloads = [("/", name) for name in reloads]
        for path, target in reloads:
            start = time.perf_counter()
            html = person.get(path, HTTP_HX_TARGET=target, **HTMX).content.decode()
            took += (time.perf_counter() - start) * 1000
            before = dict(person.chart_urls)
            person.read_page(html)
            changed += [u for n, u in person.chart_urls.items() if before.get(n) != u]
        return took + sum(_ms(lambda u=url: person.get(u)) for url in changed)

    result = [Step("floor: @login_required 'ok'", lambda: _ms(lambda: person.get(FLOOR)))]

    def chart(name: str) -> Step:
        def warm() -> None:  # drawn once already, as a browser that shows the page would have
            person.get(person.chart_urls[name])

        return Step(
            f"chart {name}, data unchanged",
            lambda: _ms(lambda: person.get(person.chart_urls[name])),
            1.5,
            warm,
        )

    # The charts the page draws: an empty one is a line of text, with no image to ask for.
    result += [chart(name) for name in charts.CHARTS if name in person.chart_urls]
    result.append(Step("dashboard, journal unchanged", lambda: _ms(person.dashboard), 3))
    result += [
        Step(
            f"panel {name}, journal unchanged",
            lambda n=name: _ms(lambda: person.get("/", HTTP_HX_TARGET=n, **HTMX)),
            3,
        )
        for name in PANELS
    ]
    result.append(
        Step(
            "dashboard, right after a save", lambda: _ms(person.dashboard), 6, person.save_elsewhere
        )
    )
    result += [
        Step(
            f"panel {name}, right after a save",
            lambda n=name: _ms(lambda: person.get("/", HTTP_HX_TARGET=n, **HTMX)),
            6,
            person.save_elsewhere,
        )
        for name in PANELS
    ]
    result.append(Step("quick save: the POST", lambda: person.quick_save()[0], 4))
    result.append(Step("one save as lived: POST + redrawn charts", lived, 40))
    return result + heavy_steps(person)


def heavy_steps(person: Person) -> list[Step]:
    """The heavier pages, reported beside the floor (no goal): the course page and its chart,
    insights (a bootstrap over the journal's days), and the medicines panel's "took it" POST."""
    pages = [("insights", "/insights/")]
    if person.course:
        pages += [("course page", person.course), ("course chart", person.course + "pain.svg")]
    result = []
    for name, path in pages:
        # Shown once already at this version (the other steps save in between, in any order).
        result.append(
            Step(
                f"{name}, journal unchanged",
                lambda p=path: _ms(lambda: person.get(p)),
                prepare=lambda p=path: person.get(p),
            )
        )
        result.append(
            Step(
                f"{name}, right after a save",
                lambda p=path: _ms(lambda: person.get(p)),
                prepare=person.save_elsewhere,
            )
        )
    if person.took:
        took = {**HTMX, "HTTP_HX_TARGET": "medicines"}
        result.append(
            Step(
                'medicines "took it": the POST',
                lambda: _ms(lambda: _ok(person.client.post(person.took, {}, **took))),
            )
        )
    return result


def measure(person: Person, rounds: int, seed: int = 1) -> list[Step]:
    """Every step `rounds` times, each run right after a run of the floor, in shuffled order."""
    person.dashboard()
    for url in person.chart_urls.values():
        person.get(url)  # warm: every chart drawn once
    all_steps = steps(person)
    floor, measured = all_steps[0], all_steps[1:]
    rng = random.Random(seed)
    for _ in range(rounds):
        order = list(measured)
        rng.shuffle(order)
        for step in order:
            step.prepare()
            floor.times.append(floor.run())
            step.times.append(step.run())
            person.tidy()  # (untimed) today back to no entry, whatever the step saved
            person.dashboard()  # the page as the person now sees it (untimed)
    return all_steps


# --- query counts at one and ten years --------------------------------------------------------


def query_counts(person: Person) -> dict[str, int]:
    """Queries each request runs: unchanged, cold (nothing cached), and a quick save."""

    def count(fn) -> int:
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    person.dashboard()
    counts = {"floor": count(lambda: person.get(FLOOR))}
    counts["dashboard, unchanged"] = count(person.dashboard)
    for name in PANELS:
        counts[f"panel {name}, unchanged"] = count(
            lambda n=name: person.get("/", HTTP_HX_TARGET=n, **HTMX)
        )
    counts["chart pain, unchanged"] = count(lambda: person.get(person.chart_urls["pain"]))
    person.save_elsewhere()
    counts["dashboard, right after a save"] = count(person.dashboard)
    counts["quick save POST"] = count(person.quick_save)
    cache.clear()
    forget_snapshots()
    counts["dashboard, nothing cached"] = count(person.dashboard)
    counts["chart pain, nothing cached"] = count(lambda: person.get(person.chart_urls["pain"]))
    return counts


# --- a cold chart against a bare matplotlib Figure of the same points --------------------------


def bare_svg(data: charts.ChartData) -> bytes:
    """The same points on a bare Figure: the same size and number of axes, one line a series."""
    fig = Figure(figsize=charts.draw.FIGSIZE)
    FigureCanvasAgg(fig)
    two = data.name == "activity" and len(data.series) == 2  # drawn on two axes
    axes = list(fig.subplots(2, 1)) if two else [fig.add_subplot()] * len(data.series)
    for ax, series in zip(axes, data.series, strict=False):
        ax.plot([p[0] for p in series.points], [p[1] for p in series.points])
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()


def cold_charts(journal, today: dt.date, rounds: int) -> list[tuple[str, float, float]]:
    """Per chart and range: the medians of drawing it and of the bare Figure, interleaved."""
    rows = []
    for range_key in ("90d", "all"):
        for name in charts.CHARTS:
            data = charts.chart_data(name, journal, range_key, today)
            drawn, bare = [], []
            for _ in range(rounds):
                drawn.append(_ms(lambda d=data: charts.render_svg(d)))
                bare.append(_ms(lambda d=data: bare_svg(d)))
            rows.append((f"{name} {range_key}", statistics.median(drawn), statistics.median(bare)))
    return rows


def person_with(years: int, username: str) -> Person:
    return Person(make_person(username, years, timezone.localdate()))
