"""The raw HTML blocks of a generated page, set aside while MkDocs converts its Markdown and put back after.

A generated page is mostly raw HTML (an article's paragraphs, items, marks and notes) between a few Markdown
headings. Python-Markdown passes a raw HTML block through unchanged, but parses it with an HTML parser to find
where it ends (``md_in_html``) and MkDocs parses the whole page again for the ids it holds: at 50× that is
three quarters of MkDocs' Markdown → HTML time. ``stash_html`` replaces each block that is plainly a complete
raw HTML block (blank lines around it, a block-level start tag at its first character, its last tag the end tag
of a block-level element, the block-level tags in it balanced) by a one-word paragraph; ``restore_html`` puts the
block back in the HTML where Python-Markdown printed that paragraph, as Python-Markdown prints a raw block;
``anchor_ids`` gives the ids in the blocks, for MkDocs' anchor validation. The same HTML comes out
(``tests/test_rawhtml.py`` converts every page of the site both ways).
"""

from __future__ import annotations

import html
import re
from collections import Counter

BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure",
                        "footer", "form", "header", "nav", "ol", "p", "section", "style", "table", "ul"})
"""Block-level elements a stashed block may start and end with (Python-Markdown's raw block rules hold for them)."""

_OPEN = re.compile(r"<([a-z][a-z0-9]*)[\s>/]")
_CLOSE = re.compile(r"</([a-z][a-z0-9]*)>")
_TAG = re.compile(r"<([a-z][a-z0-9]*)(\s[^>]*)>")
_ID = re.compile(r'\s(id|name)="([^"]*)"')
TOKEN = "lawrefrawhtml"
"""The placeholder paragraph's word: ``lawrefrawhtml{n}x``."""


def _stashable(block: str) -> bool:
    m = _OPEN.match(block)
    if not m or m.group(1) not in BLOCK_TAGS:
        return False
    end = _CLOSE.search(block, max(0, block.rfind("</")))
    if end is None or end.end() != len(block) or end.group(1) not in BLOCK_TAGS:
        return False
    return (Counter(t for t in _OPEN.findall(block) if t in BLOCK_TAGS)
            == Counter(t for t in _CLOSE.findall(block) if t in BLOCK_TAGS))


def stash_html(markdown: str) -> tuple[str, tuple[str, ...]]:
    """(the Markdown with each plain raw HTML block replaced by a placeholder paragraph, the blocks in order).

    >>> stash_html('# T {: #t }\\n\\n<div class="a">\\n<p>x</p>\\n</div>\\n\\ntext *em*\\n')
    ('# T {: #t }\\n\\nlawrefrawhtml0x\\n\\ntext *em*\\n', ('<div class="a">\\n<p>x</p>\\n</div>',))

    A page whose own text holds the placeholder's word (a source or a note may quote anything) is left whole: it is
    converted as it is, the slower way, never with a block put back in the wrong place.

    >>> stash_html('<div>x</div>\\n\\nlawrefrawhtml0x\\n')
    ('<div>x</div>\\n\\nlawrefrawhtml0x\\n', ())
    """
    if TOKEN in markdown:
        return markdown, ()
    parts = markdown.split("\n\n")
    blocks: list[str] = []
    for i, part in enumerate(parts):
        core = part.strip("\n")
        if core.startswith("<") and _stashable(core):
            lead = part[: len(part) - len(part.lstrip("\n"))]
            trail = part[len(part.rstrip("\n")):]
            parts[i] = f"{lead}{TOKEN}{len(blocks)}x{trail}"
            blocks.append(core)
    return ("\n\n".join(parts), tuple(blocks)) if blocks else (markdown, ())


def restore_html(converted: str, blocks: tuple[str, ...]) -> str:
    """The HTML Python-Markdown gives for the page ``stash_html`` was given: each placeholder paragraph replaced
    by its block (followed by a newline, as Python-Markdown prints a raw block); ValueError if one is missing.

    >>> restore_html('<h1 id="t">T</h1>\\n<p>lawrefrawhtml0x</p>\\n<p>text</p>', ('<div>x</div>',))
    '<h1 id="t">T</h1>\\n<div>x</div>\\n\\n<p>text</p>'
    """
    if not blocks:
        return converted
    pieces = re.split(rf"<p>{TOKEN}(\d+)x</p>", converted)
    found = [int(n) for n in pieces[1::2]]
    if found != list(range(len(blocks))):
        raise ValueError(f"expected the {len(blocks)} raw HTML placeholders in order in the converted page, "
                         f"found {found[:10]}")
    out = [pieces[0]]
    for n, after in zip(found, pieces[2::2]):
        out.append(blocks[n] + "\n")
        out.append(after)
    return "".join(out).rstrip("\n")


def anchor_ids(blocks: tuple[str, ...]) -> set[str]:
    """The ids (and ``<a name>``) in ``blocks``, as MkDocs collects them from a page's raw HTML.

    >>> sorted(anchor_ids(('<div id="a"><a name="b" href="#">x</a><p data-id="no" id="d&amp;e"></p></div>',)))
    ['a', 'b', 'd&e']
    """
    return {html.unescape(v) for block in blocks for tag, attrs in _TAG.findall(block)
            for attr, v in _ID.findall(attrs) if attr == "id" or tag == "a"}
