"""Any sentence-transformers model: a hub name already downloaded, or a local folder."""

from __future__ import annotations

import os

import numpy as np

from ..errors import UsageError
from .base import l2_normalize
from .coverage import languages_of_model


class SentenceTransformerEncoder:
    def __init__(self, model: str, device: str | None = None):
        self.name = f"st:{model}"
        self.languages = languages_of_model(model)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise UsageError(
                "encoder 'st:…' needs sentence-transformers: pip install 'align[st]' torch==2.13.0"
            ) from exc
        local = os.path.isdir(os.path.expanduser(model))
        try:
            self._model = SentenceTransformer(
                os.path.expanduser(model) if local else model,
                device=device or "cpu",
                local_files_only=not local and _offline(),
            )
        except Exception as exc:  # the library raises many types for a missing model
            if not local and _offline():
                reason = "not a local folder and not in the Hugging Face cache (HF_HUB_OFFLINE is set)"
            else:
                # Library messages run over several lines; the CLI shows one.
                reason = " ".join(str(exc).split()) or type(exc).__name__
            raise UsageError(f"cannot load sentence-transformers model {model!r}: {reason}") from exc

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            dim = dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        return l2_normalize(vectors)


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
