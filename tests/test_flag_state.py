"""The flags panel's pure parts: related findings merged into one flag (journal.wording.merged),
and when a flag the person discussed with their clinician comes back (journal.flag_state)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from journal.flag_state import Discussion, evidence_state, fingerprint, returns
from journal.rules import evaluate, level_rank
from journal.wording.merged import person_flags

from .builders import TODAY, ago, exercise, journal, pain, scan


def flags_of(j, today=TODAY) -> dict:
    return {f.key: f for f in person_flags(evaluate(j, today))}


def discussed(flag, on=TODAY, marked=TODAY) -> Discussion:
    """The record "Discussed with my clinician" leaves for `flag` as it shows now."""
    return Discussion(flag.key, on, flag.level, flag.state.refs, marked)


def comes_back(record: Discussion, j, today=TODAY, key=None) -> bool:
    flag = flags_of(j, today)[key or record.key]
    return returns(record, flag.level, flag.state)


OSTEO = [scan(1, ago(400), spine="-2.0", total_hip="-1.5"), scan(2, ago(10), spine="-2.6")]


# --- merged flags -----------------------------------------------------------------------------


def test_an_osteoporosis_range_score_near_the_border_is_one_flag_with_both_parts():
    flags = flags_of(journal(scans=[scan(1, ago(10), spine="-2.6")]))
    flag = flags["bone.osteoporosis"]
    assert [p.code for p in flag.parts] == ["bone.osteoporosis", "bone.near_border"]
    assert "bone.near_border" not in flags
    assert flag.key_value == "lowest T-score -2.6 (lumbar spine)"


def test_a_fall_at_two_sites_is_one_decline_flag_naming_each_site():
    j = journal(
        scans=[
            scan(1, ago(400), spine="-2.0", total_hip="-1.5"),
            scan(2, ago(10), spine="-2.2", total_hip="-1.8"),
        ]
    )
    decline = [f for f in person_flags(evaluate(j, TODAY)) if f.code == "bone.decline"]
    assert len(decline) == 1
    assert set(decline[0].key_value.split("; ")) == {
        "lumbar spine -2.0 to -2.2",
        "total hip -1.5 to -1.8",
    }
    assert len(decline[0].parts) == 2


def test_a_score_below_minus_3_is_one_flag_at_the_most_pressing_level_of_its_parts():
    flags = flags_of(journal(scans=[scan(1, ago(10), spine="-3.1")]))
    flag = flags["bone.osteoporosis"]
    assert {p.code for p in flag.parts} == {"bone.osteoporosis", "bone.severe"}
    assert "bone.severe" not in flags
    assert flag.level == min((p.level for p in flag.parts), key=level_rank)


# --- when a discussed flag comes back ---------------------------------------------------------


def test_a_discussed_flag_stays_discussed_while_nothing_behind_it_changes():
    j = journal(scans=OSTEO)
    record = discussed(flags_of(j)["bone.osteoporosis"])
    assert not comes_back(record, j)
    assert not comes_back(record, j, today=TODAY + dt.timedelta(days=200))


def test_a_discussed_flag_does_not_come_back_for_an_entry_it_does_not_rest_on():
    j = journal(scans=OSTEO)
    record = discussed(flags_of(j)["bone.osteoporosis"])
    later = journal(scans=OSTEO, pains=[pain(1, TODAY, score=3)], exercises=[exercise(1, TODAY)])
    assert not comes_back(record, later)


def test_a_discussed_flag_comes_back_when_a_new_scan_is_behind_it():
    j = journal(scans=OSTEO)
    record = discussed(flags_of(j)["bone.osteoporosis"])
    later = journal(scans=[*OSTEO, scan(3, TODAY, spine="-2.6")])
    assert comes_back(record, later)


def test_a_discussed_flag_comes_back_when_an_entry_behind_it_is_edited():
    j = journal(scans=OSTEO)
    record = discussed(flags_of(j)["bone.osteoporosis"])
    edited = journal(scans=[OSTEO[0], scan(2, ago(10), spine="-2.7")])
    assert comes_back(record, edited)


def test_a_change_at_one_of_two_sites_of_the_same_scan_brings_the_decline_back():
    both = [scan(1, ago(400), spine="-2.0", total_hip="-1.5")]
    j = journal(scans=[*both, scan(2, ago(10), spine="-2.2", total_hip="-1.8")])
    record = discussed(flags_of(j)["bone.decline"])
    edited = journal(scans=[*both, scan(2, ago(10), spine="-2.3", total_hip="-1.8")])
    assert comes_back(record, edited)


def test_a_discussed_flag_comes_back_when_its_level_rises_not_when_it_falls():
    j = journal(scans=OSTEO)
    flag = flags_of(j)["bone.osteoporosis"]
    assert flag.level == "warning"
    assert returns(replace(discussed(flag), level="notice"), flag.level, flag.state)
    assert not returns(replace(discussed(flag), level="urgent"), flag.level, flag.state)


def test_an_entry_that_dropped_out_does_not_bring_it_back():
    j = journal(scans=OSTEO)
    flag = flags_of(j)["bone.osteoporosis"]
    record = discussed(flag)
    more = Discussion(record.key, record.on, record.level, record.entries | {"dexa:9:x": "0"})
    assert not returns(more, flag.level, flag.state)


WEEK = dict(aged=True, exercises=[exercise(1, TODAY, minutes=30)])


def test_a_weekly_figure_discussed_stays_discussed_until_its_week_is_wholly_newer_at_day_6():
    record = discussed(flags_of(journal(**WEEK))["activity.below_150"])
    # Six days on, the week's window (TODAY+0 .. TODAY+6) still starts on the day it was marked.
    assert not comes_back(record, journal(**WEEK), today=TODAY + dt.timedelta(days=6))


def test_a_weekly_figure_discussed_comes_back_once_its_week_is_wholly_newer_at_day_7():
    record = discussed(flags_of(journal(**WEEK))["activity.below_150"])
    assert comes_back(record, journal(aged=True), today=TODAY + dt.timedelta(days=7))


def test_a_talk_dated_a_month_back_does_not_bring_this_weeks_figure_straight_back():
    flag = flags_of(journal(**WEEK))["activity.below_150"]
    assert not returns(discussed(flag, on=ago(30), marked=TODAY), flag.level, flag.state)


def test_a_new_session_in_the_week_brings_the_weekly_flag_back():
    record = discussed(flags_of(journal(**WEEK))["activity.below_150"])
    more = journal(aged=True, exercises=[*WEEK["exercises"], exercise(2, TODAY, minutes=20)])
    assert comes_back(record, more)


def test_chronic_pain_does_not_come_back_for_each_new_day_of_the_same_pain():
    pains = [pain(i + 1, ago(n), 4) for i, n in enumerate(range(120, 0, -14))]
    j = journal(pains=pains)
    record = discussed(flags_of(j)["pain.chronic"])
    later = journal(pains=[*pains, pain(99, TODAY, 4)])
    assert "pain.chronic" in flags_of(later)
    assert not comes_back(record, later)


# --- the fingerprint ("new since you last looked") --------------------------------------------


def test_the_fingerprint_is_the_same_for_the_same_evidence_and_changes_with_new_evidence():
    j = journal(scans=OSTEO)
    flag = flags_of(j)["bone.osteoporosis"]
    assert flags_of(j, TODAY + dt.timedelta(days=3))["bone.osteoporosis"].fingerprint == (
        flag.fingerprint
    )
    later = flags_of(journal(scans=[*OSTEO, scan(3, TODAY, spine="-2.6")]))
    assert later["bone.osteoporosis"].fingerprint != flag.fingerprint
    state = evidence_state([])
    assert fingerprint("a", "notice", state) != fingerprint("a", "warning", state)


def test_a_flags_line_never_says_due_twice_where_its_title_meets_its_key_value():
    from journal.rules.registry import RULES, Finding
    from journal.wording.merged import key_value

    due = dt.date(2026, 12, 3)
    for code, values in [
        ("meds.denosumab_due", {"due": due, "name": "Prolia"}),
        ("meds.denosumab_overdue", {"due": due, "name": "Prolia"}),
        ("meds.dose_due", {"due": due, "name": "Alendronate"}),
    ]:
        title = RULES[code].title
        value = key_value(Finding(code, "notice", values))
        assert "3 Dec 2026" in value
        assert title.split()[-1] != value.split()[0], f"{title} {value}"
