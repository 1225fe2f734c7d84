"""The site menu, and which of its links is the page being shown."""

from __future__ import annotations

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from ..logs import fixed_url
from ..rendering import CSRF_SLOT, rendered_once, with_csrf
from .journal_tags import nav_logs

register = template.Library()

PAGES = [  # the menu's links besides the logs': (URL name, label)
    ("journal:insights", "Insights"),
    ("journal:report", "Report"),
    ("journal:export", "Your data"),
    ("journal:guidance", "Guidance"),
    ("journal:profile", "Profile"),
]


def is_current(path: str, href: str) -> bool:
    """The dashboard ("/") only at "/"; any other section at its own path and below it (a log's
    list at /pain/, its forms at /pain/new/ and /pain/12/edit/)."""
    if not href:
        return False
    return path == href or (href != "/" and path.startswith(href))


def menu_links() -> list[tuple[str, str]]:
    """The menu's links, (path, label): today, each log of the navigation, then the other
    pages; each reversed once per worker."""
    prefix = get_script_prefix()
    return [
        (fixed_url(prefix, "journal:dashboard"), "Today"),
        *((log.url("list"), log.nav) for log in nav_logs()),
        *((fixed_url(prefix, name), label) for name, label in PAGES),
    ]


@register.simple_tag(takes_context=True)
def site_menu(context) -> SafeString:
    """{% site_menu %}: the menu, with `aria-current="page"` on the link of the page's section.
    Its HTML depends on nothing else, so each of its few variants is rendered once per worker;
    the request's CSRF token goes into its log-out form each time."""
    request = context.get("request")
    path = request.path if request is not None else ""
    links = menu_links()
    here = next((i for i, (href, _) in enumerate(links) if is_current(path, href)), None)
    rows = [(href, label, i == here) for i, (href, label) in enumerate(links)]
    logout = fixed_url(get_script_prefix(), "logout")
    html = rendered_once(
        "journal/_menu.html", {"links": rows, "logout": logout, "csrf_token": CSRF_SLOT}
    )
    return mark_safe(
        with_csrf(request, html) if request is not None else html.replace(CSRF_SLOT, "")
    )
