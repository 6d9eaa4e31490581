"""Reading editions from disk; the readers for each format live in align.readers."""

from __future__ import annotations

from .readers import INPUT_SUFFIXES, SourceText, read_source, read_text

TEXT_SUFFIXES = INPUT_SUFFIXES
"""Every suffix an article set may hold (.txt, .md, .html, .htm, .docx); the name predates HTML/Word input."""

__all__ = ["INPUT_SUFFIXES", "TEXT_SUFFIXES", "SourceText", "read_source", "read_text"]
