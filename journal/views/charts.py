"""Chart images: request.user's own journal as SVG, drawn once per distinct plotted data."""

from __future__ import annotations

from csp.decorators import csp
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .. import charts, trends
from ..snapshot import load_journal
from .common import today

# A chart is an image document: matplotlib styles its SVG inline, and it needs nothing else.
CHART_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'none'"],
}


@login_required
@require_GET
@csp(CHART_CSP)
def chart(request: HttpRequest, name: str) -> HttpResponse:
    if name not in charts.CHARTS:
        raise Http404("No such chart.")
    range_key = trends.parse_range(request.GET.get("range"))
    return svg_response(
        request, charts.chart_data(name, load_journal(request.user), range_key, today())
    )


def svg_response(request: HttpRequest, data: charts.ChartData) -> HttpResponse:
    """A chart as an SVG response, drawn once per distinct plotted data, revalidated by ETag."""
    key = charts.cache_key(data)
    etag = f'"{key}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    svg = cache.get(f"chart:{key}")
    if svg is None:
        svg = charts.render_svg(data)
        cache.set(f"chart:{key}", svg, timeout=7 * 24 * 3600)
    # private: a chart is personal; no-cache: the browser revalidates with the ETag every time.
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    return HttpResponse(svg, content_type="image/svg+xml", headers=headers)
