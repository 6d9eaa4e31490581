"""What a reviewer does to a set, each action a Patch that replaces a run of beads; undo and redo.

Actions never change a bead in place: a patch holds the beads it took out and
the ones it put in, so undoing is putting the old ones back. Every action
leaves the invariant of `align.editor.model` intact (checked before it is applied).

Merge, split and shift mark the beads they change `edited` (a piece a split
adds shows as `split`): the table then says which rows a reviewer changed, and
a confirmation (`ok`) given before the change no longer holds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import AlignError
from ..review import join_notes
from .model import STATUSES, Bead, EditorError, ReviewSet, Segment, bead_from_json, bead_label, bead_to_json, check_patch

MAX_HISTORY = 200
"""Undo steps kept, surviving a reload (at least 50 asked); older steps are forgotten."""


@dataclass(frozen=True)
class Patch:
    start: int
    old: tuple[Bead, ...]
    new: tuple[Bead, ...]
    label: str
    """What the action did, in words for the page ("Merged beads 4 and 5")."""

    def inverse(self) -> Patch:
        return Patch(self.start, self.new, self.old, self.label)


def apply_patch(review_set: ReviewSet, patch: Patch) -> None:
    end = patch.start + len(patch.old)
    if tuple(review_set.beads[patch.start:end]) != patch.old:
        raise EditorError("the beads changed under this step; reload the page")
    review_set.beads[patch.start:end] = patch.new


def perform(review_set: ReviewSet, action: dict) -> Patch | None:
    """Apply ACTION (the page's request: a `type` and its arguments); None when it changes nothing."""
    handler = ACTIONS.get(action.get("type"))
    if handler is None:
        raise EditorError(f"unknown action {action.get('type')!r}")
    patch = handler(review_set, action)
    if patch is None:
        return None
    try:
        check_patch(review_set, patch.start, patch.old, patch.new)
    except AlignError as exc:
        raise EditorError(f"{patch.label}: not done, {exc}") from None
    apply_patch(review_set, patch)
    return patch


# --- the actions ----------------------------------------------------------------


def merge(review_set: ReviewSet, action: dict) -> Patch:
    index = _bead_index(review_set, action)
    name = bead_label(review_set, index)
    direction = _choice(action, "direction", ("next", "previous"))
    other = index + 1 if direction == "next" else index - 1
    if not 0 <= other < len(review_set.beads):
        raise EditorError(f"bead {name} has no {direction} bead to merge with")
    first, second = sorted((index, other))
    a, b = review_set.beads[first], review_set.beads[second]
    merged = _rescored(
        review_set,
        Bead(
            segments={lang: a.segments[lang] + b.segments[lang] for lang in review_set.langs},
            rows=a.rows + b.rows,
            status="edited",
            note=join_notes(a.note, b.note),
            score=min(a.score, b.score),
            extra=a.extra,
        ),
    )
    return Patch(first, (a, b), (merged,), f"Merged beads {bead_label(review_set, first)} and {bead_label(review_set, second)}")


def split(review_set: ReviewSet, action: dict) -> Patch:
    """Split before sentence `at` of edition `lang`. Another edition with as many sentences
    is cut at the same place (a 2-2 bead becomes two 1-1 beads); one with a different
    count stays whole in the first part, for a shift to finish the job."""
    index = _bead_index(review_set, action)
    name = bead_label(review_set, index)
    bead = review_set.beads[index]
    lang = _lang(review_set, action)
    at = _int(action, "at")
    count = len(bead.segments[lang])
    if not 1 <= at < count:
        raise EditorError(f"bead {name}: choose a {lang} sentence after the first one to split before it")
    cuts = {other: at if len(bead.segments[other]) == count else len(bead.segments[other]) for other in review_set.langs}
    head = {other: bead.segments[other][: cuts[other]] for other in review_set.langs}
    tail = {other: bead.segments[other][cuts[other] :] for other in review_set.langs}
    # Rows merged into this bead go back to the part holding their sentences.
    last_home = max(s.home for segments in head.values() for s in segments)
    head_rows = bead.rows[:1] + tuple(r for r in bead.rows[1:] if r <= last_home)
    tail_rows = tuple(r for r in bead.rows[1:] if r > last_home)
    first = _rescored(review_set, Bead(head, head_rows, "edited", bead.note, bead.score, bead.extra))
    second = _rescored(review_set, Bead(tail, tail_rows, "edited" if tail_rows else "", "", bead.score))
    return Patch(index, (bead,), (first, second), f"Split bead {name} before its {lang} sentence {at + 1}")


def shift(review_set: ReviewSet, action: dict) -> Patch:
    """Move sentence `at` of edition `lang` into the previous bead (`up`, with the sentences
    before it in the bead) or the next one (`down`, with those after it)."""
    index = _bead_index(review_set, action)
    lang = _lang(review_set, action)
    at = _int(action, "at")
    up = _choice(action, "direction", ("up", "down")) == "up"
    name = bead_label(review_set, index)
    source = review_set.beads[index]
    segments = source.segments[lang]
    if not 0 <= at < len(segments):
        raise EditorError(f"bead {name} has no {lang} sentence {at + 1}")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(review_set.beads):
        raise EditorError(f"bead {name} has no {'previous' if up else 'next'} bead to shift into")
    receiver = review_set.beads[other]
    moving, staying = (segments[: at + 1], segments[at + 1 :]) if up else (segments[at:], segments[:at])
    received = receiver.segments[lang] + moving if up else moving + receiver.segments[lang]
    receiver = replace(receiver, segments={**receiver.segments, lang: received}, status="edited")
    source = replace(source, segments={**source.segments, lang: staying}, status="edited")
    where = f"{len(moving)} {lang} sentence{'s' if len(moving) > 1 else ''} of bead {name} into bead {bead_label(review_set, other)}"
    if source.is_empty:
        # Nothing left: the receiver takes over the rows, so every row stays owned, in order.
        rows = receiver.rows + source.rows if up else source.rows + receiver.rows
        notes = (receiver.note, source.note) if up else (source.note, receiver.note)
        receiver = _rescored(review_set, replace(receiver, rows=rows, note=join_notes(*notes), score=min(receiver.score, source.score)))
        new: tuple[Bead, ...] = (receiver,)
    else:
        new = (receiver, source) if up else (source, receiver)
    start = min(index, other)
    return Patch(start, tuple(review_set.beads[start : start + 2]), new, f"Shifted {where}")


def edit(review_set: ReviewSet, action: dict) -> Patch | None:
    index = _bead_index(review_set, action)
    lang = _lang(review_set, action)
    at = _int(action, "at")
    text = _text(action, "text").strip()
    name = bead_label(review_set, index)
    bead = review_set.beads[index]
    segments = bead.segments[lang]
    if not 0 <= at < len(segments):
        raise EditorError(f"bead {name} has no {lang} sentence {at + 1} to edit")
    if segments[at].text == text:
        return None
    changed = segments[:at] + (replace(segments[at], text=text),) + segments[at + 1 :]
    new = replace(bead, segments={**bead.segments, lang: changed}, status="edited")
    return Patch(index, (bead,), (new,), f"Edited {lang} sentence {at + 1} of bead {bead_label(review_set, index)}")


def set_status(review_set: ReviewSet, action: dict) -> Patch | None:
    index = _bead_index(review_set, action)
    status = _choice(action, "status", STATUSES)
    bead = review_set.beads[index]
    if bead.status == status:
        return None
    words = {"": "Cleared the status of", "ok": "Confirmed", "edited": "Marked edited", "rejected": "Rejected"}
    return Patch(index, (bead,), (replace(bead, status=status),), f"{words[status]} bead {bead_label(review_set, index)}")


def set_note(review_set: ReviewSet, action: dict) -> Patch | None:
    index = _bead_index(review_set, action)
    note = _text(action, "text").strip()
    bead = review_set.beads[index]
    if bead.note == note:
        return None
    name = bead_label(review_set, index)
    label = f"Noted bead {name}" if note else f"Removed the note of bead {name}"
    return Patch(index, (bead,), (replace(bead, note=note),), label)


ACTIONS = {"merge": merge, "split": split, "shift": shift, "edit": edit, "status": set_status, "note": set_note}


def _rescored(review_set: ReviewSet, bead: Bead) -> Bead:
    """A bead that owns rows scores what the TMX will give it: its rows' lowest score."""
    return replace(bead, score=review_set.score_of(bead.rows, bead.score)) if bead.rows else bead


def _bead_index(review_set: ReviewSet, action: dict) -> int:
    index = _int(action, "bead")
    if not 0 <= index < len(review_set.beads):
        raise EditorError(f"there is no bead at position {index + 1}")
    return index


def _int(action: dict, key: str) -> int:
    value = action.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise EditorError(f"{action.get('type')}: {key} must be a number")
    return value


def _text(action: dict, key: str) -> str:
    value = action.get(key)
    if not isinstance(value, str):
        raise EditorError(f"{action.get('type')}: {key} must be text")
    return value


def _lang(review_set: ReviewSet, action: dict) -> str:
    return _choice(action, "lang", tuple(review_set.langs))


def _choice(action: dict, key: str, allowed: tuple[str, ...]) -> str:
    value = action.get(key)
    if value not in allowed:
        raise EditorError(f"{action.get('type')}: {key} must be one of {', '.join(map(repr, allowed))}")
    return value


# --- undo and redo -----------------------------------------------------------------


class History:
    """Undo and redo stacks of patches; a new action clears redo."""

    def __init__(self, undo: list[Patch] | None = None, redo: list[Patch] | None = None):
        self.undo_stack = undo or []
        self.redo_stack = redo or []

    def record(self, patch: Patch) -> None:
        self.undo_stack.append(patch)
        del self.undo_stack[:-MAX_HISTORY]
        self.redo_stack.clear()

    def undo(self, review_set: ReviewSet) -> Patch | None:
        return self._move(review_set, self.undo_stack, self.redo_stack, "Undid")

    def redo(self, review_set: ReviewSet) -> Patch | None:
        return self._move(review_set, self.redo_stack, self.undo_stack, "Redid")

    @staticmethod
    def _move(review_set: ReviewSet, source: list[Patch], target: list[Patch], verb: str) -> Patch | None:
        if not source:
            return None
        patch = source[-1]
        applied = patch.inverse() if verb == "Undid" else patch
        apply_patch(review_set, applied)
        source.pop()
        target.append(patch)
        return Patch(applied.start, applied.old, applied.new, f"{verb}: {patch.label}")

    def to_json(self) -> dict:
        return {"undo": [_patch_json(p) for p in self.undo_stack], "redo": [_patch_json(p) for p in self.redo_stack]}

    @classmethod
    def from_json(cls, data: dict) -> History:
        return cls([_patch_from_json(p) for p in data.get("undo", [])], [_patch_from_json(p) for p in data.get("redo", [])])


def _patch_json(patch: Patch) -> dict:
    return {"start": patch.start, "old": [bead_to_json(b) for b in patch.old], "new": [bead_to_json(b) for b in patch.new], "label": patch.label}


def _patch_from_json(data: dict) -> Patch:
    return Patch(
        int(data["start"]),
        tuple(bead_from_json(b) for b in data["old"]),
        tuple(bead_from_json(b) for b in data["new"]),
        str(data["label"]),
    )


__all__ = ["ACTIONS", "History", "MAX_HISTORY", "Patch", "Segment", "apply_patch", "perform"]
