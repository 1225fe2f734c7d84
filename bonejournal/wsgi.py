"""The WSGI application gunicorn serves (`gunicorn bonejournal.wsgi`): Django, behind a deadline
for request bodies (journal.bodies.BodyDeadline)."""

import os

# Files the server creates (the SQLite database and its -wal/-shm, the secret key) are its
# owner's alone; settings also tightens any left readable by an older version.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bonejournal.settings")

from django.conf import settings  # noqa: E402 - after the environment above
from django.core.wsgi import get_wsgi_application  # noqa: E402

from journal.bodies import BodyDeadline  # noqa: E402

application = BodyDeadline(
    get_wsgi_application(), settings.REQUEST_BODY_TIMEOUT, settings.DATA_UPLOAD_MAX_MEMORY_SIZE
)
