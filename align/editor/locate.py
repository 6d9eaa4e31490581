"""What `align review PATH` opens: a review table, a set's output folder, or a folder of sets."""

from __future__ import annotations

import os

from ..errors import AlignError

TABLE_SUFFIXES = (".csv", ".xlsx")
"""Review tables as `align run` and `align pair` write them; a CSV is preferred to a workbook
of the same name (it saves faster and a spreadsheet round trip is the reviewer's choice)."""


def find_tables(path: str) -> dict[str, str]:
    """Set name (for the page and its URLs) → table path, in name order."""
    if os.path.isfile(path):
        if not path.lower().endswith(TABLE_SUFFIXES):
            raise AlignError(f"{path}: not a review table (expected a .csv or .xlsx written by align run or align pair)")
        return {_stem(path): os.path.abspath(path)}
    if not os.path.isdir(path):
        raise AlignError(f"{path}: no such file or folder")
    here = _tables_in(path)
    if here:
        if len(here) == 1:
            return {os.path.basename(os.path.abspath(path)): next(iter(here.values()))}
        return here
    found: dict[str, str] = {}
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.is_dir() and not entry.name.startswith("."):
            tables = _tables_in(entry.path)
            for stem, table in tables.items():
                found[entry.name if len(tables) == 1 else f"{entry.name}/{stem}"] = table
    if not found:
        raise AlignError(f"{path}: no review table (.csv or .xlsx written by align run) in it or in its subfolders")
    return found


def _tables_in(folder: str) -> dict[str, str]:
    """Stem → table of the folder's review tables, one per stem (the CSV where both exist)."""
    tables: dict[str, str] = {}
    for entry in sorted(os.scandir(folder), key=lambda e: (e.name.lower().endswith(".xlsx"), e.name)):
        name = entry.name
        if entry.is_file() and name.lower().endswith(TABLE_SUFFIXES) and not name.startswith((".", "~$")):
            tables.setdefault(_stem(name), os.path.abspath(entry.path))
    return dict(sorted(tables.items()))


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]
