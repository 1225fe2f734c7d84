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


def test_the_menu_kept_for_every_page_carries_each_sessions_own_csrf_token(owner):
    """The menu is rendered once per worker; its log-out form must still carry the token of the
    session it is shown to, or logging out would fail."""
    from django.test import Client

    tokens = []
    for _ in range(2):  # two devices: two sessions, two CSRF secrets, one kept menu
        client = Client(enforce_csrf_checks=True)
        client.force_login(owner)
        header = client.get("/pain/").content.decode().split("</header>")[0]
        assert "csrf-token-of-the-request" not in header
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
        tokens.append(token)
        response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert client.get("/").status_code == 302  # logged out: sent to the log-in page
    assert tokens[0] != tokens[1]
