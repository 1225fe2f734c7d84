"""A log's list by month: month headings, and "Jump to a month" landing on the page and heading
of that month (journal/months.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from journal.logs import LOGS
from journal.months import months_of, next_month, page_of_month, parse_month

from .builders import MAKERS

pytestmark = pytest.mark.django_db
PER_PAGE = LOGS["pain"].per_page


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-11", dt.date(2026, 11, 1)),
        ("2026-01", dt.date(2026, 1, 1)),
        ("2026-12", dt.date(2026, 12, 1)),
        ("0001-01", dt.date(1, 1, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("0000-05", None),
        ("2026-1", None),
        ("2026-11-01", None),
        ("٢٠٢٦-١١", None),
        (" 2026-11", None),
        (None, None),
        (["2026-11"], None),
    ],
)
def test_a_month_is_read_as_yyyy_mm_only(text, month):
    assert parse_month(text) == month


def test_the_month_after_december_is_january():
    assert next_month(dt.date(2025, 12, 1)) == dt.date(2026, 1, 1)
    assert next_month(dt.date(2026, 1, 1)) == dt.date(2026, 2, 1)


@pytest.fixture
def three_months(owner):
    """30 entries in Sep 2026, 30 in Oct, 10 in Nov: the list's pages hold 25 each."""
    days = [dt.date(2026, 9, 1 + i) for i in range(30)]
    days += [dt.date(2026, 10, 1 + i) for i in range(30)]
    days += [dt.date(2026, 11, 1 + i) for i in range(10)]
    return [MAKERS["pain"](owner, date=day) for day in days]


def test_months_and_the_page_each_starts_on(owner, three_months):
    entries = LOGS["pain"].queryset(owner)
    assert months_of(entries) == [dt.date(2026, 11, 1), dt.date(2026, 10, 1), dt.date(2026, 9, 1)]
    assert PER_PAGE == 25
    assert page_of_month(entries, dt.date(2026, 11, 1), PER_PAGE) == 1  # 0 newer
    assert page_of_month(entries, dt.date(2026, 10, 1), PER_PAGE) == 1  # 10 newer: 11th on p. 1
    assert page_of_month(entries, dt.date(2026, 9, 1), PER_PAGE) == 2  # 40 newer: 41st on p. 2
    assert page_of_month(entries, dt.date(9999, 12, 1), PER_PAGE) == 1


def test_jumping_to_a_month_lands_on_its_page_at_its_heading(owner_client, three_months):
    response = owner_client.get("/pain/", {"month": "2026-09"})
    assert response.status_code == 302
    path, anchor = response["Location"].split("#")
    assert anchor == "month-2026-09"
    html = owner_client.get(path).content.decode()
    assert f'<h2 class="month" id="{anchor}">September 2026</h2>' in html


def test_each_page_has_a_heading_for_each_month_it_shows_newest_first(owner_client, three_months):
    html = owner_client.get("/pain/").content.decode()
    assert re.findall(r'<h2 class="month" id="month-([0-9-]+)">', html) == ["2026-11", "2026-10"]
    # The jump list: every month with an entry, the one shown first chosen.
    jump = html.split('id="month-jump"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([0-9-]+)"', jump) == ["2026-11", "2026-10", "2026-09"]
    assert '<option value="2026-11" selected>November 2026</option>' in jump


def test_one_page_of_entries_has_headings_but_no_jump(owner, owner_client):
    MAKERS["pain"](owner, date=dt.date(2026, 11, 2))
    html = owner_client.get("/pain/").content.decode()
    assert '<h2 class="month" id="month-2026-11">November 2026</h2>' in html
    assert 'id="month-jump"' not in html


def test_courses_and_medicines_are_not_split_by_their_start_month(owner, owner_client):
    for key in ("medicines", "treatments"):
        MAKERS[key](owner)
        html = owner_client.get(f"/{key}/").content.decode()
        assert '<h2 class="month"' not in html
        assert owner_client.get(f"/{key}/", {"month": "2026-11"}).status_code == 200


def test_a_month_with_nothing_after_it_and_junk_both_answer(owner_client, three_months):
    assert owner_client.get("/pain/", {"month": "2030-01"})["Location"].startswith("/pain/?page=1")
    assert owner_client.get("/pain/", {"month": "soon"}).status_code == 200
