"""Start-up for a server process (gunicorn.conf.py calls `warm_up` in the master, before forking).

Everything a request will import or build once is done here instead: the URLs and so every view
module, matplotlib and the font lookup of a first chart. Then `gc.freeze()` moves every object
alive now into the permanent generation: a worker's full collections skip them (about 128,000
objects, some 60 ms each time), and the pages they live in stay shared with the master.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc

from django.db import connections
from django.urls import get_resolver

# glibc's mallopt parameter, and the size from which a block is mapped on its own.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 16 * 1024


def malloc_settings() -> bool:
    """With glibc, map blocks of MMAP_THRESHOLD bytes or more on their own, so that they go back
    to the system when freed. By default the threshold rises to the largest block freed so far,
    so a worker's larger blocks (the pains tuple of a ten-year journal, a cached entry's pickle:
    24 to 100 KB, a little larger after each save) end up in the heap, where freed space is
    rarely returned. In the benchmark, each worker grew 11 to 16 MiB over its first 1,000 saves
    with the default and 8 to 11 MiB with this (about 6 MiB when the threshold was set before
    the process started, with GLIBC_TUNABLES). The master sets it before forking, so the workers
    inherit it. Returns whether it was set (False without glibc: nothing changes)."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
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
