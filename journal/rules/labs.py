"""Lab results: a low 25-OH vitamin D.

* "Latest" is the last vitamin D result by date (the later entry of one day).
* The comparison is exact in either unit (`journal.labs.vitamin_d_below`): 19.9 ng/mL and
  49.9 nmol/L are low; 20.0 ng/mL and 50.0 nmol/L are not.
"""

from __future__ import annotations

from .. import domain as d
from .. import labs
from .registry import Context, Item, found, rule

AREA = "Lab results"
BONE_LOSS = d.Source.BONE_LOSS.label


def lab_item(lab) -> Item:
    values = {"test": lab.test, "value": lab.value, "unit": lab.unit}
    return Item("lab", "labs", lab.id, lab.date, values)


@rule("labs.vitamin_d_low", "notice", BONE_LOSS)
def labs_vitamin_d_low(ctx: Context):
    """Low vitamin D

    The latest 25-OH vitamin D result is below 20 ng/mL (50 nmol/L is 20.03 ng/mL), compared in
    ng/mL after converting a result given in nmol/L (1 ng/mL = 2.496 nmol/L).
    """
    results = [lab for lab in ctx.journal.labs if lab.test == d.LabTest.VITAMIN_D]
    if not results:
        return
    latest = results[-1]  # the snapshot and as_of keep date order (then entry order)
    if labs.vitamin_d_below(latest.value, latest.unit):
        yield found(
            "notice",
            [lab_item(latest)],
            date=latest.date,
            value=latest.value,
            unit=latest.unit,
            ng_ml=labs.vitamin_d_ng_ml(latest.value, latest.unit),
        )
