"""Settings read from the environment strictly: a typo stops the server instead of meaning false."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from .test_security import production_settings


@pytest.mark.parametrize("value", ["ture", "maybe", "2", "y e s", "✓"])
def test_a_yes_no_setting_that_is_neither_stops_the_server(tmp_path, value):
    with pytest.raises(ImproperlyConfigured, match="BEHIND_HTTPS"):
        production_settings(tmp_path, BEHIND_HTTPS=value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("TRUE", True), (" yes ", True), ("on", True), ("1", True)]
    + [("false", False), ("No", False), ("off", False), ("0", False), ("", False)],
)
def test_yes_no_settings_take_the_usual_words_in_any_case(tmp_path, value, expected):
    assert production_settings(tmp_path, BEHIND_HTTPS=value)["BEHIND_HTTPS"] is expected


@pytest.mark.parametrize("value", ["five", "1_0", "1e2", "٥", "５", "-3", "0"])
def test_a_whole_number_setting_refuses_anything_but_ascii_digits_in_range(tmp_path, value):
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT"):
        production_settings(tmp_path, AXES_FAILURE_LIMIT=value)


def test_whole_number_settings_are_read_and_default_when_empty(tmp_path):
    assert production_settings(tmp_path, AXES_FAILURE_LIMIT=" 12 ")["AXES_FAILURE_LIMIT"] == 12
    assert production_settings(tmp_path, AXES_FAILURE_LIMIT="")["AXES_FAILURE_LIMIT"] == 5
