"""Issue 12's form fixes, as a person meets them: choices about what happened start empty,
decimal commas are read where they cannot be misread and refused where they can, phone
keyboards that can type a minus, and errors that say what to fix (with "Error:" in the title)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from journal import models as m
from tests.builders import TODAY


def new(client, key: str, data: dict):
    return client.post(f"/{key}/new/", {"date": TODAY.isoformat(), **data})


def test_a_t_score_typed_with_a_decimal_comma_is_stored_as_typed(owner_client, owner, frozen_today):
    new(owner_client, "dexa", {"spine_t": "-2,1"})
    assert m.DexaSiteResult.objects.get(scan__user=owner).t_score == Decimal("-2.1")


def test_a_load_of_2_comma_5_kg_is_two_and_a_half_never_25(owner_client, owner, frozen_today):
    new(
        owner_client,
        "exercise",
        {"kind": "strength", "minutes": "20", "intensity": "moderate", "load_kg": "2,5"},
    )
    assert m.ExerciseSession.objects.get(user=owner).load_kg == Decimal("2.5")


def test_a_comma_that_could_be_a_thousands_separator_is_refused_saying_both_readings(
    owner_client, owner, frozen_today
):
    response = new(owner_client, "height", {"height_cm": "1,650"})
    page = response.content.decode()
    assert "could mean 1.650 or 1650" in page
    assert not m.HeightMeasurement.objects.filter(user=owner).exists()


def test_a_t_score_box_offers_a_keyboard_with_a_minus_and_other_numbers_a_decimal_pad(
    owner_client,
):
    dexa = owner_client.get("/dexa/new/").content.decode()
    t_box = re.search(r'<input[^>]*name="spine_t"[^>]*>', dexa).group(0)
    assert 'type="text"' in t_box
    assert 'inputmode="text"' in t_box
    height = owner_client.get("/height/new/").content.decode()
    cm_box = re.search(r'<input[^>]*name="height_cm"[^>]*>', height).group(0)
    assert 'inputmode="decimal"' in cm_box


@pytest.mark.parametrize(("key", "field"), [("fractures", "site"), ("exercise", "kind")])
def test_a_choice_about_what_happened_starts_empty(owner_client, key, field):
    page = owner_client.get(f"/{key}/new/").content.decode()
    select = re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.S).group(0)
    first = re.search(r"<option[^>]*>", select).group(0)
    assert 'value=""' in first
    assert "selected" not in select.replace(first, "")


def test_an_untouched_fracture_form_records_nothing_and_says_what_is_missing(
    owner_client, owner, frozen_today
):
    response = new(owner_client, "fractures", {})
    assert not m.Fracture.objects.filter(user=owner).exists()
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "This field is required" not in page
    summary = re.search(r'<div class="error-summary"[^>]*>.*?</div>', page, re.S).group(0)
    assert "autofocus" in summary
    assert 'role="alert"' in summary
    # The summary counts what is marked below, and links to each marked field.
    marked = re.findall(r'<p class="error" id="(id_\w+)_error"', page)
    links = re.findall(r'<a href="#(id_\w+)">', summary)
    assert marked
    assert sorted(links) == sorted(marked)
    if len(marked) == 1:
        assert "correct this:" in summary
    else:
        assert f"correct these {len(marked)} things" in summary


def test_empty_minutes_are_asked_for_in_words_not_this_field_is_required(
    owner_client, frozen_today
):
    page = new(owner_client, "exercise", {"kind": "walking", "intensity": "light"}).content
    page = page.decode()
    assert "This field is required" not in page
    assert "Enter a whole number from 1 to 600." in page


def test_the_new_exercise_page_says_an_and_decimal_places_are_singular(owner_client, frozen_today):
    assert "Add an exercise session" in owner_client.get("/exercise/new/").content.decode()
    page = new(owner_client, "height", {"height_cm": "165.25"}).content.decode()
    assert "1 decimal place" in page
    assert "1 decimal places" not in page
