"""Akoma Ntoso-style element ids, ASCII, derived from official numbering only.

``chp_4``, ``art_23``, ``art_10_1`` (第十条之一), ``art_23__para_1``,
``art_23__para_1__item_3``; news sections ``sec_2``.
"""

from __future__ import annotations

import re


def chapter_eid(num: int) -> str:
    return f"chp_{num}"


def article_eid(num: int, sub: int = 0) -> str:
    """>>> article_eid(10, 1)
    'art_10_1'
    """
    return f"art_{num}" if not sub else f"art_{num}_{sub}"


def paragraph_eid(article: str, num: int) -> str:
    return f"{article}__para_{num}"


def item_eid(paragraph: str, num: int) -> str:
    return f"{paragraph}__item_{num}"


def section_eid(num: int) -> str:
    return f"sec_{num}"


EID_RE = re.compile(r"^(?:chp_\d+|sec_\d+(?:__para_\d+)?|art_\d+(?:_\d+)?(?:__para_\d+(?:__item_\d+)?)?)$")


def article_of(eid: str) -> str:
    """The article part of a paragraph or item eid: ``art_23__para_1`` → ``art_23``."""
    return eid.split("__", 1)[0]


def article_url_part(eid: str) -> str:
    """Path segment of the article page holding ``eid``: ``art_23__para_1`` → ``art_23``."""
    return article_of(eid)
