"""How `make run` (and the test servers) serve the journal with gunicorn.

Read by `gunicorn -c gunicorn.conf.py bonejournal.wsgi`; command-line options override it.

Slow clients: a request holds a thread (not a whole worker process) while it arrives, and the
journal's WSGI layer gives a request body REQUEST_BODY_TIMEOUT seconds (journal.bodies), so a few
stalled or slow senders cannot take every thread. A connection that sends nothing goes back to
gunicorn's poller after 5 s, holding no thread. On a shared host, put a buffering proxy in front
(README, "Serving on a shared host").
"""

import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WORKERS", "3"))
# Threaded workers: each of WORKERS processes serves THREADS requests at once.
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
timeout = 30  # a worker that stops answering gunicorn's heartbeat for this long is replaced
accesslog = "-"
