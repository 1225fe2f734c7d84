"""Mood (PHQ-9): thoughts of death or self-harm, and a total in the range of depression.

* "The latest PHQ-9" is the last by date (then by id, the order it was saved in).
* "From the last 14 days": dated today - 13 .. today; "the last 90 days": today - 89 .. today,
  the journal's usual trailing-window convention.
* `mood.depression_screen` is a warning when `pain.chronic` holds: it asks `pain.chronic_episode`
  (what that rule computes, once per evaluation), never the other rule itself.
"""

from __future__ import annotations

import datetime as dt

from .. import domain as d
from ..snapshot_care import Mood
from .pain import chronic_episode
from .registry import Context, Item, found, pain_item, rule

AREA = "Mood (PHQ-9)"
DEPRESSION = d.Source.DEPRESSION.label

SAFETY_DAYS = 14
SCREEN_DAYS, SCREEN_FROM = 90, 10


def mood_item(mood: Mood, role: str = "") -> Item:
    values = {"total": mood.total, "band": mood.band, "item9": mood.item9, "role": role}
    return Item("mood", "mood", mood.id, mood.date, values)


def latest_within(ctx: Context, days: int) -> Mood | None:
    """The latest PHQ-9, if it is dated in the `days` days ending today."""
    moods = ctx.journal.moods
    if not moods:
        return None
    latest = moods[-1]
    return latest if ctx.today - latest.date < dt.timedelta(days=days) else None


@rule(
    "mood.safety",
    "urgent",
    f"{DEPRESSION} (the PHQ-9 it uses to follow mood)",
    outside_guidance="standard PHQ-9 practice: any answer above 0 to question 9 is followed up "
    "at once",
)
def mood_safety(ctx: Context):
    """Thoughts of being better off dead or of self-harm

    The latest PHQ-9 is from the last 14 days and its question 9 (thoughts that you would be
    better off dead, or of hurting yourself in some way) has any answer other than "not at all".
    Crisis guidance is shown at once, before anything else.
    """
    latest = latest_within(ctx, SAFETY_DAYS)
    if latest is not None and latest.item9 > 0:
        yield found(
            "urgent",
            [mood_item(latest, "safety")],
            date=latest.date,
            answer=d.phq9_answer(latest.item9).lower(),
        )


@rule(
    "mood.depression_screen",
    ("notice", "warning"),
    DEPRESSION,
    level_text="notice; warning when pain has also lasted more than three months",
)
def mood_depression_screen(ctx: Context):
    """Low mood worth talking about

    The latest PHQ-9 is from the last 90 days and its total is 10 or more (moderate or above).
    A warning when pain has also lasted more than three months (the flag "Pain lasting more than
    three months"), since pain and low mood feed each other.
    """
    latest = latest_within(ctx, SCREEN_DAYS)
    if latest is None or latest.total < SCREEN_FROM:
        return
    evidence = [mood_item(latest)]
    values = {"date": latest.date, "total": latest.total, "band": latest.band}
    episode = chronic_episode(ctx)
    if episode:
        first, last = episode[0], episode[-1]
        evidence += [pain_item(first, "episode_first"), pain_item(last, "episode_latest")]
        values |= {"chronic_since": first.date, "chronic_days": (last.date - first.date).days}
    yield found("warning" if episode else "notice", evidence, **values)
