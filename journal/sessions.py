"""The session store: Django's database sessions, each row naming its person (models.Session).

Django's documented way to extend its database session engine ("Extending database-backed
session engines"): the same store, a model with one more column. settings.SESSION_ENGINE names
this module; `manage.py clearsessions` prunes expired rows through it.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from .models import Session

        return Session

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        row.user_id = int(user_id) if str(user_id or "").isdigit() else None
        return row
