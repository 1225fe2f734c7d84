"""`manage.py migrate`: Django's own, made safe to kill.

Django records a migration as applied in a separate step after its transaction commits whenever
the migration leaves SQL for the end (an index, a foreign key: `deferred_sql`). A migrate killed
between the two (a SIGKILL, a power cut) left, for example, `django_session` created but not
recorded, and every later migrate, so `make run`, failed on "table already exists".

Here each migration's deferred SQL and its record run inside the transaction that applies it
(SQLite and PostgreSQL roll back schema changes with everything else): killed anywhere, a
migration is either applied and recorded or neither. A database left in the old half-way state
is recovered by `make run`, which passes --fake-initial (an initial migration whose tables all
exist is recorded, not run again); any other failure names the migration and the one command
that records it.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.core.management.commands import migrate as django_migrate
from django.db import DatabaseError
from django.db.migrations.executor import MigrationExecutor


class RecordingExecutor(MigrationExecutor):
    """Applies and records each migration in one transaction (see the module's docstring)."""

    def apply_migration(self, state, migration, fake=False, fake_initial=False):
        in_one_transaction = migration.atomic and self.connection.features.can_rollback_ddl
        if fake or not in_one_transaction:
            return super().apply_migration(state, migration, fake=fake, fake_initial=fake_initial)
        if fake_initial and self.detect_soft_applied(state, migration)[0]:
            return super().apply_migration(state, migration, fake_initial=True)  # records it
        if self.progress_callback:
            self.progress_callback("apply_start", migration, fake)
        with self.connection.schema_editor(atomic=True) as editor:
            state = migration.apply(state, editor)
            # What the editor would run on leaving the block, run now, then the record: all
            # before the commit.
            for sql in editor.deferred_sql:
                editor.execute(sql)
            editor.deferred_sql.clear()
            self.record_migration(migration)
        if self.progress_callback:
            self.progress_callback("apply_success", migration, fake)
        return state


class Command(django_migrate.Command):
    applying = None

    def handle(self, *args, **options):
        # Django's command makes its executor by this module-level name; it is put back after.
        original = django_migrate.MigrationExecutor
        django_migrate.MigrationExecutor = RecordingExecutor
        try:
            return super().handle(*args, **options)
        except DatabaseError as exc:
            if self.applying is None:
                raise
            app, name = self.applying.app_label, self.applying.name
            raise CommandError(
                f"Applying {app}.{name} failed: {exc}\n"
                "If an earlier migrate was stopped part-way (killed, or the power went), this "
                "migration's changes may already be in the database without their record. "
                "Back up the database, then record it with\n"
                f"    .venv/bin/python manage.py migrate {app} {name} --fake\n"
                "and start again."
            ) from exc
        finally:
            django_migrate.MigrationExecutor = original

    def migration_progress_callback(self, action, migration=None, fake=False):
        self.applying = migration if action == "apply_start" else None
        super().migration_progress_callback(action, migration, fake)
