"""Alignment settings; the defaults were fitted on the mac-dev chapters (benchmarks/fit_weights.py, docs/accuracy.md "Second round")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

EXACT_RUNS = ("auto", "near-path", "all", "none")
DECODINGS = ("posterior", "best-path")

FIRST_ROUND = (
    ("margin_weight", 0.918), ("member_weight", 0.365), ("anchor_weight", 0.181),
    ("cue_weights", (0.065, 0.133, -0.069, 0.0034)), ("len_weight", 0.0371), ("bead_bonus", 0.138),
    ("type_penalty", 0.0), ("typical_similarity_weight", 0.0), ("null_score", -0.45),
    ("sure_score", 0.4), ("cut_sure", 0.4),
    # Posterior decoding does not pay here: textberg-dev 0.911-0.917 over thresholds 0.15-0.45
    # and scales 12-40, against 0.917 with the best path.
    ("decoding", "best-path"),
    # The learned lexicon's words are noisier than a dictionary's, so weigh less: chosen on
    # textberg-dev (de-fr) on a 5 x 3 grid (dice 0.05-0.3 gave strict F1 0.909-0.921, 0.917
    # here, the middle of the plateau; the dictionary's 0.435 gives 0.909), not on mac-dev.
    ("lex_dice_weight", 0.15), ("lex_match_weight", 0.0083),
)
"""The weights of a pair with no dictionary (AlignParams.without_dictionary's default): the
first round's (a plain-likelihood CRF fit on mac-dev, adjusted by hand; docs/accuracy.md),
with which textberg-dev's hand-tuned cut weights were chosen. The second round (the defaults)
was fitted on Chinese-English with CC-CEDICT only; on textberg-dev it scored 0.899 against
these weights' 0.917."""


@dataclass(frozen=True)
class AlignParams:
    max_side: int = 6
    """Most sentences on one side of a bead."""
    max_total: int = 7
    """Most sentences in a bead, both sides together."""
    sim_weight: float = 1.0
    margin_neighbours: int = 4
    """How many neighbouring single sentences the margin subtracts (0: plain cosine)."""
    margin_weight: float = 0.69
    margin_decay: float = 0.5
    """Each neighbour farther from the bead counts this much less in the margin."""
    member_weight: float = 0.521
    member_floor: float = 0.2
    """Penalty per unit the weakest sentence of a multi-sentence bead has a cosine below
    member_floor with the other side: keeps a page-chrome line from being glued onto a real sentence."""
    anchor_weight: float = 0.255
    """Weight of lexical anchors (names as pinyin, numbers, acronyms) shared across a bead."""
    cue_weights: tuple[float, float, float, float] = (0.0519, 0.1388, -0.0674, -0.0257)
    """Penalty per quotation opened, quotation closed, question and exclamation found on one
    side of a bead and not the other (align.features.cues)."""
    cue_cap: float = 2.0
    """Most a single cue's count difference counts."""
    lex_dice_weight: float = 0.495
    """Weight of the share of dictionary words a bead's two sides match (align.features.lexicon)."""
    lex_match_weight: float = 0.0183
    """Bonus per dictionary match inside a bead: splitting a bead loses the matches across the cut."""
    case_cut_weight: float = 0.2
    """Penalty of a bead boundary before a sentence that starts in lower case on one side only:
    it goes on from the one before (a text split at `;` or `:`), unless the other edition is
    split there too. Tuned on textberg-dev (de-fr), not fitted on mac-dev."""
    bracket_cut_weight: float = 0.2
    """Penalty per side of a bead boundary inside brackets (`( Zürich :` / `1956 ) vorliegt`):
    a sentence splitter cut at an abbreviation. Tuned on textberg-dev, not fitted on mac-dev."""
    typical_similarity_weight: float = -1.27
    """Bead bonus per unit of the text's typical best cosine (scoring._typical_similarity):
    negative, so the bead bonus is larger where translations look less alike to the encoder."""
    len_weight: float = 0.0507
    len_var_floor: float = 0.01
    len_var_scale: float = 4.0
    """Variance of the log length ratio is floor + scale / (chars in the bead)."""
    bead_bonus: float = 0.489
    type_penalty: float = 0.0957
    """Per extra sentence in a bead: the prior over bead types."""
    null_score: float = -0.594
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
    sure_score: float = 0.15
    """A first-pass 1-1 bead scoring this much is trusted: no runs around it are encoded
    (the same level as cut_sure)."""
    cut_sure: float = 0.15
    """Bead score that counts as a confident match around a chunk cut (align.aligner.chunks).
    Scores move with the weights, so it goes with them: on mac-dev's gold beads, scored as the
    cut search scores them (summed run vectors, no word evidence), 55% of the gold beads reach
    0.15 with these weights and 0.7% of the 1-1 beads one target sentence off (0.4 with the
    first round's: 66% and 0.5%)."""
    decoding: str = "posterior"
    """How the path is chosen: 'best-path', the highest-scoring one (Viterbi), or 'posterior',
    the one with the most beads expected exactly right over all paths, each bead less
    posterior_threshold (align.aligner.posterior.posterior_path)."""
    posterior_threshold: float = 0.3
    """What a bead must be expected to be right, at least, to be worth its place in the
    'posterior' path: below it, splitting or merging it pays."""
    decoding_scale: float = 24.0
    """Paths weigh exp(decoding_scale x score) in the 'posterior' path: the CRF fit's own
    scale (benchmarks/fit_weights.py prints it), so the posterior is the fitted model's. At
    confidence.POSTERIOR_SCALE the confidence would read the same posterior (one
    forward-backward fewer per chunk)."""
    without_dictionary: tuple = FIRST_ROUND
    """(field, value) pairs that replace the fields above for a document pair with no dictionary
    (a learned lexicon or none): see FIRST_ROUND. () gives every pair the same weights."""
    chunk_size: int = 400
    """Documents longer than this (sentences on the longer side) are aligned in chunks."""

    def __post_init__(self):
        if not 0.0 < self.null_extend <= 1.0:
            raise ValueError(f"null_extend must be in (0, 1], not {self.null_extend}")
        if self.exact_runs not in EXACT_RUNS:
            raise ValueError(f"exact_runs must be one of {', '.join(EXACT_RUNS)}, not {self.exact_runs!r}")
        if self.decoding not in DECODINGS:
            raise ValueError(f"decoding must be one of {', '.join(DECODINGS)}, not {self.decoding!r}")

    def for_pair(self, has_dictionary: bool) -> AlignParams:
        """The settings for one document pair: these, or for a pair with no dictionary, these
        with `without_dictionary` applied to every field still at its default (a value the
        caller set is kept)."""
        if has_dictionary or not self.without_dictionary:
            return self
        defaults = AlignParams()
        changes = {k: v for k, v in self.without_dictionary if getattr(self, k) == getattr(defaults, k)}
        return replace(self, **changes, without_dictionary=())

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
