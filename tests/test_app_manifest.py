"""The home-screen app: the web app manifest (valid JSON, the members a phone needs to install it
and open it full-screen, icons that exist at the sizes they claim), the service worker and the
offline page it shows (which says nothing was saved)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

ROOT = Path(settings.BASE_DIR)
STATIC = ROOT / "static"
MANIFEST = STATIC / "manifest.webmanifest"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_the_manifest_has_the_members_a_phone_needs(manifest):
    assert manifest["name"] == "Bone Journal"
    assert 0 < len(manifest["short_name"]) <= 12  # fits under a home-screen icon
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] in {"standalone", "fullscreen"}
    assert HEX_COLOUR.fullmatch(manifest["theme_color"])
    assert HEX_COLOUR.fullmatch(manifest["background_color"])


def icons(manifest, kind: str) -> list[dict]:
    return [icon for icon in manifest["icons"] if icon["type"] == kind]


def test_each_png_icon_exists_at_the_size_it_claims(manifest):
    pngs = icons(manifest, "image/png")
    assert pngs
    for icon in pngs:
        with Image.open(STATIC / icon["src"]) as image:
            assert image.format == "PNG"
            assert "x".join(map(str, image.size)) == icon["sizes"], icon["src"]


def test_the_sizes_android_and_chrome_need_are_there_with_a_maskable_one(manifest):
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in icons(manifest, "image/png")}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_svg_icon_is_listed_and_exists(manifest):
    (svg,) = icons(manifest, "image/svg+xml")
    assert (STATIC / svg["src"]).read_text().lstrip().startswith(("<svg", "<?xml"))


def test_the_apple_touch_icon_is_180_pixels():
    with Image.open(STATIC / "icons" / "apple-touch-icon.png") as image:
        assert image.size == (180, 180)


@pytest.mark.django_db
def test_every_page_links_the_manifest_icons_and_theme_colour(owner_client, manifest):
    page = owner_client.get("/").content.decode()
    assert re.search(r'<link rel="manifest" href="/static/manifest[^"]*\.webmanifest">', page)
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon' in page
    assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in page


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert '"/offline/"' in body
    assert 'request.mode === "navigate"' in body
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
def test_the_offline_page_says_nothing_was_saved_and_holds_no_ones_data(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "nothing was saved" in body
    assert "csrfmiddlewaretoken" not in body


def test_the_manifest_is_served_as_a_manifest():
    from whitenoise.middleware import WhiteNoiseMiddleware

    served = WhiteNoiseMiddleware(get_response=lambda request: None)
    assert served.media_types.get_type("manifest.0123abcd.webmanifest") == (
        "application/manifest+json"
    )
