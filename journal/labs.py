"""Lab results, pure: 25-OH vitamin D in either unit, converted and compared exactly.

1 ng/mL = 2.496 nmol/L. Comparisons never divide: a value in nmol/L is compared with the
threshold times 2.496, so 49.9 nmol/L is below 20 ng/mL (49.92 nmol/L) and 50.0 is not.
"""

from __future__ import annotations

from decimal import Decimal

from . import domain as d
from .formats import dec

NG_ML, NMOL_L = d.LabUnit.NG_ML.value, d.LabUnit.NMOL_L.value
FACTOR = d.NMOL_PER_NG_VITAMIN_D


def unit_label(unit: str) -> str:
    return d.label(d.LabUnit, unit)


def vitamin_d_ng_ml(value, unit: str) -> Decimal:
    """A vitamin D result in ng/mL (for the chart and for people; rules compare with `below`)."""
    return dec(value) if unit == NG_ML else dec(value) / FACTOR


def vitamin_d_in(value_ng_ml, unit: str) -> Decimal:
    """A value in ng/mL expressed in `unit`."""
    return dec(value_ng_ml) if unit == NG_ML else dec(value_ng_ml) * FACTOR


def vitamin_d_below(value, unit: str, threshold_ng_ml=d.VITAMIN_D_LOW_BELOW_NG) -> bool:
    """Is the result below `threshold_ng_ml`? Exact in either unit (no division, no rounding)."""
    return dec(value) < vitamin_d_in(threshold_ng_ml, unit)


def other_unit(unit: str) -> str:
    return NMOL_L if unit == NG_ML else NG_ML


def limits(test: str, unit: str) -> tuple[Decimal, Decimal] | None:
    """The plausible span of a result of `test` in `unit` (None: not a unit of that test)."""
    return d.LAB_LIMITS.get((test, unit))
