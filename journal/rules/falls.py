"""Falls: repeated falls, or a fall that injured.

* The window is the 365 days ending today (today - 364 to today).
* One finding naming every fall in the window, newest first.
"""

from __future__ import annotations

from .. import domain as d
from .registry import Context, Item, found, rule

AREA = "Falls"
REVERSED = d.Source.REVERSED.label

FALLS_DAYS = 365
FALLS_MIN = 2


def fall_item(fall) -> Item:
    return Item("fall", "falls", fall.id, fall.date, {"injured": fall.injured})


@rule(
    "body.falls",
    "warning",
    f"{REVERSED} (fall prevention)",
    outside_guidance="NICE CG161; AGS/BGS 2010",
)
def body_falls(ctx: Context):
    """Falls in the last year

    Two or more falls in the last 365 days, or one fall that caused an injury: a falls
    assessment can find what makes falls likely and what would prevent the next one.
    """
    falls = list(reversed(ctx.window("falls", FALLS_DAYS)))
    injured = [f for f in falls if f.injured]
    if len(falls) >= FALLS_MIN or injured:
        yield found(
            "warning",
            [fall_item(f) for f in falls],
            count=len(falls),
            injured=len(injured),
            date=falls[0].date,
        )
