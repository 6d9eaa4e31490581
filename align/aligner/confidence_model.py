"""The bead confidence model, written by `python benchmarks/confidence.py --write`: do not edit.

Logistic regression of "the bead is exactly right" on standardized evidence
(align.aligner.confidence.EVIDENCE), fitted on the six mac-dev chapters with
the aligner at commit 41eeb98. The cross-validated figures are in
docs/review.md ("Confidence").
"""

FEATURES = ('log_odds',)
MEAN = (3.42229,)
SCALE = (2.14643,)
COEFFICIENTS = (2.27418,)
INTERCEPT = 4.13441
CHECK_BELOW = 0.8419
"""Rows scored below this (and not below 0.5, which is `low-score`) get the `check` review flag:
on mac-dev, 18% of beads then carry some flag."""
