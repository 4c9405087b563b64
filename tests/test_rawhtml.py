"""Raw HTML set aside while MkDocs converts a page (publish/rawhtml.py, the plugin's on_page_markdown and
on_page_content): every page of the site converts to the same HTML, table of contents and anchor ids as the whole
page does."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml

from lawref.publish.rawhtml import anchor_ids, restore_html, stash_html


class _Ids(HTMLParser):
    """The ids (and ``<a name>``) of an HTML text, as MkDocs collects those of a page's raw HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids |= {v for k, v in attrs if v is not None and (k == "id" or (k == "name" and tag == "a"))}


def _ids(text: str) -> set[str]:
    p = _Ids()
    p.feed(text)
    p.close()
    return p.ids


def _converter(root):
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        name, conf = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        names.append(name)
        configs[name] = conf or {}
    return lambda: markdown.Markdown(extensions=names, extension_configs=configs)


def test_every_page_converts_to_the_same_html_with_its_raw_html_set_aside(root, build_result):
    new = _converter(root)
    stashed = total = 0
    for path, page in sorted(build_result.site.pages.items()):
        body = page.split("\n---\n", 1)[1] if page.startswith("---\n") else page  # MkDocs strips the front matter
        whole = new()
        expected = whole.convert(body)
        text, blocks = stash_html(body)
        part = new()
        got = restore_html(part.convert(text), blocks)
        assert got == expected, path
        assert part.toc_tokens == whole.toc_tokens, path
        assert _ids(text) | anchor_ids(blocks) == _ids(body), path
        stashed += sum(map(len, blocks))
        total += len(body)
    assert stashed > 0.8 * total  # what the plugin saves: most of a page is set aside


def test_a_block_that_is_not_plainly_complete_stays_and_a_lost_placeholder_is_an_error():
    for md in ('<div>\n<p>a</p>', '<div><p>a</div>', '<span>a</span>', 'x <div>a</div>', '    <div>a</div>'):
        assert stash_html(md) == (md, ())
    text, blocks = stash_html('<div>a</div>\n\n<ol><li>b</li></ol>\n')
    assert len(blocks) == 2
    with pytest.raises(ValueError, match="placeholders"):
        restore_html("<p>lawrefrawhtml1x</p>", blocks)


def test_a_page_quoting_the_placeholder_word_converts_whole(root):
    """A page whose own text holds the placeholder's word (a source or an annotation may quote anything) is not
    set aside: it converts to exactly what the whole page gives, with no block put back in the wrong place and no
    error."""
    new = _converter(root)
    body = ('# 第一条 {: #art_1 }\n\n<div class="lr-para" id="art_1__para_1">\n<p>正文</p>\n</div>\n\n'
            'lawrefrawhtml0x\n\n<div class="lr-note">\n<p>注</p>\n</div>\n')
    text, blocks = stash_html(body)
    assert (text, blocks) == (body, ())
    assert restore_html(new().convert(text), blocks) == new().convert(body)
    assert new().convert(body).count('<div class="lr-para" id="art_1__para_1">') == 1
