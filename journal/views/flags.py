"""The flags panel's own actions: "Discussed with my clinician" on a flag, and undoing it.

The panel itself is a dashboard panel (views.panels); what it shows of a discussed flag, and when
the flag comes back, is journal.flag_state's."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from .. import services
from ..derived import Derived
from ..flag_state import Discussion, returns
from ..formats import fmt_date
from ..forms.flags import DiscussedForm, UndiscussedForm
from ..models import FlagDiscussion
from ..wording.merged import PersonFlag, person_flags
from .common import _findings, changed, today

MESSAGE_SLOT = "<!--flags-message-->"  # where an action's answer goes; in every flags panel
# Each flag's line carries its key and fingerprint in a comment; the panel is cached for everyone
# who reads this journal version, so whether a flag is new to *this* reader is decided per request.
NEW_SLOT = re.compile(r"<!--new:[^:>]*:([0-9a-f]{16})-->")
NEW_MARK = '<strong class="new-mark">New<span class="vh"> since you last looked</span></strong>'
SEEN = "flags_seen"  # the session's record: the fingerprints of the flags shown last time


def mark_new(request: HttpRequest, html: str) -> str:
    """The flags panel as this reader sees it: "New" on each flag (fingerprint) that was not on
    the panel the last time this browser showed it, and the panel's flags recorded as seen.

    Per browser session, not per person: a flag first seen on the phone is new once on the
    laptop too. A browser with no record yet (a fresh log-in) marks nothing: what it shows is
    the starting point, not news. A discussed flag is not on the panel's list, so when it comes
    back it is new."""
    if MESSAGE_SLOT not in html:
        return html  # not the flags panel
    shown = sorted(set(NEW_SLOT.findall(html)))
    seen = request.session.get(SEEN)
    new = set() if not isinstance(seen, list) else set(shown) - set(seen)
    if seen != shown:
        request.session[SEEN] = shown
    return NEW_SLOT.sub(lambda m: NEW_MARK if m.group(1) in new else "", html)


def flags_of(derived: Derived) -> list[PersonFlag]:
    """The person's flags as the panel shows them (merged): once per version and day."""
    return derived.get("person-flags", lambda x: person_flags(_findings(x)))


def discussions(derived: Derived) -> dict[str, Discussion]:
    """The flags marked discussed, by key: once per version and day, and carried across versions
    by the writes that do not mark or unmark one (those name no log: nothing is carried)."""

    def read(x: Derived) -> dict[str, Discussion]:
        return {
            r.key: Discussion(r.key, r.discussed_on, r.level, r.entries, r.marked_on)
            for r in FlagDiscussion.objects.filter(user=x.user)
        }

    return derived.get("discussions", read)


def panel_context(derived: Derived) -> dict:
    """The flags panel: the flags to act on (with the discussion of any that came back), and
    those discussed, folded away."""
    records = discussions(derived)
    shown, discussed = [], []
    for flag in flags_of(derived):
        record = records.get(flag.key)
        if record is not None and not returns(record, flag.level, flag.state):
            discussed.append((flag, record))
        else:
            shown.append((flag, record))
    return {"flag_lines": shown, "discussed": discussed, "today": derived.today}


def _answer(request: HttpRequest, message: str, ok: bool) -> HttpResponse:
    if not request.htmx:
        (messages.success if ok else messages.error)(request, message)
        return redirect("/#flags")
    from .panels import PANELS, cached_html, for_request

    derived = Derived.of(request, today())
    html = for_request(request, cached_html(derived, PANELS["flags"], {}))
    note = format_html(
        '<p class="message {}" role="status">{}</p>',
        "message-success" if ok else "message-error",
        message,
    )
    response = HttpResponse(html.replace(MESSAGE_SLOT, note, 1))
    return changed(response) if ok else response


@login_required
@require_POST
def flag_discussed(request: HttpRequest) -> HttpResponse:
    form = DiscussedForm(request.POST, today=today())
    if not form.is_valid():
        errors = " ".join(e for errs in form.errors.values() for e in errs)
        return _answer(request, f"Nothing was changed: {errors}", False)
    derived = Derived.of(request, today())
    key = form.cleaned_data["flag"]
    flag = next((f for f in flags_of(derived) if f.key == key), None)
    if flag is None:
        return _answer(request, "That flag no longer shows: nothing was changed.", False)
    if form.cleaned_data["seen"] and form.cleaned_data["seen"] != flag.fingerprint:
        return _answer(
            request,
            f"“{flag.title}” changed since the page was drawn: read it again, then mark it.",
            False,
        )
    day = form.cleaned_data["date"]
    services.mark_discussed(
        request.user, flag.key, day, flag.level, flag.state.refs, marked_on=derived.today
    )
    Derived.after_write(request, today())
    return _answer(
        request,
        f"“{flag.title}” is marked discussed on {fmt_date(day)}; it will show again if "
        "something new is logged behind it.",
        True,
    )


@login_required
@require_POST
def flag_undiscussed(request: HttpRequest) -> HttpResponse:
    form = UndiscussedForm(request.POST)
    key = form.cleaned_data["flag"] if form.is_valid() else ""
    if not key or not FlagDiscussion.objects.filter(user=request.user, key=key).exists():
        return _answer(request, "That flag was not marked discussed: nothing was changed.", False)
    services.forget_discussed(request.user, key)
    Derived.after_write(request, today())
    return _answer(request, "It shows among the others again.", True)
