"""The header's menu marks the page being shown (aria-current), one link at a time."""

from __future__ import annotations

import re

import pytest

from journal.templatetags.menu_tags import is_current

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'<a href="([^"]*)" aria-current="page">')


@pytest.mark.parametrize(
    ("path", "marked"),
    [
        ("/", "/"),
        ("/pain/", "/pain/"),
        ("/pain/new/", "/pain/"),
        ("/dexa/", "/dexa/"),
        ("/guidance/", "/guidance/"),
        ("/profile/", "/profile/"),
        ("/insights/", "/insights/"),
    ],
)
def test_the_menu_marks_the_section_being_shown_and_nothing_else(owner_client, path, marked):
    html = owner_client.get(path).content.decode()
    header = html.split("</header>")[0]
    assert CURRENT.findall(header) == [marked]
    assert '<details class="menu">' in header
    assert "<summary>Menu</summary>" in header


def test_the_dashboard_is_current_only_at_its_own_path():
    assert is_current("/", "/")
    assert not is_current("/pain/", "/")
    assert is_current("/pain/12/edit/", "/pain/")
    assert not is_current("/painting/", "/pain/")
    assert not is_current("/dexa/", "")
