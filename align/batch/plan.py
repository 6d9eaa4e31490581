"""Planning: which sets need work, which can be skipped, and which must not be touched."""

from __future__ import annotations

import os
from dataclasses import replace

from ..export import FORMATS
from ..fsutil import remove_stale_temps
from ..pipeline import ArticleSet, Settings
from ..signature import Signature
from .manifest import entry_for, input_digest, known, read_manifest, sha256_if_readable
from .worker import FAILED, SKIPPED, SetJob, SetResult


def plan_set(
    article_set: ArticleSet, output_root: str, formats: list[str], settings: Settings, force: bool
) -> tuple[SetJob | None, SetResult | None, str | None]:
    """(job to run, or the result without running: skipped/failed; and a note for the user)."""
    label = article_set.label
    if article_set.problem:
        return None, SetResult(label, FAILED, article_set.problem), None
    output_dir = os.path.abspath(os.path.join(output_root, article_set.name))
    remove_stale_temps(output_dir)  # what a killed writer left; a live one's stay
    files = {lang: os.path.abspath(path) for lang, path in article_set.files.items()}
    job = SetJob(
        article_set.name,
        os.path.abspath(article_set.folder),
        tuple(sorted(files.items())),
        output_dir,
        tuple(formats),
        settings,
    )
    if force:  # nothing to compare: no hashing
        return job, None, None
    digest = input_digest(files)
    job = replace(job, digest=digest)
    signature = Signature.of(settings)
    manifest = read_manifest(output_dir)
    targets = [article_set.name + FORMATS[fmt] for fmt in formats]
    present = {name: sha256_if_readable(os.path.join(output_dir, name)) for name in targets}
    entries = {name: entry_for(manifest, name, present[name]) for name in targets}

    def current(entry) -> bool:
        return entry is not None and entry.get("inputs") == digest and Signature.parse(entry.get("signature", "")).same_as(signature)

    if digest and all(current(entries[name]) for name in targets):
        return None, SetResult(label, SKIPPED), None
    foreign = [name for name in targets if present[name] and entries[name] is None]
    if foreign:
        path = os.path.join(output_dir, foreign[0])
        why = "was edited after align wrote it" if known(manifest, foreign[0]) else "was not written by align run"
        message = f"{path} {why}; not replacing it (use --force to re-align and replace it)"
        return None, SetResult(label, FAILED, message), None
    older = [
        Signature.parse(entry.get("signature", ""))
        for entry in entries.values()
        if entry is not None and not Signature.parse(entry.get("signature", "")).same_as(signature)
    ]
    if older:
        changes = ", ".join(signature.changes_since(older[0]))
        return job, None, f"settings changed since its outputs were made ({changes}); re-aligning and replacing them"
    return job, None, None
