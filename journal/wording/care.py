"""The person's words for the mood and treatment flags (merged into `person.PERSON`).

Each function gets the finding's values already formatted (dates as text, means to one decimal).
The treatment words put figures side by side and never say a treatment caused a change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from .. import domain as d

Words = tuple[str, str]


def crisis_line() -> str:
    """Where to turn at once: the CRISIS_LINE setting (its default names the emergency number)."""
    return settings.CRISIS_LINE


def _safety(v: dict) -> Words:
    return (
        f"In your PHQ-9 on {v['date']} you answered \u201c{v['answer']}\u201d to the question "
        "about thoughts that you would be better off dead or of hurting yourself. Thoughts like "
        "these deserve support straight away, whatever your other answers were.",
        f"Please reach out now. {crisis_line()} Let your doctor know about these thoughts too.",
    )


def _depression_screen(v: dict) -> Words:
    text = (
        f"Your PHQ-9 total on {v['date']} was {v['total']} of 27, in the {v['band']} range "
        "(10 or more)"
    )
    if "chronic_since" in v:
        text += (
            f", and your current run of pain has lasted since {v['chronic_since']} "
            f"({v['chronic_days']} days); long-lasting pain and low mood often feed each other"
        )
    else:
        text += "; low mood and pain often feed each other"
    return (
        f"{text}, and both can be helped.",
        "Worth talking over with your doctor soon, who can look at your mood and your pain "
        "together. If things feel unbearable, do not wait: " + crisis_line(),
    )


def _course(v: dict) -> str:
    kind = d.label(d.TreatmentKind, v["kind"]).lower()
    return f"{kind} ({v['name']})" if v["name"] else kind


def _response(v: dict) -> Words:
    course = _course(v)
    figures = (
        f"your average pain over the latest 28 days was {v['latest_mean']}/10 "
        f"({v['latest_count']} entries), against {v['before_mean']}/10 ({v['before_count']} "
        f"entries) in the 28 days before your first {course} session on {v['first']}"
    )
    if v["lower"]:
        return (
            f"After {v['sessions']} sessions, {figures}: at least a point lower. Pain changes "
            "for many reasons, so this shows what happened over the course, not that the "
            "course caused it.",
            "Share these figures with your practitioner, and keep logging to see whether the "
            "change holds.",
        )
    explanation = f"No clear change yet: after {v['sessions']} sessions, {figures}."
    if v["review"]:
        return (
            explanation,
            f"Your first session was {v['days']} days ago, more than 12 weeks. Worth reviewing "
            "the course with your practitioner: whether to go on, change it or try something "
            "else.",
        )
    return (
        explanation,
        "Change often shows from around the 4th to 6th session and builds over 8 to 12 weeks; "
        "keep logging your pain so the comparison stays fair.",
    )


PERSON_CARE: dict[str, Callable[[dict], Words]] = {
    "mood.safety": _safety,
    "mood.depression_screen": _depression_screen,
    "treatment.response": _response,
}
