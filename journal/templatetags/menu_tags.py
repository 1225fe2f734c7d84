"""The site menu: which of its links is the page being shown."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def is_current(path: str, href: str) -> bool:
    """The dashboard ("/") only at "/"; any other section at its own path and below it (a log's
    list at /pain/, its forms at /pain/new/ and /pain/12/edit/)."""
    if not href:
        return False
    return path == href or (href != "/" and path.startswith(href))


@register.simple_tag(takes_context=True)
def current(context, href: str) -> str:
    """{% current url %}: ` aria-current="page"` on the link to the section being shown."""
    request = context.get("request")
    if request is not None and is_current(request.path, str(href)):
        return mark_safe(' aria-current="page"')
    return ""
