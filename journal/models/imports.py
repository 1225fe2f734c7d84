from __future__ import annotations

from django.conf import settings
from django.db import models


class PendingImport(models.Model):
    """An uploaded file between its preview and the person's confirmation: nothing of it is in
    the journal until then. Named by a random token that only its owner's requests can use; goes
    with the account, and is dropped once imported or when older than a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255, blank=True)  # the file's name, as uploaded
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Upload {self.name!r} of {self.user}"
