"""Pain: a possible vertebral fracture, a sudden jump, pain past three months, and easing pain.

* `pain.fracture_sign` and `pain.spike`: one finding each, with one evidence item per qualifying
  entry (newest first), so a run of entries does not stack up several urgent flags.
* `pain.spike`: "the 14 days before it" are date-14..date-1, pain at any location, >= 3 entries.
* `pain.chronic`: episodes come from `trends.pain_episodes`. The current episode is the one
  holding the latest pain entry, only if that entry scores >= 1 and is at most 14 days old.
* `pain.improving`: today-29..today vs today-59..today-30, each with >= 5 entries, any location.
* Means are compared with exact integer arithmetic, never rounded floats.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .. import domain as d
from ..snapshot import Pain
from ..trends import EPISODE_GAP_DAYS
from .registry import Context, Item, found, pain_item, rule

AREA = "Pain"
SPINAL, BONE_LOSS = d.Source.SPINAL.label, d.Source.BONE_LOSS.label

FRACTURE_SIGN_DAYS = 30
# A spike: a back entry in the last 30 days, 3 points above the mean of >= 3 entries in the 14
# days before it (decision).
SPIKE_WINDOW_DAYS, SPIKE_POINTS, SPIKE_MIN_PRIOR, SPIKE_PRIOR_DAYS = 30, 3, 3, 14
CHRONIC_DAYS = 91  # "longer than three months"
# Easing: the last 30 days' mean 2 points under the 30 days before, >= 5 entries each (decision).
IMPROVING_DAYS, IMPROVING_POINTS, IMPROVING_MIN_ENTRIES = 30, 2, 5


def fracture_sign_for(pain: Pain) -> bool:
    """Does this one entry show the fracture-sign pattern? A back location AND the minor-movement
    mark AND (sudden onset OR sharp quality)."""
    return (
        pain.at_back
        and bool(pain.minor_trigger)
        and (pain.onset == d.Onset.SUDDEN or pain.quality == d.Quality.SHARP)
    )


@rule("pain.fracture_sign", "urgent", (SPINAL, BONE_LOSS))
def pain_fracture_sign(ctx: Context):
    """Sudden back pain after a minor movement

    A pain entry in the last 30 days at the lower or upper/mid back, marked as starting after a
    minor movement or impact (cough, bend, lift, small bump), that came on suddenly or felt
    sharp. This pattern can mean a vertebral fracture and should be assessed promptly.
    """
    hits = [p for p in reversed(ctx.window("pains", FRACTURE_SIGN_DAYS)) if fracture_sign_for(p)]
    if hits:
        yield found("urgent", [pain_item(p) for p in hits], date=hits[0].date)


@rule("pain.spike", "warning", SPINAL)
def pain_spike(ctx: Context):
    """Back pain jumped

    A back-pain entry in the last 30 days scores at least 3 points above the average of all pain
    entries in the 14 days before its date; at least 3 such earlier entries are needed. The
    thresholds are the journal's own choice.
    """
    items = []
    for pain in reversed(ctx.window("pains", SPIKE_WINDOW_DAYS)):
        if not pain.at_back:
            continue
        prior = ctx.window("pains", SPIKE_PRIOR_DAYS, pain.date - dt.timedelta(days=1))
        if len(prior) < SPIKE_MIN_PRIOR:
            continue
        total, count = sum(p.score for p in prior), len(prior)
        if pain.score * count >= total + SPIKE_POINTS * count:  # score >= mean + 3, exactly
            mean = Decimal(total) / count
            items.append(pain_item(pain, "spike", prior_mean=mean, prior_count=count))
    if items:
        first = items[0].values
        yield found(
            "warning",
            items,
            date=items[0].date,
            score=first["score"],
            prior_mean=first["prior_mean"],
            prior_count=first["prior_count"],
        )


def current_episode(ctx: Context) -> tuple[Pain, ...] | None:
    """The episode holding the latest pain entry, if it scores >= 1 and is <= 14 days old."""
    return ctx.memo("current_episode", _current_episode)


def _current_episode(ctx: Context) -> tuple[Pain, ...] | None:
    pains = ctx.journal.pains
    if not pains:
        return None
    latest = pains[-1]
    if latest.score < 1 or (ctx.today - latest.date).days > EPISODE_GAP_DAYS:
        return None
    # The last of trends.pain_episodes(pains), read backwards from the latest entry (as_of: in
    # date order) only as far as it reaches, not through years of history.
    start = len(pains) - 1
    while (
        start > 0
        and pains[start - 1].score >= 1
        and (pains[start].date - pains[start - 1].date).days <= EPISODE_GAP_DAYS
    ):
        start -= 1
    return tuple(pains[start:])


def chronic_episode(ctx: Context) -> tuple[Pain, ...] | None:
    """The current episode when it is chronic (91 days or more from its first to its latest
    entry), else None: what `pain.chronic` raises, for the rules that depend on it."""
    return ctx.memo("chronic_episode", _chronic_episode)


def _chronic_episode(ctx: Context) -> tuple[Pain, ...] | None:
    episode = current_episode(ctx)
    if episode and (episode[-1].date - episode[0].date).days >= CHRONIC_DAYS:
        return episode
    return None


@rule("pain.chronic", "notice", f"{BONE_LOSS} (chronic = longer than three months)")
def pain_chronic(ctx: Context):
    """Pain lasting more than three months

    The current pain episode is 91 days or longer from its first to its latest entry. An episode
    is a run of entries scoring 1 or more, each no more than 14 days after the one before; a
    score of 0 or a longer gap ends it. It is current when its latest entry is at most 14 days
    old. The 14-day gap is the journal's own choice.
    """
    episode = chronic_episode(ctx)
    if episode:
        first, last = episode[0], episode[-1]
        yield found(
            "notice",
            [pain_item(first, "episode_first"), pain_item(last, "episode_latest")],
            start=first.date,
            days=(last.date - first.date).days,
            entries=len(episode),
        )


@rule("pain.improving", "good", f"{BONE_LOSS} (a journal that fell from 6/10 to 2/10)")
def pain_improving(ctx: Context):
    """Pain is easing

    The average pain score of the last 30 days is at least 2 points lower than the average of
    the 30 days before; each period needs at least 5 entries. The thresholds are the journal's
    own choice.
    """
    earlier_end = ctx.today - dt.timedelta(days=IMPROVING_DAYS)
    recent = ctx.window("pains", IMPROVING_DAYS)
    earlier = ctx.window("pains", IMPROVING_DAYS, earlier_end)
    n_r, n_e = len(recent), len(earlier)
    if n_r < IMPROVING_MIN_ENTRIES or n_e < IMPROVING_MIN_ENTRIES:
        return
    s_r, s_e = sum(p.score for p in recent), sum(p.score for p in earlier)
    # mean(earlier) - mean(recent) >= 2, without rounding
    if s_e * n_r - s_r * n_e < IMPROVING_POINTS * n_e * n_r:
        return
    span = dt.timedelta(days=IMPROVING_DAYS - 1)
    windows = [
        Item("pain_mean", "pain", None, end, {"start": end - span, "mean": total / n, "count": n})
        for end, total, n in ((earlier_end, Decimal(s_e), n_e), (ctx.today, Decimal(s_r), n_r))
    ]
    yield found(
        "good",
        windows,
        recent_mean=Decimal(s_r) / n_r,
        recent_count=n_r,
        earlier_mean=Decimal(s_e) / n_e,
        earlier_count=n_e,
    )
