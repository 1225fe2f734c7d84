"""Boundary tests for journal.rules: every threshold of the catalogue, tested on each side, and
the words the person reads for each finding.

No database: journals are built straight from the snapshot dataclasses (tests/builders.py).
"""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal as D

import pytest
import time_machine

from journal import domain as d
from journal import rules
from journal.formats import fmt_date
from journal.rules import RULES, Context, check, evaluate
from journal.rules.activity import weekly_minutes
from journal.rules.bone import least_significant_change
from journal.rules.pain import fracture_sign_for
from journal.snapshot import Journal, ProfileData
from journal.trends import pain_episodes
from journal.wording import Evidence, for_person

from .builders import TODAY, ago, fracture, height, journal, pain, scan
from .builders import exercise as ex


def flags(code: str, j: Journal, today: dt.date = TODAY):
    """One rule's findings, worded for the person (what the dashboard shows)."""
    return for_person(check(code, j, today))


def all_flags(j: Journal, today: dt.date = TODAY):
    return for_person(evaluate(j, today))


def only_t(t: str, site="spine") -> Journal:
    return journal(scans=[scan(**{site: t})])


def two_scans(before, after, facility=("", ""), lsc=None, site="total_hip") -> Journal:
    return journal(
        scans=[
            scan(1, dt.date(2020, 1, 10), facility=facility[0], **{site: before}),
            scan(2, dt.date(2022, 1, 10), facility=facility[1], lsc=lsc, **{site: after}),
        ]
    )


def codes(flags) -> list[str]:
    return [f.code for f in flags]


def one(flags):
    assert len(flags) == 1, flags
    return flags[0]


# --- bone.osteoporosis ---------------------------------------------------------------------------


def test_osteoporosis_starts_at_exactly_minus_2_5():
    flag = one(flags("bone.osteoporosis", only_t("-2.5")))
    assert (flag.code, flag.level) == ("bone.osteoporosis", "warning")


def test_osteoporosis_not_at_minus_2_49():
    assert flags("bone.osteoporosis", only_t("-2.49")) == []


def test_osteoporosis_counts_any_site_not_only_the_spine():
    j = journal(scans=[scan(spine="-1.0", femoral_neck="-2.6")])
    flag = one(flags("bone.osteoporosis", j))
    assert [e.label.split(" T-score")[0] for e in flag.evidence] == ["Femoral neck"]


def test_osteoporosis_uses_the_latest_scan_of_each_site():
    j = journal(
        scans=[
            scan(1, dt.date(2020, 1, 1), spine="-2.8", forearm="-2.7"),
            scan(2, dt.date(2024, 1, 1), spine="-2.0"),  # no forearm: the 2020 one is its latest
        ]
    )
    flag = one(flags("bone.osteoporosis", j))
    assert [(e.label, e.value, e.entry_id) for e in flag.evidence] == [
        ("Forearm (1/3 radius) T-score on 1 Jan 2020", "-2.7", 1)
    ]


def test_osteoporosis_evidence_names_site_date_value_and_entry():
    j = journal(scans=[scan(7, dt.date(2018, 5, 1), spine="-2.50", total_hip="-1.85")])
    flag = one(flags("bone.osteoporosis", j))
    assert flag.evidence == (
        Evidence("Lumbar spine T-score on 1 May 2018", "-2.5", dt.date(2018, 5, 1), "dexa", 7),
    )
    assert "-2.5" in flag.explanation
    assert flag.source == "Can osteoporosis be reversed; Bone loss and chronic pain"


# --- bone.osteopenia -----------------------------------------------------------------------------


def test_osteopenia_starts_just_below_minus_1_0():
    assert codes(flags("bone.osteopenia", only_t("-1.01"))) == ["bone.osteopenia"]


def test_osteopenia_not_at_exactly_minus_1_0():
    assert flags("bone.osteopenia", only_t("-1.0")) == []


def test_osteopenia_up_to_minus_2_49():
    assert codes(flags("bone.osteopenia", only_t("-2.49"))) == ["bone.osteopenia"]


def test_osteopenia_gives_way_to_osteoporosis_at_minus_2_5():
    assert flags("bone.osteopenia", only_t("-2.5")) == []


def test_osteopenia_not_when_another_site_is_in_the_osteoporosis_range():
    j = journal(scans=[scan(spine="-1.5", total_hip="-2.6")])
    assert flags("bone.osteopenia", j) == []


def test_osteopenia_evidence_lists_the_low_sites_lowest_first():
    j = journal(scans=[scan(3, dt.date(2025, 2, 1), spine="-1.2", total_hip="-1.9", forearm="0.4")])
    flag = one(flags("bone.osteopenia", j))
    assert [(e.value, e.log, e.entry_id) for e in flag.evidence] == [
        ("-1.9", "dexa", 3),
        ("-1.2", "dexa", 3),
    ]
    assert "total hip" in flag.explanation


# --- bone.severe ---------------------------------------------------------------------------------


def test_severe_starts_below_minus_3_0():
    assert codes(flags("bone.severe", only_t("-3.01"))) == ["bone.severe"]


def test_severe_not_at_exactly_minus_3_0():
    assert flags("bone.severe", only_t("-3.0")) == []


def test_severe_evidence_names_the_site():
    j = journal(scans=[scan(4, dt.date(2025, 3, 3), femoral_neck="-3.2", spine="-2.0")])
    flag = one(flags("bone.severe", j))
    assert flag.level == "warning"
    assert [(e.label, e.value) for e in flag.evidence] == [
        ("Femoral neck T-score on 3 Mar 2025", "-3.2")
    ]


# --- bone.near_border ----------------------------------------------------------------------------


def test_near_border_includes_minus_2_9():
    assert codes(flags("bone.near_border", only_t("-2.9"))) == ["bone.near_border"]


def test_near_border_includes_minus_2_5():
    assert codes(flags("bone.near_border", only_t("-2.5"))) == ["bone.near_border"]


def test_near_border_excludes_minus_2_91():
    assert flags("bone.near_border", only_t("-2.91")) == []


def test_near_border_excludes_minus_2_49():
    assert flags("bone.near_border", only_t("-2.49")) == []


def test_near_border_judges_the_lowest_site():
    j = journal(scans=[scan(spine="-2.7", total_hip="-3.1")])
    assert flags("bone.near_border", j) == []


def test_near_border_evidence_is_the_lowest_site():
    j = journal(scans=[scan(5, dt.date(2025, 1, 1), spine="-2.7", total_hip="-2.0")])
    flag = one(flags("bone.near_border", j))
    assert flag.level == "info"
    assert [(e.label, e.value, e.entry_id) for e in flag.evidence] == [
        ("Lumbar spine T-score on 1 Jan 2025", "-2.7", 5)
    ]


# --- bone.decline --------------------------------------------------------------------------------


def test_decline_of_exactly_0_1_is_a_notice():
    flag = one(flags("bone.decline", two_scans("-1.5", "-1.6")))
    assert (flag.code, flag.level) == ("bone.decline", "notice")
    assert "precision" in flag.explanation


def test_decline_of_0_09_is_not_flagged():
    assert flags("bone.decline", two_scans("-1.5", "-1.59")) == []


def test_decline_of_exactly_0_3_is_a_warning():
    assert one(flags("bone.decline", two_scans("-1.5", "-1.8"))).level == "warning"


def test_decline_of_0_29_in_the_same_category_is_a_notice():
    assert one(flags("bone.decline", two_scans("-1.5", "-1.79"))).level == "notice"


def test_decline_into_a_worse_category_is_a_warning_even_when_small():
    flag = one(flags("bone.decline", two_scans("-2.4", "-2.5")))
    assert flag.level == "warning"
    assert "osteopenia to the osteoporosis" in flag.explanation


def test_decline_bmd_drop_of_exactly_the_scan_lsc_is_a_warning():
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.975"), lsc="2.5")
    assert one(flags("bone.decline", j)).level == "warning"


def test_decline_bmd_drop_just_under_the_scan_lsc_is_a_notice():
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.976"), lsc="2.5")
    assert one(flags("bone.decline", j)).level == "notice"


def test_decline_bmd_drop_of_3_percent_is_a_warning_without_an_lsc():
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.970"))
    assert one(flags("bone.decline", j)).level == "warning"


def test_decline_bmd_drop_just_under_3_percent_is_a_notice_without_an_lsc():
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.971"))
    assert one(flags("bone.decline", j)).level == "notice"


def test_decline_uses_the_latest_scans_lsc_over_the_3_percent_default():
    # 4% LSC: a 3.5% drop is no longer enough for a warning
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.965"), lsc="4.0")
    assert one(flags("bone.decline", j)).level == "notice"


def test_decline_ignores_bmd_when_only_one_scan_has_it():
    j = two_scans(("-1.5", "1.000"), "-1.6")
    flag = one(flags("bone.decline", j))
    assert flag.level == "notice"
    assert len(flag.evidence) == 2


def test_least_significant_change_is_a_percentage_of_the_previous_bmd():
    assert least_significant_change(D("0.800"), scan(lsc="2.0")) == D("0.016")
    assert least_significant_change(D("0.800"), scan()) == D("0.024")


def test_decline_follows_the_seed_case_site_by_site():
    """Martha, 2012 -> 2015 -> 2018: hip -1.6, -1.7, -1.85; spine -1.8, -2.0, -2.5."""
    j = journal(
        scans=[
            scan(1, dt.date(2012, 5, 1), total_hip="-1.6", spine="-1.8"),
            scan(2, dt.date(2015, 5, 1), total_hip="-1.7", spine="-2.0"),
            scan(3, dt.date(2018, 5, 1), total_hip="-1.85", spine="-2.5"),
        ]
    )
    spine, hip = flags("bone.decline", j)
    assert spine.level == "warning"
    assert [(e.label, e.value, e.entry_id) for e in spine.evidence] == [
        ("Lumbar spine T-score on 1 May 2015", "-2.0", 2),
        ("Lumbar spine T-score on 1 May 2018", "-2.5", 3),
    ]
    assert hip.level == "notice"
    assert [(e.label, e.value, e.date) for e in hip.evidence] == [
        ("Total hip T-score on 1 May 2015", "-1.7", dt.date(2015, 5, 1)),
        ("Total hip T-score on 1 May 2018", "-1.85", dt.date(2018, 5, 1)),
    ]
    assert "0.15" in hip.explanation
    assert "precision" in hip.explanation
    assert hip.outside_guidance == "ISCD least significant change"
    # in 2015 the spine had fallen 0.2 (a notice) and the hip 0.1 (a notice)
    j2015 = journal(scans=j.scans[:2])
    assert [f.level for f in flags("bone.decline", j2015)] == ["notice", "notice"]


def test_decline_warns_about_different_facilities():
    j = two_scans("-1.5", "-1.6", facility=("City Hospital", "Lakeside Clinic"))
    flag = one(flags("bone.decline", j))
    assert "different scanners are unreliable" in flag.explanation
    assert "City Hospital" in flag.explanation
    assert "Lakeside Clinic" in flag.explanation


def test_decline_says_nothing_about_facilities_when_one_is_blank_or_they_match():
    for facility in [("City Hospital", ""), ("City Hospital", "City Hospital"), ("", "")]:
        flag = one(flags("bone.decline", two_scans("-1.5", "-1.6", facility=facility)))
        assert "scanners" not in flag.explanation


def test_decline_compares_with_the_previous_scan_of_the_same_site():
    j = journal(
        scans=[
            scan(1, dt.date(2019, 1, 1), spine="-1.5"),
            scan(2, dt.date(2020, 1, 1), total_hip="-0.5"),
            scan(3, dt.date(2021, 1, 1), spine="-1.7"),
        ]
    )
    flag = one(flags("bone.decline", j))
    assert [e.entry_id for e in flag.evidence] == [1, 3]


def test_decline_evidence_includes_bmd_when_both_scans_have_it():
    j = two_scans(("-1.5", "1.000"), ("-1.6", "0.990"))
    flag = one(flags("bone.decline", j))
    assert [e.value for e in flag.evidence] == ["-1.5", "-1.6", "1.0 g/cm²", "0.99 g/cm²"]


# --- bone.improved -------------------------------------------------------------------------------


def test_improved_from_a_rise_of_exactly_0_1():
    flag = one(flags("bone.improved", two_scans("-1.6", "-1.5")))
    assert (flag.code, flag.level) == ("bone.improved", "good")


def test_improved_not_from_a_rise_of_0_09():
    assert flags("bone.improved", two_scans("-1.6", "-1.51")) == []


def test_improved_from_a_better_category_even_with_a_small_rise():
    flag = one(flags("bone.improved", two_scans("-2.5", "-2.45")))
    assert "reversing osteoporosis" in flag.explanation


def test_improved_and_decline_never_both_fire_for_a_site():
    for before, after in [("-1.6", "-1.5"), ("-1.5", "-1.6"), ("-1.5", "-1.5")]:
        j = two_scans(before, after)
        assert len(flags("bone.improved", j) + flags("bone.decline", j)) <= 1


def test_improved_evidence_names_both_scans():
    flag = one(flags("bone.improved", two_scans("-2.6", "-2.3")))
    assert [(e.label, e.value, e.entry_id) for e in flag.evidence] == [
        ("Total hip T-score on 10 Jan 2020", "-2.6", 1),
        ("Total hip T-score on 10 Jan 2022", "-2.3", 2),
    ]


# --- bone.rescan_due -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "t", "due"),
    [
        pytest.param(730, "-1.5", False, id="not due at exactly 730 days with osteopenia"),
        pytest.param(731, "-1.5", True, id="due at 731 days with osteopenia"),
        pytest.param(731, "-2.6", True, id="due at 731 days with osteoporosis"),
        pytest.param(1826, "-0.5", False, id="not due at exactly 1826 days when normal"),
        pytest.param(1827, "-0.5", True, id="due at 1827 days when normal"),
    ],
)
def test_rescan_due_after_two_years_when_low_and_five_when_normal(days, t, due):
    j = journal(scans=[scan(when=ago(days), spine=t)])
    assert codes(flags("bone.rescan_due", j)) == (["bone.rescan_due"] if due else [])


def test_rescan_judges_the_latest_scan():
    j = journal(scans=[scan(1, ago(3000), spine="-1.5"), scan(2, ago(100), spine="-1.5")])
    assert flags("bone.rescan_due", j) == []


def test_rescan_evidence_names_the_latest_scan():
    j = journal(scans=[scan(1, ago(2000), spine="-1.5"), scan(2, ago(800), total_hip="-1.2")])
    flag = one(flags("bone.rescan_due", j))
    assert flag.evidence == (
        Evidence(
            f"Latest DEXA scan on {fmt_date(ago(800))}",
            "800 days ago, overall osteopenia",
            ago(800),
            "dexa",
            2,
        ),
    )


# --- bone.no_scan --------------------------------------------------------------------------------


def test_no_scan_flags_at_age_50():
    j = journal(profile=ProfileData(birth_year=TODAY.year - 50))
    flag = one(flags("bone.no_scan", j))
    assert flag.evidence == (
        Evidence("Birth year (profile)", f"{TODAY.year - 50} (age 50)", None, "profile"),
    )


def test_no_scan_silent_at_age_49():
    assert flags("bone.no_scan", journal(profile=ProfileData(birth_year=TODAY.year - 49))) == []


def test_no_scan_silent_without_a_birth_year_or_other_reason():
    assert flags("bone.no_scan", journal()) == []


def test_no_scan_silent_once_any_scan_exists():
    j = journal(profile=ProfileData(birth_year=1950), scans=[scan(spine="-0.5")])
    assert flags("bone.no_scan", j) == []


def test_no_scan_flags_a_fragility_fracture():
    flag = one(flags("bone.no_scan", journal(fractures=[fracture(4, ago(300))])))
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("fractures", 4)]


def test_no_scan_ignores_a_fracture_from_real_trauma():
    assert flags("bone.no_scan", journal(fractures=[fracture(4, ago(300), minimal=False)])) == []


def test_no_scan_flags_back_pain_of_score_1():
    j = journal(pains=[pain(1, ago(400), 1), pain(2, ago(3), 1, ("mid_back",))])
    flag = one(flags("bone.no_scan", j))
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("pain", 2)]
    assert "latest of 2 back-pain entries" in flag.evidence[0].value


def test_no_scan_ignores_back_pain_of_score_0_and_pain_elsewhere():
    j = journal(pains=[pain(1, ago(3), 0), pain(2, ago(2), 8, ("neck", "hip"))])
    assert flags("bone.no_scan", j) == []


# --- pain.fracture_sign --------------------------------------------------------------------------


def sign(id, when=TODAY, **kw):
    kw = {"onset": "sudden", "minor_trigger": True, **kw}
    return pain(id, when, 7, **kw)


def test_fracture_sign_for_needs_back_minor_trigger_and_sudden_or_sharp():
    assert fracture_sign_for(sign(1))
    assert fracture_sign_for(sign(1, TODAY, onset="", quality="sharp"))
    assert fracture_sign_for(sign(1, TODAY, onset="gradual", quality="sharp"))
    assert fracture_sign_for(sign(1, TODAY, locations=("mid_back", "neck")))
    assert not fracture_sign_for(sign(1, TODAY, minor_trigger=False))
    assert not fracture_sign_for(sign(1, TODAY, onset="gradual", quality="aching"))
    assert not fracture_sign_for(sign(1, TODAY, locations=("neck", "hip")))


def test_fracture_sign_includes_an_entry_29_days_ago():
    flag = one(flags("pain.fracture_sign", journal(pains=[sign(1, ago(29))])))
    assert (flag.code, flag.level) == ("pain.fracture_sign", "urgent")


def test_fracture_sign_excludes_an_entry_30_days_ago():
    assert flags("pain.fracture_sign", journal(pains=[sign(1, ago(30))])) == []


def test_fracture_sign_includes_an_entry_today():
    assert codes(flags("pain.fracture_sign", journal(pains=[sign(1)]))) == ["pain.fracture_sign"]


def test_fracture_sign_ignores_entries_after_today():
    assert flags("pain.fracture_sign", journal(pains=[sign(1, TODAY + dt.timedelta(days=1))])) == []


def test_fracture_sign_is_one_flag_with_each_entry_newest_first():
    j = journal(pains=[sign(1, ago(20)), pain(2, ago(10), 3), sign(3, ago(2), quality="sharp")])
    flag = one(flags("pain.fracture_sign", j))
    assert [(e.entry_id, e.date, e.log) for e in flag.evidence] == [
        (3, ago(2), "pain"),
        (1, ago(20), "pain"),
    ]
    assert flag.evidence[1].value == "7/10, came on suddenly, after a minor movement or impact"


# --- pain.spike ----------------------------------------------------------------------------------


def with_prior(scores, spike_score, spike_day=TODAY, spike_locations=("lower_back",), start=1):
    """Prior entries one a day before `spike_day` (any location), then the spike."""
    prior = [
        pain(100 + i, spike_day - dt.timedelta(days=start + i), s, ("knee",))
        for i, s in enumerate(scores)
    ]
    return journal(pains=[*prior, pain(1, spike_day, spike_score, spike_locations)])


def test_spike_at_exactly_3_above_the_mean():
    flag = one(flags("pain.spike", with_prior([4, 4, 4], 7)))
    assert (flag.code, flag.level) == ("pain.spike", "warning")


def test_spike_not_at_2_9_above_the_mean():
    # ten earlier entries averaging 4.1: a 7 is 2.9 above
    assert flags("pain.spike", with_prior([5] + [4] * 9, 7)) == []
    assert codes(flags("pain.spike", with_prior([4] * 10, 7))) == ["pain.spike"]


def test_spike_needs_3_earlier_entries_not_2():
    assert codes(flags("pain.spike", with_prior([2, 2, 2], 5))) == ["pain.spike"]
    assert flags("pain.spike", with_prior([2, 2], 5)) == []


def test_spike_counts_earlier_entries_14_days_back_but_not_15():
    # start=12: entries 12, 13, 14 days before the spike
    assert codes(flags("pain.spike", with_prior([2, 2, 2], 5, start=12))) == ["pain.spike"]
    # start=13: entries 13, 14, 15 days before: only two count
    assert flags("pain.spike", with_prior([2, 2, 2], 5, start=13)) == []


def test_spike_does_not_count_entries_on_the_same_day():
    j = journal(
        pains=[
            pain(10, ago(1), 2),
            pain(11, ago(2), 2),
            pain(12, TODAY, 1),
            pain(13, TODAY, 5),
        ]
    )
    assert flags("pain.spike", j) == []


def test_spike_only_at_a_back_location():
    assert flags("pain.spike", with_prior([2, 2, 2], 9, spike_locations=("hip",))) == []


def test_spike_window_is_the_last_30_days():
    assert codes(flags("pain.spike", with_prior([2, 2, 2], 6, spike_day=ago(29)))) == ["pain.spike"]
    assert flags("pain.spike", with_prior([2, 2, 2], 6, spike_day=ago(30))) == []


def test_spike_evidence_names_the_entry_and_the_earlier_mean():
    flag = one(flags("pain.spike", with_prior([3, 4, 4], 8, spike_day=ago(5))))
    (evidence,) = flag.evidence
    assert (evidence.entry_id, evidence.date, evidence.log) == (1, ago(5), "pain")
    assert evidence.value == "8/10, average 3.7/10 over 3 entries in the 14 days before"
    assert "8/10" in flag.explanation
    assert "3.7/10" in flag.explanation


# --- pain.chronic --------------------------------------------------------------------------------


def run(first_days_ago, last_days_ago=0, step=14, score=4, start_id=1):
    """Entries from first_days_ago down to last_days_ago, `step` days apart (last one included)."""
    days = list(range(last_days_ago, first_days_ago + 1, step))
    if days[-1] != first_days_ago:
        days.append(first_days_ago)
    return [pain(start_id + i, ago(n), score) for i, n in enumerate(sorted(days, reverse=True))]


def test_chronic_when_the_episode_spans_exactly_91_days():
    flag = one(flags("pain.chronic", journal(pains=run(91))))
    assert (flag.code, flag.level) == ("pain.chronic", "notice")


def test_chronic_not_at_90_days():
    assert flags("pain.chronic", journal(pains=run(90))) == []


def test_chronic_gap_of_exactly_14_days_continues_the_episode():
    pains = [pain(1, ago(100), 3), pain(2, ago(86), 3), *run(72, start_id=10)]
    assert codes(flags("pain.chronic", journal(pains=pains))) == ["pain.chronic"]


def test_chronic_gap_of_15_days_ends_the_episode():
    pains = [pain(1, ago(100), 3), pain(2, ago(87), 3), *run(72, start_id=10)]
    assert flags("pain.chronic", journal(pains=pains)) == []


def test_chronic_a_zero_score_ends_the_episode():
    pains = [*run(120, 60, step=10), pain(50, ago(55), 0), *run(50, start_id=60, step=10)]
    assert flags("pain.chronic", journal(pains=pains)) == []


def test_chronic_not_when_the_latest_entry_scores_0():
    pains = [*run(120, 1), pain(50, TODAY, 0)]
    assert flags("pain.chronic", journal(pains=pains)) == []


def test_chronic_latest_entry_may_be_14_days_old_but_not_15():
    assert codes(flags("pain.chronic", journal(pains=run(120, 14)))) == ["pain.chronic"]
    assert flags("pain.chronic", journal(pains=run(120, 15))) == []


def test_chronic_evidence_names_first_and_latest_entries():
    flag = one(flags("pain.chronic", journal(pains=run(98, 0, step=7))))
    first, last = flag.evidence
    assert (first.date, last.date) == (ago(98), TODAY)
    assert (first.log, first.entry_id) == ("pain", 1)
    assert "98 days" in flag.explanation


def test_pain_episodes_split_on_zero_and_gaps():
    a, b, c = pain(1, ago(40), 3), pain(2, ago(26), 3), pain(3, ago(11), 3)
    zero, d = pain(4, ago(10), 0), pain(5, ago(9), 2)
    assert pain_episodes([a, b, c, zero, d]) == [(a, b), (c,), (d,)]
    assert pain_episodes([]) == []
    assert pain_episodes([zero]) == []


# --- pain.improving ------------------------------------------------------------------------------


def scores_on(days_ago, scores, start_id):
    return [
        pain(start_id + i, ago(n), s) for i, (n, s) in enumerate(zip(days_ago, scores, strict=True))
    ]


EARLIER_DAYS = [59, 50, 45, 40, 30]
RECENT_DAYS = [29, 20, 10, 5, 0]


def test_improving_at_exactly_2_points_lower():
    pains = scores_on(EARLIER_DAYS, [6] * 5, 1) + scores_on(RECENT_DAYS, [4] * 5, 10)
    flag = one(flags("pain.improving", journal(pains=pains)))
    assert (flag.code, flag.level) == ("pain.improving", "good")


def test_improving_not_at_1_9_points_lower():
    recent = scores_on(range(0, 20, 2), [5] + [4] * 9, 10)  # mean 4.1
    pains = scores_on(EARLIER_DAYS, [6] * 5, 1) + recent
    assert flags("pain.improving", journal(pains=pains)) == []


def test_improving_needs_5_entries_in_each_window_not_4():
    pains = scores_on(EARLIER_DAYS, [6] * 5, 1) + scores_on(RECENT_DAYS, [2] * 5, 10)
    assert codes(flags("pain.improving", journal(pains=pains))) == ["pain.improving"]
    fewer_recent = scores_on(EARLIER_DAYS, [6] * 5, 1) + scores_on(RECENT_DAYS[:4], [2] * 4, 10)
    assert flags("pain.improving", journal(pains=fewer_recent)) == []
    fewer_earlier = scores_on(EARLIER_DAYS[:4], [6] * 4, 1) + scores_on(RECENT_DAYS, [2] * 5, 10)
    assert flags("pain.improving", journal(pains=fewer_earlier)) == []


def test_improving_windows_end_at_59_days_ago():
    # an entry 60 days ago belongs to neither window
    pains = scores_on([60, 50, 45, 40, 30], [6] * 5, 1) + scores_on(RECENT_DAYS, [2] * 5, 10)
    assert flags("pain.improving", journal(pains=pains)) == []


def test_improving_evidence_names_both_means():
    pains = scores_on(EARLIER_DAYS, [6] * 5, 1) + scores_on(RECENT_DAYS, [2] * 5, 10)
    flag = one(flags("pain.improving", journal(pains=pains)))
    assert [(e.label, e.value, e.log) for e in flag.evidence] == [
        ("Average pain, 17 Apr 2026 to 16 May 2026", "6.0/10 over 5 entries", "pain"),
        ("Average pain, 17 May 2026 to 15 Jun 2026", "2.0/10 over 5 entries", "pain"),
    ]


# --- activity: the 7-day start -------------------------------------------------------------------

ACTIVITY_RULES = (
    "activity.below_150",
    "activity.weight_bearing_low",
    "activity.strength_low",
    "activity.walking_only",
    "activity.spine_caution",
)


def test_activity_rules_silent_for_a_journal_younger_than_7_days():
    j = journal(exercises=[ex(1, ago(6), jumps=20)], scans=[scan(3, ago(1), spine="-3")])
    assert j.first_date == ago(6)
    for code in ACTIVITY_RULES:
        assert flags(code, j) == [], code


def test_activity_rules_run_when_the_first_entry_is_exactly_7_days_old():
    j = journal(exercises=[ex(1, ago(7), jumps=20)], scans=[scan(3, ago(1), spine="-3")])
    assert codes(flags("activity.below_150", j)) == ["activity.below_150"]
    assert codes(flags("activity.weight_bearing_low", j)) == ["activity.weight_bearing_low"]
    assert codes(flags("activity.strength_low", j)) == ["activity.strength_low"]
    assert codes(flags("activity.spine_caution", j)) == ["activity.spine_caution"]


def test_activity_rules_silent_for_an_empty_journal():
    for code in ACTIVITY_RULES:
        assert flags(code, journal()) == []


# --- activity.below_150 --------------------------------------------------------------------------


def test_below_150_silent_at_exactly_150_minutes():
    j = journal(aged=True, exercises=[ex(1, ago(1), minutes=100), ex(2, ago(3), minutes=50)])
    assert flags("activity.below_150", j) == []


def test_below_150_flags_149_minutes():
    j = journal(aged=True, exercises=[ex(1, ago(1), minutes=100), ex(2, ago(3), minutes=49)])
    flag = one(flags("activity.below_150", j))
    assert (flag.code, flag.level, flag.outside_guidance) == (
        "activity.below_150",
        "notice",
        "WHO 2020",
    )


def test_below_150_counts_a_vigorous_minute_twice():
    j = journal(aged=True, exercises=[ex(1, ago(1), "brisk_walking", 75, "vigorous")])
    assert flags("activity.below_150", j) == []
    j = journal(aged=True, exercises=[ex(1, ago(1), "brisk_walking", 74, "vigorous")])
    assert codes(flags("activity.below_150", j)) == ["activity.below_150"]


def test_below_150_does_not_count_light_sessions():
    j = journal(aged=True, exercises=[ex(1, ago(1), "walking", 600, "light")])
    assert codes(flags("activity.below_150", j)) == ["activity.below_150"]


def test_below_150_window_is_today_and_the_6_days_before():
    inside = journal(aged=True, exercises=[ex(1, ago(6), minutes=150)])
    assert flags("activity.below_150", inside) == []
    outside = journal(aged=True, exercises=[ex(1, ago(7), minutes=150)])
    assert codes(flags("activity.below_150", outside)) == ["activity.below_150"]
    today = journal(aged=True, exercises=[ex(1, TODAY, minutes=150)])
    assert flags("activity.below_150", today) == []


def test_below_150_evidence_names_the_total_and_the_sessions_counted():
    j = journal(
        aged=True,
        exercises=[ex(1, ago(1), minutes=40), ex(2, ago(2), minutes=300, intensity="light")],
    )
    flag = one(flags("activity.below_150", j))
    total, session = flag.evidence
    assert (total.value, total.log, total.entry_id) == ("40 min", "exercise", None)
    assert (session.label, session.entry_id) == (f"Walking on {fmt_date(ago(1))}", 1)
    assert weekly_minutes(Context(j, TODAY)) == 40


# --- activity.weight_bearing_low -----------------------------------------------------------------


def sessions(*minutes, kind="walking", day=1, **kw):
    return [ex(i + 1, ago(day + i), kind, m, **kw) for i, m in enumerate(minutes)]


def test_weight_bearing_silent_with_3_sessions_of_30_minutes():
    j = journal(aged=True, exercises=sessions(30, 30, 30))
    assert flags("activity.weight_bearing_low", j) == []


def test_weight_bearing_flags_when_one_session_is_29_minutes():
    j = journal(aged=True, exercises=sessions(30, 30, 29))
    flag = one(flags("activity.weight_bearing_low", j))
    assert flag.evidence[0].value == "2"
    assert [e.entry_id for e in flag.evidence[1:]] == [1, 2]


def test_weight_bearing_flags_2_sessions():
    j = journal(aged=True, exercises=sessions(60, 60))
    assert codes(flags("activity.weight_bearing_low", j)) == ["activity.weight_bearing_low"]


def test_weight_bearing_does_not_count_swimming_unless_loaded():
    j = journal(aged=True, exercises=sessions(45, 45, 45, kind="low_impact"))
    assert codes(flags("activity.weight_bearing_low", j)) == ["activity.weight_bearing_low"]
    vest = journal(aged=True, exercises=sessions(45, 45, 45, kind="other", load_kg=D("5.0")))
    assert flags("activity.weight_bearing_low", vest) == []


def test_weight_bearing_counts_light_sessions_too():
    j = journal(aged=True, exercises=sessions(30, 30, 30, intensity="light"))
    assert flags("activity.weight_bearing_low", j) == []


def test_weight_bearing_window_edge():
    assert (
        flags(
            "activity.weight_bearing_low",
            journal(aged=True, exercises=sessions(30, 30, 30, day=4)),
            TODAY,
        )
        == []
    )
    j = journal(aged=True, exercises=sessions(30, 30, 30, day=5))  # ago(5), ago(6), ago(7)
    assert codes(flags("activity.weight_bearing_low", j)) == ["activity.weight_bearing_low"]


# --- activity.strength_low -----------------------------------------------------------------------


def test_strength_silent_on_2_distinct_days():
    j = journal(aged=True, exercises=[ex(1, ago(1), "strength", 20), ex(2, ago(6), "strength", 20)])
    assert flags("activity.strength_low", j) == []


def test_strength_flags_2_sessions_on_the_same_day():
    j = journal(aged=True, exercises=[ex(1, ago(1), "strength", 20), ex(2, ago(1), "strength", 20)])
    flag = one(flags("activity.strength_low", j))
    assert flag.evidence[0].value == "1"
    assert [e.entry_id for e in flag.evidence[1:]] == [2, 1]  # newest first
    assert flag.outside_guidance == "WHO 2020"


def test_strength_window_edge():
    j = journal(aged=True, exercises=[ex(1, ago(1), "strength", 20), ex(2, ago(7), "strength", 20)])
    assert codes(flags("activity.strength_low", j)) == ["activity.strength_low"]


def test_strength_only_counts_the_strength_kind():
    j = journal(aged=True, exercises=[ex(1, ago(1), "impact", 20), ex(2, ago(2), "balance", 20)])
    assert codes(flags("activity.strength_low", j)) == ["activity.strength_low"]


# --- activity.walking_only -----------------------------------------------------------------------


def low_bone(*exercises, t="-1.5"):
    return journal(aged=True, scans=[scan(spine=t)], exercises=exercises)


def test_walking_only_flags_osteopenia_with_only_walks():
    j = low_bone(ex(1, ago(1), "walking"), ex(2, ago(10), "brisk_walking"))
    flag = one(flags("activity.walking_only", j))
    assert (flag.code, flag.level) == ("activity.walking_only", "info")
    assert [e.entry_id for e in flag.evidence if e.log == "exercise"] == [1, 2]


def test_walking_only_silent_when_bone_density_is_normal():
    assert flags("activity.walking_only", low_bone(ex(1, ago(1)), t="-1.0")) == []


def test_walking_only_silent_without_any_session():
    assert flags("activity.walking_only", low_bone()) == []


def test_walking_only_silent_with_one_strength_session():
    j = low_bone(ex(1, ago(1)), ex(2, ago(27), "strength"))
    assert flags("activity.walking_only", j) == []


def test_walking_only_window_is_the_last_28_days():
    j = low_bone(ex(1, ago(1)), ex(2, ago(28), "strength"))
    assert codes(flags("activity.walking_only", j)) == ["activity.walking_only"]


def test_walking_only_silent_for_a_loaded_walk():
    j = low_bone(ex(1, ago(1), load_kg=D("4.5")))
    assert flags("activity.walking_only", j) == []


# --- activity.spine_caution ----------------------------------------------------------------------


def test_spine_caution_at_minus_2_5_with_an_impact_session():
    j = journal(aged=True, scans=[scan(8, spine="-2.5")], exercises=[ex(1, ago(27), "impact")])
    flag = one(flags("activity.spine_caution", j))
    assert (flag.code, flag.level) == ("activity.spine_caution", "warning")
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("dexa", 8), ("exercise", 1)]


def test_spine_caution_silent_at_minus_2_49():
    j = journal(aged=True, scans=[scan(spine="-2.49")], exercises=[ex(1, ago(1), "impact")])
    assert flags("activity.spine_caution", j) == []


def test_spine_caution_window_is_the_last_28_days():
    j = journal(aged=True, scans=[scan(spine="-2.8")], exercises=[ex(1, ago(28), "impact")])
    assert flags("activity.spine_caution", j) == []


def test_spine_caution_counts_jumps_in_any_session():
    j = journal(aged=True, scans=[scan(spine="-2.8")], exercises=[ex(1, ago(2), jumps=30)])
    assert codes(flags("activity.spine_caution", j)) == ["activity.spine_caution"]


def test_spine_caution_only_looks_at_the_spine():
    j = journal(
        aged=True, scans=[scan(spine="-1.0", total_hip="-3.0")], exercises=[ex(1, ago(2), "impact")]
    )
    assert flags("activity.spine_caution", j) == []


# --- body.height_loss ----------------------------------------------------------------------------


def test_height_loss_at_2_0_cm_below_tallest_measured():
    j = journal(heights=[height(1, ago(900), "165.0"), height(2, ago(5), "163.0")])
    flag = one(flags("body.height_loss", j))
    assert (flag.code, flag.level) == ("body.height_loss", "warning")
    assert [(e.label, e.value, e.entry_id) for e in flag.evidence] == [
        (f"Latest height, measured on {fmt_date(ago(5))}", "163.0 cm", 2),
        (f"Tallest measured height, measured on {fmt_date(ago(900))}", "165.0 cm", 1),
    ]


def test_height_loss_not_at_1_9_cm():
    j = journal(heights=[height(1, ago(900), "165.0"), height(2, ago(5), "163.1")])
    assert flags("body.height_loss", j) == []


def test_height_loss_at_4_0_cm_below_the_profile_height():
    j = journal(
        profile=ProfileData(tallest_height_cm=D("167.0")), heights=[height(2, ago(5), "163.0")]
    )
    flag = one(flags("body.height_loss", j))
    assert [(e.label, e.value, e.log) for e in flag.evidence] == [
        (f"Latest height, measured on {fmt_date(ago(5))}", "163.0 cm", "height"),
        ("Tallest adult height (profile)", "167.0 cm", "profile"),
    ]


def test_height_loss_not_at_3_9_cm_below_the_profile_height():
    j = journal(
        profile=ProfileData(tallest_height_cm=D("167.0")), heights=[height(2, ago(5), "163.1")]
    )
    assert flags("body.height_loss", j) == []


def test_height_loss_compares_the_latest_by_date():
    j = journal(heights=[height(2, ago(900), "162.0"), height(1, ago(5), "165.0")])
    assert flags("body.height_loss", j) == []


def test_height_loss_silent_without_measurements():
    assert flags("body.height_loss", journal(profile=ProfileData(tallest_height_cm=D("180")))) == []


# --- fracture.fragility --------------------------------------------------------------------------


def test_fragility_fracture_flagged_with_its_evidence():
    j = journal(
        fractures=[fracture(3, ago(400), "hip"), fracture(4, ago(10), "rib", minimal=False)]
    )
    flag = one(flags("fracture.fragility", j))
    assert (flag.code, flag.level) == ("fracture.fragility", "warning")
    assert flag.evidence == (
        Evidence(
            f"Hip fracture on {fmt_date(ago(400))}", "minimal trauma", ago(400), "fractures", 3
        ),
    )


def test_fracture_from_real_trauma_not_flagged():
    assert (
        flags("fracture.fragility", journal(fractures=[fracture(3, ago(4), minimal=False)])) == []
    )


# --- evaluate, RULES and purity ------------------------------------------------------------------


def busy_journal() -> Journal:
    return journal(
        aged=True,
        profile=ProfileData(birth_year=1950, tallest_height_cm=D("170.0")),
        scans=[
            scan(1, dt.date(2015, 5, 1), total_hip="-1.7", spine="-2.0"),
            scan(2, dt.date(2018, 5, 1), total_hip="-1.5", spine="-2.7"),
        ],
        pains=[*run(120, 1, step=7), sign(99)],
        exercises=[ex(1, ago(2), "impact", 20)],
        heights=[height(5, ago(3), "160.0")],
        fractures=[fracture(6, ago(50))],
    )


def test_evaluate_sorts_urgent_first_then_warning_notice_info_good():
    flags = all_flags(busy_journal())
    levels = [f.level for f in flags]
    assert levels[0] == "urgent"
    assert levels == sorted(levels, key=rules.LEVELS.index)
    assert {"info", "good", "notice", "warning"} <= set(levels)


def test_evaluate_keeps_catalogue_order_within_a_level():
    flags = all_flags(busy_journal())
    order = list(RULES)
    for level in rules.LEVELS:
        same = [order.index(f.code) for f in flags if f.level == level]
        assert same == sorted(same)


def test_sort_findings_is_stable():
    a = rules.Finding("a", "good")
    b = rules.Finding("b", "urgent")
    c = rules.Finding("c", "good")
    assert rules.sort_findings([a, b, c]) == [b, a, c]
    assert rules.level_rank("urgent") < rules.level_rank("good") < rules.level_rank("unknown")


def test_evaluate_empty_journal_has_no_flags():
    assert all_flags(Journal()) == []


def test_rules_cover_the_four_sections_in_catalogue_order():
    assert list(RULES) == [
        "bone.osteoporosis",
        "bone.osteopenia",
        "bone.severe",
        "bone.near_border",
        "bone.decline",
        "bone.improved",
        "bone.rescan_due",
        "bone.no_scan",
        "pain.fracture_sign",
        "pain.spike",
        "pain.chronic",
        "pain.improving",
        "activity.below_150",
        "activity.weight_bearing_low",
        "activity.strength_low",
        "activity.walking_only",
        "activity.spine_caution",
        "body.height_loss",
        "fracture.fragility",
        "meds.denosumab_due",
        "meds.denosumab_overdue",
        "meds.dose_due",
        "meds.pain_despite_otc",
        "meds.long_term_nsaid",
        "labs.vitamin_d_low",
        "body.falls",
        "mood.safety",
        "mood.depression_screen",
        "treatment.response",
    ]
    for code, rule in RULES.items():
        assert rule.code == code
        assert rule.area in rules.AREAS
        assert set(rule.levels) <= set(rules.LEVELS)
        assert rule.title
        assert rule.trigger
        assert rule.source


def test_flags_take_title_source_and_guidance_from_their_rule():
    for flag in all_flags(busy_journal()):
        rule = RULES[flag.code]
        assert (flag.title, flag.source, flag.outside_guidance) == (
            rule.title,
            rule.source,
            rule.outside_guidance,
        )
        assert flag.level in rule.levels
        assert flag.evidence, flag.code
        for e in flag.evidence:
            assert e.log in {"pain", "dexa", "exercise", "height", "fractures", "profile"}


def test_sources_are_the_documents_short_titles():
    titles = set(d.SOURCE_TITLES)
    assert len(titles) == 5
    for rule in RULES.values():
        for part in rule.source.split("; "):
            assert part.split(" (")[0] in titles, rule.code


def test_flag_text_never_states_a_diagnosis():
    for flag in all_flags(busy_journal()):
        text = f"{flag.explanation} {flag.next_step}".lower()
        assert "you have osteoporosis" not in text
        assert "you have a fracture" not in text
        assert flag.explanation.endswith(".")
        assert flag.next_step.endswith(".")


def test_entries_after_today_are_ignored():
    j = journal(scans=[scan(1, TODAY + dt.timedelta(days=3), spine="-3.5")])
    assert all_flags(j) == []


def test_evaluate_does_not_depend_on_the_clock():
    j = busy_journal()
    with time_machine.travel(dt.datetime(2001, 1, 1, tzinfo=dt.UTC), tick=False):
        early = all_flags(j)
    with time_machine.travel(dt.datetime(2040, 7, 30, tzinfo=dt.UTC), tick=False):
        late = all_flags(j)
    assert early == late
    assert early


def test_rules_read_no_clock_and_no_database():
    modules = [rules, rules.registry, rules.bone, rules.pain, rules.activity, rules.body]
    for module in modules:
        source = inspect.getsource(module)
        for call in ("today()", "now(", "time.time", "utcnow"):
            assert call not in source, module.__name__
        assert "django.db" not in source, module.__name__
        assert ".objects" not in source, module.__name__


def test_each_rule_is_declared_once_and_only_returns_levels_it_declares():
    j = busy_journal()
    for code, rule in RULES.items():
        for finding in check(code, j, TODAY):
            assert finding.code == code
            assert finding.level in rule.levels


@pytest.mark.parametrize(
    "j",
    [
        journal(),
        journal(pains=[sign(1, ago(3)), sign(2), pain(3, TODAY, 9)]),
        journal(pains=[sign(1, ago(40))], scans=[scan(1, ago(400), spine="-2.7")]),
    ],
    ids=["empty", "two-fracture-signs", "old-sign"],
)
def test_urgent_gives_exactly_the_urgent_findings_of_evaluate(j):
    """A save shows its urgent flags from the rules that can be urgent alone (rules.urgent)."""
    assert rules.urgent(j, TODAY) == [f for f in evaluate(j, TODAY) if f.level == "urgent"]


def test_urgent_finds_the_fracture_sign():
    assert [f.code for f in rules.urgent(journal(pains=[sign(1)]), TODAY)] == ["pain.fracture_sign"]
