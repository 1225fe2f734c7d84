"""Every log described once. The generic views and URLs, the navigation, evidence links, the
ownership tests (and the export) read `LOGS`; nothing else names a log's pages.

Adding a log: a model (journal.models), a form (journal.forms), an entry here, a row template
(`journal/rows/<key>.html`), and a fields template where the default list of fields will not do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from . import forms as f
from . import medicines, services
from . import models as m
from .snapshot import load_journal


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

    def queryset(self, user):
        """The person's own entries: every lookup of an entry goes through this."""
        return self.model.objects.filter(user=user).prefetch_related(*self.related)

    def url(self, action: str, pk: int | None = None) -> str:
        """The path of one of the log's pages: list, new, edit, delete or detail."""
        return reverse(f"journal:{self.key}_{action}", args=[] if pk is None else [pk])

    def entry_url(self, pk: int) -> str:
        """Where an entry is shown: its own page where it has one, else its edit form."""
        return self.url("detail" if self.detail_context else "edit", pk)

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
    )
}
