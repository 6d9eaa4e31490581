"""Opt-in removal of page chrome (`--strip-boilerplate`): language menus, bylines,
dates, share/related blocks, navigation and "Back to Top" lines of saved web pages.

Whole lines are judged, never parts of lines, so real sentences are never cut.
The rules are language-independent shapes (short unpunctuated lines before the
article body, separator-joined link lists, date-only lines, runs of menu items)
plus small keyword lists for the usual widgets (align.features.chrome_words); a line on its
own is judged by align.features.chrome, the rules here add the page's context.
Without the option, such lines stay paragraphs of their own and align as their
own beads.
"""

from __future__ import annotations

import unicodedata

from .features import chrome_words
from .features.chrome import BULLETS, LabelSize, is_chrome_line, is_prose, is_short_label, line_core

RELATED_HEADINGS = {
    "you might also like", "you may also like", "related", "related articles", "related stories",
    "related posts", "related content", "more stories", "recommended", "read more",
    "相关文章", "相關文章", "相关阅读", "相關閱讀", "延伸阅读", "延伸閱讀", "推荐阅读", "推薦閱讀",
    "你可能还喜欢", "你可能也喜欢", "您可能也喜欢", "你可能還喜歡", "你可能也喜歡", "您可能也喜歡",
    "猜你喜欢", "猜你喜歡", "更多",
} | chrome_words.all_related()
"""Headings of a block of other articles' titles: the titles after them go too."""

BYLINE_PREFIXES = (
    "by ", "posted by", "written by", "author:", "authors:", "photo:", "photos:", "image:", "source:",
    "作者", "文/", "文｜", "文|", "撰文", "记者", "記者", "责任编辑", "責任編輯", "编辑：", "編輯：",
    "编辑:", "編輯:", "来源：", "來源：", "来源:", "來源:", "图/", "圖/", "摄影", "攝影",
)
"""How bylines, credits and source lines begin: dropped before the article body only."""

BYLINE_MAX_CHARS = 80
"""A line starting with a byline prefix is a byline up to this long; longer, it is prose."""
BULLETED_BYLINE = LabelSize(words=4, han=8)
"""Before the body, a bulleted label this short is a byline ("• Zhang Yun")."""

MENU_ITEM = LabelSize(words=2, han=6)
"""A menu item: a line of one or two words (up to six Han characters) without punctuation."""
MENU_RUN = 4
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
        prose = is_prose(stripped)
        core = line_core(stripped)
        if prose:
            body_started = True
            in_related_block = False
        if is_chrome_line(stripped, core) or (not body_started and _is_header_byline(stripped, core)):
            dropped.add(number)
            # In the page's second half such a heading starts a list of other articles'
            # titles; in the first half it is an entry of a menu.
            if core in RELATED_HEADINGS and number > len(lines) // 2:
                in_related_block = True
            continue
        if in_related_block and not prose:
            dropped.add(number)  # a title in a "You might also like" list
    dropped |= _menu_runs(lines)
    return dropped


def strip_boilerplate(text: str) -> str:
    """The text with chrome lines emptied (line numbers and paragraph breaks are kept)."""
    dropped = boilerplate_lines(text)
    if not dropped:
        return text
    return "\n".join("" if number in dropped else line for number, line in enumerate(text.splitlines())) + "\n"


def _is_header_byline(stripped: str, core: str) -> bool:
    """Before the article body: "By Jane Doe", "作者：张云", "• Zhang Yun"."""
    if any(core.startswith(prefix) for prefix in BYLINE_PREFIXES) and len(core) <= BYLINE_MAX_CHARS:
        return True
    bulleted = stripped[:1] in BULLETS and stripped[1:2].isspace()
    return bulleted and is_short_label(core, BULLETED_BYLINE)


def _menu_runs(lines: list[str]) -> set[int]:
    """Runs of MENU_RUN or more consecutive menu items: a menu."""
    dropped: set[int] = set()
    run: list[int] = []
    for number, line in enumerate(lines + [""]):
        stripped = line.strip()
        if stripped and is_short_label(line_core(stripped), MENU_ITEM) and not any(
            unicodedata.category(ch).startswith("P") for ch in stripped.lstrip(BULLETS)
        ):
            run.append(number)
            continue
        if len(run) >= MENU_RUN:
            dropped.update(run)
        run = []
    return dropped
