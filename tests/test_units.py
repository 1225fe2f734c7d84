"""Metric or imperial (journal.units, journal.forms.units): what is typed in feet and inches or
pounds reads back exactly as typed, a metric value saved unchanged from an imperial form keeps
its stored value (no drift, however often it is saved), the contract's height_cm and load_kg
keep working, and lists, charts and the report speak the person's units."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal import domain as d
from journal import forms as f
from journal import models as m
from journal import preferences
from journal import units as u
from journal.forms.units import LB_MAX

from .builders import TODAY, make_exercise, make_height

TENTHS = st.integers(0, 119).map(lambda n: Decimal(n) / 10)  # 0.0 .. 11.9 inches
HEIGHTS_CM = st.integers(1000, 2500).map(lambda n: Decimal(n) / 10)  # every storable height
LOADS_KG = st.integers(0, 1000).map(lambda n: Decimal(n) / 10)
HALF_POUNDS = st.integers(0, int(LB_MAX * 2)).map(lambda n: Decimal(n) / 2)


def storable(feet: int, inches: Decimal) -> bool:
    return d.HEIGHT_MIN <= u.cm_from_feet_inches(feet, inches) <= d.HEIGHT_MAX


# --- the arithmetic ---------------------------------------------------------------------------


@given(feet=st.integers(3, 8), inches=TENTHS)
def test_a_height_typed_in_feet_and_inches_reads_back_exactly_as_typed(feet, inches):
    cm = u.cm_from_feet_inches(feet, inches)
    assert cm == cm.quantize(Decimal("0.1"))  # stored as the column stores it
    assert u.feet_inches(cm) == (feet, inches)


@given(pounds=HALF_POUNDS)
def test_a_load_typed_in_half_pounds_reads_back_exactly_as_typed(pounds):
    kg = u.kg_from_lb(pounds)
    assert kg <= d.LOAD_MAX_KG
    assert u.lb_from_kg(kg) == pounds


@given(cm=HEIGHTS_CM)
def test_a_stored_height_shown_in_imperial_is_within_a_twentieth_of_an_inch(cm):
    feet, inches = u.feet_inches(cm)
    assert abs((Decimal(feet) * 12 + inches) * u.CM_PER_INCH - cm) <= u.CM_PER_INCH / 20


@given(kg=LOADS_KG)
def test_a_stored_load_shown_in_pounds_is_within_a_quarter_pound(kg):
    assert abs(u.lb_from_kg(kg) * u.KG_PER_LB - kg) <= u.KG_PER_LB / 4


def test_known_values():
    assert u.feet_inches(Decimal("165.0")) == (5, Decimal("5.0"))
    assert u.cm_from_feet_inches(5, Decimal("4.3")) == Decimal("163.3")
    assert u.lb_from_kg(Decimal("5.0")) == Decimal("11.0")
    assert u.kg_from_lb(10) == Decimal("4.5")
    assert u.height_text(Decimal("165.0"), "imperial") == "5 ft 5 in"
    assert u.height_text(Decimal("163.3"), "imperial") == "5 ft 4.3 in"
    assert u.height_text(Decimal("165.0"), "metric") == "165.0 cm"
    assert u.load_text(Decimal("5.0"), "imperial") == "11 lb"
    assert u.load_text(Decimal("5.0"), "metric") == "5.0 kg"


# --- the forms --------------------------------------------------------------------------------


def height_form(data, instance=None, units="imperial"):
    return f.HeightForm(data, today=TODAY, instance=instance, units=units)


def test_the_imperial_height_form_asks_feet_and_inches_and_hides_height_cm():
    form = height_form(None)
    assert {"height_ft", "height_in"} <= set(form.fields)
    assert form.fields["height_cm"].widget.is_hidden
    assert "height_ft" not in height_form(None, units="metric").fields


@given(feet=st.integers(3, 8), inches=TENTHS)
def test_an_imperial_height_is_stored_in_cm_and_shown_again_as_typed(feet, inches):
    form = height_form({"date": TODAY, "height_ft": feet, "height_in": inches})
    if not storable(feet, inches):
        assert "height_ft" in form.errors
        return
    assert form.is_valid(), form.errors
    cm = form.entry_data()["height_cm"]
    assert cm == u.cm_from_feet_inches(feet, inches)
    assert "height_ft" not in form.entry_data()
    shown = f.HeightForm(today=TODAY, instance=m.HeightMeasurement(height_cm=cm), units="imperial")
    assert (shown.initial["height_ft"], shown.initial["height_in"]) == (feet, inches)


@pytest.mark.django_db
@given(cm=HEIGHTS_CM)
def test_a_metric_height_saved_unchanged_from_the_imperial_form_never_drifts(cm):
    entry = m.HeightMeasurement(height_cm=cm, date=TODAY)
    for _ in range(3):  # saved again and again as shown
        shown = f.HeightForm(today=TODAY, instance=entry, units="imperial")
        data = {
            "date": TODAY,
            "height_ft": shown.initial["height_ft"],
            "height_in": shown.initial["height_in"],
        }
        form = height_form(data, instance=entry)
        assert form.is_valid(), form.errors
        entry.height_cm = form.entry_data()["height_cm"]
    assert entry.height_cm == cm


def test_the_contracts_height_cm_still_works_for_an_imperial_person():
    form = height_form({"date": TODAY, "height_cm": "163.3"})
    assert form.is_valid(), form.errors
    assert form.entry_data()["height_cm"] == Decimal("163.3")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "height_ft"),  # nothing at all: the height is required
        ({"height_in": "4"}, "height_ft"),  # inches without feet
        ({"height_ft": "9", "height_in": "0"}, "height_ft"),
        ({"height_ft": "5", "height_in": "12"}, "height_in"),
        ({"height_ft": "5", "height_in": "-1"}, "height_in"),
        ({"height_ft": "5", "height_in": "4.35"}, "height_in"),
        ({"height_ft": "3", "height_in": "3.3"}, "height_ft"),  # 99.8 cm: below 100.0
        ({"height_ft": "five"}, "height_ft"),
    ],
)
def test_a_bad_imperial_height_is_refused_next_to_its_field(data, field):
    form = height_form({"date": TODAY, **data})
    assert not form.is_valid()
    assert field in form.errors


def test_the_lowest_imperial_height_is_the_first_tenth_inch_at_or_above_100_cm():
    assert height_form({"date": TODAY, "height_ft": "3", "height_in": "3.4"}).is_valid()
    assert not height_form({"date": TODAY, "height_ft": "3", "height_in": "3.3"}).is_valid()


def exercise_form(data, units="imperial", instance=None):
    base = {"date": TODAY, "kind": "walking", "minutes": "30", "intensity": "moderate"}
    return f.ExerciseForm(base | data, today=TODAY, units=units, instance=instance)


@given(pounds=HALF_POUNDS)
def test_a_load_in_pounds_is_stored_in_kg(pounds):
    form = exercise_form({"load_lb": str(pounds)})
    assert form.is_valid(), form.errors
    assert form.entry_data()["load_kg"] == u.kg_from_lb(pounds)
    assert "load_lb" not in form.entry_data()


@pytest.mark.parametrize("pounds", ["12.3", "-0.5", "221", "lots"])
def test_a_load_that_is_not_whole_or_half_pounds_in_range_is_refused(pounds):
    form = exercise_form({"load_lb": pounds})
    assert not form.is_valid()
    assert "load_lb" in form.errors


def test_no_load_stays_no_load_and_load_kg_still_works():
    form = exercise_form({})
    assert form.is_valid(), form.errors
    assert form.entry_data()["load_kg"] is None
    form = exercise_form({"load_kg": "4.5"})
    assert form.is_valid(), form.errors
    assert form.entry_data()["load_kg"] == Decimal("4.5")


# --- pages in the person's units ---------------------------------------------------------------


@pytest.fixture
def imperial(owner):
    preferences.save_preferences(owner, {"units": "imperial"})
    return owner


@pytest.mark.django_db
def test_lists_show_heights_and_loads_in_the_persons_units(owner_client, imperial):
    make_height(imperial, height_cm="165.0")
    make_exercise(imperial, load_kg=Decimal("5.0"))
    assert "5 ft 5 in" in owner_client.get("/height/").content.decode()
    assert "11 lb load" in owner_client.get("/exercise/").content.decode()
    preferences.save_preferences(imperial, {"units": "metric"})
    assert "165.0 cm" in owner_client.get("/height/").content.decode()
    assert "5.0 kg load" in owner_client.get("/exercise/").content.decode()


@pytest.mark.django_db
def test_a_height_posted_in_feet_and_inches_is_stored_in_cm(owner_client, imperial):
    page = owner_client.get("/height/new/").content.decode()
    assert 'name="height_ft"' in page
    response = owner_client.post(
        "/height/new/", {"date": TODAY.isoformat(), "height_ft": "5", "height_in": "4.3"}
    )
    assert response.status_code == 302
    assert m.HeightMeasurement.objects.get(user=imperial).height_cm == Decimal("163.3")


@pytest.mark.django_db
def test_the_profile_chooses_the_units(owner_client, owner):
    response = owner_client.post("/profile/", {"timezone": "UTC", "units": "imperial"})
    assert response.status_code == 302
    assert m.Preferences.objects.get(user=owner).units == "imperial"
    page = owner_client.get("/profile/").content.decode()
    assert 'name="tallest_height_ft"' in page
    response = owner_client.post(
        "/profile/",
        {"timezone": "UTC", "tallest_height_ft": "5", "tallest_height_in": "6"},
    )
    assert response.status_code == 302
    assert m.Profile.objects.get(user=owner).tallest_height_cm == Decimal("167.6")
    assert m.Preferences.objects.get(user=owner).units == "imperial"  # kept: not in the POST


# --- charts and the report --------------------------------------------------------------------


def imperial_journal():
    from dataclasses import replace

    from .builders import ago, height, journal

    j = journal(heights=[height(1, ago(60), "165.0"), height(2, TODAY, "163.3")])
    return replace(j, profile=replace(j.profile, units="imperial"))


def test_the_height_chart_plots_and_describes_inches_for_an_imperial_person():
    from journal.charts.data import chart_data

    data = chart_data("height", imperial_journal(), None, TODAY)
    assert data.table_header == ("Date", "Height (in)")
    (series,) = [s for s in data.series if s.key == "height"]
    assert [round(value, 2) for _, value in series.points] == [64.96, 64.29]
    assert "from 5 ft 5 in to 5 ft 4.3 in (down 0.7 in)" in data.alt
    assert [row[1] for row in data.table] == ["5 ft 5 in", "5 ft 4.3 in"]


def test_the_report_writes_heights_in_the_persons_units_with_cm_for_the_clinic():
    from journal.report.context import build
    from journal.report.text import height_line

    line = height_line(build(imperial_journal(), [], TODAY, "12m"))
    assert line.startswith("Latest 5 ft 4.3 in (163.3 cm, ")
    assert "-0.7 in since the first measurement (5 ft 5 in, " in line
