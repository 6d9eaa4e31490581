"""Plain data passed between the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    text: str
    """The sentence exactly as it stands in the input; this is what gets exported."""
    paragraph: int
    """0-based paragraph number; sentences never span paragraphs."""


@dataclass
class Document:
    lang: str
    sentences: list[Sentence]
    source: str = ""
    """Where the text came from (a path), for messages."""

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def __len__(self) -> int:
        return len(self.sentences)


@dataclass(frozen=True)
class Bead:
    """One alignment unit between two documents: sentence indices on each side."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float
    """Confidence in [0, 1] that this bead is right."""

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(frozen=True)
class Row:
    """One aligned unit across any number of documents (a pair's bead, a triple's row)."""

    spans: tuple[tuple[int, ...], ...]
    """Sentence indices per language, parallel to Alignment.langs."""
    score: float

    @property
    def kind(self) -> str:
        return "-".join(str(len(s)) for s in self.spans)


@dataclass
class Alignment:
    """The aligned editions of one article set (two or more languages)."""

    documents: list[Document]
    rows: list[Row]
    signature: str = ""
    """Tool version, encoder and alignment settings: makes every result reproducible."""
    name: str = ""
    derived: dict = field(default_factory=dict, repr=False, compare=False)
    """Values computed from the rows once and reused by every output (the review flags)."""

    @property
    def langs(self) -> list[str]:
        return [d.lang for d in self.documents]

    def in_order(self, langs: list[str]) -> "Alignment":
        """The same alignment with its editions (and every row's spans) in the order of LANGS,
        a permutation of self.langs; self when it is that order already."""
        if list(langs) == self.langs:
            return self
        if sorted(langs) != sorted(self.langs):
            raise ValueError(f"in_order({list(langs)}) is not an order of {self.langs}")
        order = [self.langs.index(lang) for lang in langs]
        rows = [Row(tuple(row.spans[i] for i in order), row.score) for row in self.rows]
        return Alignment([self.documents[i] for i in order], rows, self.signature, self.name)

    def texts(self, row: Row) -> list[str]:
        """The row's text per language: its sentences joined as the language writes them."""
        from .languages import joiner

        out = []
        for doc, span in zip(self.documents, row.spans):
            sep = joiner(doc.lang)
            out.append(sep.join(doc.sentences[i].text for i in span))
        return out
