"""The report's values as the words and figures printed on it: one place, read by both the HTML
page and the PDF, so the two can never disagree."""

from __future__ import annotations

from decimal import Decimal

from .. import domain as d
from .. import units as u
from ..formats import fmt_date, num, plural
from .context import Report

SEX = {"female": "female", "male": "male", "other": "sex recorded as other"}
SITE_HEADER = ("Site", "Latest", "T-score", "Category", "BMD g/cm²", "Change since previous", "LSC")


def signed(value: Decimal, places: int = 2) -> str:
    text = num(value, places)
    return text if text.startswith("-") or text == "0.0" else f"+{text}"


def title(report: Report) -> str:
    return f"Bone Journal: {report.months}-month summary for a clinician"


def who(report: Report) -> str:
    w = report.who
    parts = [w.name] if w.name else []
    if w.age is not None:
        parts.append(f"age {w.age} (born {w.birth_year})")
    if w.sex:
        parts.append(SEX.get(w.sex, w.sex))
    return ", ".join(parts) or "No name, age or sex given"


def period(report: Report) -> str:
    return f"Period {fmt_date(report.start)} to {fmt_date(report.end)}; made {fmt_date(report.end)}"


def site_rows(report: Report) -> list[tuple[str, ...]]:
    rows = []
    for s in report.sites:
        change, lsc = "first scan of this site", ""
        if s.t_change is not None:
            change = f"T {signed(s.t_change)} since {fmt_date(s.previous_date)}"
            if s.bmd_change is not None:
                change += f"; BMD {signed(s.bmd_change, 3)}"
                verdict = "exceeds" if s.beyond_lsc else "within"
                lsc = f"{verdict} LSC ({num(s.lsc, 3)})"
            else:
                lsc = "no BMD pair"
        rows.append(
            (
                s.label,
                fmt_date(s.date),
                num(s.t_score),
                d.label(d.Category, s.category),
                num(s.bmd, 3) if s.bmd is not None else "",
                change,
                lsc,
            )
        )
    return rows


def pain_lines(report: Report) -> list[str]:
    p = report.pain
    lines = []
    if p.count:
        lines.append(
            f"{plural(p.count, 'entry', 'entries')}: mean {num(p.mean, 1)}, median "
            f"{num(p.median, 1)} (0-10)."
        )
        if p.trend:
            lines.append(
                f"Trend {p.trend}: mean {num(p.first_half, 1)} in the first half of the period, "
                f"{num(p.second_half, 1)} in the second."
            )
    else:
        lines.append("No pain entries in this period.")
    if p.episode_days is not None:
        chronic = ", chronic (more than 3 months)" if p.episode_days >= 91 else ""
        lines.append(
            f"Current pain episode since {fmt_date(p.episode_start)}: "
            f"{plural(p.episode_days, 'day')}{chronic}."
        )
    return lines


def worst_days(report: Report) -> list[str]:
    out = []
    for pain in report.pain.worst:
        places = ", ".join(d.label(d.Location, loc).lower() for loc in pain.locations)
        note = f": \u201c{pain.note}\u201d" if pain.note else ""
        out.append(f"{fmt_date(pain.date)}: {pain.score}/10, {places}{note}")
    return out


def activity_line(report: Report) -> str:
    a = report.activity
    if a is None:
        return "No exercise logged in the period's complete weeks."
    return (
        f"{plural(a.weeks, 'complete week')}: mean {a.mean_minutes} moderate-equivalent minutes a "
        f"week (target {a.target}); {a.weeks_at_target} of {a.weeks} weeks at target. Strength "
        f"work on {num(a.mean_strength_days, 1)} days a week on average; "
        f"{a.weeks_two_strength_days} weeks with 2 or more."
    )


def height_line(report: Report) -> str:
    h = report.height
    if h is None:
        return "No height measured."
    if h.units == u.IMPERIAL:  # the person's units (journal.units), cm in brackets for the clinic
        sign = "-" if h.change < 0 else "+" if h.change > 0 else ""
        text = (
            f"Latest {u.height_text(h.latest, h.units)} ({num(h.latest, 1)} cm, "
            f"{fmt_date(h.latest_date)}); {sign}{u.height_change_text(h.change, h.units)} since "
            f"the first measurement ({u.height_text(h.first, h.units)}, "
            f"{fmt_date(h.first_date)}); {u.height_change_text(h.below_tallest, h.units)} below "
            "the tallest measured."
        )
        if h.profile_tallest is not None:
            text += f" Reported tallest adult height {u.height_text(h.profile_tallest, h.units)}."
        return text
    text = (
        f"Latest {num(h.latest, 1)} cm ({fmt_date(h.latest_date)}); "
        f"{signed(h.change, 1)} cm since the first measurement ({num(h.first, 1)} cm, "
        f"{fmt_date(h.first_date)}); {num(h.below_tallest, 1)} cm below the tallest measured."
    )
    if h.profile_tallest is not None:
        text += f" Reported tallest adult height {num(h.profile_tallest, 1)} cm."
    return text


def fracture_lines(report: Report) -> list[str]:
    if not report.fractures:
        return ["No fractures recorded."]
    return [
        f"{fmt_date(f.date)}: {d.label(d.FractureSite, f.site)}"
        + (", minimal trauma" if f.minimal_trauma else "")
        + (f" (\u201c{f.note}\u201d)" if f.note else "")
        for f in reversed(report.fractures)
    ]


def evidence_lines(flag, limit: int = 3) -> list[str]:
    items = [f"{e.label}: {e.value}" for e in flag.evidence[:limit]]
    if len(flag.evidence) > limit:
        items.append(f"and {len(flag.evidence) - limit} more")
    return items


FOOTER = (
    "Patient-recorded journal data. Flags are prompts for discussion drawn from the journal's "
    "source documents, not a diagnosis."
)
