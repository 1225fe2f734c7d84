"""Metric or imperial: the one place heights and loads are converted and written for people.

Entries are stored in the canonical units the contract names (`height_cm`, `load_kg`, one decimal
place); a person who chooses imperial on /profile/ types and reads feet and inches, and pounds.
Forms (journal.forms.units), lists, charts and the report call this module, nothing else does
the arithmetic.

No drift, both ways:

* Inches are typed and shown to a tenth. A tenth of an inch (2.54 mm) is wider than the rounding
  of centimetres to a tenth can move a value (0.5 mm), so an imperial height typed, stored in cm
  and shown again reads exactly as typed.
* Pounds are typed and shown to the half pound (weights and plates come in whole and half
  pounds). Half a pound (227 g) is wider than twice the rounding of kilograms to a tenth (50 g),
  so a load typed in pounds reads back exactly as typed.
* A value stored in metric and shown in imperial is rounded for the eye; saving the form
  unchanged keeps the stored value (`keep_if_unchanged`), so editing an entry's note never moves
  its height.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

CM_PER_INCH = Decimal("2.54")
KG_PER_LB = Decimal("0.45359237")  # exact, by the international agreement of 1959
TENTH = Decimal("0.1")
HALF = Decimal("0.5")


class Units(models.TextChoices):
    METRIC = "metric", "Metric (cm, kg)"
    IMPERIAL = "imperial", "Imperial (feet and inches, pounds)"


METRIC, IMPERIAL = Units.METRIC.value, Units.IMPERIAL.value


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# --- heights ----------------------------------------------------------------------------------


def inches_from_cm(cm) -> Decimal:
    """A height in inches, to a tenth."""
    return _tenth(_dec(cm) / CM_PER_INCH)


def feet_inches(cm) -> tuple[int, Decimal]:
    """A height as whole feet and inches to a tenth: 165.0 cm -> (5, 5.0)."""
    total = inches_from_cm(cm)
    feet = int(total // 12)
    return feet, total - 12 * feet


def cm_from_feet_inches(feet: int, inches) -> Decimal:
    """The height in cm, to a tenth, of `feet` and `inches` (5, 4.3) -> 163.3."""
    return _tenth((Decimal(feet) * 12 + _dec(inches)) * CM_PER_INCH)


# --- loads ------------------------------------------------------------------------------------


def lb_from_kg(kg) -> Decimal:
    """A load in pounds, to the half pound: 5.0 kg -> 11.0."""
    halves = (_dec(kg) / KG_PER_LB / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return halves * HALF


def kg_from_lb(lb) -> Decimal:
    """A load in kg, to a tenth: 10 lb -> 4.5."""
    return _tenth(_dec(lb) * KG_PER_LB)


def is_half_pound(lb) -> bool:
    return (_dec(lb) / HALF) % 1 == 0


# --- words for people ------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """5.0 -> "5", 4.3 -> "4.3", 12.5 -> "12.5"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def inches_text(total) -> str:
    """A height given in inches, in feet and inches: 64.3 -> "5 ft 4.3 in"."""
    total = _dec(total)
    feet = int(total // 12)
    return f"{feet} ft {_plain(total - 12 * feet)} in"


def height_text(cm, units: str) -> str:
    """ "165.0 cm", or "5 ft 5 in" / "5 ft 4.3 in"."""
    if cm is None or cm == "":
        return ""
    if units == IMPERIAL:
        return inches_text(inches_from_cm(cm))
    return f"{_tenth(_dec(cm))} cm"


def height_change_text(cm, units: str) -> str:
    """A difference of heights: "2.5 cm", or "1 in" (inches to a tenth, no feet)."""
    if units == IMPERIAL:
        return f"{_plain(inches_from_cm(abs(_dec(cm))))} in"
    return f"{_tenth(abs(_dec(cm)))} cm"


def load_text(kg, units: str) -> str:
    """ "5.0 kg", or "11 lb"."""
    if kg is None or kg == "":
        return ""
    if units == IMPERIAL:
        return f"{_plain(lb_from_kg(kg))} lb"
    return f"{_tenth(_dec(kg))} kg"


def height_value(cm, units: str) -> float:
    """A height as a chart plots it: cm, or inches."""
    return float(_dec(cm) / CM_PER_INCH) if units == IMPERIAL else float(cm)


def height_unit(units: str) -> str:
    """The unit of `height_value`: "cm" or "in"."""
    return "in" if units == IMPERIAL else "cm"


def load_unit(units: str) -> str:
    return "lb" if units == IMPERIAL else "kg"


def keep_if_unchanged(stored, shown, typed, new):
    """The value to store from an edit: the stored one when the person left the value the form
    showed them as it was (so a rounded imperial display never moves a metric value), else the
    new one converted from what they typed."""
    if stored is not None and shown is not None and shown == typed:
        return stored
    return new
