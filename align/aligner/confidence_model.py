"""The bead confidence model, written by `python benchmarks/confidence.py --write`: do not edit.

Logistic regression of "the bead is exactly right" on standardized evidence
(align.aligner.confidence.EVIDENCE), fitted on the six mac-dev chapters with
the aligner at commit 15363ed. The cross-validated figures are in
docs/review.md ("Confidence").
"""

FEATURES = ('log_odds',)
MEAN = (3.41995,)
SCALE = (2.14756,)
COEFFICIENTS = (2.30621,)
INTERCEPT = 4.16953
CHECK_BELOW = 0.8425
"""Rows scored below this (and not below 0.5, which is `low-score`) get the `check` review flag:
on mac-dev, 18% of beads then carry some flag."""
