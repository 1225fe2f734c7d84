"""Every log described once. The generic views and URLs, the navigation, evidence links, the
ownership tests (and the export) read `LOGS`; nothing else names a log's pages.

Adding a log: a model (journal.models), a form (journal.forms), an entry here, a row template
(`journal/rows/<key>.html`), and a fields template where the default list of fields will not do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils import timezone

from . import care_pages, medicines, services
from . import forms as f
from . import models as m
from .snapshot import load_journal


@lru_cache(maxsize=256)
def fixed_url(prefix: str, name: str) -> str:
    """A URL without arguments, per script prefix (the URLconf does not change while serving)."""
    return reverse(name)


PK_MARK = 7_654_321_987  # stands for an entry's id in a URL reversed once (`_entry_url`)


@lru_cache(maxsize=256)
def _entry_url(prefix: str, name: str) -> tuple[str, str]:
    """An entry's URL around its id (an int converter writes it as it is): what comes before it
    and after it, reversed once per script prefix and name."""
    head, tail = reverse(name, args=[PK_MARK]).split(str(PK_MARK))
    return head, tail


@dataclass(frozen=True)
class Log:
    key: str  # URL prefix, URL-name prefix and evidence's log: /pain/, journal:pain_list
    model: type
    form: type
    title: str  # the list's heading
    noun: str  # "pain entry", in sentences
    nav: str = ""  # its label in the site's navigation ("" keeps it out)
    fields_template: str = "journal/fields/default.html"  # the form's fields, inside the page
    writer: Callable | None = None  # how services saves an entry (services.write_fields if None)
    related: tuple[str, ...] = ()  # prefetched with the entries (a parent's children)
    # A child log's field naming its parent entry in another log (a dose's "medicine"): its form
    # offers only their own (forms.OwnedChoiceField); /<key>/new/?<field>=<id> chooses it.
    parent_field: str = ""
    list_context: Callable | None = None  # (user) -> extra context for the list page
    detail_context: Callable | None = None  # (user, entry) -> context: the entry has a page
    per_page: int = 25
    # Where a save goes: "list"; "entry", its own page, which shows the save and anything urgent
    # it raised first (a PHQ-9's result); or "parent", a child's parent entry (a session's course).
    after_save: str = "list"
    saved_message: Callable | None = None  # (entry) -> the words after a save, if not "Saved the …"
    intro_template: str = ""  # shown above the list (a chart, what the log is for)

    def queryset(self, user):
        """The person's own entries: every lookup of an entry goes through this."""
        return self.model.objects.filter(user=user).prefetch_related(*self.related)

    def url(self, action: str, pk: int | None = None) -> str:
        """The path of one of the log's pages: list, new, edit, delete or detail."""
        name = f"journal:{self.key}_{action}"
        if pk is None:  # a fixed path (the navigation shows ten on every page): reversed once
            return fixed_url(get_script_prefix(), name)
        if type(pk) is not int or pk < 0:  # as the URLconf would have it (or refuse it)
            return reverse(name, args=[pk])
        head, tail = _entry_url(get_script_prefix(), name)  # lists show dozens: reversed once
        return f"{head}{pk}{tail}"

    def entry_url(self, pk: int) -> str:
        """Where an entry is shown: its own page where it has one, else its edit form."""
        return self.url("detail" if self.detail_context else "edit", pk)

    def saved_url(self, entry) -> str:
        """Where a save of `entry` goes (see `after_save`)."""
        if self.after_save == "entry":
            return self.url("detail", entry.pk)
        if self.after_save == "parent":
            parent = getattr(entry, self.parent_field)
            return next(log for log in LOGS.values() if isinstance(parent, log.model)).entry_url(
                parent.pk
            )
        return self.url("list")

    @property
    def row_template(self) -> str:
        return f"journal/rows/{self.key}.html"

    @property
    def detail_template(self) -> str:
        return f"journal/detail/{self.key}.html"


def _dexa_changes(user) -> dict:
    return {"changes": load_journal(user).site_changes()}


def _dexa_scan(user, scan) -> dict:
    return {"changes": load_journal(user).site_changes().get(scan.pk, [])}


def _saved_peg(entry) -> str:
    return (
        f"Saved: PEG score {entry.score} out of 10, the average of {entry.pain}, "
        f"{entry.enjoyment} and {entry.activity}."
    )


def _saved_sleep(entry) -> str:
    return f"Saved: {entry.get_quality_display().lower()} sleep on the night before {entry.date}."


def _medicine_statuses(user) -> dict:
    return {"statuses": medicines.statuses(load_journal(user), timezone.localdate())}


def _medicine_page(user, medicine) -> dict:
    return medicines.page(load_journal(user), medicine.pk, timezone.localdate())


LOGS: dict[str, Log] = {
    log.key: log
    for log in (
        Log("pain", m.PainEntry, f.PainForm, "Pain log", "pain entry", "Pain"),
        Log(
            "dexa",
            m.DexaScan,
            f.DexaForm,
            "DEXA scans",
            "DEXA scan",
            "DEXA",
            fields_template="journal/fields/dexa.html",
            writer=services.write_dexa,
            related=("results",),
            list_context=_dexa_changes,
            detail_context=_dexa_scan,
            after_save="entry",  # its page: the changes by site and the flags it raised
        ),
        Log(
            "exercise",
            m.ExerciseSession,
            f.ExerciseForm,
            "Exercise",
            "exercise session",
            "Exercise",
        ),
        Log("height", m.HeightMeasurement, f.HeightForm, "Height", "height measurement", "Height"),
        Log("fractures", m.Fracture, f.FractureForm, "Fractures", "fracture", "Fractures"),
        Log(
            "medicines",
            m.Medicine,
            f.MedicineForm,
            "Medicines and supplements",
            "medicine",
            "Medicines",
            fields_template="journal/fields/medicines.html",
            list_context=_medicine_statuses,
            detail_context=_medicine_page,
        ),
        Log(
            "doses",
            m.Dose,
            f.DoseForm,
            "Doses taken",
            "dose",
            writer=services.write_dose,
            related=("medicine",),
            parent_field="medicine",
        ),
        Log("labs", m.LabResult, f.LabForm, "Lab results", "lab result", "Labs"),
        Log("falls", m.Fall, f.FallForm, "Falls", "fall", "Falls"),
        Log(
            "treatments",
            m.TreatmentCourse,
            f.TreatmentForm,
            "Treatments",
            "treatment course",
            "Treatments",
            related=("sessions",),
            detail_context=care_pages.course,
            intro_template="journal/intro/treatments.html",
        ),
        Log(
            "sessions",
            m.TreatmentSession,
            f.SessionForm,
            "Treatment sessions",
            "treatment session",
            writer=services.write_session,
            related=("treatment",),
            parent_field="treatment",
            after_save="parent",
        ),
        Log(
            "mood",
            m.MoodQuestionnaire,
            f.MoodForm,
            "Mood (PHQ-9)",
            "PHQ-9 questionnaire",
            "Mood",
            fields_template="journal/fields/mood.html",
            list_context=care_pages.mood_list,
            detail_context=care_pages.mood_result,
            after_save="entry",
            intro_template="journal/intro/mood.html",
        ),
        Log(
            "sleep",
            m.SleepEntry,
            f.SleepForm,
            "Sleep",
            "night's sleep",
            "Sleep",
            fields_template="journal/fields/sleep.html",
            writer=services.write_sleep,
            saved_message=_saved_sleep,
        ),
        Log(
            "peg",
            m.PegCheckIn,
            f.PegForm,
            "Weekly pain check-in (PEG)",
            "PEG check-in",
            "Check-in",
            fields_template="journal/fields/peg.html",
            list_context=care_pages.peg_list,
            saved_message=_saved_peg,
            intro_template="journal/intro/peg.html",
        ),
    )
}
