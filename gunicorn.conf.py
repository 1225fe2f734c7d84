"""How `make run` (and the test servers) serve the journal with gunicorn.

Read by `gunicorn -c gunicorn.conf.py bonejournal.wsgi`; command-line options override it.
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "3"))
accesslog = "-"
