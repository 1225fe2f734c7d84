"""A person's journal that notes which of its fields (logs) each computation reads
(journal.derived: a value whose logs no write touched since is still right at a new version)."""

from __future__ import annotations

from dataclasses import fields

from .snapshot import Journal

VERSION = "~version"  # a value that shows the version itself (the page's version) reads this
FIELDS = frozenset(f.name for f in fields(Journal))


class _Watched(Journal):
    """A person's journal that notes which of its fields each computation running on it reads
    (`Derived.get`): a value whose fields no write touched since is still right at the new
    version. Anything read through the journal (its methods, `getattr`, `replace`) is noted;
    the rules' `as_of` memo is set before watching starts (it reads every log)."""

    def __getattribute__(self, name):
        if name in FIELDS:
            for reads in object.__getattribute__(self, "__dict__").get("_readers", ()):
                reads.add(name)
        return object.__getattribute__(self, name)

    def __reduce__(self):  # stored (it never is), it is a plain Journal
        return (Journal, tuple(getattr(self, f.name) for f in fields(Journal)))


def watched(journal: Journal, readers: list[set]) -> Journal:
    """`journal` (a snapshot, shared: it is not changed) as one that adds each field read to
    every set in `readers` (the computations under way, innermost last)."""
    from .rules.registry import _latest_if_in_order

    _latest_if_in_order(journal)  # memoised on the snapshot, copied to the watched journal
    copy = object.__new__(_Watched)
    copy.__dict__.update(journal.__dict__)
    copy.__dict__["_readers"] = readers
    return copy


def still_in_order(before: Journal, after: Journal) -> None:
    """`refresh` keeps each log in date order, so the rules' memo of "every log in order, and
    the latest date" (`rules.registry.as_of`) carries over to the refreshed journal from each
    log's last entry, without a pass over its history."""
    known = before.__dict__.get("_in_order")
    if known is None or not known[0]:
        return
    latest = max(
        (items[-1].date for items in map(after.entries, Journal.LOGS) if items), default=None
    )
    object.__setattr__(after, "_in_order", (True, latest))
