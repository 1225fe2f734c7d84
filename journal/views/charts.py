"""Chart images: request.user's own journal as SVG, addressed by the key of their data.

The dashboard links each chart as `/charts/<name>.svg?range=<r>&v=<key>`, where the key is
`charts.cache_key` of the data drawn (journal.derived caches the key per version). The
image at such a URL never changes, so it is served `immutable`, and the view looks it up before
computing anything: one cache entry per person, chart and range holds the last key drawn and its
SVG (a new version of the data replaces it). A URL without `v`, or with an old one, gets the
current chart, revalidated with its ETag.
"""

from __future__ import annotations

from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import charts, trends
from ..derived import TIMEOUT, Derived, slot
from .common import today

# A chart is an image document: matplotlib styles its SVG inline, and it needs nothing else.
CHART_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'none'"],
}
IMMUTABLE = "private, max-age=31536000, immutable"  # the URL names the data: it never changes
REVALIDATE = "private, no-cache"  # a URL without the current key: ask again with the ETag


def chart_data(derived: Derived, name: str, range_key: str) -> charts.ChartData:
    """A chart's data at the derived version: computed at most once per request and never
    stored (only its key, its figure on the dashboard and its drawing are)."""
    return derived.local(
        "chart", lambda d: charts.chart_data(name, d.journal, range_key, d.today), name, range_key
    )


def chart_key(derived: Derived, name: str, range_key: str) -> str:
    """The key of a chart's data at the derived version: computed once per version and day
    (and not even then when the chart's logs were not written since)."""
    return derived.get(
        "chart-key", lambda d: charts.cache_key(chart_data(d, name, range_key)), name, range_key
    )


@login_required
@require_GET
@csp(CHART_CSP)
def chart(request: HttpRequest, name: str) -> HttpResponse:
    if name not in charts.CHARTS:
        raise Http404("No such chart.")
    range_key = trends.parse_range(request.GET.get("range"))
    size = chart_size(request)
    svg_slot = slot(request.user, "svg", name, range_key, *([size] if size != "wide" else []))
    wanted = request.GET.get("v", "")
    held = cache.get(svg_slot)  # (key, svg): the last drawing of this chart and range
    if held is not None and wanted and held[0] == wanted:
        return _answer(request, wanted, held[1], IMMUTABLE)  # found before anything is computed
    derived = Derived.of(request, today())
    key = chart_key(derived, name, range_key)
    if held is not None and held[0] == key:  # the current drawing, asked for by an older URL
        return _answer(request, key, held[1], REVALIDATE)
    return svg_response(request, svg_slot, chart_data(derived, name, range_key), key, size)


def chart_size(request: HttpRequest) -> str:
    """`?size=phone` for the drawing made for a phone's width (charts.SIZES); anything else is
    the wide one."""
    size = request.GET.get("size", "wide")
    return size if size in charts.SIZES else "wide"


def svg_response(
    request: HttpRequest, svg_slot: str, data: charts.ChartData, key: str = "", size: str = "wide"
) -> HttpResponse:
    """A chart of the person's own (its cache `svg_slot` names them: derived.slot, with the size
    when not the wide one), drawn only when its data changed since the slot's last drawing."""
    key = key or charts.cache_key(data)
    held = cache.get(svg_slot)
    if held is None or held[0] != key:
        held = (key, charts.render_svg(data, size))
        cache.set(svg_slot, held, TIMEOUT)
    wanted = request.GET.get("v", "")
    return _answer(request, key, held[1], IMMUTABLE if wanted == key else REVALIDATE)


def _answer(request: HttpRequest, key: str, svg: bytes, cache_control: str) -> HttpResponse:
    etag = f'"{key}"'
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers=headers)
    return HttpResponse(svg, content_type="image/svg+xml", headers=headers)
