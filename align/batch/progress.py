"""What a batch tells its user while it runs: one line per event, and a bar for the whole.

`run_batch` reports through any object with the four methods of `Progress`.
The default, `BarProgress`, prints the lines on stderr and, on a terminal,
keeps tqdm's progress bar under them (tqdm rather than click's bar: it is the
library, not the CLI, that runs batches, and tqdm redraws its bar around
printed lines itself). Python callers can plug in their own (a GUI, a log).

A closed stderr (`align run … 2>&1 | head -1`: the reader left) never stops a
batch: the outputs are what it is for. Further lines go nowhere.
"""

from __future__ import annotations

import os
import sys
from typing import Protocol


class Progress(Protocol):
    def start(self, total: int) -> None:
        """TOTAL sets are about to be aligned."""

    def advance(self, name: str) -> None:
        """The set NAME is done (aligned or failed)."""

    def line(self, text: str) -> None:
        """One line for the user: a set's summary, an error, a note."""

    def finish(self) -> None:
        """No more sets (also when the batch stops early)."""


class BarProgress:
    """Lines on STREAM (default stderr); on a terminal, a progress bar under them."""

    def __init__(self, stream=None):
        self._stream = stream
        self.bar = None
        self.closed = False

    @property
    def stream(self):
        return self._stream or sys.stderr

    def start(self, total: int) -> None:
        if self.closed or not total or not _isatty(self.stream):
            return
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc="Aligning", unit="set", file=self.stream, leave=False, dynamic_ncols=True)

    def advance(self, name: str) -> None:
        bar = self.bar
        if bar is not None:
            self._guarded(lambda: bar.set_postfix_str(name, refresh=False) or bar.update(1))

    def line(self, text: str) -> None:
        text = _showable(text, self.stream)
        if self.bar is not None:
            from tqdm import tqdm

            self._guarded(lambda: tqdm.write(text, file=self.stream))
        else:
            self._guarded(lambda: _write_line(self.stream, text))

    def finish(self) -> None:
        bar, self.bar = self.bar, None
        if bar is not None:
            self._guarded(bar.close)

    def _guarded(self, write) -> None:
        if self.closed:
            return
        try:
            write()
        except UnicodeError:
            raise
        except (BrokenPipeError, ValueError):  # the reader left, or the stream was closed
            self.closed = True
            self.bar = None
            _silence(self.stream)


def _showable(text: str, stream) -> str:
    """TEXT, with what STREAM's encoding cannot show as backslash escapes (as Python's own
    stderr does), so a set name never fails the batch."""
    encoding = getattr(stream, "encoding", None)
    if not encoding:
        return text
    try:
        text.encode(encoding, getattr(stream, "errors", None) or "strict")
    except UnicodeEncodeError:
        return text.encode(encoding, "backslashreplace").decode(encoding)
    except LookupError:
        pass
    return text


def _write_line(stream, text: str) -> None:
    stream.write(text + "\n")
    stream.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _silence(stream) -> None:
    """Point a broken stream's file descriptor at /dev/null, so that later writes (a warning,
    the interpreter's flush at exit) succeed quietly instead of failing the run."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)
