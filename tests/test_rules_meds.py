"""Boundary tests for the Medicines and supplements, Lab results and Falls rules, and the medicine
clause of bone.rescan_due: each threshold of the catalogue on both sides, calendar months for
due dates, and the words the person reads.

No database: journals are built from the snapshot dataclasses (tests/builders.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from journal.formats import fmt_date
from journal.rules import check
from journal.wording import for_person

from .builders import TODAY, ago, dose, fall, journal, lab, medicine, pain, scan

D = dt.date


def flags(code: str, j, today: dt.date = TODAY):
    return for_person(check(code, j, today))


def one(found):
    assert len(found) == 1, found
    return found[0]


def prolia(*dates, stopped=None, id=1):
    """A denosumab medicine and one dose on each of `dates`."""
    med = medicine(id, D(2020, 1, 1), "denosumab", stopped=stopped, name="Prolia")
    return med, [dose(100 * id + i, day, id) for i, day in enumerate(dates)]


def denosumab_journal(*dates, stopped=None, extra_medicines=(), extra_doses=()):
    med, doses = prolia(*dates, stopped=stopped)
    return journal(medicines=[med, *extra_medicines], doses=[*doses, *extra_doses])


# --- meds.denosumab_due ---------------------------------------------------------------------------


def test_denosumab_due_from_14_days_before_the_due_date():
    j = denosumab_journal(D(2025, 12, 15))  # due 2026-06-15
    flag = one(flags("meds.denosumab_due", j, D(2026, 6, 1)))
    assert (flag.code, flag.level) == ("meds.denosumab_due", "notice")
    assert "due on 15 Jun 2026 (in 14 days)" in flag.explanation


def test_denosumab_due_not_15_days_before_the_due_date():
    j = denosumab_journal(D(2025, 12, 15))
    assert flags("meds.denosumab_due", j, D(2026, 5, 31)) == []


def test_denosumab_due_31_august_plus_6_months_is_28_february():
    j = denosumab_journal(D(2025, 8, 31))  # due 2026-02-28, the month's last day
    flag = one(flags("meds.denosumab_due", j, D(2026, 2, 14)))
    assert "due on 28 Feb 2026" in flag.explanation
    assert flags("meds.denosumab_due", j, D(2026, 2, 13)) == []


def test_denosumab_due_31_august_plus_6_months_is_29_february_in_a_leap_year():
    j = denosumab_journal(D(2023, 8, 31))  # due 2024-02-29
    flag = one(flags("meds.denosumab_due", j, D(2024, 2, 15)))
    assert "due on 29 Feb 2024" in flag.explanation
    assert flags("meds.denosumab_due", j, D(2024, 2, 14)) == []


def test_denosumab_due_29_february_plus_6_months_is_29_august():
    j = denosumab_journal(D(2024, 2, 29))
    assert "due on 29 Aug 2024" in one(flags("meds.denosumab_due", j, D(2024, 8, 15))).explanation
    assert flags("meds.denosumab_due", j, D(2024, 8, 14)) == []


def test_denosumab_due_still_shows_on_the_last_day_of_the_7th_month():
    j = denosumab_journal(D(2025, 11, 15))  # due 2026-05-15, late after 2026-06-15
    flag = one(flags("meds.denosumab_due", j, D(2026, 6, 15)))
    assert "15 May 2026 (31 days ago)" in flag.explanation
    assert flags("meds.denosumab_overdue", j, D(2026, 6, 15)) == []


def test_denosumab_due_gives_way_to_overdue_the_day_after_7_months():
    j = denosumab_journal(D(2025, 11, 15))
    assert flags("meds.denosumab_due", j, D(2026, 6, 16)) == []
    assert one(flags("meds.denosumab_overdue", j, D(2026, 6, 16))).level == "warning"


def test_denosumab_due_uses_the_latest_dose_of_any_denosumab_medicine():
    first, doses = prolia(D(2025, 6, 1))
    second = medicine(2, D(2025, 1, 1), "denosumab", name="Xgeva")
    j = journal(medicines=[first, second], doses=[*doses, dose(9, D(2025, 12, 10), 2)])
    flag = one(flags("meds.denosumab_due", j, D(2026, 6, 1)))  # Xgeva's 10 Dec: due 10 Jun
    assert "Your last Xgeva injection was on 10 Dec 2025" in flag.explanation
    assert flags("meds.denosumab_overdue", j, D(2026, 6, 1)) == []


def test_denosumab_due_needs_a_logged_dose():
    med, _ = prolia()
    assert flags("meds.denosumab_due", journal(medicines=[med]), TODAY) == []
    assert flags("meds.denosumab_overdue", journal(medicines=[med]), TODAY) == []


def test_denosumab_due_evidence_links_to_the_dose_and_says_when_it_is_due():
    j = denosumab_journal(D(2025, 12, 15))
    flag = one(flags("meds.denosumab_due", j, D(2026, 6, 20)))
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("doses", 100), ("medicines", 1)]
    assert flag.evidence[0].label == "Prolia taken on 15 Dec 2025"
    assert flag.evidence[1].value == "overdue by 5 days (due on 15 Jun 2026)"
    assert flag.source == "Bone loss and chronic pain (given every 6 months)"


# --- meds.denosumab_overdue -----------------------------------------------------------------------


def test_denosumab_overdue_the_day_after_last_plus_7_months():
    j = denosumab_journal(D(2025, 8, 31))  # + 7 months = 2026-03-31
    assert flags("meds.denosumab_overdue", j, D(2026, 3, 31)) == []
    flag = one(flags("meds.denosumab_overdue", j, D(2026, 4, 1)))
    assert flag.level == "warning"
    assert "the next was due on 28 Feb 2026, 32 days ago" in flag.explanation
    assert flag.outside_guidance == "Osteoporosis Canada 2023; ECTS 2021"


def test_denosumab_overdue_7_months_after_31_july_ends_on_29_february_in_a_leap_year():
    j = denosumab_journal(D(2023, 7, 31))  # + 7 months = 2024-02-29
    assert flags("meds.denosumab_overdue", j, D(2024, 2, 29)) == []
    assert len(flags("meds.denosumab_overdue", j, D(2024, 3, 1))) == 1


def test_denosumab_overdue_even_when_the_medicine_is_marked_stopped():
    j = denosumab_journal(D(2025, 1, 10), stopped=D(2025, 3, 1))
    flag = one(flags("meds.denosumab_overdue", j))
    assert "marks it stopped on 1 Mar 2025" in flag.explanation
    assert flag.evidence[-1].value.endswith("marked stopped on 1 Mar 2025")
    assert flag.evidence[-1].entry_id == 1  # the medicine's page


def test_denosumab_overdue_not_when_a_bisphosphonate_dose_follows():
    alendronate = medicine(2, D(2020, 1, 1), "bisphosphonate_oral", name="Alendronate")
    after = denosumab_journal(
        D(2025, 1, 10), extra_medicines=[alendronate], extra_doses=[dose(9, D(2025, 1, 11), 2)]
    )
    assert flags("meds.denosumab_overdue", after) == []


def test_denosumab_overdue_when_the_bisphosphonate_dose_is_on_the_same_day_or_before():
    alendronate = medicine(2, D(2020, 1, 1), "bisphosphonate_oral", name="Alendronate")
    for day in (D(2025, 1, 10), D(2024, 12, 1)):
        j = denosumab_journal(
            D(2025, 1, 10), extra_medicines=[alendronate], extra_doses=[dose(9, day, 2)]
        )
        assert len(flags("meds.denosumab_overdue", j)) == 1, day


def test_denosumab_overdue_not_when_a_zoledronate_infusion_follows():
    zoledronate = medicine(2, D(2025, 8, 1), "zoledronate", name="Aclasta")
    j = denosumab_journal(
        D(2025, 1, 10), extra_medicines=[zoledronate], extra_doses=[dose(9, D(2025, 8, 1), 2)]
    )
    assert flags("meds.denosumab_overdue", j) == []


def test_denosumab_overdue_not_when_a_daily_bisphosphonate_was_started_after_it():
    # "Taken on a day" includes a daily medicine's span: no dose needs logging.
    daily = medicine(2, D(2025, 9, 1), "bisphosphonate_oral", schedule="daily")
    assert (
        flags("meds.denosumab_overdue", denosumab_journal(D(2025, 1, 10), extra_medicines=[daily]))
        == []
    )


def test_denosumab_overdue_when_the_daily_bisphosphonate_stopped_before_it():
    daily = medicine(
        2, D(2023, 1, 1), "bisphosphonate_oral", schedule="daily", stopped=D(2024, 12, 31)
    )
    j = denosumab_journal(D(2025, 1, 10), extra_medicines=[daily])
    assert len(flags("meds.denosumab_overdue", j)) == 1


def test_denosumab_overdue_not_for_other_kinds_after_it():
    calcium = medicine(2, D(2025, 9, 1), "calcium", schedule="daily")
    assert (
        len(
            flags(
                "meds.denosumab_overdue",
                denosumab_journal(D(2025, 1, 10), extra_medicines=[calcium]),
            )
        )
        == 1
    )


# --- meds.dose_due --------------------------------------------------------------------------------


def scheduled(schedule, *dates, kind="other", stopped=None, name="Ibandronate"):
    med = medicine(1, D(2020, 1, 1), kind, schedule=schedule, stopped=stopped, name=name)
    return journal(medicines=[med], doses=[dose(10 + i, day, 1) for i, day in enumerate(dates)])


def test_dose_due_monthly_from_7_days_before_31_january_plus_a_month():
    j = scheduled("monthly", D(2026, 1, 31))  # due 2026-02-28
    flag = one(flags("meds.dose_due", j, D(2026, 2, 21)))
    assert (flag.code, flag.level) == ("meds.dose_due", "notice")
    assert "due on 28 Feb 2026, in 7 days" in flag.explanation
    assert flag.evidence[-1].value == "due on 28 Feb 2026 (in 7 days)"


def test_dose_due_not_8_days_before():
    assert flags("meds.dose_due", scheduled("monthly", D(2026, 1, 31)), D(2026, 2, 20)) == []


def test_dose_due_every_3_months_from_30_november_is_28_february():
    j = scheduled("every_3_months", D(2025, 11, 30))
    assert "due on 28 Feb 2026" in one(flags("meds.dose_due", j, D(2026, 2, 21))).explanation
    assert flags("meds.dose_due", j, D(2026, 2, 20)) == []


def test_dose_due_yearly_from_29_february_is_28_february():
    j = scheduled("yearly", D(2024, 2, 29), kind="zoledronate", name="Aclasta")
    assert "due on 28 Feb 2025" in one(flags("meds.dose_due", j, D(2025, 2, 21))).explanation
    assert flags("meds.dose_due", j, D(2025, 2, 20)) == []


def test_dose_due_says_overdue_by_n_days_once_passed():
    flag = one(flags("meds.dose_due", scheduled("monthly", D(2026, 1, 31)), D(2026, 3, 3)))
    assert "overdue by 3 days (it was due on 28 Feb 2026)" in flag.explanation
    assert flag.evidence[-1].value == "overdue by 3 days (due on 28 Feb 2026)"


def test_dose_due_uses_the_latest_dose():
    j = scheduled("monthly", D(2025, 12, 1), D(2026, 2, 1), D(2026, 1, 1))
    assert "due on 1 Mar 2026" in one(flags("meds.dose_due", j, D(2026, 2, 25))).explanation


@pytest.mark.parametrize("schedule", ["daily", "weekly", "every_6_months", "as_needed"])
def test_dose_due_only_for_monthly_3_monthly_and_yearly(schedule):
    assert flags("meds.dose_due", scheduled(schedule, D(2024, 1, 1)), TODAY) == []


def test_dose_due_not_for_denosumab_which_has_its_own_rules():
    j = scheduled("monthly", D(2026, 1, 31), kind="denosumab")
    assert flags("meds.dose_due", j, D(2026, 2, 27)) == []


def test_dose_due_not_once_the_medicine_is_marked_stopped():
    j = scheduled("monthly", D(2026, 1, 31), stopped=D(2026, 2, 10))
    assert flags("meds.dose_due", j, D(2026, 2, 27)) == []


def test_dose_due_before_the_stop_date_it_was_still_taken():
    j = scheduled("monthly", D(2026, 1, 5), stopped=D(2026, 2, 10))  # due 2026-02-05
    assert len(flags("meds.dose_due", j, D(2026, 2, 1))) == 1


def test_dose_due_needs_a_logged_dose():
    assert flags("meds.dose_due", scheduled("monthly"), TODAY) == []


# --- meds.pain_despite_otc ------------------------------------------------------------------------

OTC_DAYS, OTC_PAINS = 10, [4, 4, 4, 4, 4]


def otc_journal(days=OTC_DAYS, scores=OTC_PAINS, earlier=(), kind="paracetamol", first=0):
    """`days` days with a dose (today - first backwards), `scores` in the last 14 days, `earlier`
    scores in the 14 days before."""
    med = medicine(1, D(2020, 1, 1), kind, name="Paracetamol")
    doses = [dose(10 + n, ago(first + n), 1) for n in range(days)]
    pains = [pain(100 + i, ago(i), s) for i, s in enumerate(scores)]
    pains += [pain(200 + i, ago(14 + i), s) for i, s in enumerate(earlier)]
    return journal(medicines=[med], doses=doses, pains=pains)


def test_pain_despite_otc_at_10_of_14_days_and_a_mean_of_4():
    flag = one(flags("meds.pain_despite_otc", otc_journal()))
    assert (flag.code, flag.level) == ("meds.pain_despite_otc", "notice")
    assert "on 10 of the last 14 days, yet your average pain over those days was 4.0/10" in (
        flag.explanation
    )
    assert "book an appointment" in flag.next_step
    assert flag.source == "Bone loss and chronic pain (when to seek help)"


def test_pain_despite_otc_not_at_9_of_14_days():
    assert flags("meds.pain_despite_otc", otc_journal(days=9)) == []


def test_pain_despite_otc_counts_a_dose_13_days_ago_but_not_14():
    assert len(flags("meds.pain_despite_otc", otc_journal(first=4))) == 1  # ago(4)..ago(13)
    assert flags("meds.pain_despite_otc", otc_journal(first=5)) == []  # ago(5)..ago(14)


def test_pain_despite_otc_counts_days_not_doses():
    med = medicine(1, D(2020, 1, 1), "paracetamol")
    doses = [dose(10 + n, ago(n // 3), 1) for n in range(30)]  # 3 a day on 10 days
    pains = [pain(100 + i, ago(i), 5) for i in range(5)]
    assert (
        len(flags("meds.pain_despite_otc", journal(medicines=[med], doses=doses, pains=pains))) == 1
    )
    doses = [dose(10 + n, ago(n // 4), 1) for n in range(36)]  # 4 a day on 9 days
    assert flags("meds.pain_despite_otc", journal(medicines=[med], doses=doses, pains=pains)) == []


def test_pain_despite_otc_not_at_a_mean_just_under_4():
    assert flags("meds.pain_despite_otc", otc_journal(scores=[4, 4, 4, 4, 3])) == []


def test_pain_despite_otc_needs_5_pain_entries():
    assert flags("meds.pain_despite_otc", otc_journal(scores=[6, 6, 6, 6])) == []


def test_pain_despite_otc_not_when_lower_than_the_14_days_before():
    assert flags("meds.pain_despite_otc", otc_journal(earlier=[5, 4, 4, 4, 4])) == []


def test_pain_despite_otc_when_the_same_as_the_14_days_before():
    flag = one(flags("meds.pain_despite_otc", otc_journal(earlier=[4, 4, 4, 4, 4])))
    assert "no lower than your 4.0/10 of the two weeks before" in flag.explanation
    assert [e.label for e in flag.evidence[:3]] == [
        f"Days paracetamol or an NSAID was taken, {fmt_date(ago(13))} to {fmt_date(TODAY)}",
        f"Average pain, {fmt_date(ago(13))} to {fmt_date(TODAY)}",
        f"Average pain, {fmt_date(ago(27))} to {fmt_date(ago(14))}",
    ]


def test_pain_despite_otc_ignores_an_earlier_window_of_4_entries():
    assert len(flags("meds.pain_despite_otc", otc_journal(earlier=[9, 9, 9, 9]))) == 1


def test_pain_despite_otc_counts_an_nsaid_and_a_daily_paracetamol_span():
    assert len(flags("meds.pain_despite_otc", otc_journal(kind="nsaid"))) == 1
    daily = medicine(1, ago(9), "paracetamol", schedule="daily")  # ago(9)..today: 10 days
    pains = [pain(100 + i, ago(i), 4) for i in range(5)]
    assert len(flags("meds.pain_despite_otc", journal(medicines=[daily], pains=pains))) == 1
    later = medicine(1, ago(8), "paracetamol", schedule="daily")  # 9 days
    assert flags("meds.pain_despite_otc", journal(medicines=[later], pains=pains)) == []


def test_pain_despite_otc_not_for_an_opioid():
    assert flags("meds.pain_despite_otc", otc_journal(kind="opioid")) == []


# --- meds.long_term_nsaid -------------------------------------------------------------------------


def nsaid_journal(days, first=0, kind="nsaid"):
    med = medicine(1, D(2020, 1, 1), kind, name="Ibuprofen")
    return journal(medicines=[med], doses=[dose(10 + n, ago(first + n), 1) for n in range(days)])


def test_long_term_nsaid_at_60_of_90_days():
    flag = one(flags("meds.long_term_nsaid", nsaid_journal(60)))
    assert (flag.code, flag.level) == ("meds.long_term_nsaid", "info")
    assert "on 60 of the last 90 days" in flag.explanation
    assert flag.evidence[0].value == "60 of 90 days"
    assert (
        flag.evidence[1].label == "Ibuprofen (Anti-inflammatory painkiller (ibuprofen, naproxen…))"
    )


def test_long_term_nsaid_not_at_59_of_90_days():
    assert flags("meds.long_term_nsaid", nsaid_journal(59)) == []


def test_long_term_nsaid_counts_89_days_ago_but_not_90():
    assert len(flags("meds.long_term_nsaid", nsaid_journal(60, first=30))) == 1  # ago(30..89)
    assert flags("meds.long_term_nsaid", nsaid_journal(60, first=31)) == []  # ago(31..90)


def test_long_term_nsaid_not_for_paracetamol():
    assert flags("meds.long_term_nsaid", nsaid_journal(90, kind="paracetamol")) == []


# --- labs.vitamin_d_low ---------------------------------------------------------------------------


def test_vitamin_d_low_at_19_9_ng_ml():
    flag = one(flags("labs.vitamin_d_low", journal(labs=[lab(1, ago(5), "19.9")])))
    assert (flag.code, flag.level) == ("labs.vitamin_d_low", "notice")
    assert f"on {fmt_date(ago(5))}, was 19.9 ng/mL: below 20 ng/mL" in flag.explanation
    assert flag.evidence[0].log == "labs"


def test_vitamin_d_low_not_at_20_0_ng_ml():
    assert flags("labs.vitamin_d_low", journal(labs=[lab(1, ago(5), "20.0")])) == []


def test_vitamin_d_low_at_49_9_nmol_l():
    flag = one(flags("labs.vitamin_d_low", journal(labs=[lab(1, ago(5), "49.9", "nmol_l")])))
    assert "was 49.9 nmol/L (about 19.99 ng/mL)" in flag.explanation
    assert flag.evidence[0].value == "49.9 nmol/L (= 19.99 ng/mL)"


def test_vitamin_d_low_not_at_50_0_nmol_l():
    assert flags("labs.vitamin_d_low", journal(labs=[lab(1, ago(5), "50.0", "nmol_l")])) == []


def test_vitamin_d_low_uses_only_the_latest_result():
    low_then_fine = [lab(1, ago(400), "12.0"), lab(2, ago(5), "31.0")]
    assert flags("labs.vitamin_d_low", journal(labs=low_then_fine)) == []
    fine_then_low = [lab(1, ago(400), "80.0", "nmol_l"), lab(2, ago(5), "45.0", "nmol_l")]
    assert one(flags("labs.vitamin_d_low", journal(labs=fine_then_low))).evidence[0].entry_id == 2


def test_vitamin_d_low_ignores_a_result_dated_after_today():
    j = journal(labs=[lab(1, ago(5), "30.0"), lab(2, TODAY + dt.timedelta(days=1), "10.0")])
    assert flags("labs.vitamin_d_low", j) == []


# --- body.falls -----------------------------------------------------------------------------------


def test_falls_two_in_365_days():
    flag = one(flags("body.falls", journal(falls=[fall(1, ago(364)), fall(2, ago(3))])))
    assert (flag.code, flag.level) == ("body.falls", "warning")
    assert (
        f"You recorded 2 falls in the last 12 months, the latest on {fmt_date(ago(3))}"
        in flag.explanation
    )
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("falls", 2), ("falls", 1)]
    assert flag.source == "Can osteoporosis be reversed (fall prevention)"
    assert flag.outside_guidance == "NICE CG161; AGS/BGS 2010"


def test_falls_not_when_the_earlier_fall_is_365_days_ago():
    assert flags("body.falls", journal(falls=[fall(1, ago(365)), fall(2, ago(3))])) == []


def test_falls_one_with_an_injury_within_365_days():
    flag = one(flags("body.falls", journal(falls=[fall(1, ago(364), injured=True)])))
    assert f"a fall that injured you on {fmt_date(ago(364))}" in flag.explanation
    assert flag.evidence[0].value == "with an injury"


def test_falls_not_one_with_an_injury_365_days_ago():
    assert flags("body.falls", journal(falls=[fall(1, ago(365), injured=True)])) == []


def test_falls_not_one_without_an_injury():
    assert flags("body.falls", journal(falls=[fall(1, ago(2))])) == []


def test_falls_are_their_own_catalogue_section():
    from journal.rules import RULES

    assert RULES["body.falls"].area == "Falls"
    assert RULES["meds.dose_due"].area == "Medicines and supplements"
    assert RULES["labs.vitamin_d_low"].area == "Lab results"


# --- bone.rescan_due: the medicine clause ---------------------------------------------------------


def normal_scan(days_ago):
    return scan(1, ago(days_ago), spine="-0.5")


def test_rescan_due_after_730_days_with_a_normal_scan_when_a_bone_medicine_is_taken():
    med = medicine(1, ago(900), "bisphosphonate_oral", name="Alendronate")
    flag = one(flags("bone.rescan_due", journal(scans=[normal_scan(731)], medicines=[med])))
    assert "your journal lists a bone medicine (Alendronate)" in flag.explanation
    assert flag.evidence[-1].log == "medicines"
    assert flags("bone.rescan_due", journal(scans=[normal_scan(730)], medicines=[med])) == []


def test_rescan_due_waits_5_years_with_a_normal_scan_and_no_bone_medicine():
    calcium = medicine(1, ago(900), "calcium")
    assert flags("bone.rescan_due", journal(scans=[normal_scan(731)], medicines=[calcium])) == []
    assert len(flags("bone.rescan_due", journal(scans=[normal_scan(1827)]))) == 1


def test_rescan_due_counts_a_bone_medicine_stopped_729_days_ago():
    med = medicine(1, ago(2000), "zoledronate", stopped=ago(729))
    assert len(flags("bone.rescan_due", journal(scans=[normal_scan(731)], medicines=[med]))) == 1


def test_rescan_due_not_for_a_bone_medicine_stopped_730_days_ago():
    med = medicine(1, ago(2000), "zoledronate", stopped=ago(730))
    assert flags("bone.rescan_due", journal(scans=[normal_scan(731)], medicines=[med])) == []


@pytest.mark.parametrize(
    "kind", ["bisphosphonate_oral", "zoledronate", "denosumab", "anabolic", "hormone"]
)
def test_rescan_due_counts_each_bone_medicine_kind(kind):
    med = medicine(1, ago(900), kind)
    assert len(flags("bone.rescan_due", journal(scans=[normal_scan(731)], medicines=[med]))) == 1
