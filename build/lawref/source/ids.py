"""Akoma Ntoso-style element ids, ASCII, derived from official numbering only.

``chp_4``, ``art_23``, ``art_10_1`` (第十条之一), ``art_23__para_1``,
``art_23__para_1__item_3``; news sections ``sec_2``. Containers: 编 ``book_1``, 分编 ``book_3__part_2``,
chapters under a 编 ``book_1__chp_2``, 节 ``chp_2__sec_3`` / ``book_1__chp_2__sec_3``. Articles are numbered
through the document, so their ids are article-rooted whatever the containers.
"""

from __future__ import annotations

import re


def chapter_eid(num: int, book: str | None = None) -> str:
    """A chapter's id; under a 编 it is qualified by the 编 (chapters restart in each 编).

    >>> chapter_eid(4), chapter_eid(2, book_eid(1))
    ('chp_4', 'book_1__chp_2')
    """
    return f"{book}__chp_{num}" if book else f"chp_{num}"


def book_eid(num: int) -> str:
    """A 编."""
    return f"book_{num}"


def part_eid(book: str, num: int) -> str:
    """A 分编 within its 编: ``book_3__part_2``."""
    return f"{book}__part_{num}"


def division_section_eid(chapter: str, num: int) -> str:
    """A 节 within its chapter: ``chp_2__sec_3``, ``book_1__chp_2__sec_3``."""
    return f"{chapter}__sec_{num}"


def article_eid(num: int, sub: int = 0) -> str:
    """An article's id; ``sub`` numbers an inserted article (第十条之一).

    >>> article_eid(10, 1)
    'art_10_1'
    """
    return f"art_{num}" if not sub else f"art_{num}_{sub}"


def paragraph_eid(article: str, num: int) -> str:
    return f"{article}__para_{num}"


def item_eid(paragraph: str, num: int) -> str:
    return f"{paragraph}__item_{num}"


def point_eid(item: str, num: int) -> str:
    """The id of a 目 of an item.

    >>> point_eid("art_23__para_1__item_3", 2)
    'art_23__para_1__item_3__point_2'
    """
    return f"{item}__point_{num}"


def section_eid(num: int) -> str:
    return f"sec_{num}"


EID_RE = re.compile(r"^(?:(?:book_\d+(?:__part_\d+)?__)?chp_\d+(?:__sec_\d+)?|book_\d+(?:__part_\d+)?|sec_\d+(?:__para_\d+)?|art_\d+(?:_\d+)?(?:__para_\d+(?:__item_\d+(?:__point_\d+)?)?)?)$")


def article_of(eid: str) -> str:
    """The article part of a paragraph or item eid: ``art_23__para_1`` → ``art_23``."""
    return eid.split("__", 1)[0]


def article_url_part(eid: str) -> str:
    """Path segment of the article page holding ``eid``: ``art_23__para_1`` → ``art_23``."""
    return article_of(eid)
