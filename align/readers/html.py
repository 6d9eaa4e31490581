"""Main text of a saved web page: readability-lxml picks the article, lxml turns its
blocks (headings, paragraphs, list items, table cells) into one paragraph per line.
Menus, scripts and footers outside the article are left behind.
"""

from __future__ import annotations

import logging
import re

from ..errors import AlignError

log = logging.getLogger("align")

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "body", "html",
}
SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "form", "select"}
CHROME_TAGS = {"nav", "header", "footer", "aside"}
"""Dropped when the whole body is used because readability found no article."""

MAX_TREE_DEPTH = 255
"""libxml2 (under lxml and readability) stops building the tree this deep and drops the
text below it; a deeper page is read by the flat reader instead (no article detection)."""
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first kilobytes (<meta charset=...>), if any."""
    match = _META_CHARSET.search(raw[:4096])
    return match.group(1).decode("ascii") if match else None


def html_to_text(markup: str, path: str) -> str:
    """Paragraphs of the page's main content, one per line."""
    import lxml.html
    from lxml import etree

    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return ""
    if _nesting_depth(markup) > MAX_TREE_DEPTH:
        log.info("%s: nested more than %d levels deep; reading its text without a tree", path, MAX_TREE_DEPTH)
        return _flat_text(markup)
    article = _readability_article(markup, path)
    if article is not None:
        _drop(article, "nav")  # on a short page readability keeps the whole body, menus included
        text = _blocks_text(article)
        if text.strip():
            return text
    try:  # readability parsed the page itself; the fallback parses it only when needed
        page = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise AlignError(f"{path}: cannot parse as HTML ({exc})") from None
    body = page.find("body")
    body = page if body is None else body
    _drop(body, *CHROME_TAGS)
    return _blocks_text(body)


def _drop(root, *tags: str) -> None:
    for element in list(root.iter(*tags)):
        if element.getparent() is not None:
            element.drop_tree()


def _readability_article(markup: str, path: str):
    import lxml.html

    try:
        from readability import Document
    except ImportError:  # the article extractor is a dependency, but a bare checkout may lack it
        log.info("%s: readability-lxml not installed; using the whole page body", path)
        return None
    try:
        summary = Document(markup).summary(html_partial=True)
        return lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception as exc:  # readability raises bare Exceptions on odd pages; fall back to the body
        log.info("%s: article extraction failed (%s); using the whole page body", path, exc)
        return None


def _blocks_text(root) -> str:
    """Text with a line break around every block element and at <br>; runs of spaces collapsed."""
    parts: list[str] = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in SKIP_TAGS or not tag:
            if element.tail:
                parts.append(element.tail)
            return
        block = tag.lower() in BLOCK_TAGS
        if block:
            parts.append("\n")
        if tag.lower() == "br":
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
        if block:
            parts.append("\n")
        if element.tail:
            parts.append(element.tail)

    walk(root)
    return _lines(parts)


def _lines(parts: list[str]) -> str:
    lines = ("".join(parts)).split("\n")
    cleaned = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in lines]
    return "\n".join(line for line in cleaned if line) + "\n"


def _nesting_depth(markup: str) -> int:
    """How deep the page's elements nest, from its tags alone (a cheap upper bound)."""
    depth = deepest = 0
    for closing, tag, self_closing in _TAG.findall(markup):
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and tag.lower() not in VOID_TAGS:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _flat_text(markup: str) -> str:
    """The page's text with a line break at every block tag, read as a stream of tags
    (html.parser: no tree, so no depth limit); skipped and chrome elements are left out."""
    from html.parser import HTMLParser

    parts: list[str] = []
    skipping = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in SKIP_TAGS or tag in CHROME_TAGS:
                skipping.append(tag)
            elif tag in BLOCK_TAGS or tag == "br":
                parts.append("\n")

        def handle_endtag(self, tag):
            if skipping and skipping[-1] == tag:
                skipping.pop()
            elif tag in BLOCK_TAGS:
                parts.append("\n")

        def handle_data(self, data):
            if not skipping:
                parts.append(data)

    reader = Reader(convert_charrefs=True)
    reader.feed(markup)
    reader.close()
    return _lines(parts)
