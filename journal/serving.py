"""Start-up for a server process (gunicorn.conf.py calls `warm_up` in the master, before forking).

Everything a request will import or build once is done here instead: the URLs and so every view
module, matplotlib and the font lookup of a first chart. Then `gc.freeze()` moves every object
alive now into the permanent generation: a worker's full collections skip them (about 128,000
objects, some 60 ms each time), and the pages they live in stay shared with the master.
"""

from __future__ import annotations

import datetime as dt
import gc

from django.db import connections
from django.urls import get_resolver


def warm_up() -> int:
    """Import and build what the first requests would; freeze it. Returns the frozen count."""
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
