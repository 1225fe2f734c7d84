"""What the journal keeps about accounts rather than entries: sessions that name their person,
the sign-up throttle's record, and the one-time submit tokens of forms.

None of these is part of a person's journal; each goes with its person (or, for the throttle,
within the hour).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

ADDRESS_MAX = 45  # the longest written IPv6 address
TOKEN_MIN, TOKEN_MAX = 16, 64


class Session(AbstractBaseSession):
    """Django's database session with the person it belongs to (journal.sessions writes it).

    Deleting an account finds its sessions by this column instead of decoding every session in
    the table, and they go with the account by cascade.
    """

    # Deleted with the account (Django's cascade). No database-level constraint: a session
    # saved while its account is being deleted must not fail the request that saves it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
    )

    @classmethod
    def get_session_store_class(cls):
        from ..sessions import SessionStore

        return SessionStore

    class Meta(AbstractBaseSession.Meta):
        db_table = "journal_session"


class SignupRecord(models.Model):
    """One account created from an address, kept an hour for SIGNUP_LIMIT_PER_HOUR."""

    address = models.CharField(max_length=ADDRESS_MAX)
    created = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "created"], name="signuprecord_address")]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("address"), ADDRESS_MAX),
                name="signuprecord_address_length",
            )
        ]

    def __str__(self) -> str:
        return f"sign-up from {self.address} at {self.created:%Y-%m-%d %H:%M}"


class SubmitToken(models.Model):
    """A form's one-time submit token, claimed by its first save (journal.services.save_entry);
    a repeat of it finds the entry that first save stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token = models.CharField(max_length=TOKEN_MAX)
    log = models.CharField(max_length=40)
    entry_id = models.BigIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submittoken_once"),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("token"), TOKEN_MIN)
                & LessThanOrEqual(Length("token"), TOKEN_MAX),
                name="submittoken_length",
            ),
        ]
        indexes = [models.Index(fields=["user", "created"], name="submittoken_user_created")]

    def __str__(self) -> str:
        return f"{self.log} submit {self.token[:6]}…"
