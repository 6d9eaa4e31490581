"""One open review table: its bead model, undo history, saving, conflicts, the TMX.

Every action is written at once: the table (the format `align tmx` reads, the
source of truth for it and for a spreadsheet) and, beside it,
`<table>.editor.json` (the sentence-level model and the undo/redo history), both
atomically. The sidecar records the SHA-256 of the table it goes with; a table
changed elsewhere since (a spreadsheet save, `align run --force`) is read
afresh and the history starts over.

Conflicts: the page sends the version (the table's SHA-256) it was loaded at
with every change. A change is refused, and nothing written, when that is not
the version last written here (another tab saved since) or when the file on
disk no longer has that hash (another program saved it).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading

from ..errors import AlignError
from ..fsutil import atomic_write_all, file_sha256
from ..languages import get_language
from ..review import reviewed_tmx_path, write_reviewed_tmx
from .actions import History, Patch, apply_patch, perform
from .model import BeadCache, EditorError, bead_from_json, bead_to_json, bead_view, check, counts
from .tables import TableWriter, load_set

SIDECAR_SUFFIX = ".editor.json"
SIDECAR_FORMAT = "align-review-editor"
SIDECAR_VERSION = 1


class ConflictError(EditorError):
    """The table changed since the page loaded it: nothing was written."""


def sidecar_path(table_path: str) -> str:
    return table_path + SIDECAR_SUFFIX


class Session:
    """The editor's hold on one table; every method is safe to call from several threads."""

    def __init__(self, table_path: str):
        self.path = os.path.abspath(table_path)
        self._lock = threading.RLock()
        self._read()
        self._warm()

    # --- reading -------------------------------------------------------------

    def _read(self) -> None:
        self.version = file_sha256(self.path)
        self.review_set, self.notice = load_set(self.path)
        self.history = History()
        sidecar = sidecar_path(self.path)
        if not os.path.isfile(sidecar):
            return
        try:
            with open(sidecar, encoding="utf-8") as handle:
                data = json.load(handle)
            if data.get("format") != SIDECAR_FORMAT or data.get("table_sha256") != self.version:
                self.notice = _join(self.notice, "The table was changed outside the editor since its last save: it was read afresh, and undo starts from here.")
                return
            beads = [bead_from_json(b) for b in data["beads"]]
            history = History.from_json(data)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.notice = _join(self.notice, f"{os.path.basename(sidecar)} could not be read ({exc.__class__.__name__}): undo starts from here.")
            return
        table_beads, self.review_set.beads = self.review_set.beads, beads
        try:
            check(self.review_set)
        except AlignError:
            self.review_set.beads = table_beads
            self.notice = _join(self.notice, f"{os.path.basename(sidecar)} does not fit the table: undo starts from here.")
            return
        self.history = history

    @property
    def review_set(self):
        return self._review_set

    @review_set.setter
    def review_set(self, review_set) -> None:
        self._review_set = review_set
        self._table = TableWriter(review_set, self.path)
        self._bead_json = BeadCache(lambda bead: json.dumps(bead_to_json(bead), ensure_ascii=False))
        self._views = BeadCache(lambda bead: json.dumps(bead_view(review_set, bead), ensure_ascii=False))

    def _warm(self) -> None:
        """Make every bead's table lines and JSON now, so that the first action is as quick as the others."""
        self._table.render()
        self._bead_json.values(self.review_set.beads)
        self._views.values(self.review_set.beads)

    def state(self) -> dict:
        """Everything the page needs to show the set; re-reads a table changed on disk."""
        return json.loads(self.state_json())

    def state_json(self) -> str:
        """`state` as the JSON the page fetches: each bead's part is made once (a book's beads
        would take longer to turn into JSON on every page load than to send)."""
        with self._lock:
            if file_sha256(self.path) != self.version:
                self._read()
                self._warm()
            review_set = self.review_set
            head = {
                "name": review_set.name,
                "langs": review_set.langs,
                "language_names": {lang: get_language(lang).name for lang in review_set.langs},
                "notice": self.notice,
                "table": self.path,
                "tmx": reviewed_tmx_path(self.path),
                **self._status(),
            }
            beads = ", ".join(self._views.values(review_set.beads))
            return json.dumps(head, ensure_ascii=False)[:-1] + f', "beads": [{beads}]}}'

    def _status(self) -> dict:
        history = self.history
        return {
            "version": self.version,
            "counts": counts(self.review_set),
            "undo": history.undo_stack[-1].label if history.undo_stack else None,
            "redo": history.redo_stack[-1].label if history.redo_stack else None,
        }

    # --- changing ------------------------------------------------------------

    def act(self, version: str, action: dict) -> dict:
        with self._lock:
            self._check_version(version)
            patch = perform(self.review_set, action)
            if patch is None:
                return {"patch": None, "label": "", **self._status()}
            redo = list(self.history.redo_stack)
            self.history.record(patch)

            def revert():
                apply_patch(self.review_set, patch.inverse())
                self.history.undo_stack.pop()
                self.history.redo_stack[:] = redo

            self._commit(revert)
            return self._reply(patch)

    def undo(self, version: str) -> dict:
        return self._step(version, "undo", "redo")

    def redo(self, version: str) -> dict:
        return self._step(version, "redo", "undo")

    def _step(self, version: str, which: str, opposite: str) -> dict:
        with self._lock:
            self._check_version(version)
            patch = getattr(self.history, which)(self.review_set)
            if patch is None:
                raise EditorError(f"nothing to {which}")
            self._commit(lambda: getattr(self.history, opposite)(self.review_set))
            return self._reply(patch)

    def _commit(self, revert) -> None:
        """Write the model; if writing fails, REVERT puts it back as it is on disk."""
        try:
            self._save()
        except OSError as exc:
            revert()
            raise AlignError(f"{self.path}: could not save ({exc.strerror or exc}); nothing changed") from None

    def _save(self) -> None:
        table = self._table.render()
        version = hashlib.sha256(table).hexdigest()
        head = {"format": SIDECAR_FORMAT, "version": SIDECAR_VERSION, "table": os.path.basename(self.path), "table_sha256": version}
        history = self.history.to_json()
        # Written in pieces: each bead's JSON is made once, when an action puts it in.
        sidecar = "".join([
            json.dumps(head, ensure_ascii=False)[:-1],
            ', "beads": [', ", ".join(self._bead_json.values(self.review_set.beads)), "]",
            ', "undo": ', json.dumps(history["undo"], ensure_ascii=False),
            ', "redo": ', json.dumps(history["redo"], ensure_ascii=False), "}",
        ])
        atomic_write_all([(self.path, table), (sidecar_path(self.path), sidecar)])
        self.version = version

    def _check_version(self, version: str) -> None:
        if file_sha256(self.path) != self.version:
            raise ConflictError(
                f"{os.path.basename(self.path)} changed on disk since this page loaded it (a spreadsheet or "
                "another program saved it). Nothing was written: reload the page to continue from the file."
            )
        if version != self.version:
            raise ConflictError(
                "The table was saved from another page (another tab) since this one loaded it. "
                "Nothing was written: reload the page to continue from the saved table."
            )

    def _reply(self, patch: Patch) -> dict:
        views = [bead_view(self.review_set, bead) for bead in patch.new]
        return {"patch": {"start": patch.start, "remove": len(patch.old), "insert": views}, "label": patch.label, **self._status()}

    # --- the TMX -------------------------------------------------------------

    def write_tmx(self, version: str) -> dict:
        """The TMX `align tmx` gives for the saved table, where it writes it by default."""
        with self._lock:
            self._check_version(version)
            out = reviewed_tmx_path(self.path)
            memory = write_reviewed_tmx([self.path], out)
            label = f"{len(memory.units)} translation units written to {out}"
            return {"patch": None, "path": out, "units": len(memory.units), "label": label, **self._status()}


def _join(*notices: str) -> str:
    return " ".join(n for n in notices if n)
