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

# Workers start warm: the app, its URLs, views and matplotlib (with its fonts) are loaded once in
# the master before it forks, so no worker's first request pays for the imports (0.5-0.9 s), and
# the workers share those pages of memory.
preload_app = True


def when_ready(server):
    """After the preloaded app is up and before the first worker is forked: warm the imports,
    then freeze what exists, so a worker's full garbage collections never walk Django's and
    matplotlib's long-lived objects (journal.serving)."""
    from journal.serving import warm_up

    warm_up()


def post_request(worker, req, environ, resp):
    """The answer has gone: free a write's or a drawn chart's garbage now, so a worker's
    memory stays flat (journal.serving.after_request)."""
    from journal.serving import after_request

    after_request(environ.get("REQUEST_METHOD", ""))
