"""Opt-in removal of page chrome (`--strip-boilerplate`): language menus, bylines,
dates, share/related blocks, navigation and "Back to Top" lines of saved web pages.

Whole lines are judged, never parts of lines, so real sentences are never cut.
The rules are language-independent shapes (short unpunctuated lines before the
article body, separator-joined link lists, date-only lines, runs of menu items)
plus small English and Chinese keyword lists for the usual widgets. Without the
option, such lines stay paragraphs of their own and align as their own beads.
"""

from __future__ import annotations

import re
import unicodedata

from .languages import HAN

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
}
"""A line that is one of these (ignoring case, bullets, punctuation and a trailing colon list)."""

RELATED_HEADINGS = {
    "you might also like", "you may also like", "related", "related articles", "related stories",
    "related posts", "related content", "more stories", "recommended", "read more",
    "相关文章", "相關文章", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀",
    "你可能还喜欢", "你可能也喜欢", "您可能也喜欢", "你可能還喜歡", "你可能也喜歡", "您可能也喜歡",
    "猜你喜欢", "猜你喜歡", "更多",
}
"""Headings of a block of other articles' titles: the titles after them go too."""

BYLINE_PREFIXES = (
    "by ", "posted by", "written by", "author:", "authors:", "photo:", "photos:", "image:", "source:",
    "作者", "文/", "文｜", "文|", "撰文", "记者", "記者", "责任编辑", "責任編輯", "编辑：", "編輯：",
    "编辑:", "編輯:", "来源：", "來源：", "来源:", "來源:", "图/", "圖/", "摄影", "攝影",
)

LANGUAGE_NAMES = {
    "english", "简体", "繁體", "繁体", "简体中文", "繁體中文", "繁体中文", "中文", "日本語", "한국어",
    "français", "español", "deutsch", "русский", "العربية", "português", "italiano",
}

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"""^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?:
        {_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      | \d{{1,2}}\s+{_MONTHS},?\s+\d{{4}}
      | \d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}
      | \d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{4}}
      | \d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日(?:\s*星期.|\s*週.|\s*周.)?
    )(?:\s*,?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm)?)?(?:\s*\(?[a-z]{{2,4}}\)?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_URL_OR_EMAIL = re.compile(r"^(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:\||»|›|·|•|/|>|\u00a6)\s*")
_BULLETS = "•·●▪■◆◇○*-–—►▸"
_TERMINAL = set(".!?。！？…")
_MENU_RUN = 4
"""This many consecutive menu-item lines make a menu."""


def boilerplate_lines(text: str) -> set[int]:
    """Indices (0-based, as in text.splitlines()) of the lines judged page chrome."""
    lines = text.splitlines()
    dropped: set[int] = set()
    body_started = False
    in_related_block = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        prose = _is_prose(stripped)
        core = _core(stripped)
        if prose:
            body_started = True
            in_related_block = False
        if _is_chrome_line(stripped, core) or (not body_started and _is_header_byline(stripped, core)):
            dropped.add(number)
            if core in RELATED_HEADINGS and number > len(lines) // 2:
                in_related_block = True
            continue
        if in_related_block and not prose:
            dropped.add(number)  # a title in a "You might also like" list
    dropped |= _menu_runs(lines)
    return dropped


CHROME_PREFIXES = ("share on ", "share to ", "share via ", "subscribe to ", "follow us on ", "分享到", "订阅", "訂閱")


def looks_like_chrome(sentence: str) -> bool:
    """One line or sentence on its own, judged as a page widget (no context needed)."""
    stripped = sentence.strip()
    core = _core(stripped)
    if core.startswith(CHROME_PREFIXES) and len(core) <= 40 and not _is_prose(stripped):
        return True
    return _is_chrome_line(stripped, core)


def strip_boilerplate(text: str) -> str:
    """The text with chrome lines emptied (line numbers and paragraph breaks are kept)."""
    dropped = boilerplate_lines(text)
    if not dropped:
        return text
    return "\n".join("" if number in dropped else line for number, line in enumerate(text.splitlines())) + "\n"


def _is_chrome_line(stripped: str, core: str) -> bool:
    if not core:
        return not any(ch.isalnum() for ch in stripped)  # a rule of dashes, a lone bullet
    if core in CHROME_PHRASES:
        return True
    head = core.split(":", 1)[0].strip() if ":" in core else None  # NFKC made "：" a ":"
    if head in CHROME_PHRASES and len(core) <= 80 and not _is_prose(stripped):
        return True  # "Share: Facebook Twitter", "分享到：微信 微博", "Language : English 简体 繁體"
    if _is_language_menu(core):
        return True
    if _DATE_LINE.match(core) or _URL_OR_EMAIL.match(stripped):
        return True
    if "©" in stripped or core.startswith("copyright"):
        return len(stripped) <= 200
    return _is_link_list(stripped)


def _is_header_byline(stripped: str, core: str) -> bool:
    """Before the article body: "By Jane Doe", "作者：张云", "• Zhang Yun"."""
    if any(core.startswith(prefix) for prefix in BYLINE_PREFIXES) and len(core) <= 80:
        return True
    bulleted = stripped[:1] in _BULLETS and stripped[1:2].isspace()
    return bulleted and _is_short_label(core, words=4, han=8)


def _is_language_menu(core: str) -> bool:
    tokens = [t for t in re.split(r"[\s|/·•:：,，]+", core) if t]
    names = sum(1 for t in tokens if t in LANGUAGE_NAMES)
    others = len(tokens) - names
    return names >= 2 and others <= 2


def _is_link_list(stripped: str) -> bool:
    """"Home | News | World » Asia": three or more short labels joined by separators."""
    parts = [p for p in _SEPARATORS.split(stripped) if p]
    if len(parts) < 3 or len(_SEPARATORS.findall(stripped)) < 2:
        return False
    return all(_is_short_label(_core(p), words=3, han=8) for p in parts)


def _menu_runs(lines: list[str]) -> set[int]:
    """Runs of _MENU_RUN or more consecutive one-or-two-word lines with no punctuation: a menu."""
    dropped: set[int] = set()
    run: list[int] = []
    for number, line in enumerate(lines + [""]):
        stripped = line.strip()
        if stripped and _is_short_label(_core(stripped), words=2, han=6) and not any(
            unicodedata.category(ch).startswith("P") for ch in stripped.lstrip(_BULLETS)
        ):
            run.append(number)
            continue
        if len(run) >= _MENU_RUN:
            dropped.update(run)
        run = []
    return dropped


def _is_short_label(core: str, words: int, han: int) -> bool:
    if not core or any(ch in _TERMINAL for ch in core):
        return False
    han_count = len(HAN.findall(core))
    if han_count:
        return han_count <= han and len(core.split()) <= words
    return len(core.split()) <= words


def _is_prose(stripped: str) -> bool:
    """A line of running text: it ends a sentence and is long enough to be one."""
    han_count = len(HAN.findall(stripped))
    long_enough = han_count >= 15 or len(stripped.split()) >= 8
    return long_enough and any(ch in _TERMINAL for ch in stripped)


def _core(stripped: str) -> str:
    """Casefolded, without leading bullets and trailing punctuation or arrows."""
    core = stripped.strip().lstrip(_BULLETS + " \t").rstrip(" .:：»›>↑^")
    return unicodedata.normalize("NFKC", core).casefold()
