"""The dashboard's panels, each built on its own from the person's derived values.

A panel is a partial of `journal/dashboard.html` (its `{% partialdef %}`, whose root element has
the panel's name as its id) and a function giving that partial's context from a `Derived`. A
panel request (htmx, `HX-Target: <name>`) builds only that panel; the page builds each in turn.

A `cached` panel's HTML depends on nothing but the journal, the day and its query `params`, so
it is rendered once per journal version and kept in the cache (journal.derived); the quick
panel holds a form with the request's CSRF token, so it is rendered for each request (from
cached values).

Adding a panel: its partial in dashboard.html (root element `id="<name>"`, with
`{% reloads_on_change %}` if it shows the journal), and a `Panel` in `PANELS`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe

from .. import charts, reminders, trends
from .. import domain as d
from .. import panels as care
from ..derived import CODE_STAMP, TIMEOUT, Derived, slot
from ..forms import PainForm
from ..forms.control import new_token
from ..logs import LOGS
from ..rendering import CSRF_SLOT, rendered_once, with_csrf
from ..rules import Context
from ..rules.activity import weekly_minutes
from .charts import chart_data, chart_key
from .flags import mark_new
from .flags import panel_context as flags_panel_context
from .medicines import medicines_panel

PAGE = "journal/dashboard.html"
QUICK_FIELDS_KEPT = 8  # renderings of the quick form's fields kept per person and day
SUBMIT_TOKEN = re.compile(r'(name="submit_token" value=")[^"]*(")')


def fresh_tokens(html: str) -> SafeString:
    """Kept HTML with a new one-time submit token in each form: two answers must never share
    one, or the second entry would read as a repeat of the first and not be saved."""
    return mark_safe(SUBMIT_TOKEN.sub(lambda m: m.group(1) + new_token() + m.group(2), html))


def for_request(request: HttpRequest, html: str) -> SafeString:
    """A panel's HTML as this request is answered: its CSRF token, and fresh submit tokens."""
    return fresh_tokens(mark_new(request, with_csrf(request, html)))


@dataclass(frozen=True)
class Panel:
    name: str
    context: Callable[[Derived, dict], dict]  # (derived, params) -> the partial's context
    params: tuple[str, ...] = ()  # the query parameters it reads (e.g. the charts' range)
    cached: bool = True  # False: rendered for each request (it holds a form, or reads the time)

    def read_params(self, query: QueryDict) -> dict:
        return {name: query.get(name, "") for name in self.params}


def _recent(derived: Derived) -> tuple:
    """The last five pain entries, newest first (the quick panel's list and its "same" button)."""
    return derived.get("recent", lambda x: tuple(reversed(x.journal.pains[-5:])))


def quick_context(derived: Derived, params: dict, form: PainForm | None = None) -> dict:
    recent = _recent(derived)
    # Today's entries, oldest first: "Logged today: 3/10", and the form folds away behind
    # "Add another entry", so a second tap is a choice, not an accident.
    today = [p for p in reversed(recent) if p.date == derived.today]
    ctx = {
        # A fresh form is built only if its fields must be rendered (not in the cache).
        "form": form or SimpleLazyObject(lambda: PainForm(today=derived.today)),
        "last_pain": recent[0] if recent else None,
        "recent": recent,
        "logged_today": today,
        # Each entry's links, rendered once per worker for the entry: a save adds one.
        "recent_rows": [_pain_link("recent", p) for p in recent],
        "today_links": [_pain_link("today", p) for p in today],
        "page_version": derived.version,
        "pain_bands": d.PAIN_BANDS,
        "pain_log": LOGS["pain"],
        "today": derived.today,
    }
    if form is None:  # a fresh form: its fields' HTML from the cache
        ctx["form_fields"] = _fresh_fields(derived, ctx)
    return ctx


def _pain_link(kind: str, pain) -> SafeString:
    edit = LOGS["pain"].url("edit", pain.id)
    return rendered_once(f"journal/_pain_links.html#{kind}", {"p": pain, "edit": edit})


def _fresh_fields(derived: Derived, ctx: dict) -> SafeString:
    """The unbound quick form's fields, rendered once for what they show: the day (the date
    field's default and limit) and the last entry's places (the "same place" button). One
    cache entry per person holds the last few renderings of the day (a person who logs the
    back one time and the hip the next switches between two), so a change of the last entry's
    places only renders the form again the first time that day."""
    last = ctx["last_pain"]
    day = (derived.today.isoformat(), CODE_STAMP)
    places = last.locations if last else None
    key = slot(derived.user, "quick-fields")
    held = cache.get(key)
    variants = held[1] if held is not None and held[0] == day else {}
    if places in variants:
        return fresh_tokens(variants[places])
    html = render_to_string(f"{PAGE}#quick-fields", ctx)
    kept = dict(list(variants.items())[-(QUICK_FIELDS_KEPT - 1) :])
    cache.set(key, (day, kept | {places: html}), TIMEOUT)
    return fresh_tokens(html)


def _flags_context(derived: Derived, params: dict) -> dict:
    ctx = flags_panel_context(derived)
    day = derived.today
    return ctx | {
        "flag_lines": [_flag_line(flag, record, day, False) for flag, record in ctx["flag_lines"]],
        "discussed": [_flag_line(flag, record, day, True) for flag, record in ctx["discussed"]],
    }


def _flag_line(flag, discussion, day: dt.date, in_discussed: bool) -> SafeString:
    """One flag's line as the panel shows it: a save changes the lines of the flags that rest
    on what it wrote, not the panel's every line."""
    ctx = {"flag": flag, "discussion": discussion, "today": day, "in_discussed": in_discussed}
    return rendered_once("journal/_person_flag.html", ctx | {"csrf_token": CSRF_SLOT})


def _summary_context(derived: Derived, params: dict) -> dict:
    journal, day = derived.journal, derived.today
    week = [e for e in journal.exercises if day - dt.timedelta(days=6) <= e.date <= day]
    latest = journal.latest_results()
    sites = [
        (label, latest[site][0], latest[site][1])
        for site, label in d.Site.choices
        if site in latest
    ]
    return {
        "latest_sites": sites,
        # The overall picture as numbers: the lowest latest T-score and its site (its WHO band is
        # overall_category), not a category on its own, which reads as a diagnosis.
        "lowest": min(sites, key=lambda s: s[2].t_score) if sites else None,
        "overall_category": journal.overall_category(),
        "week_minutes": sum(e.minutes for e in week),
        # The rule's own figure, so the summary and activity.below_150 can never disagree.
        "week_moderate": weekly_minutes(Context(journal, day)),
        "weekly_target": d.WEEKLY_TARGET_MINUTES,
    }


def _charts_context(derived: Derived, params: dict) -> dict:
    range_key = trends.parse_range(params.get("range"))
    return {
        "range_key": range_key,
        "ranges": list(trends.RANGES),
        # Each chart's figure, or its line when it has nothing to draw: the drawn ones first.
        "figures": [
            html
            for _, html in sorted(
                (_figure(derived, name, range_key) for name in charts.CHARTS),
                key=lambda figure: figure[0],
            )
        ],
    }


# What an empty chart offers to add: (address, link text).
CHART_ADD = {
    "pain": ("#quick", "Log today's pain"),
    "tscore": ("journal:dexa_new", "Add a DEXA scan"),
    "activity": ("journal:exercise_new", "Add exercise"),
    "height": ("journal:height_new", "Add a height"),
    "vitamin_d": ("journal:labs_new", "Add a vitamin D result"),
    "mood": ("journal:mood_new", "Add a PHQ-9"),
    "peg": ("journal:peg_new", "Add a check-in"),
}


def chart_add(name: str) -> tuple[str, str]:
    where, text = CHART_ADD[name]
    return (where if where.startswith("#") else reverse(where)), text


def _figure(derived: Derived, name: str, range_key: str) -> tuple[bool, SafeString]:
    """One chart's figure (its heading, image and table), or one line with an "Add ..." link
    when it has nothing to draw: (empty, html), rendered once per version and day, and not even
    then when its logs were not written since (a pain entry redraws the pain chart's figure
    only). The image URL carries the whole key of its data, so it changes exactly when the
    plotted data does."""

    def render(x: Derived) -> tuple[bool, str]:
        chart = chart_data(x, name, range_key)
        ctx = {
            "chart": chart,
            "key": chart_key(x, name, range_key),
            "range_key": range_key,
            "add": chart_add(name),
        }
        return chart.is_empty, render_to_string(f"{PAGE}#chart-figure", ctx)

    empty, html = derived.get("figure", render, name, range_key)
    return empty, mark_safe(html)


def _reminders_context(derived: Derived, params: dict, log: bool | None = None) -> dict:
    """What is due now: the medicines and the rescan for the day (cached with the journal), and
    the log reminder, which depends on the hour too (`log`: whether it shows now)."""
    # The day's medicines and rescan (no time: the log reminder, which reads the pain log, is
    # left out of them, so a pain entry leaves them as they were).
    day_items = derived.get("due-today", lambda x: reminders.due_now(x.journal, x.today, None))
    if log is None:
        log = _log_due(derived)
    late = dt.time(23, 59)  # any hour at or after the person's: the day decides the rest
    return {
        "due": [
            *day_items,
            *(reminders.log_now(derived.journal, derived.today, late) if log else []),
        ]
    }


def _log_due(derived: Derived) -> bool:
    """Whether the log reminder shows now: switched on, the person's hour has come, and nothing
    logged today (the day's part cached with the journal, the hour read per request)."""
    remind, hour, logged = derived.get(
        "log-state",
        lambda x: (
            x.journal.profile.remind_log,
            x.journal.profile.reminder_hour,
            reminders.logged_today(x.journal, x.today),
        ),
    )
    return remind and not logged and timezone.localtime().hour >= hour


def reminders_html(derived: Derived) -> SafeString:
    """The "Due now" panel: rendered once per version and day for each state of the log
    reminder (it depends on the hour), and not even then when the medicines, scans and profile
    it reads were not written since."""
    log = _log_due(derived)

    def render(x: Derived) -> str:
        return render_to_string(f"{PAGE}#reminders", _reminders_context(x, {}, log))

    return mark_safe(derived.get("panel", render, "reminders", "log" if log else "quiet"))


def _medicines_context(derived: Derived, params: dict) -> dict:
    return {"meds": medicines_panel(derived.journal, derived.today)}


def _sleep_context(derived: Derived, params: dict) -> dict:
    return care.sleep_panel(derived.journal, derived.today)


def _peg_context(derived: Derived, params: dict) -> dict:
    return care.peg_prompt(derived.journal, derived.today)


def _treatments_context(derived: Derived, params: dict) -> dict:
    return care.treatment_panel(derived.journal, derived.today)


PANELS: dict[str, Panel] = {
    panel.name: panel
    for panel in (
        Panel("reminders", _reminders_context, cached=False),
        Panel("quick", quick_context, cached=False),
        Panel("medicines", _medicines_context),
        Panel("sleep", _sleep_context),
        Panel("peg-prompt", _peg_context),
        Panel("treatments", _treatments_context),
        Panel("flags", _flags_context),
        Panel("summary", _summary_context),
        Panel("charts", _charts_context, params=("range",)),
    )
}


def _args(panel: Panel, params: dict) -> list[str]:
    """A cached panel's params, normalised (an unknown range is the default one)."""
    if "range" in params:
        params = params | {"range": trends.parse_range(params["range"])}
    return [panel.name, *(params[name] for name in panel.params)]


def _digest(ctx: dict) -> str:
    """What a context holds, as a digest: the same digest, the same HTML (same templates: the
    cache's entries are stamped with the code)."""
    return hashlib.sha256(pickle.dumps(sorted(ctx.items()), protocol=5)).hexdigest()


def cached_html(
    derived: Derived, panel: Panel, params: dict, built: dict | None = None
) -> SafeString:
    """A cached panel's HTML at the derived version: rendered once per version and day, and
    not even then when its context is what it was at the version before (a pain entry leaves
    the DEXA summary as it was). When it is computed now, its context is added to `built`
    (the page passes it on to its own)."""
    args = _args(panel, params)

    def render(x: Derived) -> tuple[str, str]:
        ctx = panel.context(x, params)
        if built is not None:
            built.update(ctx)
        digest = _digest(ctx)
        earlier = x.earlier("panel", *args)
        if earlier is not None and earlier[0] == digest:
            return earlier
        # A panel with a form (sleep's one tap) gets the request's CSRF token where the slot is.
        return digest, render_to_string(f"{PAGE}#{panel.name}", ctx | {"csrf_token": CSRF_SLOT})

    return mark_safe(derived.get("panel", render, *args)[1])


def shown_html(derived: Derived, panel: Panel, params: dict, version: int) -> str | None:
    """The HTML the panel has on a page built at `version`, if the cache still knows it."""
    held = derived.shown(version, "panel", *_args(panel, params))
    return None if held is None else held[1]


def out_of_band(html: str, name: str) -> SafeString:
    """A panel's HTML marked to replace the panel of the same id wherever it is (htmx OOB)."""
    marked = html.replace(f'id="{name}"', f'id="{name}" hx-swap-oob="true"', 1)
    return mark_safe(marked)
