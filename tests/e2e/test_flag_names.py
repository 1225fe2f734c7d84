"""The demo's flags: every disclosure in the flags panel has its own name, naming its flag (the
issue found nine all called "Why the journal shows this")."""

from __future__ import annotations

from collections import Counter

import pytest

pytestmark = pytest.mark.e2e


def test_every_disclosure_in_the_flags_panel_is_named_after_its_flag(demo):
    page = demo()
    page.goto("/")
    names = page.evaluate(
        """() => Array.from(document.querySelectorAll('#flags summary')).map(
             s => s.textContent.replace(/\\s+/g, ' ').trim())"""
    )
    titles = page.evaluate(
        """() => Array.from(document.querySelectorAll('#flags details[data-flag]')).map(
             d => d.querySelector('.flag-title').textContent.trim())"""
    )
    assert len(titles) >= 5, titles  # the demo raises many flags
    repeated = [name for name, count in Counter(names).items() if count > 1]
    assert not repeated, repeated
    assert not any(name.startswith("Why the journal shows this") for name in names)
    for title in titles:
        assert any(title in name for name in names), title
