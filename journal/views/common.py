"""What the views share: the person's today, the journal-changed event, safe redirects, the
urgent flags a save raises, and the one rule for answering htmx with a partial."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event

from ..derived import Derived
from ..rules import evaluate, urgent
from ..wording import Flag, for_person

CHANGED = "journal-changed"


def today() -> dt.date:
    return timezone.localdate()  # the person's own day: UserTimezoneMiddleware activated it


def changed(response: HttpResponse) -> HttpResponse:
    """Tell the page's panels that the journal changed, so they reload themselves."""
    return trigger_client_event(response, CHANGED)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: redirect() takes anything else ("0", "pain") for a view name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


def htmx_target(request: HttpRequest) -> str | None:
    """The element an htmx request will swap (its HX-Target), or None for a whole page: a plain
    request, or htmx restoring a page from history (which needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.history_restore_request:
        return None
    return htmx.target


def render_part(
    request: HttpRequest, template: str, parts: tuple[str, ...], context: dict
) -> HttpResponse:
    """The partial named by the request's HX-Target when it is one of `parts`, else the page."""
    target = htmx_target(request)
    name = f"{template}#{target}" if target in parts else template
    return render(request, name, context)


def flags(derived: Derived) -> list[Flag]:
    """The person's flags today, worded for them: computed once per journal version and day."""
    return derived.get("flags", lambda x: for_person(_findings(x)))


def _findings(derived: Derived) -> list:
    """The rules' findings today, computed once per version and day (the flags panel's merged
    flags read the same)."""
    return derived.get("findings", lambda x: evaluate(x.journal, x.today))


def urgent_flags(derived: Derived) -> list[Flag]:
    """The person's urgent flags today (what a save shows with its message): from their flags
    when these are computed already, else from the rules that can be urgent alone (a quick
    save leaves the other rules to the follow-up that shows the flags panel)."""
    known = derived.peek("flags")
    if known is not None:
        return [flag for flag in known if flag.level == "urgent"]
    return derived.get("urgent", lambda x: for_person(urgent(x.journal, x.today)))


def alerts_for(flags: list[Flag], ref: tuple[str, int]) -> list[Flag]:
    """Urgent flags that the entry `ref` = (log, id) just saved raises: shown with the save."""
    return [
        flag
        for flag in flags
        if flag.level == "urgent" and any((e.log, e.entry_id) == ref for e in flag.evidence)
    ]


def flash_saved(request: HttpRequest, saved: str, alerts: list[Flag]) -> None:
    """The save's message, after any urgent flag it raised: urgent guidance comes first."""
    for flag in alerts:
        messages.error(request, f"{flag.title}: {flag.next_step}", extra_tags=f"urgent {flag.code}")
    messages.success(request, saved)
