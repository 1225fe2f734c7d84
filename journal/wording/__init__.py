"""Findings into words, one module per audience: `person` (the dashboard) today, the clinician's
report later. Rules never write sentences; this is the only place that does.

A `Flag` is a finding worded for the person: its rule's title and source, an explanation and a next
step in the journal's own words, and each evidence item as a label and value that link to the
entry behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..rules import RULES, Finding
from . import evidence, person


@dataclass(frozen=True)
class Evidence:
    """One checkable fact behind a flag: which entry, when, and what value."""

    label: str
    value: str
    date: dt.date | None
    log: str  # a journal.logs key, or "profile"
    entry_id: int | None = None


@dataclass(frozen=True)
class Flag:
    code: str
    level: str
    title: str
    explanation: str
    next_step: str
    evidence: tuple[Evidence, ...]
    source: str
    outside_guidance: str = ""


def flag_for_person(finding: Finding) -> Flag:
    rule = RULES[finding.code]
    explanation, next_step = person.words(finding)
    items = tuple(
        Evidence(*evidence.for_person(item), item.date, item.log, item.id)
        for item in finding.evidence
    )
    return Flag(
        code=finding.code,
        level=finding.level,
        title=rule.title,
        explanation=explanation,
        next_step=next_step,
        evidence=items,
        source=rule.source,
        outside_guidance=rule.outside_guidance,
    )


def for_person(findings: Iterable[Finding]) -> list[Flag]:
    return [flag_for_person(f) for f in findings]


__all__ = ["Evidence", "Flag", "flag_for_person", "for_person"]
