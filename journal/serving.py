"""A server process's start-up and its memory (gunicorn.conf.py calls `warm_up` in the master,
before forking, and `after_request` in a worker once each answer has gone).

Everything a request will import or build once is done here instead: the URLs and so every view
module, matplotlib and the font lookup of a first chart. Then `gc.freeze()` moves every object
alive now into the permanent generation: a worker's full collections skip them (about 128,000
objects, some 60 ms each time), and the pages they live in stay shared with the master.
`malloc_settings` and `after_request` keep a worker's memory flat over many saves.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc

from django.db import connections
from django.urls import get_resolver

# glibc's mallopt parameters: the size from which a block is mapped on its own, and the most
# heaps (arenas) its threads may spread their blocks over.
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 16 * 1024
ARENA_MAX = 2


def malloc_settings() -> bool:
    """With glibc: map blocks of MMAP_THRESHOLD bytes or more on their own, so that they go back
    to the system when freed, and let a worker's threads share ARENA_MAX heaps.

    By default the threshold rises to the largest block freed so far, so a worker's larger
    blocks (the pains tuple of a ten-year journal, a cached entry's pickle: 24 to 100 KB, a
    little larger after each save) end up in a heap, where freed space is rarely returned; and
    each of a worker's threads that ever serves a request gets a heap of its own, which keeps
    its own free space. The master sets both before forking, so the workers inherit them.
    Returns whether both were set (False without glibc: nothing changes).

    Measured with `after_request` (below), the benchmark's 3 workers over 1,000 saves: with
    both, +3.3 to +3.5 MiB each; with the threshold alone, +3.6 to +6.8 MiB."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        arenas = libc.mallopt(M_ARENA_MAX, ARENA_MAX) == 1
        return libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and arenas
    except (OSError, AttributeError):
        return False


def warm_up() -> int:
    """Import and build what the first requests would; freeze it. Returns the frozen count."""
    malloc_settings()
    get_resolver().url_patterns  # noqa: B018 - imports every view, and so journal.charts
    from . import charts
    from .snapshot import Journal, Pain

    today = dt.date.today()
    journal = Journal(pains=(Pain(1, today, 3, ("lower_back",)),))
    charts.render_svg(charts.chart_data("pain", journal, "90d", today))  # fonts, date axes
    connections.close_all()  # never hand a forked worker a database connection of the master's
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


_collected_at = 0  # charts.draw.figures_drawn when after_request last collected
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def after_request(method: str) -> bool:
    """Once an answer is sent (gunicorn.conf.py's post_request): a full collection if the
    request wrote or a chart was drawn since the last one. Returns whether it collected.

    Every Django request is a reference cycle (the request, its htmx details, its messages), and
    so is every form and every matplotlib figure, so what a request made is freed only by a
    collection, and a full one comes only after tens of thousands of new objects. Left to that,
    a save's garbage (a figure alone is some 4,500 objects, with its arrays) lived on among the
    next requests' objects, and each worker grew 6 to 11 MiB over 1,000 saves. Collected here,
    nothing of the request is alive any more and the next one starts from the same heap. It
    costs about 2 ms of the worker's time (a walk over some 19,000 objects not frozen, among
    them the journal it holds), spent after the answer has gone: so only after the requests
    that make the most garbage, not after every page a person reads."""
    global _collected_at
    from .charts import draw

    drawn = draw.figures_drawn
    if method in SAFE_METHODS and drawn == _collected_at:
        return False
    _collected_at = drawn
    gc.collect()
    return True
