"""Strict and lax precision / recall / F1 over beads (the MAC / Bertalign convention)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from .errors import AlignError

BeadPair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float


def parse_beads(text: str, origin: str = "") -> list[BeadPair]:
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            left, right = line.split(":")
            src, tgt = json.loads(left), json.loads(right)
            if not (isinstance(src, list) and isinstance(tgt, list)):
                raise ValueError
            if not all(type(x) is int and x >= 0 for x in src + tgt):
                raise ValueError
        except ValueError:
            raise AlignError(f"{origin}:{number}: not a bead line like [0,1]:[2]: {line[:60]!r}") from None
        beads.append((tuple(src), tuple(tgt)))
    return beads


def format_beads(beads: list[BeadPair]) -> str:
    return "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in beads)


def read_beads(path: str) -> list[BeadPair]:
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_beads(handle.read(), path)
    except OSError as exc:
        raise AlignError(f"{path}: cannot read ({exc.strerror})") from None


def score(gold: list[BeadPair], test: list[BeadPair]) -> Scores:
    """Counts summed over the given beads (pass concatenated lists for a corpus-level score)."""
    counts = _counts(gold, test)
    return _scores(*counts)


def score_many(pairs: list[tuple[list[BeadPair], list[BeadPair]]]) -> Scores:
    totals = [0] * 8
    for gold, test in pairs:
        totals = [x + y for x, y in zip(totals, _counts(gold, test))]
    return _scores(*totals)


def _counts(gold, test):
    gold_set = {b for b in gold}
    test_set = {b for b in test}
    test_nonempty = [b for b in test if b[0] or b[1]]
    gold_full = [b for b in gold if b[0] and b[1]]
    strict_hit_p = sum(1 for b in test_nonempty if b in gold_set)
    strict_hit_r = sum(1 for b in gold_full if b in test_set)
    gold_links = {(s, t) for src, tgt in gold for s in src for t in tgt}
    test_links = {(s, t) for src, tgt in test for s in src for t in tgt}
    # An exact match is a lax hit too, so that 1-0 / 0-1 beads (no links) count.
    lax_hit_p = sum(
        1 for b in test_nonempty if b in gold_set or any((s, t) in gold_links for s in b[0] for t in b[1])
    )
    lax_hit_r = sum(
        1 for b in gold_full if b in test_set or any((s, t) in test_links for s in b[0] for t in b[1])
    )
    return (strict_hit_p, len(test_nonempty), strict_hit_r, len(gold_full),
            lax_hit_p, len(test_nonempty), lax_hit_r, len(gold_full))


def _scores(sp, sp_n, sr, sr_n, lp, lp_n, lr, lr_n) -> Scores:
    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    strict_p, strict_r = sp / max(sp_n, 1), sr / max(sr_n, 1)
    lax_p, lax_r = lp / max(lp_n, 1), lr / max(lr_n, 1)
    return Scores(strict_p, strict_r, f1(strict_p, strict_r), lax_p, lax_r, f1(lax_p, lax_r))


def evaluate_paths(gold_path: str, auto_path: str) -> tuple[Scores, int]:
    """Score a bead file against a gold one, or every same-named file in two folders."""
    if os.path.isdir(gold_path) != os.path.isdir(auto_path):
        raise AlignError("GOLD and AUTO must both be bead files or both be folders")
    if not os.path.isdir(gold_path):
        return score(read_beads(gold_path), read_beads(auto_path)), 1
    names = sorted(f for f in os.listdir(gold_path) if f.endswith(".align"))
    if not names:
        raise AlignError(f"{gold_path}: no .align files")
    missing = [f for f in names if not os.path.exists(os.path.join(auto_path, f))]
    if missing:
        raise AlignError(f"{auto_path}: missing {', '.join(missing)}")
    pairs = [(read_beads(os.path.join(gold_path, f)), read_beads(os.path.join(auto_path, f))) for f in names]
    return score_many(pairs), len(names)
