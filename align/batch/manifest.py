"""The skip manifest: `.align-manifest.json` beside a set's outputs vouches for them.

Per output file it records the SHA-256 of its content, the signature it was
made with (align.signature) and the digest of the inputs it was made from. A
file whose content matches an entry is ours; any other file in an output's
place was written or edited by someone else and is not replaced without
`--force`.

Outputs and manifest are committed together, in three steps, so that an
interruption at any point (Ctrl-C, SIGKILL, power loss, a full disk) leaves
every output either as it was or complete, and vouched for either way:

1. the new outputs are written to temporary files and flushed;
2. the manifest is rewritten with the new files' entries under `pending`,
   beside the entries of the files still in place;
3. the outputs are renamed into place, then the manifest is rewritten with the
   pending entries as the outputs' own.

A file matches its committed entry or its pending one, so the next run
recognises it whichever side of a rename the interruption fell on: it skips
the set if everything is in place and current, and re-aligns it otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os

from ..errors import AlignError
from ..fsutil import atomic_write, file_sha256, text_name

MANIFEST_NAME = ".align-manifest.json"
MANIFEST_VERSION = 1
"""Version 1 manifests from before `pending` existed read the same (no pending entries)."""


def read_manifest(output_dir: str) -> dict:
    """The manifest in OUTPUT_DIR, with only well-formed entries; {} if none or unreadable."""
    try:
        with open(os.path.join(output_dir, MANIFEST_NAME), encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("manifest") != MANIFEST_VERSION:
        return {}
    for part in ("outputs", "pending"):
        entries = manifest.get(part)
        manifest[part] = {
            name: entry
            for name, entry in (entries.items() if isinstance(entries, dict) else ())
            if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
        }
    return manifest


def entry_for(manifest: dict, name: str, sha256: str | None) -> dict | None:
    """The entry (committed or pending) that vouches for the file NAME with content SHA256, if any."""
    if sha256 is None:
        return None
    for part in ("outputs", "pending"):
        entry = manifest.get(part, {}).get(text_name(name))
        if entry and entry["sha256"] == sha256:
            return entry
    return None


def known(manifest: dict, name: str) -> bool:
    """Whether align ever recorded the file NAME here (it was edited if no entry matches it now)."""
    return any(text_name(name) in manifest.get(part, {}) for part in ("outputs", "pending"))


class ManifestCommit:
    """Steps 2 and 3 of the commit (see the module docstring) for one set's outputs."""

    def __init__(self, output_dir: str, set_name: str, inputs: dict[str, str], signature: str, digest: str):
        self.output_dir = output_dir
        self.set_name = set_name
        self.inputs = inputs
        self.signature = signature
        self.digest = digest
        self.entries: dict[str, dict] = {}

    def prepare(self, written: list[tuple[str, str]]) -> None:
        """Record the new files as pending; called before the first rename. A failure here
        (a full disk) stops the commit with every output as it was."""
        # Keyed by the names as text: a manifest is UTF-8 JSON whatever the locale (align.fsutil.text_name).
        self.entries = {
            text_name(os.path.basename(path)): {"sha256": sha, "signature": self.signature, "inputs": self.digest}
            for path, sha in written
        }
        manifest = read_manifest(self.output_dir)
        self._write(manifest.get("outputs", {}), self.entries)

    def complete(self) -> None:
        """Make the pending entries the outputs' own; called after the renames."""
        outputs = dict(read_manifest(self.output_dir).get("outputs", {}))
        outputs.update(self.entries)
        try:
            self._write(outputs, {})
        except AlignError as exc:
            raise AlignError(
                f"outputs written, but the manifest was not updated ({exc}); the next run recognises them"
            ) from exc

    def _write(self, outputs: dict, pending: dict) -> None:
        # Entries for files that are gone would vouch for a file someone puts there later.
        present = {text_name(name) for name in os.listdir(self.output_dir)} if os.path.isdir(self.output_dir) else set()
        manifest = {
            "manifest": MANIFEST_VERSION,
            "set": text_name(self.set_name),
            "inputs": {lang: text_name(path) for lang, path in self.inputs.items()},
            "outputs": {name: entry for name, entry in sorted(outputs.items()) if name in present},
        }
        if pending:
            manifest["pending"] = dict(sorted(pending.items()))
        atomic_write(os.path.join(self.output_dir, MANIFEST_NAME), json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


def input_digest(files: dict[str, str]) -> str | None:
    """One hash over every edition's language and bytes; None if one cannot be read (the run will say why)."""
    digest = hashlib.sha256()
    for lang in sorted(files):
        content = sha256_if_readable(files[lang])
        if content is None:
            return None
        digest.update(f"{lang}\x00{content}\x00".encode())
    return digest.hexdigest()


def sha256_if_readable(path: str) -> str | None:
    """The file's SHA-256, or None when it is missing or unreadable (nothing to vouch for)."""
    try:
        return file_sha256(path)
    except OSError:
        return None
