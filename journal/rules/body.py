"""Height and fractures: height lost, and a fracture from little force.

* `body.height_loss`: the latest height is the last by date; the tallest measured is the greatest
  height recorded (the earliest of equals). One finding naming both comparisons that hold.
* `fracture.fragility`: one finding naming every fracture recorded as minimal trauma, newest first.
"""

from __future__ import annotations

from decimal import Decimal

from .. import domain as d
from .registry import Context, Item, dec, found, fracture_item, height_item, rule

AREA = "Height and fractures"
SPINAL, BONE_LOSS = d.Source.SPINAL.label, d.Source.BONE_LOSS.label

MEASURED_LOSS_CM = Decimal("2.0")
HISTORICAL_LOSS_CM = Decimal("4.0")


@rule(
    "body.height_loss",
    "warning",
    (SPINAL, BONE_LOSS),
    outside_guidance="2 cm measured over time; 4 cm against remembered adult height",
)
def body_height_loss(ctx: Context):
    """Height loss

    The latest measured height is 2 cm or more below the tallest height measured in the journal,
    or 4 cm or more below the tallest adult height given in the profile.
    """
    heights = ctx.journal.heights
    if not heights:
        return
    latest = heights[-1]
    now = dec(latest.height_cm)
    tallest = max(heights, key=lambda h: dec(h.height_cm))  # the earliest of equals
    items = [height_item(latest, "latest")]
    values = {"now": now, "date": latest.date}
    if dec(tallest.height_cm) - now >= MEASURED_LOSS_CM:
        items.append(height_item(tallest, "tallest"))
        values |= {"tallest": dec(tallest.height_cm), "tallest_date": tallest.date}
    profile_tallest = ctx.journal.profile.tallest_height_cm
    if profile_tallest is not None and dec(profile_tallest) - now >= HISTORICAL_LOSS_CM:
        items.append(Item("tallest_adult", "profile", values={"cm": dec(profile_tallest)}))
        values |= {"adult_tallest": dec(profile_tallest)}
    if len(items) > 1:
        yield found("warning", items, **values)


@rule("fracture.fragility", "warning", BONE_LOSS)
def fracture_fragility(ctx: Context):
    """Fracture from minimal trauma

    A fracture is recorded as coming from minimal trauma: a fall from standing height or less,
    or no fall at all.
    """
    fragile = [f for f in reversed(ctx.journal.fractures) if f.minimal_trauma]
    if fragile:
        yield found(
            "warning",
            [fracture_item(f) for f in fragile],
            fracture_site=fragile[0].site,
            date=fragile[0].date,
        )
