from __future__ import annotations

from django.db import models
from django.db.models import Q

from .. import domain as d
from ..formats import fmt_date, num
from .base import Owned, choice_in


class DexaScan(Owned):
    facility = models.CharField(max_length=120, blank=True)
    lsc_percent = models.DecimalField(
        "Least significant change (%)", max_digits=3, decimal_places=1, null=True, blank=True
    )

    class Meta(Owned.Meta):
        verbose_name = "DEXA scan"
        constraints = [
            *Owned.Meta.constraints,
            models.CheckConstraint(
                condition=Q(lsc_percent__isnull=True) | Q(lsc_percent__gt=0, lsc_percent__lte=20),
                name="dexa_lsc_range",
            ),
        ]

    def __str__(self) -> str:
        return f"DEXA scan on {fmt_date(self.date)}"


class DexaSiteResult(models.Model):
    """One site's result on a scan: written only with its scan (journal.services.write_dexa)."""

    scan = models.ForeignKey(DexaScan, on_delete=models.CASCADE, related_name="results")
    site = models.CharField(max_length=16, choices=d.Site.choices)
    t_score = models.DecimalField(max_digits=3, decimal_places=2)
    bmd = models.DecimalField("BMD (g/cm²)", max_digits=4, decimal_places=3, null=True, blank=True)
    z_score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["scan", "site"]
        constraints = [
            models.UniqueConstraint(fields=["scan", "site"], name="dexa_one_result_per_site"),
            models.CheckConstraint(
                condition=choice_in("site", d.Site.choices), name="dexa_site_valid"
            ),
            models.CheckConstraint(
                condition=Q(t_score__gte=d.T_MIN, t_score__lte=d.T_MAX), name="dexa_t_range"
            ),
            models.CheckConstraint(
                condition=Q(z_score__isnull=True) | Q(z_score__gte=d.T_MIN, z_score__lte=d.T_MAX),
                name="dexa_z_range",
            ),
            models.CheckConstraint(
                condition=Q(bmd__isnull=True) | Q(bmd__gte=d.BMD_MIN, bmd__lte=d.BMD_MAX),
                name="dexa_bmd_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_site_display()}: T {num(self.t_score)}"
