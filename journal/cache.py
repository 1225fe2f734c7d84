"""The default cache: Django's file cache (files under VAR_DIR/cache, shared by the workers), with
two changes for a journal's write pattern, where each save rewrites a few entries of its person.

- **A new entry's file is renamed into a free name.** Django writes a temporary file and renames
  it over the old entry's. On ext4 (the usual Linux file system) a rename that replaces a file
  makes the kernel write the new file's data out first (the `auto_da_alloc` safeguard), which
  measured 1.5 to 3 ms a write on this machine against 0.04 ms for a rename into a free name. So
  the old file is removed first: a reader in between finds no entry and computes the value
  (slower, never wrong), which is what a cache may always do.
- **Entries are not compressed.** Django's file cache compresses each entry with zlib, which took
  0.7 ms for a person's derived values (90 KB) on every write; the few hundred KB a person's
  entries take on disk cost nothing by comparison (Django's Redis cache does not compress
  either). A file written compressed by Django's own backend reads as a miss and is replaced.
- **The folder is counted now and then**, not on every write (`CULL_EVERY`).
- **An entry that cannot be read is a miss.** Without the forced write-out, a power cut can leave
  an entry's file short; such a file, like an empty one, is dropped and reads as missing instead
  of raising.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache

# Django's file cache lists its whole folder on every write, to see whether it holds more than
# MAX_ENTRIES entries (0.4 ms of CPU and 2 ms on a busy disk with 370 files, and more with
# every person): this one looks on the first write and every CULL_EVERY-th after, per process
# and thread, so the folder may hold a few dozen entries over MAX_ENTRIES for a while.
CULL_EVERY = 32


class FileCache(FileBasedCache):
    def get(self, key, default=None, version=None):
        fname = self._key_to_file(key, version)
        try:
            with open(fname, "rb") as f:
                if not self._is_expired(f):
                    return pickle.load(f)
        except FileNotFoundError:
            pass
        except (
            pickle.UnpicklingError,
            EOFError,
            ValueError,
            TypeError,
            AttributeError,
            ImportError,
        ):
            # A file cut short, compressed, or naming a class since removed: a miss.
            self._delete(fname)
        return default

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, self, version)
        if value is self:
            return False
        self.set(key, value, timeout, version)
        return True

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._createdir()  # the folder can be deleted at any time
        fname = self._key_to_file(key, version)
        self._sets = getattr(self, "_sets", 0) + 1
        if self._sets % CULL_EVERY == 1:
            self._cull()
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        renamed = False
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            with contextlib.suppress(FileNotFoundError):
                os.remove(fname)
            os.rename(tmp_path, fname)
            renamed = True
        finally:
            if not renamed:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(tmp_path)
