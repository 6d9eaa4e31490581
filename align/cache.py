"""On-disk embedding cache: re-running or re-reviewing the same texts skips the encoder.

Vectors are keyed by the encoder's identity (its name plus the version of the
package that holds its weights, since a new release may change the vectors)
and the exact text the encoder is given, which the pipeline has already
script-normalized; a change of encoder or of normalization settings is
therefore a miss, never a stale hit.

Storage is one SQLite file in WAL mode: any number of processes (a `-j` pool,
several `align run` at once) read and write it concurrently; writers wait for
each other (busy timeout, then retries with backoff). SQLite locking is not
reliable on network file systems, so the cache belongs on a local disk (the
default). The cache is only an optimization: if it cannot be used, a one-line
warning is logged and the run goes on uncached.

Location: $ALIGN_CACHE_DIR if set, else ${XDG_CACHE_HOME:-~/.cache}/align/.
Delete the folder to clear it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import numpy as np

from .encoders import encoder_identity as identity_of_name
from .encoders.base import Encoder, EncoderWrapper, rows_for

CACHE_DIR_ENV = "ALIGN_CACHE_DIR"
DATABASE_NAME = "embeddings-v1.sqlite"
LOOKUP_CHUNK = 500
"""Keys per SELECT ... IN (...): well under SQLite's bound-variable limit on every version."""
BUSY_TIMEOUT_S = 60.0
LOCK_RETRIES = 8

log = logging.getLogger("align.cache")


def default_cache_dir() -> Path:
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "align"


def encoder_identity(encoder: Encoder) -> str:
    """The encoder's name, with the version of whatever produces its vectors (also in signatures)."""
    return identity_of_name(encoder.name)


def _key(identity: str, text: str) -> bytes:
    return hashlib.sha256(f"{identity}\x00{text}".encode("utf-8")).digest()


class EmbeddingCache:
    """Vectors by (encoder identity, text) in one SQLite file; safe across processes and threads.

    A connection is opened per operation, so an instance can be pickled, shared
    by threads and survive a fork; opening costs well under a millisecond
    next to the encoder's work.
    """

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / DATABASE_NAME

    def get(self, identity: str, texts: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors among TEXTS (misses are simply absent)."""
        if not texts or not self.path.exists():
            return {}
        by_key = {_key(identity, t): t for t in texts}
        keys = list(by_key)
        found: dict[str, np.ndarray] = {}

        def read():
            with closing(self._connect()) as conn:
                for start in range(0, len(keys), LOOKUP_CHUNK):
                    chunk = keys[start : start + LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(f"SELECT key, dim, vector FROM vectors WHERE key IN ({marks})", chunk)
                    for key, dim, blob in rows:
                        vector = np.frombuffer(blob, dtype=np.float32)
                        if vector.size == dim:  # a torn or foreign row is a miss, not an error
                            found[by_key[key]] = vector

        try:
            _retry_when_locked(read)
        except sqlite3.OperationalError as exc:
            if not _no_table_yet(exc):
                raise
        return found

    def put(self, identity: str, texts: list[str], vectors: np.ndarray) -> None:
        if not texts:
            return
        vectors = np.asarray(vectors, dtype=np.float32)

        def rows():  # generated, not listed: a book's rows would double its vectors' memory
            return ((_key(identity, t), int(v.size), v.tobytes()) for t, v in zip(texts, vectors))

        def write():
            with closing(self._connect(create=True)) as conn:
                # IMMEDIATE takes the write lock up front, so two writers queue on the
                # busy timeout instead of deadlocking on a read-to-write upgrade.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    conn.executemany("INSERT OR IGNORE INTO vectors (key, dim, vector) VALUES (?, ?, ?)", rows())
                    conn.execute("COMMIT")
                except BaseException:
                    # SQLite has rolled back already after some errors (a full disk): a second
                    # ROLLBACK would replace the real reason with "no transaction is active".
                    if conn.in_transaction:
                        try:
                            conn.execute("ROLLBACK")
                        except sqlite3.Error:
                            pass
                    raise

        _retry_when_locked(write)

    def __len__(self) -> int:
        if not self.path.exists():
            return 0

        def count():
            with closing(self._connect()) as conn:
                return conn.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]

        try:
            return _retry_when_locked(count)
        except sqlite3.OperationalError as exc:
            if not _no_table_yet(exc):
                raise
            return 0

    def _connect(self, create: bool = False) -> sqlite3.Connection:
        if create:
            self.directory.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            if create:
                # Journal mode is stored in the file: this costs nothing once it is set.
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS vectors "
                    "(key BLOB PRIMARY KEY, dim INTEGER NOT NULL, vector BLOB NOT NULL) WITHOUT ROWID"
                )
        except BaseException:
            conn.close()
            raise
        return conn


def _no_table_yet(exc: sqlite3.OperationalError) -> bool:
    """Another process has created the file but not yet its table: for a reader, all misses."""
    return "no such table" in str(exc).lower()


def _retry_when_locked(operation):
    """Run OPERATION, retrying with jittered backoff while another process holds the lock."""
    for attempt in range(LOCK_RETRIES):
        try:
            return operation()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(0.05 * (2**attempt) * (0.5 + random.random()))


class CachedEncoder(EncoderWrapper):
    """An Encoder that asks the cache first and encodes only the misses.

    A pooling encoder's states are cached too, under their own identity."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None = None):
        super().__init__(encoder)
        self.cache = cache if cache is not None else EmbeddingCache()
        self.identity = encoder_identity(encoder)
        self.hits = 0
        self.misses = 0
        self._usable = True

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._cached(self.identity, texts, self.inner.encode)

    def encode_states(self, texts: list[str]) -> np.ndarray:
        return self._cached(self.identity + "|states-v1", texts, self.inner.encode_states)

    def _cached(self, identity: str, texts: list[str], compute) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        found = self._lookup(identity, unique) if unique else {}
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        return rows_for(texts, found, compute, lambda missing, fresh: self._store(identity, missing, fresh))

    def _lookup(self, identity: str, texts: list[str]) -> dict[str, np.ndarray]:
        if not self._usable:
            return {}
        try:
            return self.cache.get(identity, texts)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return {}

    def _store(self, identity: str, texts: list[str], vectors: np.ndarray) -> None:
        if not self._usable:
            return
        try:
            self.cache.put(identity, texts, vectors)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def _give_up(self, exc: Exception) -> None:
        self._usable = False
        log.warning("embedding cache %s unusable (%s); continuing without it", self.cache.path, exc)
