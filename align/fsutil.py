"""Atomic file output: a reader sees the old file or the new one, never a fragment."""

from __future__ import annotations

import os
import tempfile


def atomic_write(path: str, data, encoding: str = "utf-8") -> None:
    """Write DATA (str, bytes, or an iterable of them, written as it is produced) to PATH."""
    atomic_write_all([(path, data)], encoding)


def atomic_write_all(items, encoding: str = "utf-8") -> None:
    """Write every (path, data) to a temporary file beside its path, then rename them all:
    a failure while producing or writing any of them leaves every path as it was."""
    written: list[tuple[str, str]] = []
    try:
        for path, data in items:
            directory = os.path.dirname(os.path.abspath(path))
            os.makedirs(directory, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix="-" + os.path.basename(path), dir=directory)
            written.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                for chunk in [data] if isinstance(data, (str, bytes)) else data:
                    handle.write(chunk.encode(encoding) if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for tmp, path in written:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in written:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
