"""Page chrome, one line at a time: does this line look like a page widget?

Language menus, "Back to Top", "Share on Facebook", date-only lines, link
lists, copyright lines. The aligner lets such sentences go unaligned cheaply
(`AlignParams.chrome_null_scale`), and `--strip-boilerplate` (align.boilerplate)
builds its whole-page judgment on the same rules. The rules are
language-independent shapes plus small keyword lists: English and Chinese here,
German, French, Spanish, Italian, Portuguese, Russian, Japanese, Korean and
Arabic in align.features.chrome_words.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from ..languages import HAN
from . import chrome_words

CHROME_PHRASES = {
    # English
    "back to top", "top", "to top", "you might also like", "you may also like", "related",
    "related articles", "related stories", "related posts", "related content", "more stories",
    "read more", "more", "recommended", "share", "share this", "share this article", "share this story",
    "print", "email", "e-mail", "tweet", "comments", "leave a comment", "advertisement", "subscribe",
    "sign up", "sign in", "log in", "login", "skip to content", "skip to main content", "menu",
    "search", "follow us", "previous", "next", "previous article", "next article", "home",
    "all rights reserved", "tags", "language", "languages",
    # Simplified and Traditional Chinese
    "返回顶部", "回到顶部", "返回頂部", "回到頂部", "顶部", "頂部", "相关文章", "相關文章", "相关阅读",
    "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀", "你可能还喜欢", "你可能也喜欢",
    "您可能也喜欢", "你可能還喜歡", "你可能也喜歡", "您可能也喜歡", "猜你喜欢", "猜你喜歡", "分享",
    "分享到", "打印", "列印", "上一篇", "下一篇", "评论", "評論", "首页", "首頁", "更多", "阅读更多",
    "閱讀更多", "广告", "廣告", "版权所有", "版權所有", "扫一扫", "掃一掃", "关注我们", "關注我們",
    "标签", "標籤", "语言", "語言", "返回", "订阅", "訂閱",
} | chrome_words.all_phrases()
"""A line that is one of these (ignoring case, bullets, punctuation and a trailing colon list)."""

CHROME_PREFIXES = ("share on ", "share to ", "share via ", "subscribe to ", "follow us on ", "分享到", "订阅", "訂閱") + chrome_words.PREFIXES
"""A short line starting so is a widget ("Share on Facebook", "分享到微信")."""

CHROME_PREFIX_MAX_CHARS = 40
"""A line starting with one of CHROME_PREFIXES is a widget up to this long; longer, it is
a sentence that happens to start so ("Subscribe to the idea that ...")."""

LABELLED_WIDGET_MAX_CHARS = 80
"""A chrome phrase with a colon list after it ("Share: Facebook Twitter", "Language : English
简体 繁體") is a widget up to this long."""

COPYRIGHT_MAX_CHARS = 200
"""A line with © or starting "copyright" is a footer up to this long; longer, it is prose about copyright."""

LANGUAGE_NAMES = {
    "english", "简体", "繁體", "繁体", "简体中文", "繁體中文", "繁体中文", "中文",
} | chrome_words.LANGUAGE_NAMES

LANGUAGE_MENU_MIN_NAMES = 2
"""A line naming at least this many languages ("English | 简体 | 繁體") may be a language menu..."""
LANGUAGE_MENU_MAX_OTHERS = 2
"""...when it has at most this many other words ("Language: English 简体")."""


class LabelSize(NamedTuple):
    """The most words, and the most Han characters, of a short label (a menu item, a link)."""

    words: int
    han: int


LINK_LABEL = LabelSize(words=3, han=8)
"""Each part of a link list ("Home | News | World » Asia") is at most this long."""
LINK_LIST_MIN_LABELS = 3
"""Two labels joined by a separator may be a title ("Beijing / Shanghai"); three make a list."""
LINK_LIST_MIN_SEPARATORS = 2

PROSE_MIN_HAN = 15
PROSE_MIN_WORDS = 8
"""A line of running text has at least PROSE_MIN_HAN Han characters or PROSE_MIN_WORDS words
(and ends a sentence): shorter lines may be labels, headings or widgets."""

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"""^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?:
        {_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      | \d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}
      | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}
      | \d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}
      | \d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日(?:\s*星期.|\s*週.|\s*周.)?
      | \d{{1,2}}(?:\.|er)?\s+(?:de\s+)?(?:{chrome_words.MONTHS})\s+(?:de\s+)?\d{{4}}(?:\s*г\.?)?
      | \d{{4}}\s*년\s*\d{{1,2}}\s*월\s*\d{{1,2}}\s*일
    )(?:\s*,?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm)?)?(?:\s*\(?[a-z]{{2,4}}\)?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_URL_OR_EMAIL = re.compile(r"^(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:\||»|›|·|•|/|>|\u00a6)\s*")
BULLETS = "•·●▪■◆◇○*-–—►▸"
TERMINAL = set(".!?。！？…؟")
"""Characters that end a sentence: a label or widget has none."""


def looks_like_chrome(sentence: str) -> bool:
    """One line or sentence on its own, judged as a page widget (no context needed)."""
    stripped = sentence.strip()
    core = line_core(stripped)
    if core.startswith(CHROME_PREFIXES) and len(core) <= CHROME_PREFIX_MAX_CHARS and not is_prose(stripped):
        return True
    return is_chrome_line(stripped, core)


def is_chrome_line(stripped: str, core: str) -> bool:
    """STRIPPED: the line without surrounding whitespace; CORE: its line_core."""
    if not core:
        return not any(ch.isalnum() for ch in stripped)  # a rule of dashes, a lone bullet
    if core in CHROME_PHRASES:
        return True
    head = core.split(":", 1)[0].strip() if ":" in core else None  # NFKC made "：" a ":"
    if head in CHROME_PHRASES and len(core) <= LABELLED_WIDGET_MAX_CHARS and not is_prose(stripped):
        return True  # "Share: Facebook Twitter", "分享到：微信 微博", "Language : English 简体 繁體"
    if _is_language_menu(core):
        return True
    if _DATE_LINE.match(core) or _URL_OR_EMAIL.match(stripped):
        return True
    if "©" in stripped or core.startswith("copyright"):
        return len(stripped) <= COPYRIGHT_MAX_CHARS
    return _is_link_list(stripped)


def _is_language_menu(core: str) -> bool:
    tokens = [t for t in re.split(r"[\s|/·•:：,，]+", core) if t]
    names = sum(1 for t in tokens if t in LANGUAGE_NAMES)
    others = len(tokens) - names
    return names >= LANGUAGE_MENU_MIN_NAMES and others <= LANGUAGE_MENU_MAX_OTHERS


def _is_link_list(stripped: str) -> bool:
    """"Home | News | World » Asia": three or more short labels joined by separators."""
    parts = [p for p in _SEPARATORS.split(stripped) if p]
    if len(parts) < LINK_LIST_MIN_LABELS or len(_SEPARATORS.findall(stripped)) < LINK_LIST_MIN_SEPARATORS:
        return False
    return all(is_short_label(line_core(p), LINK_LABEL) for p in parts)


def is_short_label(core: str, size: LabelSize) -> bool:
    if not core or any(ch in TERMINAL for ch in core):
        return False
    han_count = len(HAN.findall(core))
    if han_count:
        return han_count <= size.han and len(core.split()) <= size.words
    return len(core.split()) <= size.words


def is_prose(stripped: str) -> bool:
    """A line of running text: it ends a sentence and is long enough to be one."""
    han_count = len(HAN.findall(stripped))
    long_enough = han_count >= PROSE_MIN_HAN or len(stripped.split()) >= PROSE_MIN_WORDS
    return long_enough and any(ch in TERMINAL for ch in stripped)


def line_core(stripped: str) -> str:
    """Casefolded, without leading bullets and trailing punctuation or arrows."""
    core = stripped.strip().lstrip(BULLETS + " \t").rstrip(" .:：»›>↑^")
    return unicodedata.normalize("NFKC", core).casefold()
