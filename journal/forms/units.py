"""Forms in the person's units: feet and inches for a height, pounds for a load.

A form with `UnitFields` stores what it always stored (`height_cm`, `load_kg`); for a person who
chose imperial it also shows fields of its own (`height_ft` and `height_in`, `load_lb`) and hides
the canonical one, left empty. A POST that fills the canonical field (an outside tool, the
contract's `height_cm`) is taken as it is, whatever the person's units. The imperial fields are
converted (journal.units) and dropped from `cleaned_data`, so the services, the version hash and
the import see only canonical values. Saving an edit without touching a rounded imperial value
keeps the stored one (no drift).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms

from .. import domain as d
from .. import units as u
from .base import PlainDecimalField, integer

FEET_MIN, FEET_MAX = 3, 8
INCH_MAX = Decimal("11.9")
INCHES_MESSAGE = "Enter inches from 0 to 11.9 (to a tenth), or leave them empty for none."
LB_MAX = u.lb_from_kg(d.LOAD_MAX_KG)  # 220.5 lb: 100.0 kg to a tenth


def units_of(user) -> str:
    """The person's units (metric when they have chosen none, or for no one in particular)."""
    if user is None or not getattr(user, "pk", None):
        return u.METRIC
    from ..models import Preferences

    found = Preferences.objects.filter(user=user).values_list("units", flat=True).first()
    return found or u.METRIC


def _decimal(label: str, hi: Decimal, places: int, message: str, **kw) -> PlainDecimalField:
    return PlainDecimalField(
        label=label,
        min_value=Decimal(0),
        max_value=hi,
        decimal_places=places,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_decimal_places": message,
            "max_digits": message,
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        **kw,
    )


def height_span() -> str:
    """The heights the journal takes (HEIGHT_MIN to HEIGHT_MAX cm) as inches to a tenth that
    convert to within them: "between 3 ft 3.4 in and 8 ft 2.4 in"."""
    lo, hi = u.inches_from_cm(d.HEIGHT_MIN), u.inches_from_cm(d.HEIGHT_MAX)
    if u.cm_from_feet_inches(0, lo) < d.HEIGHT_MIN:
        lo += u.TENTH
    if u.cm_from_feet_inches(0, hi) > d.HEIGHT_MAX:
        hi -= u.TENTH
    return f"between {u.inches_text(lo)} and {u.inches_text(hi)}"


class UnitFields:
    """Mix into a form (before its base) whose canonical fields have imperial counterparts.

    `HEIGHTS` names its height fields in cm, `LOADS` its loads in kg. The form takes `units`
    ("metric"/"imperial"), or reads the person's from `user`; an edit's stored values come from
    the form's `instance`."""

    HEIGHTS: tuple[str, ...] = ()
    LOADS: tuple[str, ...] = ()

    def __init__(self, *args, units: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units or units_of(kwargs.get("user"))
        self._unit_instance = instance = getattr(self, "instance", None)
        self.imperial_fields: dict[str, tuple[str, ...]] = {}
        if self.units != u.IMPERIAL:
            return
        for name in self.HEIGHTS:
            self._add_height(name, instance)
        for name in self.LOADS:
            self._add_load(name, instance)

    def _stem(self, name: str) -> str:
        return name.removesuffix("_cm").removesuffix("_kg")

    def _hide(self, name: str) -> forms.Field:
        """The canonical field, kept for a POST that fills it, drawn as an empty hidden one."""
        field = self.fields[name]
        required = field.required
        field.required = False
        field.widget = forms.HiddenInput()
        self.initial[name] = None
        return field, required

    def _stored(self, name: str, instance):
        if instance is not None:
            return getattr(instance, name, None)
        return None

    def _add_height(self, name: str, instance) -> None:
        field, required = self._hide(name)
        stem = self._stem(name)
        label = field.label.replace(" (cm)", "")
        span = height_span()
        feet, inches = f"{stem}_ft", f"{stem}_in"
        self.fields[feet] = integer(
            f"{label}: feet",
            FEET_MIN,
            FEET_MAX,
            required=False,
            error_messages={"invalid": f"Enter a height {span}."},
        )
        self.fields[inches] = _decimal(
            f"{label}: inches", INCH_MAX, 1, INCHES_MESSAGE, required=False
        )
        self.imperial_fields[name] = (feet, inches)
        self._required_imperial = getattr(self, "_required_imperial", set())
        if required:
            self._required_imperial.add(name)
        stored = self._stored(name, instance)
        if stored is not None and not self.is_bound:
            self.initial[feet], self.initial[inches] = u.feet_inches(stored)
        self._order(name, (feet, inches))

    def _add_load(self, name: str, instance) -> None:
        field, required = self._hide(name)
        stem = self._stem(name)
        pounds = f"{stem}_lb"
        label = field.label.replace("(kg", "(lb").replace(" kg", " lb")
        self.fields[pounds] = _decimal(
            label,
            LB_MAX,
            1,
            f"Enter pounds from 0 to {u._plain(LB_MAX)}, in whole or half pounds (12 or 12.5).",
            required=False,
        )
        self.imperial_fields[name] = (pounds,)
        if required:
            self._required_imperial = getattr(self, "_required_imperial", set()) | {name}
        stored = self._stored(name, instance)
        if stored is not None and not self.is_bound:
            self.initial[pounds] = u.lb_from_kg(stored)
        self._order(name, (pounds,))

    def _order(self, name: str, added: tuple[str, ...]) -> None:
        """The imperial fields where the canonical one was."""
        names = [n for n in self.fields if n not in added]
        at = names.index(name) + 1
        names[at:at] = added
        self.fields = {n: self.fields[n] for n in names}

    def data_fields(self) -> list[str]:
        added = getattr(self, "imperial_fields", {})  # none yet while the base form starts
        extra = {n for parts in added.values() for n in parts}
        return [n for n in super().data_fields() if n not in extra]

    def clean(self):
        cleaned = super().clean()
        instance = self._unit_instance
        for name, parts in self.imperial_fields.items():
            values = [cleaned.pop(part, None) for part in parts]
            if cleaned.get(name) is not None or any(part in self.errors for part in parts):
                continue  # the canonical field was filled (it wins), or a part is refused
            if all(v is None for v in values):
                if name in getattr(self, "_required_imperial", set()):
                    self.add_error(parts[0], f"Enter a height {height_span()}.")
                continue
            stored = self._stored(name, instance)
            if len(parts) == 2:
                self._clean_height(name, parts, values, stored, cleaned)
            else:
                self._clean_load(name, parts, values, stored, cleaned)
        return cleaned

    def _clean_height(self, name, parts, values, stored, cleaned) -> None:
        feet, inches = values
        if feet is None:
            self.add_error(parts[0], f"Enter a height {height_span()}: the feet, then the inches.")
            return
        inches = inches if inches is not None else Decimal(0)
        cm = u.cm_from_feet_inches(feet, inches)
        if not d.HEIGHT_MIN <= cm <= d.HEIGHT_MAX:
            self.add_error(parts[0], f"Enter a height {height_span()}.")
            return
        shown = u.feet_inches(stored) if stored is not None else None
        cleaned[name] = u.keep_if_unchanged(stored, shown, (feet, inches), cm)

    def _clean_load(self, name, parts, values, stored, cleaned) -> None:
        (pounds,) = values
        if not u.is_half_pound(pounds):
            self.add_error(parts[0], self.fields[parts[0]].error_messages["invalid"])
            return
        kg = u.kg_from_lb(pounds)
        shown = u.lb_from_kg(stored) if stored is not None else None
        cleaned[name] = u.keep_if_unchanged(stored, shown, pounds, kg)
