"""A DEXA scan's page: one card per site (no table to scroll on a phone), the flags the scan is
behind; saving a scan lands on it."""

from __future__ import annotations

import re

import pytest

from journal import models as m

from .test_html_valid import assert_valid

pytestmark = pytest.mark.django_db


def save_scan(client, spine: str, date: str = "2026-01-05", hip: str = "-1.2", **headers):
    data = {"date": date, "spine_t": spine, "spine_bmd": "", "total_hip_t": hip}
    return client.post("/dexa/new/", data, **headers)


def test_saving_a_scan_lands_on_its_page_with_its_sites_and_the_flags_it_raised(owner_client):
    response = save_scan(owner_client, "-2.60")
    scan = m.DexaScan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dexa/{scan.pk}/"
    page = owner_client.get(response["Location"])
    assert_valid(page, response["Location"])
    html = page.content.decode()
    assert "Saved the DEXA scan." in html
    assert "<table" not in html.split("<main", 1)[1]
    cards = re.findall(r'<li class="site-card">\s*<h3>([^<]+)</h3>', html)
    assert cards == ["Lumbar spine", "Total hip"]
    assert "<strong>-2.6</strong>" in html  # as the lists and charts write it, not -2.60
    flags = html.split('id="scan-flags"', 1)[1]
    assert 'data-flag="bone.osteoporosis"' in flags
    assert "T-score in the osteoporosis range" in flags


def test_a_scan_behind_no_flag_says_so_without_reading_as_all_clear(owner_client):
    save_scan(owner_client, "0.5", hip="0.2")
    scan = m.DexaScan.objects.get()
    html = owner_client.get(f"/dexa/{scan.pk}/").content.decode()
    assert "No flag rests on this scan. That does not mean all is well" in html
    assert 'class="raised"' not in html


def test_only_the_flags_resting_on_this_scan_are_listed(owner_client):
    save_scan(owner_client, "-2.6", date="2025-01-05")
    save_scan(owner_client, "0.5", date="2026-01-05", hip="0.2")
    older, newer = m.DexaScan.objects.order_by("date")
    newer_flags = owner_client.get(f"/dexa/{newer.pk}/").content.decode()
    older_flags = owner_client.get(f"/dexa/{older.pk}/").content.decode()
    # The latest scan decides the osteoporosis flag: it now rests on the newer scan only.
    assert 'data-flag="bone.osteoporosis"' not in older_flags.split('id="scan-flags"')[1]
    assert "bone.osteoporosis" not in newer_flags.split('id="scan-flags"')[1]


def test_an_htmx_save_answers_with_the_scans_page_and_pushes_its_address(owner_client, htmx):
    response = save_scan(owner_client, "-2.6", **htmx)
    scan = m.DexaScan.objects.get()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"/dexa/{scan.pk}/"
    html = response.content.decode()
    assert "Saved the DEXA scan." in html
    assert 'data-flag="bone.osteoporosis"' in html
