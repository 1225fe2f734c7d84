"""The template helpers: evidence links, log URLs, the navigation and the small filters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from journal.logs import LOGS
from journal.templatetags import journal_tags as tags
from journal.wording import Evidence


def render(source: str, **context) -> str:
    return Template("{% load journal_tags %}" + source).render(Context(context))


def test_evidence_links_to_the_entry_page_where_a_log_has_one_else_its_edit_form():
    assert tags.evidence_url(Evidence("x", "y", None, "dexa", 7)) == "/dexa/7/"
    assert tags.evidence_url(Evidence("x", "y", None, "pain", 7)) == "/pain/7/edit/"
    assert tags.evidence_url(Evidence("x", "y", None, "profile")) == "/profile/"


def test_evidence_without_an_entry_or_from_an_unknown_log_has_no_link():
    assert tags.evidence_url(Evidence("Average pain", "4/10", None, "pain")) == ""
    assert tags.evidence_url(Evidence("x", "y", None, "horoscope", 3)) == ""


@pytest.mark.parametrize("key", LOGS)
def test_log_url_names_every_page_of_every_log(key):
    log = LOGS[key]
    assert render("{% log_url log 'list' %}", log=log) == f"/{key}/"
    assert render("{% log_url log 'new' %}", log=log) == f"/{key}/new/"
    assert render("{% log_url log 'edit' 3 %}", log=log) == f"/{key}/3/edit/"
    assert render("{% log_url log 'delete' 3 %}", log=log) == f"/{key}/3/delete/"


@pytest.mark.parametrize("key", LOGS)
@pytest.mark.parametrize("pk", [0, 1, 9, 10, 321, 7_654_321_987, 2**63 - 1])
def test_an_entrys_url_reversed_once_is_the_one_the_urlconf_gives(key, pk):
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    log = LOGS[key]
    for action in ("edit", "delete", "detail"):
        try:
            expected = reverse(f"journal:{key}_{action}", args=[pk])
        except NoReverseMatch:
            continue  # a log without that page
        assert log.url(action, pk) == expected
        assert log.url(action, str(pk)) == expected  # not an int: reversed as it is
    set_script_prefix("/journal/")  # served under a prefix: the URLs carry it
    try:
        assert log.url("edit", pk) == f"/journal/{key}/{pk}/edit/"
        assert log.url("list") == f"/journal/{key}/"
    finally:
        set_script_prefix("/")


def test_path_is_the_url_of_a_name_without_arguments():
    from django.urls import reverse

    for name in ("journal:dashboard", "journal:pain_quick", "journal:guidance", "logout"):
        assert render("{% path name %}", name=name) == reverse(name)


def test_the_navigation_lists_the_logs_with_a_label_in_their_order():
    assert [log.nav for log in tags.nav_logs()] == [log.nav for log in LOGS.values() if log.nav]
    assert "Pain" in render("{% nav_logs as logs %}{% for l in logs %}{{ l.nav }} {% endfor %}")


def test_level_words_and_labels():
    assert tags.level_word("urgent") == "Urgent"
    assert tags.level_word("good") == "Good news"
    assert tags.level_word("odd") == "odd"
    assert tags.location_labels(["lower_back", "hip"]) == "Lower back, Hip"
    assert tags.location_labels(None) == ""
    assert tags.category_label("osteopenia") == "Osteopenia"
    assert tags.category_label(None) == ""


def test_signed_shows_a_sign_on_every_change_but_zero():
    assert tags.signed(Decimal("0.10")) == "+0.10"
    assert tags.signed(Decimal("-0.3")) == "-0.30"
    assert tags.signed(Decimal("0")) == "0.00"
    assert tags.signed(None) == ""


def test_get_item_and_stack():
    assert tags.get_item({1: "a"}, 1) == "a"
    assert tags.get_item(None, 1) == ()
    assert tags.stack(1, 2) == [1, 2]
    assert tags.stack([1, 2], 3) == [1, 2, 3]


def test_who_bands_text_comes_from_the_domains_thresholds():
    text = tags.who_bands_text()
    assert "normal at -1.0 or above" in text
    assert "osteoporosis at -2.5 or below" in text


def test_table_rows_escapes_every_cell():
    from journal.templatetags.journal_tags import table_rows

    html = table_rows((("1 Jan 2026", "<b>4</b>"), ("2 Jan", "a & b")))
    assert html == (
        "<tr><td>1 Jan 2026</td><td>&lt;b&gt;4&lt;/b&gt;</td></tr>"
        "<tr><td>2 Jan</td><td>a &amp; b</td></tr>"
    )


def test_table_rows_of_lists_render_like_rows_of_tuples_and_a_row_renders_once():
    from journal.templatetags.journal_tags import _row_html, table_rows

    rows = (("1 Jan 2026", "<b>4</b>"), ("2 Jan", "a & b"))
    first = table_rows(rows)
    assert table_rows([list(row) for row in rows]) == first
    hits = _row_html.cache_info().hits
    assert table_rows(tuple(tuple(row) for row in rows)) == first  # equal rows, other objects
    assert _row_html.cache_info().hits == hits + 2
