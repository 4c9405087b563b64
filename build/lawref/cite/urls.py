"""The permanent URL scheme. Every published address is derived here and nowhere else.

- ``/``: home; ``/{slug}/``: a document (the regulation's full text, the news article);
- ``/{slug}/chp_{n}/``: a chapter (``/{slug}/book_{b}__chp_{n}/`` under a 编; a 节 is ``#…__sec_{k}`` on its
  chapter's page, a 编 ``#book_{b}`` on the document's); ``/{slug}/art_{n}/``: an article (also a lacuna);
- ``/{slug}/sec_{n}/``: a news section; ``/jiaokanji/``: the 校勘记 page.
Fragments are element ids: ``/doc/art_23/#art_23__para_1__item_3``.
URLs here are site-relative without a leading slash (``doc/art_23/``), so the
site works under any sub-path.
"""

from __future__ import annotations

import posixpath

from ..source.ids import article_of


def document_url(slug: str) -> str:
    """A document's page (the regulation's full text, the whole news article).

    >>> document_url("doc")
    'doc/'
    """
    return f"{slug}/"


def unit_url(slug: str, eid: str) -> str:
    """The page URL of a unit (``art_23__para_1`` lives on ``doc/art_23/``; a 节 on its chapter's page,
    a 编 or 分编 on the document's page).

    >>> unit_url("doc", "art_23__para_1__item_3"), unit_url("doc", "book_1__chp_2__sec_3"), unit_url("doc", "book_1")
    ('doc/art_23/', 'doc/book_1__chp_2/', 'doc/')
    """
    if eid.startswith("sec_"):
        return f"{slug}/{eid.split('__', 1)[0]}/"
    if eid.startswith(("chp_", "book_")):
        chapter = chapter_of(eid)
        return f"{slug}/{chapter}/" if chapter else f"{slug}/"
    return f"{slug}/{article_of(eid)}/"


def chapter_of(eid: str) -> str:
    """The chapter part of a container id (``book_1__chp_2__sec_3`` → ``book_1__chp_2``; ``""`` for a 编).

    >>> chapter_of("chp_2__sec_3"), chapter_of("book_3__part_1")
    ('chp_2', '')
    """
    parts = eid.split("__")
    for i, p in enumerate(parts):
        if p.startswith("chp_"):
            return "__".join(parts[: i + 1])
    return ""


def unit_href(slug: str, eid: str) -> str:
    """URL with fragment: the page for whole articles/chapters/sections, ``#eid`` for parts.

    >>> unit_href("doc", "art_23"), unit_href("doc", "art_23__para_1"), unit_href("doc", "book_2")
    ('doc/art_23/', 'doc/art_23/#art_23__para_1', 'doc/#book_2')
    """
    page = unit_url(slug, eid)
    return page if page.rstrip("/").rsplit("/", 1)[-1] == eid else f"{page}#{eid}"


def page_src(url: str) -> str:
    """Markdown source path for a page URL; the URL is the same either way.

    Pages that head a navigation section (the home page, a document, a chapter) are
    ``index.md`` files, so Material's ``navigation.indexes`` attaches them to their section;
    the others are plain files.

    >>> page_src("doc/art_23/"), page_src("doc/chp_3/"), page_src("doc/")
    ('doc/art_23.md', 'doc/chp_3/index.md', 'doc/index.md')
    """
    if url == "":
        return "index.md"
    parts = url.rstrip("/").split("/")
    if len(parts) == 1 or parts[-1].startswith("chp_"):
        return "/".join(parts) + "/index.md"
    return "/".join(parts[:-1]) + f"/{parts[-1]}.md"


def src_link(from_url: str, to_url: str) -> str:
    """A Markdown link between the sources of two pages (MkDocs resolves and checks it).

    >>> src_link("doc/chp_3/", "doc/art_23/")
    '../art_23.md'
    """
    target, here = page_src(to_url), page_src(from_url)
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def relative(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs (fragment kept).

    >>> relative("doc/art_23/", "doc/art_24/")
    '../art_24/'
    """
    target, _, frag = to_url.partition("#")
    rel = _relpath(target, from_url)
    if (target.endswith("/") or target == "") and not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{frag}" if frag else "")


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath("/" + target, "/" + base)``, without its normalising for the clean paths the site
    links (no ``.``/``..`` segments, no leading ``/``): a page links hundreds of units, a build ~100,000 times.

    >>> [_relpath(t, b) for t, b in (("a/b/", "a/c/"), ("a/b/", "a/b/"), ("", "a/b/"), ("a/x.json", ""))]
    ['../b', '.', '../..', 'a/x.json']
    """
    t, b = target.split("/"), base.split("/")
    if target.startswith("/") or base.startswith("/") or any(s in (".", "..") for s in (*t, *b)):
        return posixpath.relpath("/" + target, "/" + base)
    t = [s for s in t if s]
    b = [s for s in b if s]
    n = 0
    while n < len(t) and n < len(b) and t[n] == b[n]:
        n += 1
    return "/".join([".."] * (len(b) - n) + t[n:]) or "."


JIAOKANJI_URL = "jiaokanji/"
ABOUT_URL = "about/"
"""关于本站: the build facts (sources, sha256 pins, content version, ids)."""
