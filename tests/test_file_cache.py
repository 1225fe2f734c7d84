"""journal/cache.py: Django's file cache, uncompressed, written by a rename into a free name; an
entry it cannot read is a miss, never an error."""

from __future__ import annotations

import os
import pickle
import zlib

import pytest

from journal.cache import FileCache


@pytest.fixture
def files(tmp_path):
    return FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})


def test_an_entry_reads_back_and_a_rewrite_replaces_it(files):
    files.set("k", {"a": [1, 2]})
    assert files.get("k") == {"a": [1, 2]}
    files.set("k", "second")
    assert files.get("k") == "second"
    assert files.get("missing", "default") == "default"


def test_a_write_leaves_one_file_an_entry_and_no_temporary_file(files, tmp_path):
    for n in range(5):
        files.set("k", n)
    files.set("other", "x")
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".djcache", ".djcache"]


@pytest.mark.parametrize(
    "content",
    [b"", b"\x80\x05cut", zlib.compress(b"a file written compressed by Django's backend")],
    ids=["empty", "cut short", "compressed"],
)
def test_an_unreadable_entry_is_a_miss_and_is_removed(files, content):
    files.set("k", "value")
    path = files._key_to_file("k")
    with open(path, "r+b") as f:  # the expiry stays, the value is replaced
        pickle.load(f)
        f.truncate(f.tell())
        f.write(content)
    assert files.get("k", "miss") == "miss"
    assert not os.path.exists(path)
    files.set("k", "again")
    assert files.get("k") == "again"


def test_touch_add_and_delete_work_on_uncompressed_entries(files):
    assert files.touch("k") is False
    files.set("k", "value", timeout=1)
    assert files.touch("k", timeout=60) is True
    assert files.get("k") == "value"
    assert files.add("k", "other") is False
    assert files.add("new", "first") is True
    assert files.get("new") == "first"
    assert files.delete("k") is True
    assert files.get("k") is None


def test_an_expired_entry_is_a_miss(files):
    files.set("k", "value", timeout=-1)
    assert files.get("k", "miss") == "miss"


def test_the_folder_is_culled_on_the_first_write_and_every_cull_every_th(files, monkeypatch):
    from journal import cache as module

    culls = []
    monkeypatch.setattr(FileCache, "_cull", lambda self: culls.append(self._sets))
    for n in range(2 * module.CULL_EVERY + 1):
        files.set(f"k{n}", n)
    assert culls == [1, module.CULL_EVERY + 1, 2 * module.CULL_EVERY + 1]


def test_a_full_folder_is_culled_back_under_max_entries(files, tmp_path):
    from journal import cache as module

    for n in range(100 + 2 * module.CULL_EVERY):
        files.set(f"k{n}", n)
    assert len(list(tmp_path.iterdir())) < 100 + module.CULL_EVERY
