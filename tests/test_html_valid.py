"""The server's own HTML is valid, not only the DOM a browser builds after repairing it.

Every page the ownership walk visits (tests/test_urls_ownership.py: every URL pattern, filled
with one of each of the owner's entries), as its owner and as an anonymous visitor, is parsed by
html5lib, the WHATWG parsing algorithm in Python, which lists every parse error (a stray `</p>`,
an unclosed element, a misnested table, a duplicate attribute, a bad doctype...). On top of the
parser: every id is unique, and every `for`, `aria-describedby`, `aria-labelledby`,
`aria-controls` and in-page `href="#..."` names an element that exists and, for a description,
is not empty (the bug this file began with: sign-up's password help sent as
`<p class="help"><ul>...</ul></p>`, which the browser splits so that the field's description is
empty for a screen reader). Refused forms are checked too (their error summaries and messages).
"""

from __future__ import annotations

import html5lib
import pytest
from django.test import Client

from .builders import MAKERS
from .test_urls_ownership import PUBLIC, ROUTES, path_of, values_for

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"
REFERENCE_ATTRIBUTES = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


def html_problems(html: str, fragment: bool = False) -> list[str]:
    """Parse errors and broken id references in a page (or an htmx fragment), as readable lines."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=True)
    root = parser.parseFragment(html, container="body") if fragment else parser.parse(html)
    lines = html.splitlines()
    problems = []
    for (line, col), code, data in parser.errors:
        source = lines[line - 1][max(0, col - 60) : col + 20] if 0 < line <= len(lines) else ""
        problems.append(f"line {line} col {col}: {code} {data or ''}: ...{source.strip()}...")
    elements = list(root.iter())
    ids: dict[str, object] = {}
    for element in elements:
        if (ident := element.get("id")) is not None:
            if ident in ids:
                problems.append(f"duplicate id {ident!r}")
            ids[ident] = element
    for element in elements:
        tag = str(element.tag).removeprefix(XHTML)
        for attribute in REFERENCE_ATTRIBUTES:
            for ident in (element.get(attribute) or "").split():
                if ident not in ids:
                    problems.append(f"<{tag} {attribute}={ident!r}>: no element has that id")
                elif attribute == "aria-describedby" and not "".join(ids[ident].itertext()).strip():
                    problems.append(f"<{tag} aria-describedby={ident!r}>: the description is empty")
        href = element.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            problems.append(f"<a href={href!r}>: no element has that id")
    return problems


def assert_valid(response, path: str) -> None:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html") or not response.content:
        return
    html = response.content.decode()
    fragment = "<html" not in html[:200].lower()
    problems = html_problems(html, fragment=fragment)
    assert not problems, f"{path} ({'fragment' if fragment else 'page'}):\n" + "\n".join(problems)


# --- the checker itself catches what it is for -------------------------------------------------


PAGE = "<!doctype html><html lang=en><head><title>t</title></head><body>{}</body></html>"


def test_a_list_inside_a_paragraph_is_reported():
    body = '<input id=p aria-describedby=h><p class="help" id="h"><ul><li>8 letters</li></ul></p>'
    problems = html_problems(PAGE.format(body))
    assert any("unexpected-end-tag" in p for p in problems), problems
    assert any("description is empty" in p for p in problems), problems


def test_duplicate_ids_and_dangling_references_are_reported():
    body = '<p id=a>x</p><p id=a>y</p><label for=nowhere>z</label><a href="#gone">g</a>'
    problems = html_problems(PAGE.format(body))
    assert "duplicate id 'a'" in problems
    assert any("for='nowhere'" in p for p in problems)
    assert any("href='#gone'" in p for p in problems)


def test_a_valid_page_has_no_problems():
    body = (
        "<label for=x>X</label><input id=x aria-describedby=xh><div id=xh><ul><li>a</li></ul></div>"
    )
    assert html_problems(PAGE.format(body)) == []


# --- every page ------------------------------------------------------------------------------


PAGE_ROUTES = [r for r in ROUTES if r.namespace != "admin"]


@pytest.mark.parametrize("route", PAGE_ROUTES, ids=str)
def test_every_page_is_valid_html(route, owner, owner_client, htmx):
    journal = {key: make(owner) for key, make in MAKERS.items()}
    path = path_of(route, values_for(route, owner, journal))
    visitors = [Client()] if route.name in PUBLIC else [owner_client]
    for visitor in visitors:
        for headers in ({}, htmx):
            response = visitor.get(path, **headers)
            assert response.status_code < 500
            assert_valid(response, path)


def test_sign_up_is_valid_and_its_password_help_is_a_description(client):
    response = client.get("/accounts/signup/")
    assert_valid(response, "/accounts/signup/")
    html = response.content.decode()
    assert '<p class="help"' not in html or "<ul" not in html.split('<p class="help"', 1)[1][:80]


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/signup/", {"username": "", "password1": "a", "password2": "b"}),
        ("/accounts/login/", {"username": "nobody", "password": "wrong"}),
        ("/profile/", {"birth_year": "17", "timezone": "Mars/Olympus"}),
        *[(f"/{key}/new/", {"date": "not a date"}) for key in MAKERS],
    ],
    ids=str,
)
def test_refused_forms_are_valid_html(path, data, owner, owner_client):
    visitor = Client() if path.startswith("/accounts/") else owner_client
    response = visitor.post(path, data)
    assert response.status_code in (200, 400, 422), path
    assert_valid(response, path)
