"""Template tags for the mood, sleep, PEG and treatment panels: each a small self-contained
context (journal.panels) rendered from its own template under journal/panels/."""

from __future__ import annotations

from django import template
from django.conf import settings

from journal import domain as d
from journal import panels

register = template.Library()


@register.simple_tag
def crisis_line() -> str:
    """The CRISIS_LINE setting: where to turn at once."""
    return settings.CRISIS_LINE


@register.inclusion_tag("journal/panels/crisis.html", takes_context=True)
def crisis_panel(context) -> dict:
    """Crisis guidance while mood.safety holds: from the page's already worded `flags`."""
    flag = next((f for f in context.get("flags") or () if f.code == "mood.safety"), None)
    return {"flag": flag, "crisis": settings.CRISIS_LINE}


@register.inclusion_tag("journal/panels/sleep.html", takes_context=True)
def sleep_panel(context) -> dict:
    return panels.sleep_panel(context["journal"], context["today"]) | {
        "csrf_token": context.get("csrf_token")
    }


@register.inclusion_tag("journal/panels/peg.html", takes_context=True)
def peg_prompt(context) -> dict:
    return panels.peg_prompt(context["journal"], context["today"])


@register.inclusion_tag("journal/panels/treatments.html", takes_context=True)
def treatment_panel(context) -> dict:
    return panels.treatment_panel(context["journal"], context["today"])


@register.filter
def treatment_kind(kind: str) -> str:
    return d.label(d.TreatmentKind, kind)


@register.filter
def sleep_word(quality: int) -> str:
    return dict(d.SLEEP_QUALITY).get(quality, str(quality))


@register.filter
def one_decimal(value) -> str:
    """A mean to one decimal place ("–" for none)."""
    return "\u2013" if value is None else f"{value:.1f}"


@register.filter
def abs_decimal(value) -> str:
    """The size of a change, to one decimal place: -1.25 -> "1.2"."""
    return f"{abs(value):.1f}"
