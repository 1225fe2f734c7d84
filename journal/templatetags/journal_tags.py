"""Template helpers for the journal's pages."""

from __future__ import annotations

import html
from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from journal import domain as d
from journal.formats import fmt_t
from journal.forms.control import new_token
from journal.logs import LOGS, fixed_url

register = template.Library()

LEVEL_WORDS = {
    "urgent": "Urgent",
    "warning": "Warning",
    "notice": "Notice",
    "info": "For your information",
    "good": "Good news",
}
LOCATION_LABELS = dict(d.Location.choices)
CATEGORY_LABELS = dict(d.Category.choices)


@register.filter
def evidence_url(evidence) -> str:
    """Link to the entry behind a piece of evidence: its page, or the profile ('' for a figure)."""
    if evidence.log == "profile":
        return reverse("journal:profile")
    if evidence.entry_id is None or evidence.log not in LOGS:
        return ""
    return LOGS[evidence.log].entry_url(evidence.entry_id)


@register.simple_tag
def path(name: str) -> str:
    """{% path "journal:pain_quick" %}: a URL without arguments, reversed once per worker (where
    `{% url %}` reverses it every time: the dashboard's hot partials use this)."""
    return fixed_url(get_script_prefix(), name)


@register.simple_tag
def log_url(log, action: str, pk=None) -> str:
    """{% log_url log "edit" entry.pk %}: the path of one of a log's pages."""
    return log.url(action, pk)


@register.simple_tag
def nav_logs() -> list:
    """The logs shown in the site's navigation, in LOGS order."""
    return [log for log in LOGS.values() if log.nav]


@register.filter
def source_links(sources) -> str:
    """Each source's short title with its publisher, linked to the article: "Can osteoporosis
    be reversed (MelioGuide)"; outside guidance (no address) as written."""
    if isinstance(sources, str):
        sources = [s.strip() for s in sources.split(";") if s.strip()]
    parts = []
    for source in sources:
        where = d.source_address(source)
        if where is None:
            parts.append(escape(source))
        else:
            publisher, url = where
            parts.append(
                format_html(
                    '{} (<a href="{}" rel="noopener noreferrer external">{}</a>)',
                    source,
                    url,
                    publisher,
                )
            )
    return mark_safe("; ".join(parts))


@register.filter
def a_noun(noun: str) -> str:
    """The noun with its indefinite article: "a pain entry", "an exercise session"."""
    noun = str(noun)
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


@register.filter
def level_word(level: str) -> str:
    return LEVEL_WORDS.get(level, level)


@register.filter
def pain_band(score) -> str:
    """ "none", "mild", "moderate" or "severe" for a 0-10 score (domain.PAIN_BANDS)."""
    try:
        return d.pain_band(int(score))
    except (TypeError, ValueError, StopIteration):
        return ""


@register.filter
def tscore(value) -> str:
    """A T-score as the charts write it: "-2.6", not the stored "-2.60" (two decimals only when
    one would round it)."""
    return "" if value is None else fmt_t(float(value), "-")


@register.filter
def location_labels(codes) -> str:
    return ", ".join(LOCATION_LABELS.get(c, c) for c in codes or ())


@register.filter
def category_label(category: str | None) -> str:
    return CATEGORY_LABELS.get(category or "", "")


@register.filter
def signed(value) -> str:
    """+0.10 / -0.30 / 0.00 for a T-score change."""
    if value is None:
        return ""
    return f"{value:+.2f}" if value else "0.00"


@register.filter
def accessible(bound_field):
    """The field's widget, linked to its help text and errors (aria-describedby, aria-invalid)."""
    attrs = {}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, ())


@register.filter
def stack(first, second) -> list:
    """Build a list in a template: a|stack:b|stack:c -> [a, b, c]."""
    items = first if isinstance(first, list) else [first]
    return [*items, second]


@register.filter
def table_rows(rows) -> str:
    """Rows of text cells as <tr><td>...</td></tr>, escaped: a chart's data table has hundreds
    of cells, which a nested {% for %} renders ten times slower. The standard library's escape
    is Django's without its lazy-string wrapper (the same five characters replaced, three
    times faster a cell). Each row is rendered once per worker while among the last 1,024: a
    save changes a table's last rows only (today's score and means), and the charts panel is
    rendered again after it (a row is a tuple of text, as ChartData holds it: its own key)."""
    try:
        return mark_safe("".join(map(_row_html, rows)))
    except TypeError:  # a row that is a list: not hashable, rendered every time
        return mark_safe("".join(map(_row_html.__wrapped__, rows)))


@lru_cache(maxsize=1024)  # ~0.5 KB a row with its key: at most ~0.5 MB a worker
def _row_html(row) -> str:
    return "<tr>" + "".join([f"<td>{html.escape(str(cell))}</td>" for cell in row]) + "</tr>"


@register.simple_tag
def who_bands_text() -> str:
    """The WHO categories in one sentence, from domain's thresholds."""
    at, below = d.OSTEOPOROSIS_AT, d.OSTEOPENIA_BELOW
    return (
        f"WHO categories by T-score: normal at {below} or above, osteopenia between {below} and "
        f"{at}, osteoporosis at {at} or below ({d.Source.REVERSED.label})."
    )


@register.simple_tag
def reloads_on_change(query: str = ""):
    """The attributes of a dashboard panel that reloads itself when the journal changes: it asks
    the dashboard's own address again (with `query`), and the answer replaces it. While a quick
    save is on its way the reload is dropped (static/js/panels.js, by `data-reloads`): its answer
    brings every panel it changed (out of band). Each panel's reload queues on the panel itself: a
    shared queue (hx-sync on the quick form) let the first panel's reload drop all the others."""
    url = fixed_url(get_script_prefix(), "journal:dashboard") + (f"?{query}" if query else "")
    return format_html(
        'hx-get="{}" hx-trigger="journal-changed from:body" hx-swap="outerHTML" '
        'hx-sync="this:replace" hx-disinherit="hx-sync" data-reloads',
        url,
    )


@register.filter
def problems(form) -> int:
    """How many parts of a form have something to correct: the fields with an error, and the
    form as a whole; not an edit's conflict with another tab, which says so on its own."""
    return len(error_summary(form)["items"])


STANDALONE_ERRORS = {"changed_elsewhere", "gone", "bad_version", "bad_token"}


@register.simple_tag
def submit_token():
    """A one-time submit token for a form that is not a log form (a "took it" button): a repeat of
    the same submit returns its first result. In a cached panel each is replaced per request."""
    return format_html('<input type="hidden" name="submit_token" value="{}">', new_token())


@register.filter
def error_summary(form) -> dict:
    """What a refused form says at its top: each problem, a field's linked to its field (its
    label and message), the form's own unlinked; an edit's conflict with another tab and the
    hidden fields' errors are shown on their own (`standalone`)."""
    if form is None or not form.errors:
        return {"items": [], "fields": 0, "standalone": [], "id": "error-summary"}
    items, standalone, fields = [], [], 0
    for name, errors in form.errors.as_data().items():
        messages = [m for e in errors for m in e.messages]
        if name == "__all__":
            for error in errors:
                target = standalone if error.code in STANDALONE_ERRORS else None
                for message in error.messages:
                    if target is not None:
                        target.append(message)
                    else:
                        items.append({"target": "", "label": "", "message": message})
            continue
        if name not in form.fields or form.fields[name].widget.is_hidden:
            continue
        bound = form[name]
        widget = bound.field.widget
        # A group of radios or boxes is reached at its first input; anything else by its id.
        subwidgets = getattr(widget, "allow_multiple_selected", False) or getattr(
            widget, "input_type", ""
        ) in ("radio",)
        target = f"{bound.auto_id}_0" if subwidgets else bound.id_for_label
        fields += 1
        items.append({"target": target, "label": bound.label, "message": " ".join(messages)})
    general = any(not item["target"] for item in items)
    summary_id = "form-errors" if general and not standalone else "error-summary"
    return {"items": items, "fields": fields, "standalone": standalone, "id": summary_id}
