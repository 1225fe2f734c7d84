"""Journal entries, each owned by one user. Invariants are Meta constraints, not only form rules."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from . import domain as d

EARLIEST_DATE = dt.date(d.EARLIEST_YEAR, 1, 1)
LOCATION_CODES = [value for value, _ in d.Location.choices]
LOCATION_MASK_MAX = (1 << len(LOCATION_CODES)) - 1


def encode_locations(codes) -> int:
    return sum(1 << LOCATION_CODES.index(code) for code in set(codes))


def decode_locations(mask: int) -> list[str]:
    return [code for i, code in enumerate(LOCATION_CODES) if mask & (1 << i)]


class LocationsField(models.PositiveSmallIntegerField):
    """A set of body locations, stored as a bit mask so the database itself can refuse an empty
    or unknown set (1 <= mask <= 255); Python sees a list of location codes."""

    @property
    def validators(self):
        return []  # the integer range validators do not apply to a list; validate() checks it

    def validate(self, value, model_instance):
        if not value:
            raise ValidationError("Choose at least one location.", code="required")
        unknown = set(value) - set(LOCATION_CODES)
        if unknown:
            raise ValidationError("Choose locations from the list.", code="invalid_choice")

    def from_db_value(self, value, expression, connection):
        return None if value is None else decode_locations(value)

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return decode_locations(int(value))

    def get_prep_value(self, value):
        if value is None or isinstance(value, int):
            return value
        return encode_locations(value)

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj) or [])


def _choice_in(field: str, choices, blank: bool = False) -> Q:
    values = [value for value, _ in choices] + ([""] if blank else [])
    return Q(**{f"{field}__in": values})


def _note_fits(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length("note"), d.NOTE_MAX), name=f"{name}_note_length"
    )


def _date_sane(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(date__gte=EARLIEST_DATE), name=f"{name}_date_sane")


class Owned(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=8, blank=True, choices=d.Sex.choices)
    tallest_height_cm = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True)
                | Q(birth_year__gte=d.EARLIEST_YEAR, birth_year__lte=2100),
                name="profile_birth_year_range",
            ),
            models.CheckConstraint(
                condition=_choice_in("sex", d.Sex.choices, True), name="profile_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(tallest_height_cm__isnull=True)
                | Q(tallest_height_cm__gte=d.HEIGHT_MIN, tallest_height_cm__lte=d.HEIGHT_MAX),
                name="profile_tallest_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class PainEntry(Owned):
    time = models.TimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField()
    locations = LocationsField()
    onset = models.CharField(max_length=8, blank=True, choices=d.Onset.choices)
    quality = models.CharField(max_length=8, blank=True, choices=d.Quality.choices)
    minor_trigger = models.BooleanField(
        "Started after a minor movement or impact (cough, bend, lift, small bump)", default=False
    )
    note = models.TextField(blank=True, max_length=d.NOTE_MAX)

    class Meta:
        ordering = ["-date", "-time", "-id"]
        verbose_name_plural = "pain entries"
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=d.SCORE_MIN, score__lte=d.SCORE_MAX), name="pain_score_range"
            ),
            models.CheckConstraint(
                condition=Q(locations__gte=1, locations__lte=LOCATION_MASK_MAX),
                name="pain_locations_valid",
            ),
            models.CheckConstraint(
                condition=_choice_in("onset", d.Onset.choices, True), name="pain_onset_valid"
            ),
            models.CheckConstraint(
                condition=_choice_in("quality", d.Quality.choices, True), name="pain_quality_valid"
            ),
            _note_fits("pain"),
            _date_sane("pain"),
        ]

    def __str__(self) -> str:
        return f"Pain {self.score}/10 on {self.date}"


class DexaScan(Owned):
    facility = models.CharField(max_length=120, blank=True)
    lsc_percent = models.DecimalField(
        "Least significant change (%)", max_digits=3, decimal_places=1, null=True, blank=True
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "DEXA scan"
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            _date_sane("dexa"),
            models.CheckConstraint(
                condition=Q(lsc_percent__isnull=True) | Q(lsc_percent__gt=0, lsc_percent__lte=20),
                name="dexa_lsc_range",
            ),
        ]

    def __str__(self) -> str:
        return f"DEXA scan on {self.date}"


class DexaSiteResult(models.Model):
    scan = models.ForeignKey(DexaScan, on_delete=models.CASCADE, related_name="results")
    site = models.CharField(max_length=16, choices=d.Site.choices)
    t_score = models.DecimalField(max_digits=3, decimal_places=2)
    bmd = models.DecimalField("BMD (g/cm²)", max_digits=4, decimal_places=3, null=True, blank=True)
    z_score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["scan", "site"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "site"], name="dexa_one_result_per_site"),
            models.CheckConstraint(
                condition=_choice_in("site", d.Site.choices), name="dexa_site_valid"
            ),
            models.CheckConstraint(
                condition=Q(t_score__gte=d.T_MIN, t_score__lte=d.T_MAX), name="dexa_t_range"
            ),
            models.CheckConstraint(
                condition=Q(z_score__isnull=True) | Q(z_score__gte=d.T_MIN, z_score__lte=d.T_MAX),
                name="dexa_z_range",
            ),
            models.CheckConstraint(
                condition=Q(bmd__isnull=True) | Q(bmd__gte=d.BMD_MIN, bmd__lte=d.BMD_MAX),
                name="dexa_bmd_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_site_display()}: T {self.t_score}"


class ExerciseSession(Owned):
    kind = models.CharField(max_length=16, choices=d.ExerciseKind.choices)
    minutes = models.PositiveSmallIntegerField()
    intensity = models.CharField(max_length=8, choices=d.Intensity.choices, default="moderate")
    load_kg = models.DecimalField(
        "Load (kg)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    jumps = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=d.NOTE_MAX)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=d.MINUTES_MIN, minutes__lte=d.MINUTES_MAX),
                name="exercise_minutes_range",
            ),
            models.CheckConstraint(
                condition=_choice_in("kind", d.ExerciseKind.choices), name="exercise_kind_valid"
            ),
            models.CheckConstraint(
                condition=_choice_in("intensity", d.Intensity.choices),
                name="exercise_intensity_valid",
            ),
            models.CheckConstraint(
                condition=Q(load_kg__isnull=True) | Q(load_kg__gte=0, load_kg__lte=d.LOAD_MAX_KG),
                name="exercise_load_range",
            ),
            models.CheckConstraint(
                condition=Q(jumps__isnull=True) | Q(jumps__lte=d.JUMPS_MAX),
                name="exercise_jumps_range",
            ),
            _note_fits("exercise"),
            _date_sane("exercise"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.minutes} min on {self.date}"


class HeightMeasurement(Owned):
    height_cm = models.DecimalField("Height (cm)", max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(height_cm__gte=d.HEIGHT_MIN, height_cm__lte=d.HEIGHT_MAX),
                name="height_range",
            ),
            _date_sane("height"),
        ]

    def __str__(self) -> str:
        return f"{self.height_cm} cm on {self.date}"


class Fracture(Owned):
    site = models.CharField(max_length=16, choices=d.FractureSite.choices)
    minimal_trauma = models.BooleanField(
        "From minimal trauma (a fall from standing height or less, or no fall)", default=False
    )
    note = models.TextField(blank=True, max_length=d.NOTE_MAX)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=_choice_in("site", d.FractureSite.choices), name="fracture_site_valid"
            ),
            _note_fits("fracture"),
            _date_sane("fracture"),
        ]

    def __str__(self) -> str:
        return f"{self.get_site_display()} fracture on {self.date}"
