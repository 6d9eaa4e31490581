"""Shared helpers for the benchmark scripts: locating mac-dev, timing the encoder."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from align.encoders import get_encoder
from align.encoders.base import EncoderWrapper

SHARED = Path(__file__).resolve().parents[2] / "shared"
MAC_DEV = SHARED / "data" / "mac-dev"


def mac_dev_or_exit() -> Path:
    if not MAC_DEV.is_dir():
        print(f"skipped: {MAC_DEV} is absent (the mac-dev set lives in ../shared/data)", file=sys.stderr)
        sys.exit(0)
    return MAC_DEV


def chapters(folder: Path) -> list[tuple[str, list[str], list[str], list]]:
    from align.evaluate import read_beads

    out = []
    for gold in sorted(folder.glob("*.align")):
        stem = gold.with_suffix("")
        zh = stem.with_suffix(".zh").read_text(encoding="utf-8").splitlines()
        en = stem.with_suffix(".en").read_text(encoding="utf-8").splitlines()
        out.append((stem.name, zh, en, read_beads(str(gold))))
    return out


class TimedEncoder(EncoderWrapper):
    """Wraps an encoder, adding up the seconds and texts that go through it. Building run
    vectors from states is the encoder's head at work, so it counts as encoding too."""

    def __init__(self, spec: str, threads: int | None = None):
        super().__init__(get_encoder(spec, threads=threads or 1))
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._timed(self.inner.encode, texts)

    def encode_states(self, texts: list[str]) -> np.ndarray:
        return self._timed(self.inner.encode_states, texts)

    def run_vectors(self, states, max_len, join=None):
        started = time.perf_counter()
        runs = super().run_vectors(states, max_len, join)
        self.seconds += time.perf_counter() - started
        return runs

    def _timed(self, compute, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        result = compute(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return result

    def reset(self) -> None:
        self.seconds = 0.0
        self.texts = 0
