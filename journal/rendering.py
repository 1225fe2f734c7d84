"""HTML rendered once and kept: pieces that depend only on what they show (a flag's line, a pain
entry's links, the site menu), and the slot where each request's own CSRF token goes into them."""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Where the request's CSRF token goes in HTML rendered once for many requests: render with
# `{"csrf_token": CSRF_SLOT}`, answer through `with_csrf`.
CSRF_SLOT = "csrf-token-of-the-request-7f3a9c"
RENDERINGS_KEPT = 512  # small pieces a worker keeps (a flag's line: ~3 KB)
_RENDERINGS: OrderedDict[bytes, str] = OrderedDict()
_LOCK = threading.Lock()


def csrf_token_of(request: HttpRequest) -> str:
    """The request's CSRF token, masked once per request: Django masks the secret anew at each
    call (32 random characters from the system's random source), and a dashboard puts it into a
    dozen forms kept with a slot for it (the menu's, each panel's)."""
    token = getattr(request, "_journal_csrf_token", None)
    if token is None:
        token = request._journal_csrf_token = get_token(request)
    return token


def with_csrf(request: HttpRequest, html: str) -> str:
    """Kept HTML with the request's CSRF token where the slot is."""
    return html.replace(CSRF_SLOT, csrf_token_of(request))


def rendered_once(template: str, ctx: dict) -> SafeString:
    """`template` rendered with `ctx`, once per worker for each context while among the last
    RENDERINGS_KEPT: the same context (plain values: a flag, an entry, a day) gives the same
    HTML, since a worker's templates and URLs do not change while it serves."""
    key = hashlib.sha256(pickle.dumps((template, sorted(ctx.items())), protocol=5)).digest()
    with _LOCK:
        html = _RENDERINGS.get(key)
        if html is not None:
            _RENDERINGS.move_to_end(key)
    if html is None:
        html = render_to_string(template, ctx)
        with _LOCK:
            _RENDERINGS[key] = html
            while len(_RENDERINGS) > RENDERINGS_KEPT:
                _RENDERINGS.popitem(last=False)
    return mark_safe(html)
