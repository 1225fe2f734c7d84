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
# Bounds that keep the page one sheet whatever the journal holds (the journal has the rest).
NOTE_CHARS = 120  # a worst day's note quoted on the page
SHORT_NOTE_CHARS = 60  # a fracture's or a fall's, in a narrow column
FRACTURES_SHOWN = 3  # newest first
FALLS_SHOWN = 4
MEDICINES_SHOWN = 6
# Shorter still when even the most pressing flags would not fit beside the full lists (pdf.page).
BRIEF_NOTE_CHARS = 40
BRIEF_MEDICINES_SHOWN = 3
MOODS_SHOWN = 6  # the period's PHQ-9 totals, newest
NAME_CHARS = 40  # a medicine's or a course's name


def clip(note: str, chars: int = NOTE_CHARS) -> str:
    """A note cut to `chars` characters (an ellipsis marks the cut), on one line."""
    note = " ".join(note.split())
    return note if len(note) <= chars else note[: chars - 1].rstrip() + "\u2026"


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


def worst_days(report: Report, brief: bool = False) -> list[str]:
    """The worst days, each with its note (`brief`: cut shorter)."""
    chars = BRIEF_NOTE_CHARS if brief else NOTE_CHARS
    out = []
    for pain in report.pain.worst:
        places = ", ".join(d.label(d.Location, loc).lower() for loc in pain.locations)
        note = f": \u201c{clip(pain.note, chars)}\u201d" if pain.note else ""
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
    newest = list(reversed(report.fractures))
    lines = [
        f"{fmt_date(f.date)}: {d.label(d.FractureSite, f.site)}"
        + (", minimal trauma" if f.minimal_trauma else "")
        + (f" (\u201c{clip(f.note, SHORT_NOTE_CHARS)}\u201d)" if f.note else "")
        for f in newest[:FRACTURES_SHOWN]
    ]
    if len(newest) > FRACTURES_SHOWN:
        lines.append(f"and {plural(len(newest) - FRACTURES_SHOWN, 'earlier fracture')}.")
    return lines


def evidence_lines(flag, limit: int = 3) -> list[str]:
    items = [f"{e.label}: {e.value}" for e in flag.evidence[:limit]]
    if len(flag.evidence) > limit:
        items.append(f"and {len(flag.evidence) - limit} more")
    return items


FOOTER = (
    "Patient-recorded journal data. Flags are prompts for discussion drawn from the journal's "
    "source documents, not a diagnosis."
)


# --- treatments, medicines, the PHQ-9, falls (report.sections) -----------------------------------

COURSES_SHOWN = 3
SHORT_KIND = {
    "bisphosphonate_oral": "oral bisphosphonate",
    "zoledronate": "zoledronate",
    "denosumab": "denosumab",
    "anabolic": "anabolic agent",
    "hormone": "hormone therapy or SERM",
    "calcium": "calcium",
    "vitamin_d": "vitamin D",
    "paracetamol": "paracetamol",
    "nsaid": "NSAID",
    "opioid": "opioid",
}


def _window(label: str, w) -> str:
    if w is None or not w.count:
        return f"no pain entries {label}"
    return f"{num(w.mean, 1)} {label} ({plural(w.count, 'entry', 'entries')})"


def course_lines(report: Report, brief: bool = False) -> list[str]:
    """A line per treatment course, the first `COURSES_SHOWN` (`brief`: one)."""
    rows = report.sections.get("treatments") or ()
    if not rows:
        return ["No treatment course in the period."]
    shown = 1 if brief else COURSES_SHOWN
    out = []
    for row in rows[:shown]:
        course = d.label(d.TreatmentKind, row.course.kind)
        if row.course.name:
            course += f" ({clip(row.course.name, NAME_CHARS)})"
        if row.first is None:
            out.append(f"{course}: started {fmt_date(row.course.date)}; no session logged yet.")
            continue
        text = (
            f"{course}: {plural(row.sessions, 'session')} from {fmt_date(row.first)} "
            f"({row.sessions_in_period} in the period). Pain "
            f"{_window('in the 28 days before the first session', row.before)}, "
            f"{_window('since', row.since)}, {_window('in the latest 28 days', row.latest)}."
        )
        if row.pairs:
            change = row.pair_change
            way = "lower" if change < 0 else "higher" if change > 0 else "unchanged"
            size = f"{num(abs(change), 1)} points {way}" if change else "unchanged"
            text += (
                f" Just after a session pain was {size} than just before (mean of "
                f"{plural(row.pairs, 'session')} with both noted)."
            )
        out.append(text)
    if len(rows) > shown:
        out.append(f"and {plural(len(rows) - shown, 'earlier course')}.")
    return out


def usual_dose(medicine) -> str:
    """ "60 mg every 6 months", "when needed"."""
    schedule = d.label(d.Schedule, medicine.schedule).lower()
    if medicine.dose_amount is None:
        return schedule
    unit = d.label(d.DoseUnit, medicine.dose_unit) if medicine.dose_unit else ""
    return " ".join(filter(None, (f"{medicine.dose_amount.normalize():f}", unit, schedule)))


def medicine_name(medicine) -> str:
    kind = SHORT_KIND.get(medicine.kind, "")
    if kind and kind.lower() not in medicine.name.lower():
        return f"{medicine.name} ({kind})"
    return medicine.name


def _late(late) -> str:
    text = f"{fmt_date(late.dose.date)}, {plural(late.days, 'day')} after its due date"
    return text + ("; more than 7 months after the one before" if late.past_limit else "")


def _adherence(row, report: Report) -> str:
    m = row.medicine
    if m.schedule == d.Schedule.DAILY:
        span = f"since {fmt_date(m.date)}"
        if m.stopped is not None and m.stopped <= report.end:
            span = f"from {fmt_date(m.date)} to {fmt_date(m.stopped)}"
        return f"taken daily {span}, {plural(row.days, 'day')} in the period (by its dates)"
    if m.schedule == d.Schedule.AS_NEEDED:
        if not row.doses:
            return "no dose logged in the period"
        per_month = Decimal(row.doses * 30) / ((report.end - report.start).days + 1)
        months = ", ".join(f"{first:%b} {n}" for first, n in row.months)
        return (
            f"{plural(row.doses, 'dose')} on {plural(row.days, 'day')} (about "
            f"{num(per_month, 1)} a month; by month: {months})"
        )
    parts = [f"{plural(row.doses, 'dose')} in the period" if row.doses else "no dose in the period"]
    if row.doses:
        parts.append(f"{row.on_time} on time")
        parts.append(
            f"{len(row.late)} late" + (f" ({'; '.join(map(_late, row.late))})" if row.late else "")
        )
        if row.untimed:
            parts.append(f"{row.untimed} with no earlier dose to time it from")
    if row.next_due is not None:
        if row.overdue_days:
            overdue = plural(row.overdue_days, "day")
            parts.append(f"next was due {fmt_date(row.next_due)}: overdue by {overdue}")
        else:
            parts.append(f"next due {fmt_date(row.next_due)}")
    return ", ".join(parts)


def medicine_lines(report: Report, brief: bool = False) -> list[str]:
    """A line per medicine, the first `MEDICINES_SHOWN` (`brief`: fewer)."""
    rows = report.sections.get("medicines") or ()
    if not rows:
        return ["No medicine recorded in the period."]
    shown = BRIEF_MEDICINES_SHOWN if brief else MEDICINES_SHOWN
    out = []
    for row in rows[:shown]:
        stopped = (
            f" (stopped {fmt_date(row.medicine.stopped)})"
            if row.medicine.stopped_by(report.end)
            else ""
        )
        name = clip(medicine_name(row.medicine), NAME_CHARS)
        out.append(f"{name}, {usual_dose(row.medicine)}{stopped}: {_adherence(row, report)}.")
    if len(rows) > shown:
        more = plural(len(rows) - shown, "more medicine")
        out.append(f"and {more} (the journal's medicines page lists every one).")
    return out


def mood_line(report: Report) -> str:
    section = report.sections.get("mood")
    if section is None:
        return "No PHQ-9 recorded."
    latest = section.latest
    text = f"Latest total {latest.total} of 27 ({latest.band}) on {fmt_date(latest.date)}"
    if latest.date < report.start:
        text += ", before the period"
    if section.change is not None:
        before = section.previous
        text += (
            f"; {section.change:+d} since the one before, {before.total} ({before.band}) on "
            f"{fmt_date(before.date)}"
        )
    text += "."
    if latest.item9:
        text += (
            f" Question 9 (thoughts of death or self-harm) answered "
            f"\u201c{d.phq9_answer(latest.item9).lower()}\u201d."
        )
    if len(section.in_period) > 1:
        shown = section.in_period[-MOODS_SHOWN:]
        totals = ", ".join(f"{m.total} ({fmt_date(m.date)})" for m in shown)
        earlier = len(section.in_period) - len(shown)
        text += f" In the period: {totals}" + (f", and {earlier} earlier." if earlier else ".")
    return text


def falls_line(report: Report) -> str:
    section = report.sections.get("falls")
    if section is None or not section.falls:
        text = "No falls recorded in the period"
        if section is not None and section.earlier is not None:
            f = section.earlier
            text += f"; the last on {fmt_date(f.date)}" + (" (injured)" if f.injured else "")
        return text + "."
    items = []
    for f in section.falls[:FALLS_SHOWN]:
        details = ["injured"] if f.injured else []
        if f.note:
            details.append(f"\u201c{clip(f.note, SHORT_NOTE_CHARS)}\u201d")
        items.append(fmt_date(f.date) + (f" ({'; '.join(details)})" if details else ""))
    if len(section.falls) > FALLS_SHOWN:
        items.append(f"and {len(section.falls) - FALLS_SHOWN} earlier")
    count = plural(len(section.falls), "fall")
    return f"{count} in the period, {section.injured} with an injury: {', '.join(items)}."
