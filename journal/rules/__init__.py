"""Warning signs: the catalogue of shared/warning-signs.md as pure functions returning findings.

Nothing here reads the clock, the database or the ORM: `today` is always an argument, so each
boundary can be pinned by a test. Each area's module declares its rules with `@rule`; importing
them here, in the catalogue's order, fills `RULES` in that order.

    findings = evaluate(journal, today)   # every rule, most pressing first
    findings = check("bone.decline", journal, today)   # one rule, for tests and the views

Flags are prompts to talk with a clinician, never a diagnosis: `journal.wording` says so in words.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from ..snapshot import Journal
from .registry import LEVELS, RULES, Context, Finding, Item, Rule, as_of, level_rank

# The area modules, in the catalogue's order: importing one declares its rules.
AREA_MODULES = (
    "bone",
    "pain",
    "activity",
    "body",
    "meds",
    "labs",
    "falls",
    "mood",
    "treatment",
)
for _name in AREA_MODULES:
    import_module(f"{__name__}.{_name}")

AREAS = tuple(dict.fromkeys(r.area for r in RULES.values()))


def sort_findings(findings) -> list[Finding]:
    """Urgent first, then warning, notice, info, good; stable within a level."""
    return sorted(findings, key=lambda f: level_rank(f.level))


def evaluate(journal: Journal, today: dt.date) -> list[Finding]:
    """Every rule, in catalogue order, over one shared context; the findings most pressing first."""
    ctx = Context(journal, today)
    return sort_findings(f for r in RULES.values() for f in r.check(ctx))


def urgent(journal: Journal, today: dt.date) -> list[Finding]:
    """The urgent findings alone, as `evaluate` gives them (what a save shows with its message):
    only the rules that can be urgent run."""
    ctx = Context(journal, today)
    return [
        f
        for r in RULES.values()
        if "urgent" in r.levels
        for f in r.check(ctx)
        if f.level == "urgent"
    ]


def check(code: str, journal: Journal, today: dt.date) -> list[Finding]:
    """The findings of one rule."""
    return list(RULES[code].check(Context(journal, today)))


__all__ = [
    "AREAS",
    "LEVELS",
    "RULES",
    "Context",
    "Finding",
    "Item",
    "Rule",
    "as_of",
    "check",
    "evaluate",
    "level_rank",
    "sort_findings",
    "urgent",
]
