"""Property tests for journal.rules: monotonic rules and an evaluate() that never raises."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from journal import domain as d
from journal import rules
from journal import snapshot as snap
from journal.rules import RULES, Context, as_of, check, evaluate
from journal.rules.activity import weekly_minutes
from journal.rules.pain import fracture_sign_for
from journal.trends import pain_episodes
from journal.wording import for_person

from .builders import TODAY

dates = st.integers(min_value=-900, max_value=3).map(lambda n: TODAY + dt.timedelta(days=n))
recent_dates = st.integers(min_value=-40, max_value=0).map(lambda n: TODAY + dt.timedelta(days=n))
t_scores = st.integers(min_value=-600, max_value=400).map(lambda n: Decimal(n).scaleb(-2))
bmds = st.none() | st.integers(min_value=200, max_value=2000).map(lambda n: Decimal(n).scaleb(-3))
heights_cm = st.integers(min_value=1000, max_value=2500).map(lambda n: Decimal(n).scaleb(-1))

site_results = st.dictionaries(
    st.sampled_from(d.Site.values), st.tuples(t_scores, bmds), min_size=0, max_size=4
).map(lambda rs: {site: snap.SiteResult(site, t, bmd) for site, (t, bmd) in rs.items()})

pains = st.builds(
    snap.Pain,
    id=st.integers(1, 10**6),
    date=dates | recent_dates,
    score=st.integers(0, 10),
    locations=st.lists(st.sampled_from(d.Location.values), max_size=3, unique=True).map(tuple),
    onset=st.sampled_from(["", *d.Onset.values]),
    quality=st.sampled_from(["", *d.Quality.values]),
    minor_trigger=st.booleans(),
)
scans = st.builds(
    snap.Scan,
    id=st.integers(1, 10**6),
    date=dates,
    results=site_results,
    facility=st.sampled_from(["", "City Hospital", "Lakeside Clinic"]),
    lsc_percent=st.none() | st.sampled_from([Decimal("0"), Decimal("2.5"), Decimal("4.0")]),
)
exercises = st.builds(
    snap.Exercise,
    id=st.integers(1, 10**6),
    date=dates | recent_dates,
    kind=st.sampled_from(d.ExerciseKind.values),
    minutes=st.integers(1, 600),
    intensity=st.sampled_from(d.Intensity.values),
    load_kg=st.none() | st.sampled_from([Decimal("0"), Decimal("5.0")]),
    jumps=st.none() | st.integers(0, 100),
)
heights = st.builds(snap.Height, id=st.integers(1, 10**6), date=dates, height_cm=heights_cm)
fractures = st.builds(
    snap.Fracture,
    id=st.integers(1, 10**6),
    date=dates,
    site=st.sampled_from(d.FractureSite.values),
    minimal_trauma=st.booleans(),
)
profiles = st.builds(
    snap.ProfileData,
    birth_year=st.none() | st.integers(1920, 2020),
    tallest_height_cm=st.none() | heights_cm,
)


# No example database on disk and no per-example deadline (CI machines vary).
QUIET = settings(deadline=None, database=None)


def by_date(items):
    return tuple(sorted(items, key=lambda item: item.date))


@st.composite
def journals(draw, sort=True):
    order = by_date if sort else tuple
    return snap.Journal(
        profile=draw(profiles),
        pains=order(draw(st.lists(pains, max_size=25))),
        scans=order(draw(st.lists(scans, max_size=4))),
        exercises=order(draw(st.lists(exercises, max_size=15))),
        heights=order(draw(st.lists(heights, max_size=4))),
        fractures=order(draw(st.lists(fractures, max_size=3))),
    )


def codes(flags):
    return {f.code for f in flags}


@settings(max_examples=3 * settings.default.max_examples, deadline=None, database=None)
@given(journals(sort=False))
def test_evaluate_never_raises_and_returns_well_formed_sorted_flags(journal):
    flags = for_person(evaluate(journal, TODAY))
    ranks = [rules.level_rank(f.level) for f in flags]
    assert ranks == sorted(ranks)
    for flag in flags:
        rule = RULES[flag.code]
        assert flag.level in rule.levels
        assert flag.title == rule.title
        assert flag.evidence
        assert flag.explanation
        assert flag.next_step


@QUIET
@given(journals())
def test_evaluate_does_not_depend_on_the_order_of_the_logs(journal):
    shuffled = replace(
        journal,
        scans=tuple(reversed(journal.scans)),
        exercises=tuple(reversed(journal.exercises)),
        fractures=tuple(reversed(journal.fractures)),
    )
    # scans/exercises/fractures on one day may tie: compare the codes, not the evidence order
    if len({s.date for s in journal.scans}) == len(journal.scans):
        assert codes(evaluate(shuffled, TODAY)) == codes(evaluate(journal, TODAY))


@QUIET
@given(journals(), st.data())
def test_lowering_a_t_score_never_removes_osteoporosis(journal, data):
    latest = journal.latest_results()
    if not latest:
        return
    site = data.draw(st.sampled_from(sorted(latest)))
    scan, result = latest[site]
    drop = data.draw(st.integers(0, 300).map(lambda n: Decimal(n).scaleb(-2)))
    lowered_scan = replace(
        scan, results={**scan.results, site: replace(result, t_score=result.t_score - drop)}
    )
    lowered = replace(journal, scans=tuple(lowered_scan if s is scan else s for s in journal.scans))
    if check("bone.osteoporosis", journal, TODAY):
        assert check("bone.osteoporosis", lowered, TODAY)


@QUIET
@given(journals())
def test_one_bone_category_flag_matches_the_overall_category(journal):
    found = codes(evaluate(journal, TODAY)) & {"bone.osteoporosis", "bone.osteopenia"}
    category = as_of(journal, TODAY).overall_category()
    expected = {"osteoporosis": {"bone.osteoporosis"}, "osteopenia": {"bone.osteopenia"}}
    assert found == expected.get(category, set())


@QUIET
@given(journals(), st.integers(0, 10))
def test_a_rest_day_never_raises_weekly_minutes_nor_removes_below_150(journal, days):
    """Moving `today` on over days with no exercise logged never adds minutes or lifts the flag."""
    later = TODAY + dt.timedelta(days=days)
    rested = replace(journal, exercises=tuple(e for e in journal.exercises if e.date <= TODAY))
    assert weekly_minutes(Context(rested, later)) <= weekly_minutes(Context(rested, TODAY))
    if check("activity.below_150", rested, TODAY):
        assert check("activity.below_150", rested, later)


@QUIET
@given(journals(), st.data())
def test_removing_an_exercise_session_never_removes_below_150(journal, data):
    if not journal.exercises:
        return
    index = data.draw(st.integers(0, len(journal.exercises) - 1))
    fewer = replace(journal, exercises=journal.exercises[:index] + journal.exercises[index + 1 :])
    # Removing the journal's very first entry can make it younger than 7 days, which rightly
    # silences every activity rule; the property is about minutes, so keep the journal's age.
    assume(fewer.first_date == journal.first_date)
    assert weekly_minutes(Context(fewer, TODAY)) <= weekly_minutes(Context(journal, TODAY))
    if check("activity.below_150", journal, TODAY):
        assert check("activity.below_150", fewer, TODAY)


@QUIET
@given(journals(), dates)
def test_a_zero_score_pain_entry_never_creates_chronic_pain(journal, when):
    zero = snap.Pain(id=10**7, date=when, score=0, locations=("lower_back",))
    calmer = replace(journal, pains=by_date([*journal.pains, zero]))
    if not check("pain.chronic", journal, TODAY):
        assert not check("pain.chronic", calmer, TODAY)


@QUIET
@given(st.lists(pains, max_size=30))
def test_pain_episodes_hold_only_painful_entries_with_short_gaps(entries):
    entries = by_date(entries)
    episodes = pain_episodes(entries)
    assert sum(len(e) for e in episodes) == sum(1 for p in entries if p.score >= 1)
    for episode in episodes:
        assert all(p.score >= 1 for p in episode)
        gaps = [(b.date - a.date).days for a, b in zip(episode, episode[1:], strict=False)]
        assert all(gap <= 14 for gap in gaps)


@QUIET
@given(pains)
def test_fracture_sign_entries_are_always_at_the_back_with_a_minor_trigger(entry):
    if fracture_sign_for(entry):
        assert entry.at_back
        assert entry.minor_trigger


@QUIET
@given(journals())
def test_rules_are_deterministic(journal):
    assert evaluate(journal, TODAY) == evaluate(journal, TODAY)


@given(
    st.lists(
        st.tuples(st.integers(min_value=-120, max_value=0), st.integers(min_value=0, max_value=10)),
        max_size=40,
    )
)
def test_the_current_episode_read_backwards_is_the_last_of_all_episodes(entries):
    """pain.chronic reads only the current episode (backwards from the latest entry): it must be
    exactly the last episode trends.pain_episodes finds over the whole history."""
    from journal.rules.pain import current_episode

    pains = tuple(
        snap.Pain(i, TODAY + dt.timedelta(days=n), score, ("lower_back",))
        for i, (n, score) in enumerate(sorted(entries))
    )
    ctx = Context(snap.Journal(pains=pains), TODAY)
    whole = pain_episodes(ctx.journal.pains)
    latest = ctx.journal.pains[-1] if pains else None
    expected = (
        whole[-1]
        if latest and latest.score >= 1 and (TODAY - latest.date).days <= 14 and whole
        else None
    )
    assert current_episode(ctx) == expected
