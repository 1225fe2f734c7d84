from __future__ import annotations

from django.db import models

from ..formats import fmt_date
from .base import Owned


class Fall(Owned):
    """A fall (a fracture it caused goes in the fractures log)."""

    injured = models.BooleanField("It caused an injury", default=False)

    def __str__(self) -> str:
        return f"Fall on {fmt_date(self.date)}" + (" (injured)" if self.injured else "")
