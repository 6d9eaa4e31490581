"""Atomic file output: a reader sees the old file or the new one, never a fragment.

Each file is written to a temporary file beside it, flushed to disk, and renamed
over its final name only once every file of the group is complete. Temporary
files are named `.align-tmp-<host>-<pid>-<random>`: short (a final name may use
the file system's whole 255 bytes) and ours alone, so the next run can tell a
temporary file whose writer was killed (SIGKILL, power loss) from one a live
process is still writing, and remove only the former (`remove_stale_temps`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import socket
import time
import zlib

from .errors import AlignError

TEMP_PREFIX = ".align-tmp-"
HOST_TAG = format(zlib.crc32(socket.gethostname().encode("utf-8", "replace")) & 0xFFFF, "04x")
"""This machine in temporary names: a pid means something only on the machine it came from
(a Dask cluster writes to shared storage from several)."""
FOREIGN_TEMP_AGE_S = 24 * 3600
"""A temporary file from another machine is removed once it is this old: no set takes a
day to write, and its writer's liveness cannot be checked from here."""
NAME_MAX_FALLBACK = 255
"""The longest file name, in bytes, where the file system does not say (ext4, XFS, APFS, NTFS)."""


def atomic_write(path: str, data, encoding: str = "utf-8") -> None:
    """Write DATA (str, bytes, or an iterable of them, written as it is produced) to PATH."""
    atomic_write_all([(path, data)], encoding)


def atomic_write_all(items, encoding: str = "utf-8", before_rename=None) -> list[tuple[str, str]]:
    """Write every (path, data) to a temporary file beside its path, then rename them all:
    a failure while producing or writing any of them leaves every path as it was.

    BEFORE_RENAME, if given, is called with [(path, sha256 of its new content)] once every
    temporary file is complete and before the first rename (the batch records its manifest
    there); if it raises, nothing is renamed. Returns the same list. An OSError becomes an
    AlignError naming the path and the reason (`No space left on device`)."""
    written: list[tuple[str, str, str]] = []
    created: list[str] = []
    path = ""
    try:
        for path, data in items:
            directory = os.path.dirname(os.path.abspath(path))
            created += _make_dirs(directory)
            _check_target(path)
            fd, tmp = _temp_file(directory)
            written.append((tmp, path, ""))
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as handle:
                for chunk in [data] if isinstance(data, (str, bytes)) else data:
                    block = chunk.encode(encoding) if isinstance(chunk, str) else chunk
                    digest.update(block)
                    handle.write(block)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            written[-1] = (tmp, path, digest.hexdigest())
        done = [(final, sha) for _, final, sha in written]
        if before_rename is not None:
            before_rename(done)
        for tmp, path, _ in written:
            os.replace(tmp, path)
        for directory in sorted({os.path.dirname(os.path.abspath(p)) for _, p, _ in written}):
            _sync_directory(directory)
        return done
    except BaseException as exc:
        for tmp, _, _ in written:
            if os.path.exists(tmp):
                os.unlink(tmp)
        for directory in reversed(created):  # a failed first write leaves no empty folder behind
            try:
                os.rmdir(directory)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise AlignError(f"cannot write {path or 'the output'}: {exc.strerror or exc}") from exc
        raise


def file_sha256(path: str) -> str:
    """The SHA-256 of the file's content, read a block at a time; OSError if it cannot be read."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def remove_stale_temps(directory: str) -> list[str]:
    """Remove the temporary files in DIRECTORY that a killed writer left: ours by name, from
    a process of this machine that is gone (or from another machine, a day old)."""
    removed = []
    try:
        names = [n for n in os.listdir(directory) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for name in names:
        path = os.path.join(directory, name)
        if _is_stale(name, path):
            try:
                os.unlink(path)
                removed.append(path)
            except OSError:
                pass
    return removed


def check_name_length(path: str) -> None:
    """PATH's last component fits the file system's limit, or an AlignError that says by how much."""
    directory = os.path.dirname(os.path.abspath(path)) or "."
    name = os.fsencode(os.path.basename(path))
    try:
        limit = os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = NAME_MAX_FALLBACK
    if len(name) > limit:
        raise AlignError(f"cannot write {path}: its name is {len(name)} bytes, over the {limit} this file system allows")


def text_name(name: str) -> str:
    """A file or folder name as text to write into a file or show: the name's bytes read
    as UTF-8 (which they are on every system we know of, whatever the locale says), with
    U+FFFD for bytes that are not. Python gives names it cannot decode as lone surrogates,
    which no UTF-8 output can hold."""
    return os.fsencode(name).decode("utf-8", "replace")


def check_writable(path: str) -> None:
    """Fail now, before a long run, if PATH clearly cannot be written: it is a folder, its
    name is too long, or the nearest existing folder above it is not writable."""
    _check_target(path)
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.isdir(folder):
        if os.path.exists(folder):
            raise AlignError(f"cannot write {path}: {folder} is not a folder")
        folder = os.path.dirname(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        read_only = os.statvfs(folder).f_flag & os.ST_RDONLY if hasattr(os, "statvfs") else False
        raise AlignError(f"cannot write {path}: {folder} is {'on a read-only file system' if read_only else 'not writable'}")


def _check_target(path: str) -> None:
    if os.path.isdir(path):
        raise AlignError(f"cannot write {path}: it is a folder")
    check_name_length(path)


def _temp_file(directory: str) -> tuple[int, str]:
    for _ in range(100):
        tmp = os.path.join(directory, f"{TEMP_PREFIX}{HOST_TAG}-{os.getpid()}-{secrets.token_hex(3)}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", directory)


def _make_dirs(directory: str) -> list[str]:
    """os.makedirs, returning the folders it created, outermost first."""
    missing = []
    while directory and not os.path.isdir(directory):
        missing.append(directory)
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    for folder in reversed(missing):
        os.mkdir(folder)
    return list(reversed(missing))


def _sync_directory(directory: str) -> None:
    """Make the renames durable (a power loss after a rename could otherwise undo it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename itself is still atomic
    finally:
        os.close(fd)


def _is_stale(name: str, path: str) -> bool:
    host, _, rest = name[len(TEMP_PREFIX) :].partition("-")
    pid_text = rest.partition("-")[0]
    if host == HOST_TAG and pid_text.isdigit():
        return not _process_alive(int(pid_text))
    try:
        return time.time() - os.stat(path).st_mtime > FOREIGN_TEMP_AGE_S
    except OSError:
        return False


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    try:  # a killed child its parent has not reaped yet is gone for our purposes
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except OSError:
        return True
