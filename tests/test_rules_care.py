"""Boundary tests for the mood and treatment rules (warning-signs.md, "Mood (PHQ-9)" and
"Treatments"): each threshold on both sides, and the words the person reads.

No database: journals are built from the snapshot dataclasses (tests/builders.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from journal.rules import RULES, Context, check, evaluate
from journal.rules.pain import chronic_episode
from journal.wording import for_person

from .builders import TODAY, ago, journal, mood, pain, session, treatment


def flags(code: str, j, today: dt.date = TODAY):
    return for_person(check(code, j, today))


def one(found):
    assert len(found) == 1, found
    return found[0]


# --- mood.safety ---------------------------------------------------------------------------------


def test_safety_is_urgent_when_question_9_is_several_days_in_a_phq9_from_13_days_ago():
    j = journal(moods=[mood(4, ago(13), total=6, item9=1)])
    flag = one(flags("mood.safety", j))
    assert (flag.code, flag.level) == ("mood.safety", "urgent")
    assert "several days" in flag.explanation
    assert [(e.log, e.entry_id) for e in flag.evidence] == [("mood", 4)]


def test_safety_not_when_the_phq9_is_14_days_old():
    assert flags("mood.safety", journal(moods=[mood(4, ago(14), total=6, item9=3)])) == []


def test_safety_holds_for_a_phq9_dated_today():
    assert one(flags("mood.safety", journal(moods=[mood(1, TODAY, total=3, item9=3)])))


def test_safety_not_when_question_9_is_0_even_with_the_highest_other_answers():
    assert flags("mood.safety", journal(moods=[mood(1, TODAY, total=24, item9=0)])) == []


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_safety_holds_for_every_answer_above_0(answer):
    assert one(flags("mood.safety", journal(moods=[mood(1, ago(2), total=answer, item9=answer)])))


def test_safety_reads_only_the_latest_phq9():
    earlier = mood(1, ago(10), total=5, item9=2)
    later = mood(2, ago(3), total=4, item9=0)
    assert flags("mood.safety", journal(moods=[earlier, later])) == []


def test_safety_ignores_a_phq9_dated_after_today():
    j = journal(moods=[mood(1, ago(3), total=3, item9=1), mood(2, ago(-1), total=0)])
    assert one(flags("mood.safety", j)).evidence[0].entry_id == 1


def test_safety_next_step_is_the_crisis_line_setting(settings):
    settings.CRISIS_LINE = "Call 988 (Suicide & Crisis Lifeline) or 911 in an emergency."
    flag = one(flags("mood.safety", journal(moods=[mood(1, TODAY, total=1, item9=1)])))
    assert "Call 988 (Suicide & Crisis Lifeline) or 911 in an emergency." in flag.next_step


def test_safety_comes_first_among_all_flags():
    j = journal(
        moods=[mood(1, TODAY, total=20, item9=1)],
        pains=[pain(1, ago(1), 8, onset="sudden", minor_trigger=True)],
    )
    assert [f.level for f in evaluate(j, TODAY)][:2] == ["urgent", "urgent"]
    assert "mood.safety" in [f.code for f in evaluate(j, TODAY)[:2]]


# --- mood.depression_screen ----------------------------------------------------------------------


def test_depression_screen_is_a_notice_at_a_total_of_10():
    flag = one(flags("mood.depression_screen", journal(moods=[mood(1, ago(5), total=10)])))
    assert flag.level == "notice"
    assert "10 of 27, in the moderate range" in flag.explanation


def test_depression_screen_not_at_a_total_of_9():
    assert flags("mood.depression_screen", journal(moods=[mood(1, ago(5), total=9)])) == []


def test_depression_screen_counts_a_phq9_from_89_days_ago():
    assert one(flags("mood.depression_screen", journal(moods=[mood(1, ago(89), total=15)])))


def test_depression_screen_not_for_a_phq9_90_days_old():
    assert flags("mood.depression_screen", journal(moods=[mood(1, ago(90), total=15)])) == []


def test_depression_screen_reads_only_the_latest_phq9():
    j = journal(moods=[mood(1, ago(30), total=18), mood(2, ago(2), total=6)])
    assert flags("mood.depression_screen", j) == []


def _pain_run(days: int) -> list:
    """Entries every 7 days from `days` ago to today (an episode `days` long, if a multiple of 7)
    plus one at the very start."""
    start = ago(days)
    dates = sorted({start, *(ago(n) for n in range(0, days, 7))})
    return [pain(i, day, 5) for i, day in enumerate(dates, 1)]


def test_depression_screen_is_a_warning_when_pain_chronic_is_raised_at_91_days():
    j = journal(moods=[mood(1, ago(1), total=12)], pains=_pain_run(91))
    assert [f.code for f in flags("pain.chronic", j)] == ["pain.chronic"]
    flag = one(flags("mood.depression_screen", j))
    assert flag.level == "warning"
    assert "(91 days)" in flag.explanation
    assert {e.log for e in flag.evidence} == {"mood", "pain"}


def test_depression_screen_stays_a_notice_when_pain_has_lasted_90_days():
    j = journal(moods=[mood(1, ago(1), total=12)], pains=_pain_run(90))
    assert flags("pain.chronic", j) == []
    assert one(flags("mood.depression_screen", j)).level == "notice"


def test_the_chronic_episode_is_computed_once_and_is_what_pain_chronic_raises():
    j = journal(pains=_pain_run(120))
    ctx = Context(j, TODAY)
    episode = chronic_episode(ctx)
    assert episode is chronic_episode(ctx)  # memoised for the evaluation
    finding = one(list(RULES["pain.chronic"].check(ctx)))
    assert finding.values["start"] == episode[0].date
    assert chronic_episode(Context(journal(pains=_pain_run(84)), TODAY)) is None


# --- treatment.response --------------------------------------------------------------------------

FIRST = ago(60)  # the first session


def course_journal(
    sessions=6,
    before=(6, 6, 6, 6, 6),
    latest=(4, 4, 4, 4, 4),
    first=FIRST,
    before_at=None,
    latest_at=None,
):
    """A course whose `sessions` are weekly from `first`; pain `before` it (entries in the 28 days
    before the first session) and `latest` (in the latest 28 days)."""
    before_at = before_at or [first - dt.timedelta(days=n + 1) for n in range(len(before))]
    latest_at = latest_at or [ago(n) for n in range(len(latest))]
    dated = [*zip(before_at, before, strict=True), *zip(latest_at, latest, strict=True)]
    pains = [pain(i, when, score) for i, (when, score) in enumerate(dated, 1)]
    return journal(
        treatments=[treatment(1, first - dt.timedelta(days=3))],
        sessions=[session(10 + n, first + dt.timedelta(days=7 * n)) for n in range(sessions)],
        pains=pains,
    )


def test_response_is_good_news_when_the_latest_28_days_are_exactly_1_point_lower():
    flag = one(flags("treatment.response", course_journal(before=[5] * 5, latest=[4] * 5)))
    assert flag.level == "good"
    assert "4.0/10 (5 entries), against 5.0/10 (5 entries)" in flag.explanation
    assert [(e.log, e.entry_id) for e in flag.evidence][0] == ("treatments", 1)


def test_response_is_no_clear_change_when_only_0_8_points_lower():
    flag = one(flags("treatment.response", course_journal(before=[5] * 5, latest=[4] * 4 + [5])))
    assert flag.level == "info"
    assert flag.explanation.startswith("No clear change yet")


def test_response_needs_6_sessions():
    assert one(flags("treatment.response", course_journal(sessions=6)))


def test_response_not_with_5_sessions():
    assert flags("treatment.response", course_journal(sessions=5)) == []


def test_response_counts_only_sessions_up_to_today():
    j = course_journal(sessions=5)
    later = session(99, ago(-2))
    j = journal(
        **{name: j.entries(name) for name in ("pains", "treatments")}, sessions=[*j.sessions, later]
    )
    assert flags("treatment.response", j) == []


def test_response_needs_5_entries_before_the_first_session():
    assert one(flags("treatment.response", course_journal(before=[6] * 5)))


def test_response_not_with_4_entries_before_the_first_session():
    assert flags("treatment.response", course_journal(before=[6] * 4)) == []


def test_response_not_with_4_entries_in_the_latest_28_days():
    assert flags("treatment.response", course_journal(latest=[2] * 4)) == []


def test_response_before_window_starts_28_days_before_the_first_session():
    at = [FIRST - dt.timedelta(days=n) for n in (28, 20, 10, 5, 1)]
    assert one(flags("treatment.response", course_journal(before_at=at)))


def test_response_before_window_leaves_out_the_29th_day_before():
    at = [FIRST - dt.timedelta(days=n) for n in (29, 20, 10, 5, 1)]
    assert flags("treatment.response", course_journal(before_at=at)) == []


def test_response_latest_window_is_today_and_the_27_days_before():
    assert one(
        flags("treatment.response", course_journal(latest_at=[ago(n) for n in (27, 20, 9, 3, 0)]))
    )
    assert (
        flags("treatment.response", course_journal(latest_at=[ago(n) for n in (28, 20, 9, 3, 0)]))
        == []
    )


def test_response_suggests_a_review_once_the_first_session_is_85_days_ago():
    flag = one(flags("treatment.response", course_journal(latest=[6] * 5, first=ago(85))))
    assert flag.level == "info"
    assert "85 days ago, more than 12 weeks" in flag.next_step
    assert "practitioner" in flag.next_step


def test_response_no_review_yet_at_84_days():
    flag = one(flags("treatment.response", course_journal(latest=[6] * 5, first=ago(84))))
    assert flag.level == "info"
    assert "12 weeks" in flag.next_step
    assert "days ago" not in flag.next_step


def test_response_good_news_has_no_review_even_after_12_weeks():
    flag = one(flags("treatment.response", course_journal(first=ago(120))))
    assert flag.level == "good"
    assert "review" not in flag.next_step.lower()


def test_response_one_finding_per_course_each_with_its_own_sessions():
    j = course_journal()
    other = treatment(2, ago(300), "massage")
    j = journal(
        pains=j.pains,
        treatments=[*j.treatments, other],
        sessions=[*j.sessions, *(session(50 + n, ago(200 - n), treatment_id=2) for n in range(3))],
    )
    assert [f.evidence[0].entry_id for f in flags("treatment.response", j)] == [1]


@pytest.mark.parametrize("latest", [[4] * 5, [6] * 5])
def test_response_words_never_claim_the_course_caused_a_change(latest):
    flag = one(flags("treatment.response", course_journal(latest=latest)))
    words = f"{flag.explanation} {flag.next_step}".lower()
    for claim in (
        "thanks to",
        "because of the",
        "worked",
        "is working",
        "helped your",
        "reduced your",
    ):
        assert claim not in words
    if flag.level == "good":
        assert "not that the course caused it" in words
