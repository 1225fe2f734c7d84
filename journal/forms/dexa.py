from __future__ import annotations

from decimal import Decimal

from django import forms

from .. import domain as d
from .base import JournalForm, decimal, note_field


class DexaForm(JournalForm):
    """One scan with up to four site results; at least one site's T-score is required."""

    facility = forms.CharField(
        required=False,
        max_length=120,
        label="Where it was done",
        error_messages={"max_length": "Keep the facility name under 120 characters."},
    )
    lsc_percent = decimal(
        "Least significant change, if the report gives one (%)",
        Decimal("0.1"),
        Decimal("20"),
        1,
        " %",
        required=False,
    )
    note = note_field()
    SITES = [value for value, _ in d.Site.choices]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for site, label in d.Site.choices:
            self.fields[f"{site}_t"] = decimal(
                f"{label} T-score", d.T_MIN, d.T_MAX, 2, required=False
            )
            self.fields[f"{site}_bmd"] = decimal(
                f"{label} BMD (g/cm²)", d.BMD_MIN, d.BMD_MAX, 3, " g/cm²", required=False
            )
            self.fields[f"{site}_z"] = decimal(
                f"{label} Z-score", d.T_MIN, d.T_MAX, 2, required=False
            )
        scan = self.instance
        if scan is not None and not self.is_bound:
            self.initial.update(
                date=scan.date, facility=scan.facility, lsc_percent=scan.lsc_percent, note=scan.note
            )
            for r in scan.results.all():
                self.initial.update(
                    {f"{r.site}_t": r.t_score, f"{r.site}_bmd": r.bmd, f"{r.site}_z": r.z_score}
                )

    def site_rows(self):
        """(label, t, bmd, z) bound fields per site, for the template's table."""
        return [
            (label, self[f"{site}_t"], self[f"{site}_bmd"], self[f"{site}_z"])
            for site, label in d.Site.choices
        ]

    def clean(self):
        data = super().clean()
        present = []
        for site in self.SITES:
            t = data.get(f"{site}_t")
            others = (data.get(f"{site}_bmd"), data.get(f"{site}_z"))
            if t is None and any(v is not None for v in others) and f"{site}_t" not in self.errors:
                self.add_error(
                    f"{site}_t", "Enter this site's T-score too, or clear its other values."
                )
            if t is not None:
                present.append(site)
        if not present and not any(f.endswith(("_t", "_bmd", "_z")) for f in self.errors):
            raise forms.ValidationError("Enter the T-score for at least one site.", code="no_site")
        # What journal.services.write_dexa stores: one result per site with a T-score.
        data["results"] = [
            {
                "site": site,
                "t_score": data[f"{site}_t"],
                "bmd": data.get(f"{site}_bmd"),
                "z_score": data.get(f"{site}_z"),
            }
            for site in present
        ]
        return data

    @classmethod
    def data_from_entry(cls, cells: dict, children: dict) -> dict:
        """A scan's fields and its site results (children "results") as this form's fields."""
        data = dict(cells)
        seen = set()
        for result in children.get("results", []):
            site = result.get("site", "")
            if site not in cls.SITES:
                raise ValueError(f"A site result names an unknown site ({site[:30]!r}).")
            if site in seen:
                raise ValueError(f"It has two results for the site {site}.")
            seen.add(site)
            for name, column in (("t", "t_score"), ("bmd", "bmd"), ("z", "z_score")):
                data[f"{site}_{name}"] = result.get(column, "")
        return data

    def entry_data(self) -> dict:
        """The scan's own fields and its results, as journal.services.write_dexa takes them."""
        data = self.cleaned_data
        scan = {name: data[name] for name in ("date", "facility", "lsc_percent", "note")}
        return scan | {"results": data["results"]}
