"""Alignment settings; the defaults were fitted on the mac-dev chapters (benchmarks/fit_weights.py, README "Fitted weights")."""

from __future__ import annotations

from dataclasses import asdict, dataclass

EXACT_RUNS = ("auto", "near-path", "all", "none")


@dataclass(frozen=True)
class AlignParams:
    max_side: int = 6
    """Most sentences on one side of a bead."""
    max_total: int = 7
    """Most sentences in a bead, both sides together."""
    sim_weight: float = 1.0
    margin_neighbours: int = 4
    """How many neighbouring single sentences the margin subtracts (0: plain cosine)."""
    margin_weight: float = 0.918
    margin_decay: float = 0.5
    """Each neighbour farther from the bead counts this much less in the margin."""
    member_weight: float = 0.365
    member_floor: float = 0.2
    """Penalty per unit the weakest sentence of a multi-sentence bead has a cosine below
    member_floor with the other side: keeps a page-chrome line from being glued onto a real sentence."""
    anchor_weight: float = 0.181
    """Weight of lexical anchors (names as pinyin, numbers, acronyms) shared across a bead."""
    cue_weights: tuple[float, float, float, float] = (0.065, 0.133, -0.069, 0.0034)
    """Penalty per quotation opened, quotation closed, question and exclamation found on one
    side of a bead and not the other (align.features.cues)."""
    cue_cap: float = 2.0
    """Most a single cue's count difference counts."""
    lex_dice_weight: float = 0.435
    """Weight of the share of dictionary words a bead's two sides match (align.features.lexicon)."""
    lex_match_weight: float = 0.0167
    """Bonus per dictionary match inside a bead: splitting a bead loses the matches across the cut."""
    learned_dice_weight: float = 0.15
    """lex_dice_weight for a pair with no dictionary, whose word pairs are learned from the
    document pair itself (align.features.lexicon.learned): noisier than a dictionary's, so
    weighed less. Chosen on textberg-dev (de-fr) on a 5 × 3 grid with learned_match_weight
    (0.05-0.3: strict F1 0.909-0.921, 0.917 here, the middle of the plateau), not fitted on
    mac-dev; the dictionary's weights give 0.909 with the learned words."""
    learned_match_weight: float = 0.0083
    """lex_match_weight for the learned lexicon (same grid: 0, 0.0083, 0.0167)."""
    case_cut_weight: float = 0.2
    """Penalty of a bead boundary before a sentence that starts in lower case on one side only:
    it goes on from the one before (a text split at `;` or `:`), unless the other edition is
    split there too. Tuned on textberg-dev (de-fr), not fitted on mac-dev."""
    bracket_cut_weight: float = 0.2
    """Penalty per side of a bead boundary inside brackets (`( Zürich :` / `1956 ) vorliegt`):
    a sentence splitter cut at an abbreviation. Tuned on textberg-dev, not fitted on mac-dev."""
    typical_similarity_weight: float = 0.0
    """Bead bonus per unit of the text's typical best cosine (scoring._typical_similarity).
    0 for now: the refit that uses it (benchmarks/fit_weights.py, docs/accuracy.md "Second
    round") is not yet the default."""
    len_weight: float = 0.0371
    len_var_floor: float = 0.01
    len_var_scale: float = 4.0
    """Variance of the log length ratio is floor + scale / (chars in the bead)."""
    bead_bonus: float = 0.138
    type_penalty: float = 0.0
    """Per extra sentence in a bead: the prior over bead types."""
    null_score: float = -0.45
    """Score of leaving one sentence unaligned (1-0 or 0-1): one value for both sides, so
    which edition is the source does not matter."""
    null_short_floor: float = 0.25
    """Sentences shorter than the document's median cost less to leave unaligned, scaled by
    sqrt(chars / median) but never below this share of null_score (1.0: no scaling)."""
    null_extend: float = 0.5
    """A 1-0 (0-1) bead right after another pays this share of its null score: a block of
    captions or an untranslated passage is one omission, not one per line (1.0: each pays all).
    Tuned on textberg-dev (de-fr, 36 French caption lines with no German), not fitted on mac-dev."""
    chrome_null_scale: float = 0.1
    """Lines that look like page widgets ("Back to Top", "Share on Facebook") cost this share."""
    exact_runs: str = "auto"
    """Which runs of 2+ sentences are encoded for real: 'near-path' (a second pass), 'all',
    'none' (runs come from the sentences' own encodings only), or 'auto': none with a
    pooling encoder (its run vectors are as good), near-path with any other."""
    join_samples: int = 32
    """Pairs of adjacent sentences per document encoded joined, to calibrate the run vectors
    a pooling encoder builds from single sentences (0: no calibration)."""
    sure_score: float = 0.4
    """A first-pass 1-1 bead scoring this much is trusted: no runs around it are encoded."""
    chunk_size: int = 400
    """Documents longer than this (sentences on the longer side) are aligned in chunks."""

    def __post_init__(self):
        if not 0.0 < self.null_extend <= 1.0:
            raise ValueError(f"null_extend must be in (0, 1], not {self.null_extend}")
        if self.exact_runs not in EXACT_RUNS:
            raise ValueError(f"exact_runs must be one of {', '.join(EXACT_RUNS)}, not {self.exact_runs!r}")

    def bead_types(self) -> list[tuple[int, int]]:
        return [
            (a, b)
            for a in range(1, self.max_side + 1)
            for b in range(1, self.max_side + 1)
            if a + b <= self.max_total
        ]

    def signature(self) -> str:
        defaults = AlignParams()
        changed = {k: v for k, v in asdict(self).items() if getattr(defaults, k) != v}
        return ",".join(f"{k}={v}" for k, v in sorted(changed.items())) or "default"
