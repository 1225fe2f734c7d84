"""The report's sections for treatments, medicines, the PHQ-9 and falls (pure figures and the
words printed from them), and the clinician's words for the medicines, lab, falls, mood and
treatment rules, each from a real finding of its rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from journal import report
from journal.formats import fmt_date
from journal.report import sections, text
from journal.rules import check
from journal.wording import clinician

from .builders import (
    TODAY,
    ago,
    dose,
    fall,
    journal,
    lab,
    medicine,
    mood,
    pain,
    session,
    treatment,
)
from .test_rules_care import _pain_run, course_journal

D = dt.date


def build(j, period="12m"):
    return report.build(j, [], TODAY, period)


def words(code: str, j) -> list[str]:
    return [clinician.statement(f) for f in check(code, j, TODAY)]


# --- the clinician's words, one rule at a time ----------------------------------------------------


def prolia_journal(*dates, stopped=None):
    med = medicine(1, D(2020, 1, 1), "denosumab", stopped=stopped, name="Prolia")
    return journal(medicines=[med], doses=[dose(10 + i, day, 1) for i, day in enumerate(dates)])


def test_denosumab_due_in_a_clinicians_words():
    assert words("meds.denosumab_due", prolia_journal(D(2025, 12, 25))) == [
        "Denosumab (Prolia) last given 25 Dec 2025; next injection due 25 Jun 2026 (in 10 days), "
        "to be given by 25 Jul 2026 (7 months after the last)."
    ]


def test_denosumab_overdue_in_a_clinicians_words_says_when_it_was_marked_stopped():
    statement = (
        "Denosumab (Prolia) last given 1 Nov 2025, due 1 May 2026: now 45 days overdue, more "
        "than 7 months since the last injection, with no bisphosphonate or zoledronate logged "
        "since. Risk of rebound bone loss and multiple vertebral fractures after discontinuation."
    )
    assert words("meds.denosumab_overdue", prolia_journal(D(2025, 11, 1))) == [statement]
    stopped = prolia_journal(D(2025, 11, 1), stopped=D(2026, 1, 10))
    assert words("meds.denosumab_overdue", stopped) == [
        statement + " Recorded as stopped on 10 Jan 2026."
    ]


@pytest.mark.parametrize(
    ("last", "when"),
    [
        (D(2026, 5, 20), "due 20 Jun 2026 (in 5 days)"),
        (D(2026, 5, 15), "due today (15 Jun 2026)"),
        (D(2026, 5, 1), "overdue by 14 days (due 1 Jun 2026)"),
    ],
)
def test_dose_due_in_a_clinicians_words(last, when):
    med = medicine(1, D(2025, 1, 1), "other", "monthly", name="Ibandronate")
    j = journal(medicines=[med], doses=[dose(2, last, 1)])
    assert words("meds.dose_due", j) == [
        f"Ibandronate (every month) last logged {fmt_date(last)}; next dose {when}."
    ]


def otc_journal(earlier=()):
    med = medicine(1, D(2020, 1, 1), "paracetamol", name="Paracetamol")
    pains = [pain(100 + i, ago(i), 4) for i in range(5)]
    pains += [pain(200 + i, ago(14 + i), s) for i, s in enumerate(earlier)]
    return journal(medicines=[med], doses=[dose(10 + n, ago(n), 1) for n in range(10)], pains=pains)


def test_pain_despite_otc_in_a_clinicians_words_with_and_without_the_weeks_before():
    assert words("meds.pain_despite_otc", otc_journal()) == [
        "Paracetamol or an NSAID taken on 10 of the last 14 days, with mean pain 4.0/10: pain "
        "not controlled by over-the-counter analgesia."
    ]
    assert words("meds.pain_despite_otc", otc_journal(earlier=[3, 4, 4, 4, 4])) == [
        "Paracetamol or an NSAID taken on 10 of the last 14 days, with mean pain 4.0/10, not "
        "lower than 3.8/10 over the preceding 14 days: pain not controlled by over-the-counter "
        "analgesia."
    ]


def test_long_term_nsaid_in_a_clinicians_words():
    med = medicine(1, D(2020, 1, 1), "nsaid", name="Ibuprofen")
    j = journal(medicines=[med], doses=[dose(10 + n, ago(n), 1) for n in range(60)])
    assert words("meds.long_term_nsaid", j) == [
        "NSAID taken on 60 of the last 90 days: sustained use; the source notes that long-term "
        "high-dose NSAIDs may impair calcium absorption."
    ]


def test_vitamin_d_low_in_a_clinicians_words_converts_nmol_l_to_two_places():
    assert words("labs.vitamin_d_low", journal(labs=[lab(1, ago(3), "19.9")])) == [
        f"Latest 25-OH vitamin D 19.9 ng/mL on {fmt_date(ago(3))}: below 20 ng/mL (deficiency)."
    ]
    # 49.9 nmol/L is 19.992 ng/mL: one place would print "20.0 ng/mL", which is not below 20.
    assert words("labs.vitamin_d_low", journal(labs=[lab(1, ago(3), "49.9", "nmol_l")])) == [
        f"Latest 25-OH vitamin D 49.9 nmol/L (19.99 ng/mL) on {fmt_date(ago(3))}: below 20 ng/mL "
        "(deficiency)."
    ]


def test_falls_in_a_clinicians_words():
    two = journal(falls=[fall(1, ago(300), injured=True), fall(2, ago(3))])
    assert words("body.falls", two) == [
        f"2 falls in the last 12 months, 1 with injury, the latest on {fmt_date(ago(3))}: falls "
        "assessment indicated (NICE CG161)."
    ]
    assert words("body.falls", journal(falls=[fall(1, ago(30)), fall(2, ago(3))]))[0].startswith(
        "2 falls in the last 12 months, none with injury,"
    )
    assert words("body.falls", journal(falls=[fall(1, ago(3), injured=True)])) == [
        f"One fall with injury in the last 12 months, on {fmt_date(ago(3))}: falls assessment "
        "indicated (NICE CG161)."
    ]


def test_mood_safety_in_a_clinicians_words():
    assert words("mood.safety", journal(moods=[mood(1, ago(2), total=8, item9=2)])) == [
        f"PHQ-9 of {fmt_date(ago(2))}: item 9 (thoughts of being better off dead or of self-harm) "
        "answered \u201cmore than half the days\u201d. Suicide risk to be assessed promptly."
    ]


def test_depression_screen_in_a_clinicians_words_names_chronic_pain_when_it_holds():
    alone = journal(moods=[mood(1, ago(1), total=12)])
    assert words("mood.depression_screen", alone) == [
        f"PHQ-9 total 12/27 on {fmt_date(ago(1))} (moderate): a positive screen (10 or more)."
    ]
    both = journal(moods=[mood(1, ago(1), total=12)], pains=_pain_run(91))
    assert words("mood.depression_screen", both) == [
        f"PHQ-9 total 12/27 on {fmt_date(ago(1))} (moderate): a positive screen (10 or more), "
        f"with a pain episode lasting since {fmt_date(ago(91))} (91 days): comorbid chronic pain "
        "and depressive symptoms."
    ]


def test_treatment_response_in_a_clinicians_words_lower_unchanged_and_due_for_review():
    first = ago(60)
    lower = words("treatment.response", course_journal(before=[5] * 5, latest=[4] * 5))
    assert lower == [
        f"Acupuncture, 6 sessions from {fmt_date(first)}: mean pain 4.0/10 over the last 28 days "
        "(5 entries) against 5.0/10 in the 28 days before the first session (5 entries): 1 point "
        "or more lower (an uncontrolled before-and-after comparison)."
    ]
    same = words("treatment.response", course_journal(before=[5] * 5, latest=[4] * 4 + [5]))
    assert same[0].endswith(": no reduction of 1 point or more yet.")
    late = course_journal(before=[5] * 5, latest=[5] * 5, first=ago(85), sessions=8)
    assert words("treatment.response", late)[0].endswith(
        ": no reduction of 1 point or more, 85 days (over 12 weeks) after the first session: "
        "review the course."
    )


# --- treatments ----------------------------------------------------------------------------------


def test_a_course_shows_its_sessions_and_pain_before_since_and_lately_with_entry_counts():
    j = journal(
        treatments=[treatment(1, ago(40), "physiotherapy", "Riverside")],
        sessions=[
            session(10, ago(35), before=6, after=4),
            session(11, ago(28), before=5, after=4),
            session(12, ago(21)),
        ],
        pains=[pain(1, ago(50), 6), pain(2, ago(40), 8), pain(3, ago(30), 4), pain(4, ago(1), 2)],
    )
    [row] = build(j, "3m").sections["treatments"]
    assert (row.sessions, row.sessions_in_period, row.first) == (3, 3, ago(35))
    assert (row.before.mean, row.before.count) == (Decimal(7), 2)  # ago(63) .. ago(36)
    assert (row.since.mean, row.since.count) == (Decimal(3), 2)
    assert (row.pair_change, row.pairs) == (Decimal("-1.5"), 2)
    assert text.course_lines(build(j, "3m")) == [
        f"Physiotherapy (Riverside): 3 sessions from {text.fmt_date(ago(35))} (3 in the period). "
        "Pain 7.0 in the 28 days before the first session (2 entries), 3.0 since (2 entries), 2.0 "
        "in the latest 28 days (1 entry). Just after a session pain was 1.5 points lower than "
        "just before (mean of 2 sessions with both noted)."
    ]


def test_courses_shown_are_those_with_a_session_or_a_start_in_the_period_newest_first():
    j = journal(
        treatments=[
            treatment(1, ago(400), "massage"),  # sessions long before the 3 months
            treatment(2, ago(200), "tens"),  # a session in the period
            treatment(3, ago(10), "hydrotherapy"),  # started in it, no session yet
            treatment(4, ago(-3), "psychology"),  # starts after today
        ],
        sessions=[session(10, ago(390), 1), session(11, ago(80), 2)],
    )
    r = build(j, "3m")
    assert [row.course.id for row in r.sections["treatments"]] == [3, 2]
    assert text.course_lines(r)[0] == (
        f"Hydrotherapy: started {text.fmt_date(ago(10))}; no session logged yet."
    )
    assert text.course_lines(build(journal(), "3m")) == ["No treatment course in the period."]


# --- medicines -----------------------------------------------------------------------------------


def test_a_scheduled_doses_are_on_time_until_their_due_date_and_late_the_day_after():
    # Monthly: 31 Jan + 1 month = 28 Feb (on time on the 28th), then 28 Mar due, taken 29 Mar.
    med = medicine(1, D(2025, 1, 1), "other", "monthly", name="Ibandronate")
    j = journal(
        medicines=[med],
        doses=[dose(2, D(2026, 1, 31), 1), dose(3, D(2026, 2, 28), 1), dose(4, D(2026, 3, 29), 1)],
    )
    [row] = build(j).sections["medicines"]
    assert (row.doses, row.on_time, row.untimed) == (3, 1, 1)  # the first has none before it
    [late] = row.late
    assert (late.dose.id, late.due, late.days, late.past_limit) == (4, D(2026, 3, 28), 1, False)
    assert row.next_due == D(2026, 4, 29)
    assert row.overdue_days == (TODAY - D(2026, 4, 29)).days


def test_a_first_dose_with_nothing_before_it_is_neither_on_time_nor_late():
    med = medicine(1, D(2026, 1, 1), "other", "monthly", name="Ibandronate")
    j = journal(medicines=[med], doses=[dose(2, D(2026, 6, 1), 1)])
    [row] = build(j).sections["medicines"]
    assert (row.doses, row.on_time, row.late, row.untimed) == (1, 0, (), 1)
    assert text.medicine_lines(build(j)) == [
        "Ibandronate, every month: 1 dose in the period, 0 on time, 0 late, 1 with no earlier "
        "dose to time it from, next due 1 Jul 2026."
    ]


def test_a_late_denosumab_injection_says_whether_it_came_past_7_months():
    # 31 Aug + 6 months = 28 Feb due; 31 Aug + 7 months = 31 Mar: 31 Mar is late but within 7
    # months, 1 Apr past them.
    for given, past in ((D(2026, 3, 31), False), (D(2026, 4, 1), True)):
        j = prolia_journal(D(2025, 8, 31), given)
        [row] = build(j, "3m").sections["medicines"]
        [late] = row.late
        assert (late.due, late.days, late.past_limit) == (
            D(2026, 2, 28),
            (given - late.due).days,
            past,
        )
    line = text.medicine_lines(build(prolia_journal(D(2025, 8, 31), D(2026, 4, 1)), "3m"))[0]
    assert line == (
        "Prolia (denosumab), every 6 months: 1 dose in the period, 0 on time, 1 late (1 Apr "
        "2026, 32 days after its due date; more than 7 months after the one before), next due "
        "1 Oct 2026."
    )


def test_an_overdue_scheduled_medicine_says_by_how_many_days():
    j = prolia_journal(D(2025, 11, 1))
    line = text.medicine_lines(build(j))[0]
    assert line.endswith("next was due 1 May 2026: overdue by 45 days.")


def test_a_daily_medicine_counts_the_days_of_its_span_in_the_period():
    med = medicine(1, D(2026, 3, 1), "calcium", dose_amount=Decimal("1200"), dose_unit="mg")
    stopped = medicine(2, D(2025, 1, 1), "vitamin_d", name="Vitamin D3", stopped=D(2025, 12, 31))
    j = journal(medicines=[med, stopped])
    rows = build(j, "12m").sections["medicines"]
    assert [(r.medicine.id, r.days) for r in rows] == [
        (1, (TODAY - D(2026, 3, 1)).days + 1),
        (2, 199),
    ]
    lines = text.medicine_lines(build(j, "12m"))
    assert lines[0] == (
        "Calcium, 1200 mg every day: taken daily since 1 Mar 2026, 107 days in the period (by "
        "its dates)."
    )
    assert lines[1].startswith(
        "Vitamin D3, every day (stopped 31 Dec 2025): taken daily from 1 Jan 2025 to 31 Dec 2025"
    )


def test_as_needed_doses_are_counted_per_calendar_month_of_the_period():
    med = medicine(1, D(2025, 1, 1), "paracetamol", name="Panadol")
    when = [D(2026, 3, 20), D(2026, 3, 20), D(2026, 4, 2), D(2026, 6, 15), D(2026, 3, 15)]
    j = journal(medicines=[med], doses=[dose(10 + i, day, 1) for i, day in enumerate(when)])
    r = build(j, "3m")  # 16 Mar to 15 Jun: the dose of 15 March is outside
    [row] = r.sections["medicines"]
    assert (row.doses, row.days) == (4, 3)
    assert row.months == (
        (D(2026, 3, 1), 2),
        (D(2026, 4, 1), 1),
        (D(2026, 5, 1), 0),
        (D(2026, 6, 1), 1),
    )
    assert text.medicine_lines(r) == [
        "Panadol (paracetamol), when needed: 4 doses on 3 days (about 1.3 a month; by month: "
        "Mar 2, Apr 1, May 0, Jun 1)."
    ]


def test_medicines_in_the_period_bone_medicines_first_and_none_stopped_before_it():
    j = journal(
        medicines=[
            medicine(1, D(2024, 1, 1), "paracetamol", name="Panadol"),
            medicine(2, D(2024, 1, 1), "calcium", stopped=D(2025, 1, 1)),  # before the period
            medicine(3, D(2024, 1, 1), "calcium", name="Calcichew", stopped=D(2025, 6, 16)),
            medicine(4, D(2024, 1, 1), "zoledronate", name="Aclasta"),
            medicine(5, D(2026, 6, 16), "nsaid", name="Naproxen"),  # starts after today
        ],
        doses=[dose(10, D(2025, 7, 1), 4)],
    )
    rows = build(j, "12m").sections["medicines"]
    assert [row.medicine.id for row in rows] == [4, 3, 1]
    assert text.medicine_lines(build(journal(), "12m")) == ["No medicine recorded in the period."]


# --- the PHQ-9 and falls -------------------------------------------------------------------------


def test_the_phq9_section_gives_the_latest_the_change_and_the_totals_in_the_period():
    j = journal(
        moods=[
            mood(1, ago(400), total=15),
            mood(2, ago(100), total=12),
            mood(3, ago(10), total=6, item9=1),
        ]
    )
    r = build(j, "12m")
    section = r.sections["mood"]
    assert (section.latest.id, section.previous.id, section.change) == (3, 2, -6)
    assert [m.id for m in section.in_period] == [2, 3]
    assert text.mood_line(r) == (
        f"Latest total 6 of 27 (mild) on {text.fmt_date(ago(10))}; -6 since the one before, 12 "
        f"(moderate) on {text.fmt_date(ago(100))}. Question 9 (thoughts of death or self-harm) "
        f"answered \u201cseveral days\u201d. In the period: 12 ({text.fmt_date(ago(100))}), 6 "
        f"({text.fmt_date(ago(10))})."
    )


def test_a_phq9_older_than_the_period_is_shown_as_such_and_none_says_so():
    r = build(journal(moods=[mood(1, ago(200), total=4)]), "3m")
    assert text.mood_line(r) == (
        f"Latest total 4 of 27 (minimal) on {text.fmt_date(ago(200))}, before the period."
    )
    assert text.mood_line(build(journal(), "3m")) == "No PHQ-9 recorded."
    assert build(journal(), "3m").sections["mood"] is None


def test_falls_in_the_period_newest_first_with_injuries_and_notes():
    from journal.snapshot import Fall

    j = journal(
        falls=[
            fall(1, ago(200)),
            Fall(2, ago(60), True, "Tripped on the stairs"),
            fall(3, ago(5)),
        ]
    )
    r = build(j, "3m")
    assert [f.id for f in r.sections["falls"].falls] == [3, 2]
    assert r.sections["falls"].injured == 1
    assert text.falls_line(r) == (
        f"2 falls in the period, 1 with an injury: {text.fmt_date(ago(5))}, "
        f"{text.fmt_date(ago(60))} (injured; \u201cTripped on the stairs\u201d)."
    )


def test_no_falls_in_the_period_names_the_last_one_before_it():
    r = build(journal(falls=[fall(1, ago(200), injured=True)]), "3m")
    assert text.falls_line(r) == (
        f"No falls recorded in the period; the last on {text.fmt_date(ago(200))} (injured)."
    )
    assert text.falls_line(build(journal(), "3m")) == "No falls recorded in the period."


def test_every_section_is_registered():
    assert list(sections.SECTIONS) == ["treatments", "medicines", "mood", "falls"]
    assert set(build(journal()).sections) == set(sections.SECTIONS)


# --- the page: one sheet, the flags compressed step by step ---------------------------------------


def pdf_words(data: bytes) -> tuple[int, str]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def care_journal():
    from journal.snapshot import Fall

    return journal(
        treatments=[treatment(1, ago(60), "acupuncture", "Dr Chen")],
        sessions=[session(10 + n, ago(56 - 7 * n), before=6, after=5) for n in range(6)],
        pains=[pain(n, ago(n), 6 if n > 56 else 3) for n in range(0, 80, 2)],
        medicines=[
            medicine(1, D(2025, 1, 1), name="Prolia", dose_amount=Decimal(60), dose_unit="mg"),
            medicine(2, D(2025, 1, 1), "paracetamol", name="Panadol"),
        ],
        doses=[dose(20, D(2025, 8, 31), 1), dose(21, D(2026, 4, 1), 1), dose(22, ago(3), 2)],
        moods=[mood(1, ago(90), total=14), mood(2, ago(5), total=7)],
        falls=[Fall(1, ago(40), True, "Missed the bottom step")],
    )


def test_the_pdf_reads_back_the_treatments_medicines_mood_and_falls():
    from journal.report import pdf

    pages, words = pdf_words(pdf.render(build(care_journal(), "12m")))
    assert pages == 1
    for expected in (
        "Medicines",
        "Prolia (denosumab), 60 mg every 6 months: 2 doses in the period, 0 on time, 1 late (1 "
        "Apr 2026, 32 days after its due date; more than 7 months after the one before)",
        "Panadol (paracetamol), when needed: 1 dose on 1 day",
        "Treatments",
        "Acupuncture (Dr Chen): 6 sessions from",
        "Mood (PHQ-9)",
        "Latest total 7 of 27 (mild)",
        "-7 since the one before, 14 (moderate)",
        "1 fall in the period, 1 with an injury",
        "Missed the bottom step",
    ):
        assert expected in words, expected


def test_the_page_shortens_evidence_to_one_item_before_it_leaves_any_flag_out():
    from journal.report import pdf
    from journal.rules import evaluate

    from .test_report import flag_journal

    j = flag_journal()
    findings = evaluate(j, TODAY)
    seen = []
    for more in range(3 * len(findings)):  # one finding more at a time
        r = report.build(j, findings + (findings * 3)[:more], TODAY, "3m")
        laid = pdf.page(r)
        seen.append((laid.evidence, laid.kept == len(r.flags)))
        if laid.kept < len(r.flags):
            assert laid.evidence == 1  # evidence went first
            _, words = pdf_words(pdf.render(r))
            left = len(r.flags) - laid.kept
            assert f"{left} further finding{'s' if left > 1 else ''} of lower priority" in words
    assert (2, True) in seen  # all whole
    assert (1, True) in seen  # all kept with one evidence item each
    assert (1, False) in seen  # then the least pressing left out


def test_a_heavy_journal_keeps_every_section_on_one_page_with_its_notes_cut_short():
    from journal.report import pdf
    from journal.rules import evaluate
    from journal.snapshot import Fall, Fracture

    long_note = "word " * 400
    j = journal(
        pains=[pain(n, ago(n), 9, note=long_note) for n in range(30)],
        fractures=[Fracture(n, ago(100 + n), "wrist", True, long_note) for n in range(6)],
        falls=[Fall(n, ago(10 + n), True, long_note) for n in range(7)],
        medicines=[
            medicine(n, D(2025, 1, 1), "other", "daily", name=f"Med {n}") for n in range(11)
        ],
        moods=[mood(1, ago(3), total=20, item9=2)],
    )
    r = report.build(j, evaluate(j, TODAY), TODAY, "3m")
    assert len(text.worst_days(r)[0]) < 200
    assert text.fracture_lines(r)[-1] == "and 3 earlier fractures."
    assert text.medicine_lines(r)[-1].startswith("and 5 more medicines")
    assert "and 3 earlier." in text.falls_line(r)
    pages, words = pdf_words(pdf.render(r))
    assert pages == 1
    for heading in ("Bone density", "Flags", "Pain", "Medicines", "Treatments", "Exercise"):
        assert heading in words
    for heading in ("Mood (PHQ-9)", "Height", "Falls", "Fractures", "not a diagnosis"):
        assert heading in words
    assert "Urgent: Thoughts of being better off dead" in words  # the most pressing, kept


def test_the_period_s_phq9_totals_name_the_newest_six_and_count_the_rest():
    j = journal(moods=[mood(n, ago(7 * n), total=n) for n in range(1, 11)])
    line = text.mood_line(build(j, "3m"))
    assert line.endswith(
        "In the period: 6 (4 May 2026), 5 (11 May 2026), 4 (18 May 2026), 3 (25 May 2026), "
        "2 (1 Jun 2026), 1 (8 Jun 2026), and 4 earlier."
    )


def maximal_journal():
    """Every section as long as the forms allow it to grow, and nineteen flags."""
    from journal.snapshot import Fall, Fracture

    from .test_report import flag_journal

    note, base = "word " * 400, flag_journal()
    places = ("lower_back", "hip", "neck", "upper_back", "knee")
    return journal(
        scans=base.scans,
        heights=base.heights,
        exercises=base.exercises,
        pains=[pain(n, ago(n), 9, locations=places, note=note) for n in range(360)],
        fractures=[Fracture(n, ago(100 + n), "wrist", True, note) for n in range(6)],
        falls=[Fall(n, ago(10 + n), True, note) for n in range(7)],
        medicines=[
            medicine(n, D(2025, 1, 1), "paracetamol", name="M" * 80, dose_amount=Decimal(1000))
            for n in range(11)
        ],
        doses=[dose(1000 + 40 * n + k, ago(9 * k), n) for n in range(11) for k in range(40)],
        treatments=[treatment(t, ago(300 - 20 * t), "acupuncture", "N" * 120) for t in range(5)],
        sessions=[
            session(5000 + 50 * t + k, ago(290 - 20 * t - 5 * k), t, 60, 9, 2)
            for t in range(5)
            for k in range(50)
            if 290 - 20 * t - 5 * k > 0
        ],
        moods=[mood(i, ago(14 * i), total=20 - i % 10, item9=2) for i in range(26)],
    )


@pytest.mark.parametrize("period", ["3m", "12m"])
def test_a_maximal_journal_makes_the_sections_brief_before_it_leaves_out_a_warning(period):
    from journal.report import pdf
    from journal.rules import evaluate

    j = maximal_journal()
    r = report.build(j, evaluate(j, TODAY), TODAY, period, "X" * 200)
    full = pdf.page(r)
    assert full.brief  # the full sections left no room for the urgent flag and the warnings
    assert r.flags[0].level == "urgent"
    assert full.kept >= 1
    head, tail = pdf.fixed_blocks(r, brief=True)
    room = pdf.PAGE_H - 2 * pdf.MARGIN
    assert sum(b.height for b in head + [full.blocks[len(head)]] + tail) <= room
    assert len(text.medicine_lines(r, brief=True)) == 4  # three and "and 8 more"
    assert len(text.course_lines(r, brief=True)) == 2  # one and "and N earlier"
    pages, words = pdf_words(pdf.render(r))
    assert pages == 1
    assert "Urgent: Thoughts of being better off dead" in words
    assert "not a diagnosis" in words


def test_a_wrapped_line_never_runs_past_its_column_even_in_wide_capitals():
    from journal.report.layout import text_width, wrap

    for words in ("M" * 300, "W" * 50 + " iii " * 40, "Lumbar spine T-score -2.6 " * 20):
        for bold in (False, True):
            lines = wrap(words, 8, 6, width=180, bold=bold)
            assert all(text_width(line.text, 8, bold) <= 180 - 6 for line in lines)
            assert "".join(line.text.replace(" ", "") for line in lines) == words.replace(" ", "")
