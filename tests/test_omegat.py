"""Our TMX in a real CAT tool: OmegaT fills a translation from it, character for character.

The project's source is the English edition of the seed article set, one
sentence per paragraph; our TMX sits in `tm/auto/`, whose exact matches OmegaT
inserts as translations. OmegaT runs headless in console-translate mode, once
with a zh-CN and once with a zh-TW target, so it must pick the right one of the
two Chinese variants (it matches language and country).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from align.export import write_outputs
from align.pipeline import Settings, align_article_set, find_article_sets

SEED_SET = Path(__file__).resolve().parents[1] / "texts" / "balancing-high-level-dialogue"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
TARGETS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}

pytestmark = [
    pytest.mark.skipif(
        not OMEGAT_JAR.is_file() or shutil.which("java") is None,
        reason=f"OmegaT is not installed ({OMEGAT_JAR} and java needed: apt-get install -y omegat; .ci/run installs it)",
    ),
]

# Sentence segmentation off: every paragraph is one segment, and each of our
# sentences is its own paragraph. OmegaT's own English rules would otherwise
# re-split some of our sentences (abbreviations like "U.S."), and a part of a
# sentence cannot match a whole-sentence memory entry.
PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en-US</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


@pytest.fixture(scope="module")
def seed_alignment(encoder):
    (article_set,) = find_article_sets([str(SEED_SET)])
    return align_article_set(article_set, Settings(), encoder)


@pytest.fixture(scope="module")
def seed_tmx(seed_alignment, tmp_path_factory) -> Path:
    prefix = tmp_path_factory.mktemp("tmx") / seed_alignment.name
    (path,) = write_outputs(seed_alignment, str(prefix), ["tmx"])
    return Path(path)


def make_project(folder: Path, target_code: str, sentences: list[str], tmx: Path) -> Path:
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "omegat.project").write_text(PROJECT_FILE.format(target=target_code), encoding="utf-8")
    # A blank line between sentences: a paragraph whichever way OmegaT's text
    # filter is set to break paragraphs (at line breaks or at empty lines).
    (folder / "source" / "article.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    shutil.copy(tmx, folder / "tm" / "auto" / tmx.name)
    return folder


def run_omegat(project: Path, config: Path) -> list[str]:
    command = [
        "java", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
        "-jar", str(OMEGAT_JAR), str(project), "--mode=console-translate", f"--config-dir={config}",
    ]
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    translated = project / "target" / "article.txt"
    assert done.returncode == 0 and translated.is_file(), done.stdout[-3000:] + done.stderr[-3000:]
    return [p for p in translated.read_text(encoding="utf-8").split("\n\n") if p.strip()]


@pytest.mark.parametrize("lang", list(TARGETS))
def test_omegat_translates_every_one_to_one_sentence_from_our_tmx(lang, seed_alignment, seed_tmx, tmp_path):
    english = seed_alignment.documents[seed_alignment.langs.index("en")].texts
    target = seed_alignment.langs.index(lang)
    source = seed_alignment.langs.index("en")
    expected: dict[int, str] = {}
    for row in seed_alignment.rows:
        if len(row.spans[source]) == 1 and len(row.spans[target]) == 1:
            expected[row.spans[source][0]] = seed_alignment.texts(row)[target]
    # A sentence that occurs twice with two different partners has no single right answer.
    ambiguous = {i for i in expected if any(english[j] == english[i] and expected.get(j) != expected[i] for j in range(len(english)))}
    assert len(expected) - len(ambiguous) >= 40, "the seed set should give OmegaT plenty to match"

    project = make_project(tmp_path / "project", TARGETS[lang], english, seed_tmx)
    out = [p.strip("\n") for p in run_omegat(project, tmp_path / "config")]

    assert len(out) == len(english)
    for index, sentence in enumerate(english):
        if index in expected and index not in ambiguous:
            assert out[index] == expected[index], (sentence, out[index], expected[index])
