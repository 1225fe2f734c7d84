"""The site menu, and which of its links is the page being shown."""

from __future__ import annotations

import threading

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

from ..logs import LOGS
from ..middleware import csrf_token_of

register = template.Library()

# Where the request's CSRF token goes in the menu rendered once per worker (its log-out form).
CSRF_SLOT = "csrf-token-of-the-request-4b1e07"
# Per script prefix and link shown as the page's (None: none is), the menu's HTML.
_MENUS: dict[tuple[str, int | None], str] = {}
_LINKS: dict[str, list[tuple[str, str]]] = {}  # per script prefix, the links
_LOCK = threading.Lock()


def is_current(path: str, href: str) -> bool:
    """The dashboard ("/") only at "/"; any other section at its own path and below it (a log's
    list at /pain/, its forms at /pain/new/ and /pain/12/edit/)."""
    if not href:
        return False
    return path == href or (href != "/" and path.startswith(href))


def menu_links() -> list[tuple[str, str]]:
    """The menu's links, (path, label): today, each log in LOGS order, then the other pages;
    reversed once per worker."""
    prefix = get_script_prefix()
    links = _LINKS.get(prefix)
    if links is None:
        links = _LINKS[prefix] = [
            (reverse("journal:dashboard"), "Today"),
            *((log.url("list"), log.nav) for log in LOGS.values() if log.nav),
            (reverse("journal:insights"), "Insights"),
            (reverse("journal:report"), "Report"),
            (reverse("journal:export"), "Your data"),
            (reverse("journal:guidance"), "Guidance"),
            (reverse("journal:profile"), "Profile"),
        ]
    return links


@register.simple_tag(takes_context=True)
def site_menu(context) -> SafeString:
    """{% site_menu %}: the menu, with `aria-current="page"` on the link of the page's section.
    Its HTML depends on nothing else, so each of its few variants is rendered once per worker;
    the request's CSRF token goes into its log-out form each time."""
    request = context.get("request")
    path = request.path if request is not None else ""
    links = menu_links()
    here = next((i for i, (href, _) in enumerate(links) if is_current(path, href)), None)
    key = (get_script_prefix(), here)
    with _LOCK:
        html = _MENUS.get(key)
    if html is None:
        rows = [(href, label, i == here) for i, (href, label) in enumerate(links)]
        ctx = {"links": rows, "logout": reverse("logout"), "csrf_token": CSRF_SLOT}
        html = render_to_string("journal/_menu.html", ctx)
        with _LOCK:
            _MENUS[key] = html
    token = csrf_token_of(request) if request is not None else ""
    return mark_safe(html.replace(CSRF_SLOT, token))
