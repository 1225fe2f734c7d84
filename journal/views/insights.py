"""The insights page (/insights/): pain on days with and without each factor, and pain beside
mood month by month, over a range of the person's choosing (a year by default)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import insights as found
from .. import trends
from ..derived import Derived
from ..wording.insights import describe
from .common import render_part, today

DEFAULT_RANGE = "1y"
RANGES = ("90d", "1y", "all")


@login_required
@require_GET
def insights(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("range")
    range_key = trends.parse_range(asked) if asked in RANGES else DEFAULT_RANGE
    day = today()

    # Computed from the journal alone: kept with the person's other derived values, under the
    # journal's version and day (the bootstrap over ten years of days takes a few hundred
    # milliseconds), from the worker's snapshot of the journal.
    def compute(derived: Derived):
        start = trends.window_start(range_key, day, derived.journal.first_date)
        return found.insights(derived.journal, start, day)

    result = Derived.of(request, day).get("insights", compute, range_key)
    ctx = {
        "insights": result,
        "rows": [(c, describe(c)) for c in result.comparisons],
        "min_days": found.MIN_DAYS,
        "resamples": found.RESAMPLES,
        "range_key": range_key,
        "ranges": RANGES,
    }
    return render_part(request, "journal/insights.html", ("insights",), ctx)
