"""The one-page report for a clinician: its figures (a pure function of the snapshot), the flags
in clinical words, the HTML page, and the PDF read back as text."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from journal import report
from journal.report import context, pdf, text
from journal.rules import RULES, evaluate
from journal.snapshot import ProfileData
from journal.wording import clinician, person

from .builders import TODAY, ago, exercise, fracture, height, journal, pain, scan


def build(j, period="3m", name="", findings=None):
    return report.build(
        j, evaluate(j, TODAY) if findings is None else findings, TODAY, period, name
    )


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(p.extract_text() for p in reader.pages)


# --- the period -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2028, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 15), 3, dt.date(2025, 12, 15)),
        (dt.date(2026, 6, 15), 12, dt.date(2025, 6, 15)),
    ],
)
def test_a_period_starts_calendar_months_back_clamped_to_the_months_end(day, months, expected):
    assert context.months_before(day, months) == expected


@pytest.mark.parametrize(
    ("given", "key"), [("3m", "3m"), (" 12M ", "12m"), ("7m", "6m"), (None, "6m"), (["x"], "6m")]
)
def test_the_period_is_3_6_or_12_months_else_6(given, key):
    assert context.parse_period(given) == key


def test_the_report_covers_the_day_after_the_start_to_today():
    r = build(journal(), "3m")
    assert (r.start, r.end) == (dt.date(2026, 3, 16), TODAY)


# --- pain -----------------------------------------------------------------------------------------


def pains_by_half(first: list[int], second: list[int]):
    """Scores in the first and the second half of a 3-month report ending TODAY."""
    early = [pain(i, ago(80 - i), s) for i, s in enumerate(first)]
    late = [pain(100 + i, ago(10 - i), s) for i, s in enumerate(second)]
    return journal(pains=early + late)


def test_pain_mean_median_and_count_over_the_period_only():
    j = journal(
        pains=[pain(1, ago(200), 10), pain(2, ago(5), 2), pain(3, ago(4), 3), pain(4, ago(3), 7)]
    )
    p = build(j).pain
    assert (p.count, p.mean.quantize(Decimal("0.01")), p.median) == (
        3,
        Decimal("4.00"),
        Decimal("3"),
    )


def test_pain_is_rising_when_the_second_half_is_half_a_point_higher():
    assert build(pains_by_half([4, 4], [4, 5])).pain.trend == "rising"


def test_pain_is_stable_just_under_half_a_point():
    assert build(pains_by_half([4, 4, 4, 4, 4], [4, 4, 4, 4, 6])).pain.trend == "stable"  # +0.4


def test_pain_is_falling_at_half_a_point_lower():
    assert build(pains_by_half([5, 4], [4, 4])).pain.trend == "falling"


def test_no_trend_without_entries_in_both_halves():
    assert build(pains_by_half([], [4, 4])).pain.trend == ""


def test_the_worst_days_are_the_three_highest_scores_latest_first_with_notes():
    j = journal(
        pains=[
            pain(1, ago(30), 8, note="after gardening"),
            pain(2, ago(20), 9),
            pain(3, ago(10), 8),
            pain(4, ago(5), 3),
            pain(5, ago(2), 8),
        ]
    )
    r = build(j)
    assert [p.id for p in r.pain.worst] == [2, 5, 3]
    assert text.worst_days(r)[0] == "26 May 2026: 9/10, lower back"
    j = journal(pains=[pain(1, ago(30), 8, note="after gardening")])
    assert text.worst_days(build(j)) == [
        "16 May 2026: 8/10, lower back: \u201cafter gardening\u201d"
    ]


def test_the_current_episode_is_chronic_from_91_days():
    j = journal(pains=[pain(i, ago(91 - 7 * i), 4) for i in range(14)])
    r = build(j)
    assert (r.pain.episode_start, r.pain.episode_days) == (ago(91), 91)
    assert "91 days, chronic (more than 3 months)." in " ".join(text.pain_lines(r))
    j = journal(pains=[pain(i, ago(90 - 7 * i), 4) for i in range(13)])
    assert "chronic" not in " ".join(text.pain_lines(build(j)))


def test_a_zero_or_a_gap_over_14_days_means_no_current_episode():
    assert build(journal(pains=[pain(1, ago(40), 5), pain(2, ago(1), 0)])).pain.episode_days is None
    assert build(journal(pains=[pain(1, ago(15), 5)])).pain.episode_days is None


# --- bone density ---------------------------------------------------------------------------------


def two_scans(latest_bmd: str, lsc=None):
    return journal(
        scans=[
            scan(1, ago(400), spine=("-2.0", "1.000")),
            scan(2, ago(30), lsc=lsc, facility="City", spine=("-2.6", latest_bmd), forearm="-1.0"),
        ]
    )


def test_a_sites_bmd_loss_at_the_least_significant_change_exceeds_it():
    [spine, _] = build(two_scans("0.970")).sites  # 3% of 1.000
    assert (spine.bmd_change, spine.lsc, spine.beyond_lsc) == (
        Decimal("-0.030"),
        Decimal("0.03"),
        True,
    )
    assert text.site_rows(build(two_scans("0.970")))[0][-1] == "exceeds LSC (0.03)"


def test_a_sites_bmd_loss_just_under_the_least_significant_change_is_within_it():
    [spine, _] = build(two_scans("0.971")).sites
    assert spine.beyond_lsc is False
    assert text.site_rows(build(two_scans("0.971")))[0][-1] == "within LSC (0.03)"


def test_the_scans_own_lsc_is_used_where_entered():
    [spine, _] = build(two_scans("0.980", lsc="2.0")).sites
    assert (spine.lsc, spine.beyond_lsc) == (Decimal("0.02"), True)


def test_each_site_shows_its_latest_t_score_category_and_change():
    r = build(two_scans("0.970"))
    spine, forearm = r.sites
    assert (spine.t_score, spine.category, spine.t_change) == (
        Decimal("-2.6"),
        "osteoporosis",
        Decimal("-0.6"),
    )
    assert forearm.previous_date is None
    rows = text.site_rows(r)
    assert rows[0][:6] == (
        "Lumbar spine",
        "16 May 2026",
        "-2.6",
        "Osteoporosis",
        "0.97",
        "T -0.6 since 11 May 2025; BMD -0.03",
    )
    assert rows[1][5:] == ("first scan of this site", "")


# --- exercise, height, fractures ------------------------------------------------------------------


def test_exercise_counts_complete_weeks_against_150_minutes_and_strength_days():
    # TODAY is Monday 15 June 2026; a 3-month report's complete weeks run 16 March to 14 June.
    sessions = [
        exercise(1, dt.date(2026, 6, 8), "walking", 150),
        exercise(2, dt.date(2026, 6, 1), "walking", 149),
    ]
    sessions += [
        exercise(3, dt.date(2026, 6, 9), "strength", 30),
        exercise(4, dt.date(2026, 6, 10), "strength", 30),
    ]
    sessions += [exercise(5, dt.date(2026, 6, 10), "strength", 20, "light")]
    a = build(journal(exercises=sessions)).activity
    assert a.weeks == 13
    assert a.weeks_at_target == 1  # 150 + 60 in the week of 8 June; 149 alone is short
    assert a.weeks_two_strength_days == 1
    assert a.mean_minutes == round((210 + 149) / 13)
    assert a.mean_strength_days == Decimal("0.2")


def test_height_change_since_the_first_and_below_the_tallest():
    j = journal(
        profile=ProfileData(tallest_height_cm=Decimal("166.0")),
        heights=[
            height(1, ago(900), "164.8"),
            height(2, ago(500), "165.1"),
            height(3, ago(20), "162.6"),
        ],
    )
    r = build(j)
    assert (r.height.change, r.height.below_tallest) == (Decimal("-2.2"), Decimal("2.5"))
    assert text.height_line(r).startswith("Latest 162.6 cm (26 May 2026); -2.2 cm since the first")
    assert "Reported tallest adult height 166.0 cm." in text.height_line(r)


def test_fractures_are_listed_newest_first_whatever_the_period():
    j = journal(fractures=[fracture(1, ago(2000), "wrist"), fracture(2, ago(20), "spine", False)])
    assert text.fracture_lines(build(j)) == [
        "26 May 2026: Spine (vertebra)",
        "23 Dec 2020: Wrist or forearm, minimal trauma",
    ]


def test_who_names_age_and_sex_and_a_name_only_when_given():
    j = journal(profile=ProfileData(birth_year=1964, sex="female"))
    assert text.who(build(j)) == "age 62 (born 1964), female"
    assert (
        text.who(build(j, name="  Olive   Example ")) == "Olive Example, age 62 (born 1964), female"
    )
    assert text.who(build(journal())) == "No name, age or sex given"


# --- flags in a clinician's words -----------------------------------------------------------------


def test_every_rule_has_a_clinical_statement():
    assert not clinician.PENDING, "no rule is left worded by its trigger"
    missing = set(RULES) - set(clinician.CLINICIAN)
    assert not missing, f"add clinical words for {sorted(missing)}"
    assert not set(clinician.CLINICIAN) - set(RULES), "words for a rule that does not exist"


def flag_journal():
    return journal(
        profile=ProfileData(birth_year=1950, tallest_height_cm=Decimal("170.0")),
        pains=[pain(i, ago(100 - 7 * i), 5) for i in range(15)]
        + [pain(50, ago(3), 9, ("mid_back",), onset="sudden", minor_trigger=True)],
        scans=[
            scan(1, ago(900), facility="A", spine=("-2.0", "1.000")),
            scan(2, ago(800), facility="B", spine=("-3.2", "0.900")),
        ],
        exercises=[exercise(1, ago(2), "impact", 20, "vigorous", jumps=30)],
        heights=[height(1, ago(600), "168.0"), height(2, ago(10), "165.5")],
        fractures=[fracture(1, ago(60), "wrist")],
        aged=True,
    )


def test_each_raised_flag_is_worded_for_a_clinician_with_its_evidence():
    j = flag_journal()
    findings = evaluate(j, TODAY)
    r = build(j, findings=findings)
    codes = {f.code for f in r.flags}
    assert {
        "bone.osteoporosis",
        "bone.severe",
        "bone.decline",
        "pain.fracture_sign",
        "pain.chronic",
    } <= codes
    assert {"activity.spine_caution", "body.height_loss", "fracture.fragility"} <= codes
    words = {f.code: f.statement for f in r.flags}
    assert words["bone.decline"] == (
        "Lumbar spine T-score -2.0 (28 Dec 2023) to -3.2 (6 Apr 2024), a decrease of 1.2: a fall "
        "of 0.3 or more, BMD loss at or beyond the least significant change (0.03 g/cm²) and "
        "category worsened from osteopenia to osteoporosis. Scans from different facilities "
        "(A; B): "
        "cross-scanner comparison is unreliable."
    )
    assert words["body.height_loss"] == (
        "Height 165.5 cm on 5 Jun 2026: 2.5 cm below the tallest measured (168.0 cm, 23 Oct 2024) "
        "and 4.5 cm below the reported tallest adult height (170.0 cm)."
    )
    assert words["pain.fracture_sign"].endswith("vertebral fracture to be excluded.")
    person_words = {f.code: person.words(f)[0] for f in findings}
    assert all(words[c] != person_words[c] for c in words)  # not the person's own words
    assert r.flags[0].level == "urgent"  # most pressing first
    decline = next(f for f in r.flags if f.code == "bone.decline")
    assert [e.label for e in decline.evidence][:2] == [
        "Lumbar spine T-score on 28 Dec 2023",
        "Lumbar spine T-score on 6 Apr 2024",
    ]
    assert "outside guidance: ISCD least significant change" in decline.source


def test_a_rule_without_clinical_words_would_be_worded_by_its_declared_trigger():
    from journal.rules import Finding

    finding = Finding("bone.osteoporosis", "warning", {"site": "spine", "t": Decimal("-2.6")})
    assert clinician.statement(finding).startswith("Latest lumbar spine T-score -2.6")
    original = clinician.CLINICIAN.pop("bone.osteoporosis")
    try:
        assert clinician.statement(finding) == RULES["bone.osteoporosis"].trigger
    finally:
        clinician.CLINICIAN["bone.osteoporosis"] = original


# --- the PDF --------------------------------------------------------------------------------------


@pytest.mark.slow  # draws and reads back a PDF
def test_the_pdf_is_one_a4_page_whose_text_reads_back_with_the_values():
    j = flag_journal()
    r = build(j, "12m", name="Olive Example")
    pages, words = pdf_text(pdf.render(r))
    assert pages == 1
    box = PdfReader(io.BytesIO(pdf.render(r))).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    for expected in (
        "Bone Journal: 12-month summary for a clinician",
        "Olive Example, age 76 (born 1950)",
        "Period 16 Jun 2025 to 15 Jun 2026",
        "Lumbar spine",
        "-3.2",
        "Osteoporosis",
        "Urgent: Sudden back pain after a minor movement.",
        "vertebral fracture to be excluded",
        "16 entries: mean 5.2, median 5.0",
        "Latest 165.5 cm",
        "Wrist or forearm, minimal trauma",
        "not a diagnosis",
    ):
        assert expected in " ".join(words.split()), expected


@pytest.mark.slow  # draws and reads back a PDF
def test_the_pdf_stays_one_page_however_many_flags_and_says_what_it_left_out():
    j = flag_journal()
    findings = evaluate(j, TODAY) * 8
    pages, words = pdf_text(pdf.render(build(j, findings=findings)))
    assert pages == 1
    assert "further findings of lower priority left out for space" in " ".join(words.split())


def test_the_pdf_of_an_empty_journal_says_so():
    pages, words = pdf_text(pdf.render(build(journal())))
    assert pages == 1
    for expected in (
        "No DEXA scan recorded.",
        "No pain entries in this period.",
        "No height measured.",
    ):
        assert expected in words


@pytest.mark.slow  # draws and reads back a PDF
def test_the_pdf_embeds_its_fonts_so_its_text_is_selectable():
    data = pdf.render(build(flag_journal()))
    assert b"/FontFile2" in data  # TrueType embedded (pdf.fonttype 42), not paths
    assert b"/Type3" not in data


# --- the pages ------------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytest.fixture
def demo_user(db):
    from journal.demo import seed_demo

    return seed_demo(TODAY, username="report-demo", password="x" * 12)


@pytestmark_db
def test_the_report_page_shows_the_figures_flags_and_period_links(demo_user, client, frozen_today):
    client.force_login(demo_user)
    response = client.get("/report/?period=12m&name=Olive%20Example")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bone Journal: 12-month summary for a clinician" in page
    assert "Olive Example, age 62 (born 1964), female" in page
    assert 'data-flag="bone.decline" data-level="warning"' in page
    assert 'href="?period=3m&amp;name=Olive%20Example"' in page
    assert 'href="/report.pdf?period=12m&amp;name=Olive%20Example"' in page
    assert 'src="/report/chart.svg?period=12m"' in page
    assert "exceeds LSC" in page


@pytestmark_db
def test_the_report_pdf_and_chart_downloads(demo_user, client, frozen_today):
    client.force_login(demo_user)
    response = client.get("/report.pdf?period=3m&name=Ann")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pages, words = pdf_text(response.content)
    assert pages == 1
    assert "Ann, age 62" in words
    assert "3-month summary" in words
    chart = client.get("/report/chart.svg?period=nonsense")
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<desc>Pain from 2025-12-16 to 2026-06-15" in chart.content
    assert "style-src 'unsafe-inline'" in chart["Content-Security-Policy"]


@pytestmark_db
def test_the_report_is_the_visitors_own(demo_user, owner_client, frozen_today):
    page = owner_client.get("/report/").content.decode()
    assert "No DEXA scan recorded." in page
    assert "No pain entries in this period." in page


@pytestmark_db
def test_the_report_pages_take_only_get(owner_client):
    for path in ("/report/", "/report.pdf", "/report/chart.svg"):
        assert owner_client.post(path).status_code == 405
