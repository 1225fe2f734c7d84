"""Compression: pages are gzip'd when the browser asks, under every security header, with the
BREACH mitigations the README names (random bytes in each gzip'd response, a CSRF token masked
afresh for every response)."""

from __future__ import annotations

import gzip
import re

import pytest
from django.conf import settings

from .builders import MAKERS
from .test_security import check_headers

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
CSRF_IN_PAGE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_the_gzip_middleware_sits_inside_the_header_middleware_and_above_the_views():
    order = settings.MIDDLEWARE
    gzip_at = order.index("django.middleware.gzip.GZipMiddleware")
    assert gzip_at > order.index("journal.middleware.SecurityHeadersMiddleware")
    assert gzip_at > order.index("csp.middleware.CSPMiddleware")
    # Everything that may write or read a body is inside it, so it compresses the final body.
    for inner in (
        "journal.derived.FlushMiddleware",
        "journal.middleware.RequestSizeLimitMiddleware",
    ):
        assert gzip_at < order.index(inner)


@pytest.mark.parametrize("path", ["/", "/pain/", "/pain/new/", "/guidance/", "/profile/"])
def test_a_page_is_gzipd_when_asked_and_keeps_every_security_header(path, owner, owner_client):
    for make in MAKERS.values():
        make(owner)
    plain = owner_client.get(path)
    packed = owner_client.get(path, **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    check_headers(packed, path)
    html = gzip.decompress(packed.content)
    assert html.startswith(b"<!doctype html>")
    assert len(packed.content) < len(html) / 2  # HTML compresses to well under half


def test_an_htmx_fragment_and_the_sign_up_page_are_gzipd_too(owner, owner_client, client, htmx):
    fragment = owner_client.get("/", HTTP_HX_TARGET="quick", **htmx, **GZIP)
    assert fragment["Content-Encoding"] == "gzip"
    check_headers(fragment, "/ (fragment)")
    client.logout()
    signup = client.get("/accounts/signup/", **GZIP)
    assert signup["Content-Encoding"] == "gzip"
    check_headers(signup, "/accounts/signup/")


def test_no_two_gzipd_responses_of_a_page_carry_the_same_csrf_token_or_bytes(owner_client):
    first = owner_client.get("/pain/new/", **GZIP)
    second = owner_client.get("/pain/new/", **GZIP)
    tokens = [CSRF_IN_PAGE.search(gzip.decompress(r.content)).group(1) for r in (first, second)]
    assert tokens[0] != tokens[1]  # masked afresh per response (the secret behind them is one)
    # Django's "Heal the BREACH" padding: a random-length file name in each gzip header.
    assert all(r.content[3] & gzip.FNAME for r in (first, second))
    assert first.content != second.content
