"""Stage 4, index: the corpus → search documents and a serialised lunr index. Returns data; writes nothing.

One search document per 款, per 项, per news paragraph, per chapter and per news section heading, so a
result links to the exact anchor (``doc/art_23/#art_23__para_1__item_3``). Chinese has no spaces, so
text is segmented into character bigrams by the pipeline function ``lawrefNgram``, registered under the
same label in lunr.py (here, at build time) and in lunr.js (``assets/search/segment.js``, in the
browser): the two implementations must give the same tokens (``tests/test_search_index.py`` checks).

Normalisation before segmentation, identical on both sides:

1. traditional → simplified, by a character map restricted to the corpus's characters (``t2s_map``);
2. full-width ASCII → ASCII, lower case;
3. Chinese numerals → Arabic (三十四 → 34, 六 → 6, 二〇二四 → 2024), so 6个月 and 六个月 meet.

Then the text is cut into *units* (one Han character, a run of digits, a run of Latin letters); a run of
units not broken by punctuation or space yields its adjacent pairs (``检查`` ``查整`` ``整改``), or the single
unit when the run has one. A query is segmented the same way; in-order adjacent words share the bigram
that spans them, which ranks them higher.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..cite import urls
from ..cite.citations import label_for
from ..model import Corpus, Document
from ..source.numerals import FOLD_DIGITS, FOLD_UNITS, fold_numeral

INDEX_PATH = "search/lawref_index.json"
"""Site-relative path of the index manifest (fetched by the search worker); shards beside it."""
PIPELINE_LABEL = "lawrefNgram"
FIELDS = (("text", 1), ("label", 6))
"""Indexed fields and their boosts: a match in the citation label (the article number) counts six times.
The chapter boosts a match too, after lunr's ranking (the worker compares the query with the chapter title):
a ``chapter`` field would cost a posting per paragraph for every word of every chapter title."""
SHARD_DOCS = 1500
"""Documents per index shard (about 1.5 MB of JSON; the first shard a fifth of it): the first shard answers
while the others load."""
HEADING_BOOST = 0.3
"""Document boost of chapter and news-section heading documents."""

def _is_han(c: str) -> bool:
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or c == "〇"


def normalise(text: str, t2s: dict[str, str]) -> str:
    """Traditional → simplified, full-width ASCII → ASCII, lower case (one character in, one out).

    >>> normalise("監視２Ａ", {"監": "监", "視": "视"})
    '监视2a'
    """
    out = []
    for c in text:
        c = t2s.get(c, c)
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        out.append(c.lower())
    return "".join(out)


def units(text: str, t2s: dict[str, str]) -> list[list[str]]:
    """Runs of units (Han character, digit run, Latin run) of ``text``; anything else separates runs.

    >>> units("第三十四条，6个月", {})
    [['第', '34', '条'], ['6', '个', '月']]
    """
    s = normalise(text, t2s)
    runs: list[list[str]] = []
    cur: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        j = i + 1
        if c in FOLD_DIGITS or c in FOLD_UNITS:
            while j < n and (s[j] in FOLD_DIGITS or s[j] in FOLD_UNITS):
                j += 1
            folded = fold_numeral(s[i:j])
            if folded is None:
                cur.extend(s[i:j])
            else:
                cur.append(folded)
        elif _is_han(c):
            cur.append(c)
        elif "0" <= c <= "9":
            while j < n and "0" <= s[j] <= "9":
                j += 1
            cur.append(s[i:j])
        elif "a" <= c <= "z":
            while j < n and "a" <= s[j] <= "z":
                j += 1
            cur.append(s[i:j])
        else:
            if cur:
                runs.append(cur)
            cur = []
        i = j
    if cur:
        runs.append(cur)
    return runs


def segment(text: str, t2s: dict[str, str]) -> list[str]:
    """The index terms of ``text``: adjacent unit pairs of each run, or the single unit of a one-unit run.

    >>> segment("检查整改；六个月", {})
    ['检查', '查整', '整改', '6个', '个月']
    """
    out: list[str] = []
    for run in units(text, t2s):
        if len(run) == 1:
            out.append(run[0])
        else:
            out.extend(run[k] + run[k + 1] for k in range(len(run) - 1))
    return out


def t2s_map(corpus_chars: Iterable[str]) -> dict[str, str]:
    """Traditional → simplified for every traditional character whose simplified form the corpus uses.

    Uses OpenCC's character table (``opencc-purepy``, pinned) one character at a time, so phrase rules never
    apply: the same map is applied to the text here and to queries in the browser.

    >>> t2s_map("监视")["視"]
    '视'
    """
    from opencc_purepy import OpenCC

    wanted = {c for c in corpus_chars if _is_han(c)}
    cc = OpenCC("t2s")
    candidates = [chr(o) for o in range(0x3400, 0x9FFF + 1)]
    converted = cc.convert("\n".join(candidates)).split("\n")
    out = {}
    for t, s in zip(candidates, converted):
        if len(s) == 1 and s != t and s in wanted:
            out[t] = s
    return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One search result as the worker shows it; ``indexed`` False for article stubs used by citations only."""

    eid: str
    doc: str
    """Document slug."""
    kind: str
    """``para``, ``item``, ``article``, ``chapter``, ``section``, ``news``."""
    url: str
    """Site-relative URL with fragment."""
    page: str
    """Site-relative URL of the page (the group a result belongs to)."""
    title: str
    """Citation label (``第二十三条第一款第（三）项``) or news label."""
    context: str
    """Chapter (``第三章 对象和内容``) or ``新闻：…``."""
    page_title: str
    text: str
    indexed: bool = True
    targets: tuple[str, ...] = ()
    """For an editorial entry: the site-relative URLs of the provisions it is about (ranking: a term's defining
    provision first for a concept query, a deadline's provision for a question about time)."""


def search_documents(corpus: Corpus, texts: Mapping[str, str] | None = None) -> tuple[SearchDoc, ...]:
    """Every searchable unit of the corpus in document order.

    ``texts`` (``slug/eid`` → text) overrides a node's text where the page shows another reading by
    default (an applied erratum): search finds what the reader sees.
    Invariant: each ``url`` is ``urls.unit_href`` of its eid; one doc per 款, 项, news paragraph.
    """
    texts = texts or {}
    out: list[SearchDoc] = []
    for d in corpus.documents:
        def text(node, d=d) -> str:
            return texts.get(f"{d.slug}/{node.eid}", node.text)
        if d.kind == "regulation":
            out.extend(_regulation_docs(d, text))
        else:
            out.extend(_news_docs(d, text))
    return tuple(out)


def _regulation_docs(d: Document, text: Callable[[object], str]) -> Iterable[SearchDoc]:
    for ch in d.chapters:
        chapter = f"{ch.label} {ch.title}" if ch.eid else (d.meta.short_title or d.meta.title)
        ch_url = urls.unit_url(d.slug, ch.eid)
        if ch.eid:  # the implicit chapter of a chapterless document has no heading
            yield SearchDoc(ch.eid, d.slug, "chapter", ch_url, ch_url, chapter, d.meta.short_title, chapter,
                            ch.title)
        for a in ch.articles:
            page = urls.unit_url(d.slug, a.eid)
            page_title = f"{a.label}"
            first = text(a.paragraphs[0]) if a.paragraphs else f"{a.missing_reason}。"
            yield SearchDoc(a.eid, d.slug, "article", page, page, a.label, chapter, page_title, first,
                            indexed=a.missing)
            for p in a.paragraphs:
                yield SearchDoc(p.eid, d.slug, "para", urls.unit_href(d.slug, p.eid), page,
                                label_for(d, p.eid), chapter, page_title, text(p))
                for it in p.items:
                    yield SearchDoc(it.eid, d.slug, "item", urls.unit_href(d.slug, it.eid), page,
                                    label_for(d, it.eid), chapter, page_title, it.label + text(it))


def _news_docs(d: Document, text: Callable[[object], str]) -> Iterable[SearchDoc]:
    context = f"新闻：{d.meta.short_title}"
    for s in d.sections:
        page = urls.unit_url(d.slug, s.eid)
        head = label_for(d, s.eid)
        if s.heading:
            yield SearchDoc(s.eid, d.slug, "section", page, page, head, context, head, s.heading)
        for p in s.paragraphs:
            yield SearchDoc(p.eid, d.slug, "news", urls.unit_href(d.slug, p.eid), page,
                            label_for(d, p.eid), context, head, text(p))


def _register(t2s: dict[str, str]):
    """The lunr.py pipeline function (label ``lawrefNgram``): one whitespace token → its bigram tokens."""
    from lunr.pipeline import Pipeline

    current = Pipeline.registered_functions.get(PIPELINE_LABEL)
    if current is not None and getattr(current, "t2s", None) == t2s:
        return current

    def lawref_ngram(token, i, tokens):
        return [token.clone(lambda s, m, g=g: g) for g in segment(token.string, t2s)]

    lawref_ngram.t2s = dict(t2s)  # type: ignore[attr-defined]  # the map it was made with, compared above
    Pipeline.registered_functions.pop(PIPELINE_LABEL, None)  # a new map replaces the old one, silently
    Pipeline.register_function(lawref_ngram, PIPELINE_LABEL)
    return lawref_ngram


def build_index(docs: tuple[SearchDoc, ...], t2s: dict[str, str], offset: int = 0) -> dict:
    """The lunr index of ``docs``, serialised for lunr.js ``Index.load``; refs are ``str(offset + position)``.

    Invariant: deterministic for equal input; only ``indexed`` docs are in it.
    """
    from lunr.builder import Builder
    from lunr.pipeline import Pipeline

    fn = _register(t2s)
    builder = Builder()
    builder.pipeline = Pipeline()
    builder.search_pipeline = Pipeline()
    builder.pipeline.add(fn)
    builder.search_pipeline.add(fn)
    builder.ref("id")
    for name, field_boost in FIELDS:
        builder.field(name, boost=field_boost)
    for i, d in enumerate(docs):
        if d.indexed:
            # A heading stands for the whole chapter or section: a weaker hit than the 款 that says it.
            boost: float = HEADING_BOOST if d.kind in ("chapter", "section") else 1
            builder.add({"id": str(offset + i), "text": d.text, "label": d.title}, {"boost": boost})
    return builder.build().serialize()


def shard_documents(docs: tuple[SearchDoc, ...], size: int = SHARD_DOCS) -> tuple[tuple[SearchDoc, ...], ...]:
    """Consecutive runs of about ``size`` docs (the first: a fifth of that), cut only where a page starts
    (a page's docs stay together).

    >>> # [len(s) for s in shard_documents(docs, 100)] == [103, 98, …]
    """
    shards: list[list[SearchDoc]] = [[]]
    for d in docs:
        # The first shard is a fifth of the others: it is what the first query waits for.
        limit = size if len(shards) > 1 else max(1, size // 5)
        if len(shards[-1]) >= limit and d.url == d.page and d.kind in ("chapter", "article", "section"):
            shards.append([])
        shards[-1].append(d)
    return tuple(tuple(s) for s in shards if s)


def _json(payload: dict) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


def shard_file(slug: str, n: int) -> str:
    """The name of document ``slug``'s ``n``-th shard, beside the manifest (the worker derives it too).

    >>> shard_file("doc", 0)
    'lawref_index.doc.0.json'
    """
    return f"lawref_index.{slug}.{n}.json"


EDITORIAL_KINDS = ("note", "term", "deadline", "erratum")
"""Kinds of the editorial entries: each forms result groups of its own, after the text's."""


def editorial_documents(entries: Iterable) -> tuple[SearchDoc, ...]:
    """``render.SearchEntry`` records → search documents (the page title names the group: 术语表, 时限一览 …)."""
    out = []
    for e in entries:
        group = e.title.split("：")[0] if e.kind == "note" else e.context
        out.append(SearchDoc(e.url.split("#", 1)[1], e.doc, e.kind, e.url, e.page, e.title, e.context, group,
                             e.text, targets=tuple(e.targets)))
    return tuple(out)


def build_search_files(corpus: Corpus, shard_docs: int = SHARD_DOCS,
                       texts: Mapping[str, str] | None = None, entries: Iterable = ()) -> dict[str, bytes]:
    """The search files: ``INDEX_PATH`` (manifest: T→S map, each document's shards with their sizes) and
    one file per shard (``search/lawref_index.{slug}.N.json``: its display records and its lunr index).

    The index is partitioned by document, and a large document into shards cut at page starts: the worker
    fetches the reader's document first and, when the search covers only that document, nothing else; the
    other documents load only for a search of the whole library. Refs are positions in the concatenated
    document list (manifest order), so every shard's refs are distinct.

    >>> # sorted(build_search_files(corpus)) == ["search/lawref_index.json", "search/lawref_index.doc.0.json", …]
    """
    docs = search_documents(corpus, texts) + editorial_documents(entries)
    chars = sorted({c for d in docs for c in d.text + d.title + d.context})
    t2s = t2s_map(chars)
    out: dict[str, bytes] = {}
    by_doc: dict[str, list[SearchDoc]] = {}
    for d in docs:
        by_doc.setdefault(d.doc, []).append(d)
    documents = []
    offset = 0
    for doc in corpus.documents:
        mine = tuple(by_doc.get(doc.slug, ()))
        shards = []
        for n, part in enumerate(shard_documents(mine, shard_docs) if mine else ()):
            data = _json({
                "offset": offset,
                "docs": [[d.eid, d.doc, d.kind, d.url, d.page, d.title, d.context, d.page_title, d.text]
                         + ([" ".join(d.targets)] if d.targets else []) for d in part],
                "index": build_index(part, t2s, offset),
            })
            out[f"search/{shard_file(doc.slug, n)}"] = data
            shards.append({"file": shard_file(doc.slug, n), "docs": len(part), "bytes": len(data)})
            offset += len(part)
        documents.append({"doc": doc.slug, "title": doc.meta.short_title or doc.meta.title, "shards": shards})
    out[INDEX_PATH] = _json({"version": 3, "pipeline": PIPELINE_LABEL, "t2s": "".join(k + v for k, v in t2s.items()),
                             "documents": documents})
    return out
