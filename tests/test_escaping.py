"""One escaping rule: every string from a source, metadata or annotation reaches HTML only escaped.

The hostile project (``make_hostile_project`` in conftest.py) puts script, event-handler, ``javascript:`` and
attribute-list payloads into every text field; its real build must contain none of them as markup, and every one
of them as text. The same site is driven in Chromium by ``tests/browser/test_hostile_browser.py``.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

# The payload tags (hostile_payload's first argument) and a page on which each must show as text.
SHOWN_ON = {
    "text": "xunshi/art_6/index.html",
    "news-text": "zuigaojian-fabuhui/index.html",
    "chapter": "xunshi/chp_3/index.html",
    "news-heading": "zuigaojian-fabuhui/index.html",
    "meta-title": "xunshi/index.html",
    "meta-short_title": "xunshi/art_6/index.html",
    "meta-summary": "index.html",
    "meta-issuer": "xunshi/index.html",
    "meta-published_in": "xunshi/index.html",
    "meta-date": "xunshi/index.html",
    "meta-chapter": "xunshi/chp_1/index.html",
    "provenance-paper": "about/index.html",
    "provenance-page": "about/index.html",
    "site-name": "index.html",
    "provenance-note": "about/index.html",
    "note-body": "xunshi/art_6/index.html",
    "note-title": "xunshi/art_6/index.html",
    "xref-reason": "xunshi/art_6/index.html",
    "related-title": "xunshi/art_6/index.html",
    "related-issuer": "xunshi/art_6/index.html",
    "related-published_in": "xunshi/art_6/index.html",
    "related-body": "xunshi/art_6/index.html",
    "definition-body": "xunshi/shuyu/index.html",
    "erratum-corrected": "jiaokanji/index.html",
    "erratum-authority": "jiaokanji/index.html",
    "erratum-note": "jiaokanji/index.html",
    "deadline-period": "xunshi/shixian/index.html",
    "deadline-starts": "xunshi/shixian/index.html",
    "deadline-who": "xunshi/shixian/index.html",
    "deadline-duty": "xunshi/shixian/index.html",
    "duty-subject": "xunshi/zeren/index.html",
    "duty-duty": "xunshi/zeren/index.html",
    "step-label": "xunshi/chengxu/index.html",
    "step-body": "xunshi/chengxu/index.html",
}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}


class Markup(HTMLParser):
    """What could run: event-handler attributes, script URLs, inline scripts, elements that fetch; and the text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.attrs_text: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            v = v or ""
            self.attrs_text.append(v)
            if k.startswith("on"):
                self.problems.append(f"<{tag} {k}={v[:50]!r}>")
            if k in URL_ATTRS and re.match(r"\s*(javascript|vbscript|data):", v, re.I):
                self.problems.append(f"<{tag} {k}={v[:50]!r}>")
        if tag in ("img", "iframe", "object", "embed", "base") or (tag == "svg" and "lrPwn" in str(attrs)):
            self.problems.append(f"<{tag} {attrs!r:.60}>")
        if tag == "script":
            self._script = []
            if "lrPwn" in str(attrs):
                self.problems.append(f"<script {attrs!r:.60}>")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            body = "".join(self._script)
            if "lrPwn" in body or "alert(" in body:
                self.problems.append(f"<script>{body[:60]}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def scan(path: Path) -> Markup:
    p = Markup()
    p.feed(path.read_text(encoding="utf-8"))
    p.close()
    return p


def test_no_payload_becomes_markup(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    problems = [f"{p.relative_to(hostile_site)}: {x}" for p in pages for x in scan(p).problems]
    assert problems == []


def test_every_payload_shows_as_text(hostile_site):
    """The payloads are there, as the characters typed (so the test above has something to find)."""
    missing = []
    for tag, page in SHOWN_ON.items():
        p = scan(hostile_site / page)
        text = "".join(p.text)
        for part in (f"lrPwn('{tag}-img')", f"lrPwn('{tag}-script')", f"[x](javascript:lrPwn('{tag}-md'))",
                     f"{{: onclick=lrPwn('{tag}-attr') }}"):
            if part not in text:
                missing.append(f"{page}: {part}")
    assert missing == []


def test_titles_and_descriptions_are_escaped_in_meta_tags(hostile_site):
    """<title>, description, Open Graph and Twitter tags carry the text, escaped once (not twice)."""
    page = (hostile_site / "xunshi" / "art_6" / "index.html").read_text(encoding="utf-8")
    metas = re.findall(r'<meta (?:name|property)="(description|og:description|twitter:description|og:title|'
                       r'twitter:title)" content="([^"]*)"', page)
    assert {m[0] for m in metas} == {"description", "og:description", "og:title"}  # X reads og: (main.html)
    for _, content in metas:
        assert "&amp;" not in content, content  # escaped once
    descriptions = {html.unescape(c) for n, c in metas if n.endswith("description")}
    assert len(descriptions) == 1 and "<img src=x onerror=lrPwn('text-img')>" in descriptions.pop()
    title = re.search(r"<title>([^<]*)</title>", page).group(1)
    assert "lrPwn('meta-short_title-script')" in html.unescape(title) and "&amp;" not in title
