"""The home-screen app's two pages: the service worker (served from the site's root, so its
scope is the whole journal) and the offline page it shows when a page cannot be fetched. The
web app manifest is a static file (static/manifest.webmanifest)."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from ..derived import CODE_STAMP


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    # A new deploy (code, or a static file's hashed name) is a new worker and a new cache.
    css = hashlib.sha256(static("css/journal.css").encode()).hexdigest()[:8]
    stamp = f"{CODE_STAMP}-{css}"
    response = render(
        request, "journal/sw.js", {"stamp": stamp}, content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on each visit
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows without a connection (it keeps a copy): no one's data."""
    return render(request, "journal/offline.html")
