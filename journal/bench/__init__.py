"""`manage.py benchmark`: what a person waits for, against the floor of a bare Django view.

- `settings`, `urls`: the journal's own settings and URLs plus the floor view (`/bench/floor/`,
  a `@login_required` view answering "ok"), used only by the benchmark's database and server.
- `data`: a journal of N years, written as the services would.
- `inproc`: the requests measured in one process with Django's test client, interleaved with the
  floor view; query counts; a cold chart against a bare matplotlib Figure.
- `server`: gunicorn on loopback with a bounded load script, and a worker's memory over saves.
"""
