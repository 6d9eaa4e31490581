"""The alignment core takes arrays and numbers: no texts reach align/aligner, and it imports
nothing that reads, segments or looks into texts (align.features does that, once per document)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ALIGNER = Path(__file__).resolve().parents[1] / "align" / "aligner"
TEXT_LEVEL = ("align.features", "align.readers", "align.segment", "align.boilerplate", "align.normalize")
TEXT_ARGUMENT = re.compile(r"(^|_)texts?$")


def aligner_modules() -> list[Path]:
    return sorted(ALIGNER.glob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module PATH imports (relative imports resolved)."""
    package = ["align", "aligner"]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from .. import boilerplate`
    return found


def test_the_aligner_package_is_found():
    assert {p.name for p in aligner_modules()} >= {"__init__.py", "dp.py", "chunks.py", "scoring.py"}


@pytest.mark.parametrize("path", aligner_modules(), ids=lambda p: p.name)
def test_aligner_imports_no_text_level_module(path):
    bad = sorted(
        m for m in imported_modules(path)
        if m.startswith(TEXT_LEVEL) or "lexicon" in m.split(".") or m.split(".")[0] in ("pypinyin", "opencc")
    )
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", aligner_modules(), ids=lambda p: p.name)
def test_no_aligner_function_takes_texts(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            names = [a.arg for a in arguments] + [a.arg for a in (node.args.vararg, node.args.kwarg) if a]
            assert not [n for n in names if TEXT_ARGUMENT.search(n)], f"{path.name}: {getattr(node, 'name', 'lambda')}({names})"


def test_the_checks_catch_what_they_look_for(tmp_path):
    """The two checks above fail on the code they are meant to keep out."""
    module = tmp_path / "bad.py"
    module.write_text("from ..boilerplate import looks_like_chrome\nfrom ..features.lexicon import lexicon_for\n")
    found = imported_modules(module)
    assert "align.boilerplate" in found and "align.features.lexicon" in found
    assert TEXT_ARGUMENT.search("src_texts") and TEXT_ARGUMENT.search("texts") and not TEXT_ARGUMENT.search("contexts")
