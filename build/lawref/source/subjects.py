"""A document's own list of its chapter subjects (第五十条: 组织领导和机构职责、…等，参照本条例), read from its text.

The link stage resolves each listed subject to its chapter; the proofreader reports a subject whose wording
differs from the chapter's title. Both read the clause with the same pattern and compare by the same key.
"""

from __future__ import annotations

import re

from ..model import Chapter

ANALOGY_RE = re.compile(r"([^，。；：]+?)等，参照本条例")
_FILLER = re.compile(r"[和、，及与]")


def subject_key(title: str) -> str:
    """The comparison form of a chapter subject: joining words dropped.

    >>> subject_key("工作程序、方式和权限") == subject_key("工作程序和方式权限")
    True
    """
    return _FILLER.sub("", title)


def match_subject(part: str, chapters) -> Chapter | None:
    """The chapter a subject names: the same key, else the one chapter whose key ends with the part's
    (or the part's with the chapter's): a list may drop or add the document's own subject word
    (监督整改 for the chapter 某某监督整改).

    >>> from lawref.model import Chapter
    >>> chs = [Chapter("chp_5", 5, "第五章", "检查整改和成果运用", (), None), Chapter("chp_6", 6, "第六章", "队伍建设", (), None)]
    >>> [c.eid if c else None for c in (match_subject(p, chs) for p in ("整改和成果运用", "检查队伍建设", "对象"))]
    ['chp_5', 'chp_6', None]
    """
    key = subject_key(part)
    keys = [(subject_key(c.title), c) for c in chapters]
    exact = [c for k, c in keys if k == key]
    if exact:
        return exact[-1]
    near = [c for k, c in keys if len(key) >= 2 and len(k) >= 2 and (k.endswith(key) or key.endswith(k))]
    # One subject, possibly on several chapters of one title (a repeated text): the last, as for exact keys.
    return near[-1] if near and len({c.title for c in near}) == 1 else None
