"""Conservation: nothing of the source silently disappears.

On the model: every non-space character of the source is covered by exactly one segment of
the model (headings, labels, 款, 项, news paragraphs) or one ``Dropped`` record of a named layout
category, and every segment's ``raw`` is exactly the source slice at its line and column; display
texts differ from it only in punctuation width.

On the real built site: the text of every 款, 项 and news paragraph is on its own page and on the
full-text page, in the element that carries its id (up to punctuation width; an editorial correction
counts by the source reading it keeps in ``data-source``).
"""

from __future__ import annotations

import html.parser
from dataclasses import replace
from pathlib import Path

import pytest

from lawref.cite import urls
from lawref.model import Corpus, Segment
from lawref.source.punctuation import fold_width
from lawref.source.read import read_source

DROPPED_CATEGORIES = {"markdown_syntax", "continuation_marker", "dateline", "document_heading", "blank", "invisible"}


def coverage_records(corpus: Corpus) -> list[tuple[str, Segment | None, str, int, int, str]]:
    """(owner, segment or None, file, line, col, raw) for every piece of the model and every dropped record."""
    out: list[tuple[str, Segment | None, str, int, int, str]] = []

    def segs(owner: str, segments) -> None:
        for s in segments:
            out.append((owner, s, s.file, s.line, s.col, s.raw))

    for doc in corpus.documents:
        segs(f"{doc.slug} heading", doc.heading_segments)
        for ch in doc.chapters:
            segs(f"{doc.slug}/{ch.eid} heading", ch.heading_segments)
            for a in ch.articles:
                if a.label_segment:
                    segs(f"{doc.slug}/{a.eid} label", (a.label_segment,))
                for p in a.paragraphs:
                    segs(f"{doc.slug}/{p.eid}", p.segments)
                    for i in p.items:
                        segs(f"{doc.slug}/{i.eid}", i.segments)
                        for t in i.points:
                            segs(f"{doc.slug}/{t.eid}", t.segments)
        for d in doc.divisions:
            segs(f"{doc.slug}/{d.eid} heading", d.heading_segments)
        for s in doc.sections:
            segs(f"{doc.slug}/{s.eid} heading", s.heading_segments)
            for p in s.paragraphs:
                segs(f"{doc.slug}/{p.eid}", p.segments)
    for d in corpus.dropped:
        out.append((f"dropped:{d.category}", None, d.file, d.line, d.col, d.text))
    return out


def conservation_problems(corpus: Corpus, sources: tuple[str, ...] | dict[str, tuple[str, ...]]) -> list[str]:
    """Every way the model fails to conserve the source files (empty when it conserves them).

    ``sources``: each file's lines by path, or the lines of the corpus's one source file. Problems in the
    first file are ``line:col: …``, in another ``file:line:col: …``.
    """
    if not isinstance(sources, dict):
        sources = {corpus.meta.source: sources}
    first = next(iter(sources))
    problems: list[str] = []
    owner_of: dict[tuple[str, int, int], str] = {}

    def at(file: str, line: int, col: int) -> str:
        return f"{line}:{col}" if file == first else f"{file}:{line}:{col}"

    for owner, seg, file, line, col, raw in coverage_records(corpus):
        if file not in sources:
            problems.append(f"{file}:{line}:{col}: {owner} names a file that is not a source")
            continue
        source_lines = sources[file]
        if owner.startswith("dropped:") and owner[8:] not in DROPPED_CATEGORIES:
            problems.append(f"{at(file, line, col)}: {owner} is not a named category")
        src = source_lines[line - 1] if 1 <= line <= len(source_lines) else ""
        if src[col - 1:col - 1 + len(raw)] != raw:
            problems.append(f"{at(file, line, col)}: {owner} has raw {raw!r} but the source has {src[col - 1:col - 1 + len(raw)]!r}")
        if seg is not None and fold_width(seg.text) != fold_width(seg.raw):
            problems.append(f"{at(file, line, col)}: {owner} displays {seg.text!r} for {seg.raw!r} (more than punctuation width)")
        for k, c in enumerate(raw):
            if c.isspace():
                continue
            key = (file, line, col + k)
            if key in owner_of:
                problems.append(f"{at(file, line, col + k)}: {c!r} is in both {owner_of[key]} and {owner}")
            owner_of[key] = owner
    for file, source_lines in sources.items():
        for n, text in enumerate(source_lines, 1):
            for k, c in enumerate(text, 1):
                if not c.isspace() and (file, n, k) not in owner_of:
                    problems.append(f"{at(file, n, k)}: {c!r} is neither in the model nor dropped")
    # Node texts are their segments' display texts (items: label + text).
    for doc in corpus.documents:
        nodes = [p for a in doc.articles() for p in a.paragraphs] + [s for sec in doc.sections for s in sec.paragraphs]
        for p in nodes:
            if p.text != "".join(s.text for s in p.segments):
                problems.append(f"{doc.slug}/{p.eid}: text {p.text!r} is not its segments' text")
            for i in getattr(p, "items", ()):
                for n in (i, *i.points):
                    if n.label + n.text != "".join(s.text for s in n.segments):
                        problems.append(f"{doc.slug}/{n.eid}: label+text {n.label + n.text!r} is not its segments' text")
    return problems


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """The parsed corpus alone: these tests do not depend on the link or render stages."""
    return parsed_corpus


@pytest.fixture(scope="module")
def source_lines(corpus, project):
    src, _ = read_source(corpus.meta.source, project.get(corpus.meta.source))
    return src.lines


def test_model_conserves_the_source(corpus, source_lines):
    problems = conservation_problems(corpus, source_lines)
    assert not problems, "\n".join(problems[:40])


def test_every_dropped_record_is_layout(corpus):
    # Dropped text is layout only: markup, the continuation markers, the dateline.
    texts = {(d.category, d.text) for d in corpus.dropped}
    assert {t for c, t in texts if c == "continuation_marker"} == {"(上接第一版)"}
    assert {t for c, t in texts if c == "dateline"} == {"(本报北京2月21日电)"}
    assert {t for c, t in texts if c == "markdown_syntax"} <= {"# ", "## ", "- ", "**"}


def _map_item(corpus: Corpus, eid: str, change) -> Corpus:
    docs = []
    for doc in corpus.documents:
        chapters = []
        for ch in doc.chapters:
            arts = []
            for a in ch.articles:
                paras = []
                for p in a.paragraphs:
                    items = tuple(change(i) if i.eid == eid else i for i in p.items)
                    paras.append(replace(p, items=items))
                arts.append(replace(a, paragraphs=tuple(paras)))
            chapters.append(replace(ch, articles=tuple(arts)))
        docs.append(replace(doc, chapters=tuple(chapters)))
    return replace(corpus, documents=tuple(docs))


def test_a_lost_segment_is_caught(corpus, source_lines):
    doctored = _map_item(corpus, "art_11__para_1__item_3", lambda i: replace(i, segments=i.segments[:1]))
    problems = conservation_problems(doctored, source_lines)
    assert any(p.startswith("56:1: '工' is neither in the model nor dropped") for p in problems), problems[:5]


def test_a_doubled_or_altered_segment_is_caught(corpus, source_lines):
    doubled = _map_item(corpus, "art_7__para_1__item_7", lambda i: replace(i, segments=i.segments + i.segments[:1]))
    assert any("is in both" in p for p in conservation_problems(doubled, source_lines))
    s0 = None

    def alter(i):
        nonlocal s0
        s0 = i.segments[0]
        return replace(i, segments=(replace(s0, text=s0.text.replace("建设", "建")),) + i.segments[1:])
    altered = _map_item(corpus, "art_7__para_1__item_7", alter)
    assert any("more than punctuation width" in p for p in conservation_problems(altered, source_lines))


def test_an_unnamed_drop_is_caught(corpus, source_lines):
    bad = replace(corpus, dropped=corpus.dropped[:-1] + (replace(corpus.dropped[-1], category="whatever"),))
    assert any("not a named category" in p for p in conservation_problems(bad, source_lines))


# The real built site ------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TextById(html.parser.HTMLParser):
    """Visible text of every element with an id: permalink icons left out, corrections by their source reading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: dict[str, list[str]] = {}
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, id, suppresses text)

    def _suppressed(self) -> bool:
        return any(s for _, _, s in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        suppress = "headerlink" in (a.get("class") or "").split() or "data-source" in a
        if "data-source" in a and not self._suppressed():
            self._data(a["data-source"] or "")
        if tag in VOID:
            return
        eid = a.get("id")
        if eid:
            self.texts.setdefault(eid, [])
        self.stack.append((tag, eid, suppress))

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                del self.stack[k:]
                break

    def _data(self, data: str) -> None:
        for _, eid, _ in self.stack:
            if eid:
                self.texts[eid].append(data)

    def handle_data(self, data):
        if not self._suppressed():
            self._data(data)


def texts_by_id(page_html: str) -> dict[str, str]:
    """{element id: its text, whitespace removed, punctuation folded to half-width}."""
    p = _TextById()
    p.feed(page_html)
    return {k: fold_width("".join("".join(v).split())) for k, v in p.texts.items()}


def site_problems(corpus: Corpus, site: Path) -> list[str]:
    """Every 款/项/news paragraph whose text is missing from its page or from the full text."""
    problems: list[str] = []
    cache: dict[str, dict[str, str]] = {}

    def page(url: str) -> dict[str, str]:
        if url not in cache:
            f = site / url / "index.html"
            cache[url] = texts_by_id(f.read_text(encoding="utf-8")) if f.exists() else {}
        return cache[url]

    for doc in corpus.documents:
        nodes: list[tuple[str, str]] = []
        for a in doc.articles():
            for p in a.paragraphs:
                nodes.append((p.eid, p.text))
                nodes.extend((n.eid, n.label + n.text) for i in p.items for n in (i, *i.points))
        for s in doc.sections:
            nodes.extend((p.eid, p.text) for p in s.paragraphs)
        for eid, text in nodes:
            want = fold_width("".join(text.split()))
            for url in (urls.unit_url(doc.slug, eid), urls.document_url(doc.slug)):
                got = page(url).get(eid)
                if got is None:
                    problems.append(f"{url}: no element #{eid}")
                elif want not in got:
                    problems.append(f"{url}#{eid}: the text {text[:30]!r}… is not in the element ({got[:40]!r}…)")
    return problems


def test_site_carries_every_text(corpus, site_dir):
    problems = site_problems(corpus, site_dir)
    assert not problems, "\n".join(problems[:30])


def test_site_check_catches_a_missing_text(corpus, site_dir, tmp_path):
    import shutil
    copy = tmp_path / "site"
    shutil.copytree(site_dir / "xunshi", copy / "xunshi")
    shutil.copytree(site_dir / "zuigaojian-fabuhui", copy / "zuigaojian-fabuhui")
    page = copy / "xunshi" / "art_44" / "index.html"
    html_text = page.read_text(encoding="utf-8")
    doctored = html_text.replace("隐瞒、歪曲、捏造事实；", "隐瞒事实；")
    assert doctored != html_text
    page.write_text(doctored, encoding="utf-8")
    problems = site_problems(corpus, copy)
    assert [p.split(":")[0] for p in problems] == ["xunshi/art_44/#art_44__para_1__item_2"]


def test_text_extraction_reads_corrections_by_their_source_reading():
    got = texts_by_id('<li id="x"><span>（二）</span><span class="lr-corr" data-source="意识">落实</span>全面'
                      '<a class="headerlink" href="#x">¶</a><br></li>')
    assert got == {"x": "(二)意识全面"}
