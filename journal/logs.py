"""The five logs, described once: the generic list/new/edit/delete views and URLs read this."""

from __future__ import annotations

from dataclasses import dataclass

from . import forms as f
from . import models as m


@dataclass(frozen=True)
class Log:
    key: str  # URL prefix and name prefix: /pain/, journal:pain_list
    model: type
    form: type
    title: str  # page heading of the list
    noun: str  # "pain entry", in sentences
    form_template: str = "journal/log_form.html"
    per_page: int = 25

    def queryset(self, user):
        qs = self.model.objects.filter(user=user)
        if self.model is m.DexaScan:
            qs = qs.prefetch_related("results")
        return qs

    @property
    def row_template(self) -> str:
        return f"journal/rows/{self.key}.html"


LOGS: dict[str, Log] = {
    log.key: log
    for log in (
        Log("pain", m.PainEntry, f.PainForm, "Pain log", "pain entry"),
        Log("dexa", m.DexaScan, f.DexaForm, "DEXA scans", "DEXA scan", "journal/dexa_form.html"),
        Log("exercise", m.ExerciseSession, f.ExerciseForm, "Exercise", "exercise session"),
        Log("height", m.HeightMeasurement, f.HeightForm, "Height", "height measurement"),
        Log("fractures", m.Fracture, f.FractureForm, "Fractures", "fracture"),
    )
}
