"""The review table: one row per bead, columns per language (CSV for spreadsheets)."""

from __future__ import annotations

import pandas as pd

from ..model import Alignment


def review_frame(alignment: Alignment) -> pd.DataFrame:
    records = []
    for number, row in enumerate(alignment.rows):
        record = {"set": alignment.name, "bead": number}
        for lang, span in zip(alignment.langs, row.spans):
            record[f"{lang} ids"] = " ".join(map(str, span))
        for lang, text in zip(alignment.langs, alignment.texts(row)):
            record[lang] = text
        record["score"] = round(row.score, 4)
        record["type"] = row.kind
        records.append(record)
    columns = ["set", "bead"] + [f"{l} ids" for l in alignment.langs] + alignment.langs + ["score", "type"]
    return pd.DataFrame.from_records(records, columns=columns)


def render_csv(alignment: Alignment) -> bytes:
    """UTF-8 with a BOM so Excel reads Chinese correctly; every field quoted."""
    text = review_frame(alignment).to_csv(index=False, quoting=1, lineterminator="\r\n")
    return "\ufeff".encode("utf-8") + text.encode("utf-8")
