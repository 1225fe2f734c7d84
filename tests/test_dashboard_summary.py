"""The dashboard's bone density summary says what the numbers are (issue 12): the lowest latest
T-score and its site, in its WHO band's words, not "Overall: Osteoporosis" in bold red; T-scores
read "-2.6" as in the charts, not the stored "-2.60"."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from .builders import TODAY, make_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def summary(client) -> str:
    html = client.get("/").content.decode()
    return re.search(r'<section id="summary".*?</section>', html, re.S)[0]


def test_the_summary_gives_the_lowest_t_score_and_its_site_in_the_bands_words(owner, owner_client):
    make_scan(owner, date=TODAY - dt.timedelta(days=400), spine="-3.1")
    make_scan(owner, date=TODAY - dt.timedelta(days=5), spine="-2.6", total_hip="-1.45")
    text = re.sub(r"<[^>]+>|\s+", " ", summary(owner_client))
    text = re.sub(r" +", " ", text)
    # The latest scan's lowest, not the older -3.1.
    assert "Lowest latest T-score: -2.6 (lumbar spine), in the osteoporosis range" in text
    assert "Overall:" not in text
    assert "not a diagnosis" in text
    # The table as the charts write it: one decimal, two only when one would round.
    assert "-2.60" not in text
    assert re.search(r"Lumbar spine -2.6 Osteoporosis", text)
    assert re.search(r"Total hip -1.45 Osteopenia", text)


def test_the_dexa_list_writes_t_scores_as_the_charts_do(owner, owner_client):
    make_scan(owner, spine="-2.60", total_hip="-1.00")
    html = owner_client.get("/dexa/").content.decode()
    assert "T -2.6 " in html
    assert "T -1.0 " in html
    assert "-2.60" not in html


def test_without_a_scan_the_summary_offers_to_add_one(owner_client):
    assert "No DEXA scan yet." in summary(owner_client)
