"""Treatments: is pain lower since a course began?

* A course's sessions are those dated up to today; its first session starts the comparison.
* "The 28 days before its first session": first - 28 .. first - 1; "the latest 28 days":
  today - 27 .. today (journal.courses, which the course page shows, has the same windows).
* Means are compared with exact integer arithmetic, never rounded floats.
* One finding per course, oldest course first. The words never say the course caused a change.
"""

from __future__ import annotations

from decimal import Decimal

from .. import domain as d
from ..courses import WINDOW_DAYS, sessions_of, spans
from .registry import Context, Item, found, rule

AREA = "Treatments"
ACUPUNCTURE, DEPRESSION = d.Source.ACUPUNCTURE.label, d.Source.DEPRESSION.label

MIN_SESSIONS = 6
MIN_ENTRIES = 5  # in each window
LOWER_BY = 1  # points of pain
REVIEW_AFTER_DAYS = 84  # 12 weeks


@rule(
    "treatment.response",
    ("good", "info"),
    (
        f"{ACUPUNCTURE} (try it, it might work)",
        f"{DEPRESSION} (change from the 4th-6th session, over 8-12 weeks)",
    ),
    level_text='good when pain is lower; info "no clear change yet", with a review suggestion '
    "after 12 weeks",
)
def treatment_response(ctx: Context):
    """How pain has gone since a treatment course began

    A course with 6 or more sessions: the average pain score in the 28 days before its first
    session (5 or more entries) against the latest 28 days (5 or more entries). Good news when
    the latest average is at least 1 point lower; otherwise "no clear change yet", and once the
    first session is more than 12 weeks (84 days) ago, a suggestion to review the course with
    the practitioner.
    """
    for course in ctx.journal.treatments:
        sessions = sessions_of(ctx.journal, course.id, ctx.today)
        if len(sessions) < MIN_SESSIONS:
            continue
        first = sessions[0].date
        windows = spans(first, ctx.today)
        before = ctx.window("pains", WINDOW_DAYS, windows["before"][1])
        latest = ctx.window("pains", WINDOW_DAYS)
        n_b, n_l = len(before), len(latest)
        if n_b < MIN_ENTRIES or n_l < MIN_ENTRIES:
            continue
        s_b, s_l = sum(p.score for p in before), sum(p.score for p in latest)
        lower = s_b * n_l - s_l * n_b >= LOWER_BY * n_b * n_l  # mean before - mean latest >= 1
        days = (ctx.today - first).days
        means = [
            Item("pain_mean", "pain", None, end, {"start": start, "mean": total / n, "count": n})
            for (start, end), total, n in (
                (windows["before"], Decimal(s_b), n_b),
                (windows["latest"], Decimal(s_l), n_l),
            )
        ]
        course_values = {"kind": course.kind, "name": course.name, "sessions": len(sessions)}
        yield found(
            "good" if lower else "info",
            [Item("treatment", "treatments", course.id, first, course_values), *means],
            kind=course.kind,
            name=course.name,
            sessions=len(sessions),
            first=first,
            days=days,
            before_mean=Decimal(s_b) / n_b,
            before_count=n_b,
            latest_mean=Decimal(s_l) / n_l,
            latest_count=n_l,
            lower=lower,
            review=not lower and days > REVIEW_AFTER_DAYS,
        )
