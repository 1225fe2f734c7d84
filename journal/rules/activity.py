"""Activity: the weekly minutes, weight-bearing and strength work, walking alone, and high impact
with a fragile spine.

* These rules run only once the journal's first entry is on or before today-7.
* Windows count calendar days including today: "7 days ending today" is today-6..today.
* `activity.walking_only`: "walking" is either walking kind without a load or jumps (walking with
  a weighted vest is loaded exercise); at least one session is needed in the 28 days.
"""

from __future__ import annotations

from .. import domain as d
from ..snapshot import Exercise
from .registry import Context, Item, dec, exercise_item, found, rule, t_item

AREA = "Activity"
REVERSED, SPINAL, BONE_LOSS = (
    d.Source.REVERSED.label,
    d.Source.SPINAL.label,
    d.Source.BONE_LOSS.label,
)

WEEK_DAYS = 7
# Three weight-bearing sessions of 30 minutes a week (the document's plan), strength work on two
# days (WHO 2020), and the last 28 days for the walking-only and spine rules.
WEIGHT_BEARING_SESSIONS, WEIGHT_BEARING_MIN_MINUTES = 3, 30
STRENGTH_DAYS = 2
RECENT_DAYS = 28


def weekly_minutes(ctx: Context) -> int:
    """Moderate-equivalent minutes in today-6..today (vigorous counts double, light not at all)."""
    return sum(e.moderate_minutes for e in ctx.window("exercises", WEEK_DAYS))


def _week_item(kind: str, ctx: Context, value: int) -> Item:
    return Item(kind, "exercise", None, ctx.today, {"value": value})


@rule("activity.below_150", "notice", BONE_LOSS, outside_guidance="WHO 2020")
def activity_below_150(ctx: Context):
    """Under 150 active minutes this week

    Fewer than 150 moderate-equivalent minutes of exercise in the 7 days ending today, counting
    a vigorous minute as two and light sessions not at all.
    """
    if not ctx.activity_ready:
        return
    total = weekly_minutes(ctx)
    if total < d.WEEKLY_TARGET_MINUTES:
        counted = [e for e in reversed(ctx.window("exercises", WEEK_DAYS)) if e.moderate_minutes]
        items = [_week_item("week_minutes", ctx, total), *map(exercise_item, counted)]
        yield found("notice", items, total=total, today=ctx.today)


@rule("activity.weight_bearing_low", "notice", (BONE_LOSS, REVERSED))
def activity_weight_bearing_low(ctx: Context):
    """Few weight-bearing sessions this week

    Fewer than 3 weight-bearing sessions of 30 minutes or more in the 7 days ending today
    (walking, brisk walking or running, impact work, resistance or strength, or any session with
    a load such as a weighted vest). The 30 minutes, 3 times a week come from the document's
    plan.
    """
    if not ctx.activity_ready:
        return
    good = [
        e
        for e in reversed(ctx.window("exercises", WEEK_DAYS))
        if e.weight_bearing and e.minutes >= WEIGHT_BEARING_MIN_MINUTES
    ]
    if len(good) < WEIGHT_BEARING_SESSIONS:
        items = [_week_item("week_weight_bearing", ctx, len(good)), *map(exercise_item, good)]
        yield found("notice", items, count=len(good))


@rule(
    "activity.strength_low",
    "notice",
    f"{REVERSED} (strength training for the spine)",
    outside_guidance="WHO 2020",
)
def activity_strength_low(ctx: Context):
    """Little strength work this week

    Resistance or strength sessions on fewer than 2 different days in the 7 days ending today
    (two sessions on the same day count as one day).
    """
    if not ctx.activity_ready:
        return
    sessions = [
        e for e in reversed(ctx.window("exercises", WEEK_DAYS)) if e.kind == d.ExerciseKind.STRENGTH
    ]
    days = len({e.date for e in sessions})
    if days < STRENGTH_DAYS:
        items = [_week_item("week_strength_days", ctx, days), *map(exercise_item, sessions)]
        yield found("notice", items, days=days)


def _plain_walk(session: Exercise) -> bool:
    return session.kind in d.WALKING_KINDS and not session.load_kg and not session.jumps


@rule("activity.walking_only", "info", REVERSED)
def activity_walking_only(ctx: Context):
    """Walking is the only exercise

    The overall category is osteopenia or osteoporosis and every session of the last 28 days is
    walking (plain or brisk, without a load or jumps): walking alone does not keep bone density,
    so load and strength work are worth adding.
    """
    if not ctx.activity_ready or ctx.category not in d.LOW_CATEGORIES:
        return
    sessions = ctx.window("exercises", RECENT_DAYS)
    if sessions and all(_plain_walk(e) for e in sessions):
        category = Item("category", "dexa", values={"category": ctx.category})
        items = [category, *map(exercise_item, reversed(sessions))]
        yield found("info", items, count=len(sessions), category=ctx.category)


@rule("activity.spine_caution", "warning", (SPINAL, REVERSED))
def activity_spine_caution(ctx: Context):
    """High-impact exercise with a low spine score

    The latest lumbar-spine T-score is -2.5 or lower and a high-impact session (impact work, or
    any session with jumps) is logged in the last 28 days: high-impact and twisting moves can be
    risky for a fragile spine, and jumping builds the hip rather than the spine.
    """
    if not ctx.activity_ready:
        return
    spine = ctx.journal.latest_results().get(d.Site.SPINE)
    if spine is None or dec(spine[1].t_score) > d.OSTEOPOROSIS_AT:
        return
    risky = [e for e in reversed(ctx.window("exercises", RECENT_DAYS)) if e.high_impact]
    if risky:
        yield found(
            "warning",
            [t_item(*spine), *map(exercise_item, risky)],
            t=spine[1].t_score,
            date=risky[0].date,
        )
