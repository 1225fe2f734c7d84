"""Everything computed from a person's journal, cached under (person, journal version).

`journal.services` bumps the person's `Profile.version` in the same transaction as every write,
so a value computed from the journal at version V and day D stays right for as long as the
version is V and the day is D. Two layers:

- **The snapshot** (`Derived.journal`): each worker keeps the last few people's `Journal` in
  memory, keyed by (person, version). The services tell what each committed write touched; that
  is recorded for every worker (`slot(user, "changes")`: the last 32 writes), so a worker holding
  an older version re-reads only the touched entries (`snapshot.refresh`: one small query per
  log) instead of the whole history. A write that did not say what it touched, or one the
  record lost, means reading it all again: slower, never wrong.
- **Derived values** (`Derived.get`): flags, panels' HTML, chart data and keys, in Django's cache
  (shared by the workers: files under VAR_DIR, or Redis), one entry per person and kind of value,
  stamped with (version, day, code). A new version replaces the old entry rather than adding one,
  so the cache holds a bounded number of entries per person whatever the number of saves.

Every key names the person, so nobody's request can be answered from, or time, another's cache.
An unchanged journal costs the one indexed profile read (UserTimezoneMiddleware reads the version
with the time zone) plus cache reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache

from . import services
from .snapshot import Journal, field_of, load_journal, refresh
from .watched import FIELDS as _FIELDS
from .watched import VERSION, still_in_order, watched

TIMEOUT = 7 * 24 * 3600  # seconds; an entry is replaced by the next version long before
SNAPSHOTS_PER_WORKER = 16  # people whose journal a worker keeps in memory (a 10-year one: ~4 MiB)


def _code_stamp() -> str:
    """A digest of the journal's code and templates: a deploy never reads a value computed by
    older code (the cache outlives a restart)."""
    digest = hashlib.sha256()
    roots = [Path(__file__).resolve().parent, Path(settings.BASE_DIR) / "templates"]
    paths = [p for root in roots for p in root.rglob("*") if p.suffix in {".py", ".html"}]
    for path in sorted(paths):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_STAMP = _code_stamp()


# --- the snapshot, per worker -------------------------------------------------------------------


def person(user) -> str:
    """Whose values a key holds: the account's id and when it was made, so an account made
    after another's deletion (SQLite may give it the same id) never reads the other's."""
    return f"{user.pk}.{user.date_joined.timestamp():.6f}"


@dataclass
class _Held:
    person: str
    version: int
    journal: Journal
    # Writes since, told by the services: (version, Journal field, ids) in version order.
    pending: list[tuple[int, str, tuple]] = field(default_factory=list)

    @property
    def known(self) -> int:
        return self.pending[-1][0] if self.pending else self.version


_SNAPSHOTS: OrderedDict[int, _Held] = OrderedDict()
_LOCK = threading.Lock()
# The version this thread's last write committed, by person: what the request that wrote takes
# its journal at next (Derived.after_write), without reading it back.
_WRITTEN = threading.local()


CHANGES_KEPT = 32  # the last writes of a person any worker can bring its snapshot up to with


def _told(user, version: int, model: type | None, ids: tuple | None) -> None:
    """A write committed (services.WRITE_LISTENERS): record what it touched for every worker
    (one cache entry per person: the last CHANGES_KEPT writes), and note it in this worker's
    copy, or forget that copy if it cannot be brought up to date."""
    name = field_of(model) if model is not None else None
    record = (version, name, ids) if name is not None and ids is not None else (version, None, None)
    _WRITTEN.version = (user.pk, version)
    key = slot(user, "changes")
    # Two writers at once may each drop the other's record: a worker then reads the whole
    # journal, never a wrong one.
    kept = [r for r in (cache.get(key) or []) if r[0] < version][-(CHANGES_KEPT - 1) :]
    cache.set(key, [*kept, record], TIMEOUT)
    with _LOCK:
        held = _SNAPSHOTS.get(user.pk)
        if held is None:
            return
        if record[1] is None or version != held.known + 1:
            del _SNAPSHOTS[user.pk]  # an unknown change, or one this worker missed
        else:
            held.pending.append(record)


services.WRITE_LISTENERS.append(_told)


def _since(user, held: _Held, version: int) -> dict[str, set] | None:
    """Per Journal field, the ids written from `held.version` to `version`: from this worker's
    notes, else the shared record; None if any write is unknown (then read it all)."""
    if version - held.version > CHANGES_KEPT:
        return None
    records = {v: (name, ids) for v, name, ids in held.pending}
    if any(v not in records for v in range(held.version + 1, version + 1)):
        shared = cache.get(slot(user, "changes")) or []
        records |= {v: (name, ids) for v, name, ids in shared if v not in records}
    touched: dict[str, set] = {}
    for v in range(held.version + 1, version + 1):
        name, ids = records.get(v, (None, None))
        if name is None:
            return None
        touched.setdefault(name, set()).update(ids)
    return touched


def snapshot(user, version: int) -> Journal:
    """The person's journal at `version`: from this worker's memory, brought up to date with
    the writes since (one query per log they touched), or read whole."""
    with _LOCK:
        held = _SNAPSHOTS.get(user.pk)
        if held is not None:
            _SNAPSHOTS.move_to_end(user.pk)
    if held is not None and held.person != person(user):
        held = None
    if held is not None and held.version == version:
        return held.journal
    touched = _since(user, held, version) if held is not None and held.version < version else None
    if touched is not None:
        journal = held.journal
        for name, ids in touched.items():
            journal = refresh(journal, user, name, ids)
        still_in_order(held.journal, journal)
    else:
        journal = load_journal(user)
    with _LOCK:
        current = _SNAPSHOTS.get(user.pk)
        if current is None or current.known <= version or current.person != person(user):
            _SNAPSHOTS[user.pk] = _Held(person(user), version, journal)
            while len(_SNAPSHOTS) > SNAPSHOTS_PER_WORKER:
                _SNAPSHOTS.popitem(last=False)
    return journal


def current_journal(user) -> Journal:
    """The person's journal as stored now: this worker's snapshot, brought up to date (for a
    page that has no `Derived`, instead of reading the whole journal again)."""
    return snapshot(user, services.journal_version(user))


def forget_snapshots() -> None:
    """Drop every worker-held snapshot (tests, and the benchmark's cold measurements), and this
    thread's note of its last write (ids and versions repeat from test to test)."""
    with _LOCK:
        _SNAPSHOTS.clear()
    _WRITTEN.__dict__.clear()


def touched_since(user, since: int, version: int) -> set[str] | None:
    """The Journal fields the writes after `since` up to `version` touched, from the shared
    record (`_told`), with "~version" (the version itself changed); None if any is unknown."""
    if since == version:
        return set()
    if not 0 <= version - since <= CHANGES_KEPT:
        return None
    records = {v: name for v, name, _ in cache.get(slot(user, "changes")) or []}
    names = {records.get(v) for v in range(since + 1, version + 1)}
    return None if None in names else names | {VERSION}


SHOWN = "panel:"  # the values a page shows as they are: kept one version back (`Derived.shown`)
SAME = "~same"  # (in that record) the value did not change at the next version
# --- derived values, shared by the workers -----------------------------------------------------


def slot(user, what: str, *args: str) -> str:
    """The cache key of one kind of value of one person: one entry each, replaced on change."""
    return ":".join(["bj", person(user), what, *args])


class Derived:
    """What one request computes from one person's journal on one day, each value once.

    The values live together in one cache entry per person (`slot(user, "derived")`), stamped
    with (version, day, code): a request reads it once, and writes it once at its end (`flush`,
    called by `FlushMiddleware`) if it computed anything new. On a disk cache a write costs a
    file creation and a rename, so one write per request, not one per value.

    Each value is stored with the Journal fields its computation read (`_Watched`). At a new
    version the same day, a value whose fields none of the writes since touched is taken from
    the entry as it was (a pain entry leaves the DEXA summary, the medicines' reminders and the
    other charts as they were) instead of computed again.
    """

    def __init__(self, user, today: dt.date, version: int | None = None):
        self.user = user
        self.today = today
        self._version = services.journal_version(user) if version is None else version
        self._journal: Journal | None = None
        self._raw: tuple | None = None  # the person's cache entry as read: (stamp, values, reads)
        self._values: dict[str, Any] | None = None
        self._reads: dict[str, frozenset] = {}  # per value, the Journal fields it read
        self._earlier: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._local: dict[str, Any] = {}  # `local` values: this request's only
        # (version, {key: value}): what pages built at the entry's previous version show.
        self._prior: tuple[int, dict[str, Any]] | None = None
        self._own = False  # `on_its_own`: nothing read from or written to the cache
        self._reading: list[set] = []  # the fields read by each computation under way

    @classmethod
    def of(cls, request, today: dt.date) -> Derived:
        """The request's `Derived`, made once; its version is the one the middleware read."""
        derived = getattr(request, "_derived", None)
        if derived is None or derived.today != today:
            derived = cls(request.user, today, getattr(request, "journal_version", None))
            request._derived = derived
        return derived

    @classmethod
    def after_write(cls, request, today: dt.date) -> Derived:
        """The request's `Derived` after it wrote to the journal: at the version its write
        committed. The cache entry read at the version before is read no second time."""
        before = getattr(request, "_derived", None)
        if before is not None and before.user.pk != request.user.pk:
            before = None
        written = getattr(_WRITTEN, "version", None)
        # This thread's write, if it committed after the request began (newer than the version
        # read then); otherwise (nothing written after all) the version is read again.
        mine = (
            before is not None
            and written is not None
            and written[0] == request.user.pk
            and written[1] > before._version
        )
        after = cls(request.user, today, written[1] if mine else None)
        if before is not None and before._raw is not None:
            after._raw = before._raw
        request._derived = after
        return after

    @property
    def version(self) -> int:
        """The journal's version (a value that shows it is computed again at each version)."""
        for reads in self._reading:
            reads.add(VERSION)
        return self._version

    @property
    def stamp(self) -> tuple:
        return (self._version, self.today.isoformat(), CODE_STAMP)

    @property
    def journal(self) -> Journal:
        if self._journal is None:
            self._journal = watched(snapshot(self.user, self._version), self._reading)
        return self._journal

    def _stored(self) -> dict[str, Any]:
        if self._values is None:
            if self._raw is None:
                self._raw = cache.get(slot(self.user, "derived")) or ()
            stored = self._raw
            same = bool(stored) and stored[0] == self.stamp
            self._values = dict(stored[1]) if same else {}
            self._reads = dict(stored[2]) if same and len(stored) > 2 else {}
            # An older version's values (same code): what `earlier` offers to compare with;
            # those of this day that read nothing written since are this version's too.
            if stored and not same and stored[0][2] == CODE_STAMP:
                self._earlier = stored[1]
                carried: set[str] = set()
                if stored[0][1] == self.stamp[1] and stored[0][0] < self._version:
                    carried = self._carry(stored)
                self._prior = (
                    stored[0][0],
                    {
                        key: SAME if key in carried else value
                        for key, value in stored[1].items()
                        if key.startswith(SHOWN)
                    },
                )
            elif same and len(stored) > 3:
                self._prior = stored[3]
        return self._values

    def _carry(self, stored: tuple) -> set[str]:
        """Take over the earlier values whose reads no write since touched (stored with this
        request's values, so the entry moves to the new version whole); returns their keys."""
        touched = touched_since(self.user, stored[0][0], self._version)
        if touched is None or len(stored) < 3:
            return set()
        carried = set()
        for key, reads in stored[2].items():
            if key in stored[1] and not (reads & touched):
                self._values[key] = self._new[key] = stored[1][key]
                self._reads[key] = reads
                carried.add(key)
        return carried

    def shown(self, version: int, what: str, *args: str) -> Any:
        """The value as a page built at `version` shows it, if known: this version's, or the
        previous version's (kept with the entry for what pages show, `SHOWN`), else None."""
        key = ":".join([what, *args])
        values = self._stored()
        if version == self._version:
            return values.get(key)
        if self._prior is None or self._prior[0] != version or key not in self._prior[1]:
            return None
        value = self._prior[1][key]
        return values.get(key) if value == SAME else value

    def earlier(self, what: str, *args: str) -> Any:
        """The value computed at an earlier version or day, if the cache held one: a value
        that depends only on inputs it can compare (a panel's HTML on its context) may reuse
        it when they are the same."""
        self._stored()
        key = ":".join([what, *args])
        if key in self._earlier:
            return self._earlier[key]
        value = self._prior[1].get(key) if self._prior is not None else None
        return None if value == SAME else value

    def get(self, what: str, compute: Callable[[Derived], Any], *args: str) -> Any:
        """`compute(self)`, or the value it gave at this version and day (from the cache, or
        from an earlier version today if nothing it read was written since)."""
        key = ":".join([what, *args])
        values = self._stored()
        if key not in values:
            reads: set = set()
            self._reading.append(reads)
            try:
                values[key] = self._new[key] = compute(self)
            finally:
                self._reading.pop()
            self._reads[key] = frozenset(reads)
        for outer in self._reading:  # a value computed from this one read what it read
            outer.update(self._reads.get(key, _FIELDS))
        return values[key]

    def local(self, what: str, compute: Callable[[Derived], Any], *args: str) -> Any:
        """`compute(self)`, once per request and never stored (what only a value computed now
        needs, such as a chart's data: stored, only its key and drawing are). A value computed
        from it reads what it read."""
        key = "local:" + ":".join([what, *args])
        if key not in self._local:
            reads: set = set()
            self._reading.append(reads)
            try:
                self._local[key] = compute(self)
            finally:
                self._reading.pop()
            self._reads[key] = frozenset(reads)
        for outer in self._reading:
            outer.update(self._reads[key])
        return self._local[key]

    def peek(self, what: str, *args: str) -> Any:
        """The value if it is already computed at this version and day, else None."""
        return self._stored().get(":".join([what, *args]))

    def on_its_own(self) -> Derived:
        """This request's values are its own: the person's cache entry is neither read nor
        written. For an answer that needs few values, all new (a quick save's: the entries it
        lists, the urgent flags), so that the request computing the version's values (its
        follow-up) reads the entry as it was and stores them, with those carried over, in one
        write."""
        self._raw = ()
        self._own = True
        return self

    def flush(self) -> None:
        """Store what this request computed, with what other requests stored meanwhile."""
        if not self._new or self._own:
            return
        key = slot(self.user, "derived")
        stored = cache.get(key)
        same = bool(stored) and stored[0] == self.stamp
        values = dict(stored[1]) if same else {}
        reads = dict(stored[2]) if same and len(stored) > 2 else {}
        new_reads = {k: self._reads.get(k, _FIELDS) for k in self._new}
        prior = stored[3] if same and len(stored) > 3 else self._prior
        cache.set(key, (self.stamp, values | self._new, reads | new_reads, prior), TIMEOUT)
        self._new = {}


class FlushMiddleware:
    """Store the request's newly derived values once, when its view has answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        derived = getattr(request, "_derived", None)
        if derived is not None:
            derived.flush()
        return response
