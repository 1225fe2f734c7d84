"""The dashboard's flags panel: one line per flag, "Discussed with my clinician" (the flag folds
into its own group and comes back by itself when something new is logged behind it), "New since
you last looked", and the limits the database holds for a discussed flag."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import DataError, IntegrityError, transaction

from journal import models as m
from journal import services

from .builders import TODAY, ago, make_pain, make_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

HTMX = {"HTTP_HX_REQUEST": "true"}
KEY = "bone.osteoporosis"


def panel(client) -> str:
    return client.get("/", HTTP_HX_TARGET="flags", **HTMX).content.decode()


def main_list(html: str) -> str:
    """The panel less its discussed group."""
    return html.split('id="flags-discussed"')[0]


def discussed_group(html: str) -> str:
    parts = html.split('id="flags-discussed"')
    return parts[1] if len(parts) > 1 else ""


def fingerprint(html: str, key: str = KEY) -> str:
    match = re.search(
        rf'name="flag" value="{re.escape(key)}"><input type="hidden" name="seen" '
        r'value="([0-9a-f]+)"',
        html,
    )
    assert match, "the flag has no Discussed form"
    return match.group(1)


@pytest.fixture
def osteo(owner):
    make_scan(owner, ago(400), spine="-2.0")
    return make_scan(owner, ago(10), spine="-2.6")


def mark(client, date=None, key=KEY, seen="", htmx=True):
    data = {"flag": key, "date": date or TODAY.isoformat(), "seen": seen}
    return client.post("/flags/discussed/", data, **(HTMX if htmx else {}))


def test_each_flag_is_one_line_that_opens_on_its_merged_parts(owner_client, osteo):
    html = panel(owner_client)
    line = re.search(
        r'<details class="flag flag-warning" id="flag-bone-osteoporosis"[^>]*>\s*'
        r"<summary>(.*?)</summary>",
        html,
        re.S,
    )
    assert line, html
    assert "T-score in the osteoporosis range" in line.group(1)
    assert "lowest T-score -2.6 (lumbar spine)" in line.group(1)
    assert html.count('id="flag-bone-osteoporosis"') == 1
    assert 'data-flag="bone.near_border"' in html  # merged in, behind the line
    assert 'id="flag-bone-near-border"' not in html


def test_marking_a_flag_discussed_folds_it_into_the_discussed_group(owner, owner_client, osteo):
    html = panel(owner_client)
    response = mark(owner_client, date=ago(3).isoformat(), seen=fingerprint(html))
    body = response.content.decode()
    assert response.status_code == 200
    assert "is marked discussed on 12 Jun 2026" in body
    assert "flag-bone-osteoporosis" not in main_list(body)
    assert "Discussed with your clinician (1)" in body
    assert "Discussed with your clinician on 12 Jun 2026." in discussed_group(body)
    record = m.FlagDiscussion.objects.get(user=owner)
    assert (record.key, record.discussed_on, record.marked_on) == (KEY, ago(3), TODAY)
    assert "flag-bone-osteoporosis" not in main_list(panel(owner_client))


def test_a_discussed_flag_comes_back_when_a_new_scan_is_logged_behind_it(
    owner, owner_client, osteo
):
    mark(owner_client, seen=fingerprint(panel(owner_client)))
    make_pain(owner, TODAY, score=3)  # not behind the flag: it stays folded away
    assert "flag-bone-osteoporosis" not in main_list(panel(owner_client))
    make_scan(owner, TODAY, spine="-2.7")
    html = panel(owner_client)
    assert "flag-bone-osteoporosis" in main_list(html)
    assert "You discussed this with your clinician on 15 Jun 2026" in html
    assert "flags-discussed" not in html


def test_a_discussed_flag_comes_back_when_the_scan_behind_it_is_edited(owner, owner_client, osteo):
    mark(owner_client)
    result = osteo.results.get()
    result.t_score = "-2.8"
    result.save()
    services.bump_version(owner)
    assert "flag-bone-osteoporosis" in main_list(panel(owner_client))


def test_show_it_with_the_others_again_undoes_the_mark(owner, owner_client, osteo):
    mark(owner_client)
    response = owner_client.post("/flags/undiscussed/", {"flag": KEY}, **HTMX)
    assert "It shows among the others again." in response.content.decode()
    assert not m.FlagDiscussion.objects.filter(user=owner).exists()
    assert "flag-bone-osteoporosis" in main_list(panel(owner_client))


def test_without_javascript_marking_redirects_to_the_panel_with_the_message(owner_client, osteo):
    response = mark(owner_client, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == "/#flags"
    page = owner_client.get("/").content.decode()
    assert "is marked discussed on 15 Jun 2026" in page


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ((TODAY + dt.timedelta(days=1)).isoformat(), "That date is in the future"),
        ("1899-12-31", "Enter a date in 1900 or later."),
        ("15/06/2026", "Enter a date as YYYY-MM-DD."),
    ],
)
def test_a_bad_date_is_refused_clearly_and_nothing_is_stored(
    owner, owner_client, osteo, date, message
):
    body = mark(owner_client, date=date).content.decode()
    assert "Nothing was changed" in body
    assert message in body
    assert not m.FlagDiscussion.objects.exists()


def test_a_flag_that_changed_since_the_page_was_drawn_is_not_marked_unseen(
    owner, owner_client, osteo
):
    seen = fingerprint(panel(owner_client))
    make_scan(owner, TODAY, spine="-2.7")
    body = mark(owner_client, seen=seen).content.decode()
    assert "changed since the page was drawn" in body
    assert not m.FlagDiscussion.objects.exists()


def test_a_flag_that_no_longer_shows_is_not_marked(owner_client, osteo):
    body = mark(owner_client, key="bone.decline.nope").content.decode()
    assert "That flag no longer shows: nothing was changed." in body
    assert not m.FlagDiscussion.objects.exists()


def test_marking_moves_the_journal_version_on(owner, owner_client, osteo):
    before = services.journal_version(owner)
    mark(owner_client)
    assert services.journal_version(owner) == before + 1


def test_another_persons_flags_are_out_of_reach(owner, owner_client, stranger_client, osteo):
    mark(owner_client)
    # The stranger has no such flag, and no discussed flag to undo: nothing of the owner's moves.
    assert "no longer shows" in mark(stranger_client).content.decode()
    response = stranger_client.post("/flags/undiscussed/", {"flag": KEY}, **HTMX)
    assert "was not marked discussed" in response.content.decode()
    assert m.FlagDiscussion.objects.filter(user=owner, key=KEY).count() == 1
    assert m.FlagDiscussion.objects.count() == 1


# --- new since you last looked ----------------------------------------------------------------

NEW = 'New<span class="vh"> since you last looked'


def test_a_flag_raised_since_the_last_look_is_marked_new_once(owner, owner_client):
    make_scan(owner, ago(400), spine="-1.2")
    assert NEW not in panel(owner_client)  # the first look is the starting point
    make_scan(owner, ago(5), spine="-2.6")
    html = panel(owner_client)
    line = re.search(r'id="flag-bone-osteoporosis"[^>]*>\s*<summary>(.*?)</summary>', html, re.S)
    assert NEW in line.group(1)
    assert NEW not in panel(owner_client)  # looked at: no longer new


def test_a_discussed_flag_that_comes_back_is_new_again(owner, owner_client, osteo):
    panel(owner_client)
    mark(owner_client)
    assert NEW not in panel(owner_client)
    make_scan(owner, TODAY, spine="-2.7")
    assert NEW in panel(owner_client)


def test_the_empty_panel_says_what_nothing_means(owner_client):
    html = panel(owner_client)
    assert "Nothing to point out right now" in html
    assert "That does not mean all is well" in html


# --- the database holds each limit -----------------------------------------------------------


def record(owner, **kw) -> None:
    values = {"key": KEY, "discussed_on": TODAY, "marked_on": TODAY, "level": "warning"} | kw
    with transaction.atomic():
        m.FlagDiscussion.objects.create(user=owner, **values)


@pytest.mark.parametrize(
    "bad",
    [
        {"key": ""},
        {"key": "x" * 61},
        {"level": "dire"},
        {"discussed_on": dt.date(1899, 12, 31), "marked_on": TODAY},
        {"discussed_on": TODAY, "marked_on": ago(1)},
    ],
    ids=["empty key", "long key", "unknown level", "before 1900", "marked before the talk"],
)
def test_the_database_refuses_a_discussed_flag_out_of_its_limits(owner, bad):
    # A key over its length: SQLite's CHECK (IntegrityError); PostgreSQL's varchar (DataError).
    with pytest.raises((IntegrityError, DataError)):
        record(owner, **bad)


def test_the_database_holds_one_record_per_flag_and_person(owner):
    record(owner)
    record(owner, key="x" * 60)  # at the limit: fine
    with pytest.raises(IntegrityError):
        record(owner)


# --- each flag's line rendered once per worker for what it shows (journal.rendering) ------------


def test_the_panel_reads_the_same_whether_its_lines_were_kept_or_rendered_now(
    owner, owner_client, osteo
):
    from journal import derived, rendering

    make_pain(owner, ago(1), score=8)
    mark(owner_client, seen=fingerprint(panel(owner_client)))
    kept = panel(owner_client)  # every line rendered and kept
    rendering._RENDERINGS.clear()
    derived.forget_snapshots()
    from django.core.cache import cache

    cache.clear()
    fresh = panel(owner_client)  # every line rendered again
    strip = re.compile(r"csrfmiddlewaretoken\" value=\"[^\"]+\"")
    assert strip.sub("", fresh) == strip.sub("", kept)
    assert 'id="flags-discussed"' in kept


def test_a_save_renders_again_only_the_lines_of_the_flags_it_changed(
    owner, owner_client, osteo, monkeypatch, django_capture_on_commit_callbacks
):
    from journal import rendering
    from journal.logs import LOGS

    for days in range(1, 6):
        make_pain(owner, ago(days), score=2)
    assert "pain.spike" not in panel(owner_client)
    rendered = []
    real = rendering.render_to_string

    def counting(name, ctx, *args, **kwargs):
        if name == "journal/_person_flag.html":
            rendered.append(ctx["flag"].key)
        return real(name, ctx, *args, **kwargs)

    monkeypatch.setattr(rendering, "render_to_string", counting)
    for score in (8, 9):  # a jump in back pain, then a higher one: the spike flag changes
        with django_capture_on_commit_callbacks(execute=True):
            data = {"date": TODAY, "score": score, "locations": ["lower_back"]}
            services.save_entry(LOGS["pain"], owner, data)
        html = panel(owner_client)
        assert f"{score}/10" in html
        assert KEY in html
        # The spike's line alone is rendered; the bone flags' lines are the ones kept.
        assert rendered == ["pain.spike"]
        rendered.clear()


def test_a_kept_line_is_never_shown_for_another_state_of_its_flag(owner, owner_client, osteo):
    html = panel(owner_client)
    assert "You discussed this with your clinician" not in html
    mark(owner_client, date=ago(30).isoformat(), seen=fingerprint(html))
    assert KEY in discussed_group(panel(owner_client))
    make_scan(owner, ago(1), spine="-2.8")  # something new behind it: the flag comes back
    back = main_list(panel(owner_client))
    assert "You discussed this with your clinician on" in back
    assert f'value="{KEY}"' in back


@pytest.mark.django_db(transaction=True)  # real commits: each write's record is shared
def test_the_discussions_are_read_again_only_after_a_flag_is_marked_or_unmarked(
    owner, owner_client, osteo
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def discussion_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            panel(owner_client)
        return sum("journal_flagdiscussion" in q["sql"] for q in queries)

    assert discussion_queries() == 1
    assert discussion_queries() == 0  # the same version: the panel as kept
    from journal.logs import LOGS

    services.save_entry(LOGS["pain"], owner, {"date": TODAY, "score": 4, "locations": ["neck"]})
    assert discussion_queries() == 0  # a pain entry: the discussions carried over
    # Marking and unmarking are writes no value is carried over: the panel shows each at once.
    mark(owner_client, seen=fingerprint(panel(owner_client)))
    assert KEY in discussed_group(panel(owner_client))
    owner_client.post("/flags/undiscussed/", {"flag": KEY}, **HTMX)
    html = panel(owner_client)
    assert KEY not in discussed_group(html)
    assert f'value="{KEY}"' in main_list(html)
