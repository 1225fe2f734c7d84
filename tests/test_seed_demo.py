"""The demo account: runs twice without error and shows several flags of different levels."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from journal import courses
from journal import models as m
from journal.demo import DEMO_USERNAME, seed_demo
from journal.rules import evaluate
from journal.snapshot import load_journal

pytestmark = pytest.mark.django_db


def test_seed_demo_runs_twice_and_replaces_rather_than_duplicates(capsys):
    call_command("seed_demo")
    first = m.PainEntry.objects.filter(user__username=DEMO_USERNAME).count()
    call_command("seed_demo")
    assert m.PainEntry.objects.filter(user__username=DEMO_USERNAME).count() == first
    assert "demo" in capsys.readouterr().out


def test_demo_journal_spans_two_years_with_a_spine_decline_and_height_loss():
    today = dt.date(2026, 11, 21)
    journal = load_journal(seed_demo(today))
    assert journal.first_date <= today - dt.timedelta(days=700)
    assert len(journal.scans) == 3
    spine = [r.t_score for _, r in journal.site_history("spine")]
    assert spine == sorted(spine, reverse=True)
    assert spine[0] > spine[-1]
    assert journal.heights[-1].height_cm < journal.heights[0].height_cm
    kinds = {e.kind for e in journal.exercises}
    assert {"walking", "strength", "impact"} <= kinds


def test_demo_journal_shows_several_flags_of_different_levels():
    today = dt.date(2026, 11, 21)
    flags = evaluate(load_journal(seed_demo(today)), today)
    levels = {f.level for f in flags}
    codes = {f.code for f in flags}
    assert len(levels) >= 3
    assert {"bone.osteoporosis", "bone.decline", "body.height_loss"} <= codes


def test_demo_journal_has_an_acupuncture_course_during_which_pain_falls_and_sleep_improves():
    today = dt.date(2026, 11, 21)
    journal = load_journal(seed_demo(today))
    (course,) = journal.treatments
    assert course.kind == "acupuncture"
    sessions = [s for s in journal.sessions if s.treatment_id == course.id]
    assert len(sessions) == 10
    summary = courses.summarise(journal, course, today)
    pain, sleep, peg = summary.measures
    assert pain.latest.mean <= pain.before.mean - 2
    assert sleep.latest.mean >= sleep.before.mean + 1
    assert peg.latest.mean < peg.before.mean
    flags = {f.code: f.level for f in evaluate(journal, today)}
    assert flags["treatment.response"] == "good"


def test_demo_journal_has_three_phq9s_and_weekly_pegs():
    today = dt.date(2026, 11, 21)
    journal = load_journal(seed_demo(today))
    assert [q.band for q in journal.moods] == ["moderate", "mild", "minimal"]
    gaps = {(b.date - a.date).days for a, b in zip(journal.pegs, journal.pegs[1:], strict=False)}
    assert gaps == {7}
    assert len(journal.pegs) >= 26
    assert all(q.item9 == 0 for q in journal.moods)
