"""The insights page (/insights/): pain on days with and without each factor, and pain beside
mood month by month, over a range of the person's choosing (a year by default)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import insights as found
from .. import trends
from ..services import journal_version
from ..snapshot import load_journal
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
    # Computed from the journal alone: kept under the journal's version (the bootstrap over ten
    # years of days takes a few hundred milliseconds).
    key = f"insights:{request.user.pk}:{journal_version(request.user)}:{range_key}:{day}"
    result = cache.get(key)
    if result is None:
        journal = load_journal(request.user)
        start = trends.window_start(range_key, day, journal.first_date)
        result = found.insights(journal, start, day)
        cache.set(key, result, timeout=24 * 3600)
    ctx = {
        "insights": result,
        "rows": [(c, describe(c)) for c in result.comparisons],
        "min_days": found.MIN_DAYS,
        "resamples": found.RESAMPLES,
        "range_key": range_key,
        "ranges": RANGES,
    }
    return render_part(request, "journal/insights.html", ("insights",), ctx)
