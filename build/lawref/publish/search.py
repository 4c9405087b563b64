"""Stage 4, index: the corpus → search documents and a partitioned inverted index. Returns data; writes nothing.

One search document per 款, per 项, per news paragraph, per chapter and per news section heading, so a
result links to the exact anchor (``doc/art_23/#art_23__para_1__item_3``). Chinese has no spaces, so
text is segmented into character bigrams, here (at build time) and in the browser
(``assets/search/segment.js``): the two implementations must give the same tokens
(``tests/test_search_index.py`` checks).

Normalisation before segmentation, identical on both sides:

1. traditional → simplified, by a character map restricted to the corpus's characters (``t2s_map``);
2. full-width ASCII → ASCII, lower case;
3. Chinese numerals → Arabic (三十四 → 34, 六 → 6, 二〇二四 → 2024), so 6个月 and 六个月 meet.

Then the text is cut into *units* (one Han character, a run of digits, a run of Latin letters); a run of
units not broken by punctuation or space yields its adjacent pairs (``检查`` ``查整`` ``整改``), or the single
unit when the run has one. A query is segmented the same way; in-order adjacent words share the bigram
that spans them, which ranks them higher.

The index is one for the whole library, cut two ways so that a query fetches only what it needs
(``build_search_files``): the postings by the first character of their term (a query fetches the shards of
its terms; a one-character query's prefix terms share its shard), the display records by document in runs
of whole pages (a query fetches the runs of the pages it shows). The term weights are BM25 with lunr's
constants and formula (``term_weights``), computed once over the library, so a result scores the same in
the scope "this document" as in "all documents"."""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..cite import urls
from ..cite.citations import label_for
from ..model import Corpus, Document
from ..source.numerals import FOLD_DIGITS, FOLD_UNITS, fold_numeral

INDEX_PATH = "search/lawref_index.json"
"""Site-relative path of the index manifest (fetched by the search worker); shards beside it."""
FIELDS = (("text", 1), ("label", 6))
"""Indexed fields and their boosts: a match in the citation label (the article number) counts six times.
The chapter boosts a match too, after ranking (the worker compares the query with the chapter title):
a ``chapter`` field would cost a posting per paragraph for every word of every chapter title."""
HEADING_BOOST = 0.3
"""Document boost of chapter and news-section heading documents."""
BM25_K1, BM25_B = 1.2, 0.75
"""lunr's BM25 constants (the ranking the query set was tuned on)."""
TERM_SHARD_BYTES = 24_000
"""Target raw size of a postings shard: the number of shards is the postings' size over this (at least 1)."""
SPLIT_FACTOR = 2
"""A postings shard over this many times ``TERM_SHARD_BYTES`` (its first characters are common) is cut into parts
of about that size by the whole term (``term_part``): at 500× a common character's shard was 1.5 MB raw, and a
query fetched all of it before its first result."""
TEXT_CHUNK_BYTES = 24_000
"""Target raw size of a run of display records (cut only where a page starts): a query fetches the runs of the
pages it shows. Measured at 50× (tests/bench): 24 KB runs (~4 KB gzip) need a median of 2 requests a query and
10 at p95 (6 KB runs: 6 and 13) for ~20 KB more before the first result."""
PREFETCH_BYTES = 400_000
"""A library whose postings and records weigh at most this (raw) is fetched whole once the search is idle, so that
every keystroke after that is answered without a request; a larger one only as queries need it."""
PREFETCH_TERMS_BYTES = 3_500_000
"""In a larger library, the postings shards fetched once the search is idle (smallest first), up to this many raw
bytes (~1.1 MB gzip): a query then waits for one round of requests (its hits' records), not two. At 50× (2,650
articles) that is every shard (3.1 MB raw, 1.0 MB gzip); at 500× about a tenth of them."""
KIND_CODES = {"para": "p", "item": "i", "article": "a", "chapter": "c", "section": "s", "news": "n",
              "note": "o", "term": "t", "deadline": "d", "erratum": "e"}
"""One letter per record kind in the manifest's ``kinds`` string (upper case where a new page starts)."""


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
    from opencc_purepy.dictionary_lib import DictionaryMaxlength

    wanted = {c for c in corpus_chars if _is_han(c)}
    # A dictionary of its own (the same tables), freed with the converter: OpenCC's shared one stays loaded for the
    # life of the process (16 MiB of the background process's memory while it typesets the downloads).
    cc = OpenCC("t2s", dictionary=DictionaryMaxlength.from_json())
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


def searched_in_page(corpus: Corpus, limit: int) -> bool:
    """Whether the library is small enough to be searched on the page's own thread: at most ``limit`` searchable
    units (``search_documents``; counted lazily, so a large library stops at ``limit + 1``). Its whole index is
    then a few hundred KB, fetched when the search is idle; a keystroke's answer is on screen before the next
    frame (``assets/lawref-search-scope.js``). A larger library is searched in a worker.
    """
    def units() -> Iterable[SearchDoc]:
        for d in corpus.documents:
            text: Callable[[Any], str] = lambda node: node.text
            yield from (_regulation_docs if d.kind == "regulation" else _news_docs)(d, text)
    return sum(1 for _ in itertools.islice(units(), limit + 1)) <= limit


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
                    for t in it.points:
                        yield SearchDoc(t.eid, d.slug, "item", urls.unit_href(d.slug, t.eid), page,  # a 目 is found as an item
                                        label_for(d, t.eid), chapter, page_title, t.label + text(t))


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


def term_shard(term: str, shards: int) -> int:
    """The postings shard of ``term``: a hash of its first character, so every term that starts with a given
    unit (a one-unit query's prefix terms) is in that unit's shard. The worker computes the same.

    >>> term_shard("条文", 7) == term_shard("条", 7)
    True
    """
    return ((ord(term[0]) * 2654435761) & 0xFFFFFFFF) % shards


def term_part(term: str, parts: int) -> int:
    """The part of a split postings shard that holds ``term``: FNV-1a over the term's code points, modulo the
    number of parts. A shard is split when its first characters are common (their terms' postings are long), so
    that a query of two or more characters fetches the parts of its bigrams, not the whole shard. The worker
    computes the same.

    >>> [term_part(t, 5) for t in ("检查", "查整", "检")]
    [4, 2, 3]
    """
    h = 2166136261
    for c in term:
        h = ((h ^ ord(c)) * 16777619) & 0xFFFFFFFF
    return h % parts


def term_weights(docs: tuple[SearchDoc, ...], t2s: dict[str, str]) -> dict[str, dict[str, dict[int, int]]]:
    """BM25 weight of each (field, term, ref) as an integer in thousandths: lunr's formula and constants
    (idf counts a document once per field that holds the term; field length normalised by its mean).
    Refs are positions in ``docs``; only ``indexed`` docs are weighed. Linear in the text.

    >>> w = term_weights((SearchDoc("p1", "d", "para", "u", "u", "第一条", "", "", "检查整改"),), {})
    >>> sorted(w["text"]), sorted(w["label"])
    (['整改', '查整', '检查'], ['1条', '第1'])
    """
    tf: dict[str, list[tuple[int, dict[str, int], int]]] = {name: [] for name, _ in FIELDS}
    df: dict[str, int] = {}
    count = 0
    for ref, d in enumerate(docs):
        if not d.indexed:
            continue
        count += 1
        for name, _ in FIELDS:
            terms = segment(d.text if name == "text" else d.title, t2s)
            freq: dict[str, int] = {}
            for t in terms:
                freq[t] = freq.get(t, 0) + 1
            for t in freq:
                df[t] = df.get(t, 0) + 1
            tf[name].append((ref, freq, len(terms)))
    out: dict[str, dict[str, dict[int, int]]] = {}
    for name, field_boost in FIELDS:
        rows = tf[name]
        mean = (sum(n for _, _, n in rows) / len(rows)) if rows else 1
        postings: dict[str, dict[int, int]] = {}
        for ref, freq, length in rows:
            boost = field_boost * (HEADING_BOOST if docs[ref].kind in ("chapter", "section") else 1)
            norm = BM25_K1 * (1 - BM25_B + BM25_B * (length / mean if mean else 0))
            for t, n in freq.items():
                idf = math.log(1 + abs((count - df[t] + 0.5) / (df[t] + 0.5)))
                postings.setdefault(t, {})[ref] = round(1000 * boost * idf * (BM25_K1 + 1) * n / (norm + n))
        out[name] = postings
    return out


def _encode_postings(postings: dict[int, int]) -> list[int]:
    """``{ref: weight}`` → ``[ref₀, w₀, ref₁ − ref₀, w₁, …]`` (refs ascending, as gaps: small numbers)."""
    out, last = [], 0
    for ref in sorted(postings):
        out += [ref - last, postings[ref]]
        last = ref
    return out


def _json(payload: dict) -> bytes:
    return (json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()


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


def text_file(slug: str, n: int) -> str:
    """The name of document ``slug``'s ``n``-th run of display records, beside the manifest.

    >>> text_file("doc", 0), terms_file(3), eids_file("doc")
    ('lawref_text.doc.0.json', 'lawref_terms.3.json', 'lawref_eids.doc.json')
    """
    return f"lawref_text.{slug}.{n}.json"


def terms_file(n: int, part: int | None = None) -> str:
    """The name of the ``n``-th postings shard (or of its part ``part``, when split), beside the manifest.

    >>> terms_file(3, 0)
    'lawref_terms.3.0.json'
    """
    return f"lawref_terms.{n}.json" if part is None else f"lawref_terms.{n}.{part}.json"


def eids_file(slug: str) -> str:
    """The name of document ``slug``'s list of ids (in record order), for citations typed as queries."""
    return f"lawref_eids.{slug}.json"


def _record(d: SearchDoc) -> list[str]:
    return ([d.eid, d.doc, d.kind, d.url, d.page, d.title, d.context, d.page_title, d.text]
            + ([" ".join(d.targets)] if d.targets else []))


def _chunks(part: list[SearchDoc], size: int) -> list[int]:
    """Start positions of runs of ``part`` of about ``size`` bytes of records, cut only where a page starts."""
    starts, run = [0], 0
    for i, d in enumerate(part):
        if run >= size and i and d.page != part[i - 1].page:
            starts.append(i)
            run = 0
        run += len(d.text.encode()) + len(d.url) * 2 + len(d.title.encode()) + 40
    return starts


def _target_ranges(targets: Iterable[str], by_url: list[tuple[str, int]]) -> list[list[int]]:
    """The ref ranges ``[first, last]`` a glossary term's or deadline's target URLs cover: the unit itself and
    the units inside it (a page URL covers its page; ``…#art_34__para_1`` covers its 项 too)."""
    urls = [u for u, _ in by_url]
    refs: set[int] = set()
    for t in targets:
        prefixes = [t] if "#" not in t else [t + "__"]
        i = bisect.bisect_left(urls, t)
        if i < len(urls) and urls[i] == t:
            refs.add(by_url[i][1])
        for p in prefixes:
            i = bisect.bisect_left(urls, p)
            while i < len(urls) and urls[i].startswith(p):
                refs.add(by_url[i][1])
                i += 1
    ranges: list[list[int]] = []
    for r in sorted(refs):
        if ranges and ranges[-1][1] == r - 1:
            ranges[-1][1] = r
        else:
            ranges.append([r, r])
    return ranges


def build_search_files(corpus: Corpus, texts: Mapping[str, str] | None = None, entries: Iterable = (),
                       term_shard_bytes: int = TERM_SHARD_BYTES,
                       text_chunk_bytes: int = TEXT_CHUNK_BYTES) -> dict[str, bytes]:
    """The search files, all under ``search/``:

    - ``lawref_index.json``, the manifest: T→S map, the number of postings shards, each document's ref range,
      the files to fetch when idle (``prefetch``: all of them in a small library, see ``PREFETCH_BYTES``; else
      postings shards, see ``PREFETCH_TERMS_BYTES``), its records' kinds (one letter each, upper case where a run of a page's records starts; ``pages``: the runs
      that continue an earlier run's page, ``[run, first run]``), the chapter each run of records
      belongs to (for the chapter bonus), where its runs of display records start; and the glossary terms'
      and deadlines' names, texts and target ref ranges (the answers a question is lifted to);
    - ``lawref_terms.N.json``: the postings of the terms whose first character hashes to N (``term_shard``),
      per field, ``[ref gap, weight, …]``; a large shard is cut into ``lawref_terms.N.K.json`` by the whole term
      (``term_part``; the manifest's ``split`` lists ``[N, parts]``);
    - ``lawref_text.{slug}.N.json``: a run of whole pages' display records (``offset``, ``docs``);
    - ``lawref_eids.{slug}.json``: the document's ids in record order (citations typed as queries).

    Refs are positions in the concatenated record list (documents in corpus order; a document's editorial
    entries after its text, grouped by page). Deterministic; linear in the text.

    >>> # sorted(build_search_files(corpus)) == ["search/lawref_eids.doc.json", …, "search/lawref_index.json", …]
    """
    docs_by_doc: dict[str, list[SearchDoc]] = {}
    for d in search_documents(corpus, texts):
        docs_by_doc.setdefault(d.doc, []).append(d)
    editorial: dict[str, list[SearchDoc]] = {}
    for d in editorial_documents(entries):
        editorial.setdefault(d.doc, []).append(d)
    parts: list[tuple[str, str, list[SearchDoc]]] = []
    for doc in corpus.documents:
        mine = docs_by_doc.get(doc.slug, [])
        # a page's entries together (one group per page); first appearance order kept
        first: dict[str, int] = {}
        for i, e in enumerate(editorial.get(doc.slug, [])):
            first.setdefault(e.page, i)
        mine = mine + sorted(editorial.get(doc.slug, []), key=lambda e: first[e.page])
        parts.append((doc.slug, doc.meta.short_title or doc.meta.title, mine))
    docs = tuple(d for _, _, part in parts for d in part)
    chars = sorted({c for d in docs for c in d.text + d.title + d.context})
    t2s = t2s_map(chars)
    out: dict[str, bytes] = {}

    weights = term_weights(docs, t2s)
    encoded = {name: {t: _encode_postings(p) for t, p in weights[name].items()} for name, _ in FIELDS}
    def weight(t: str, p: list[int]) -> int:
        return len(t) * 3 + 4 * len(p) + 6
    size = sum(weight(t, p) for name in encoded for t, p in encoded[name].items())
    shards = max(1, -(-size // term_shard_bytes))
    grouped: list[dict[str, dict[str, list[int]]]] = [{name: {} for name, _ in FIELDS} for _ in range(shards)]
    sizes = [0] * shards
    for name, _ in FIELDS:
        for t, p in encoded[name].items():
            grouped[term_shard(t, shards)][name][t] = p
            sizes[term_shard(t, shards)] += weight(t, p)
    split: list[list[int]] = []
    for n, g in enumerate(grouped):
        if sizes[n] <= SPLIT_FACTOR * term_shard_bytes:
            out[f"search/{terms_file(n)}"] = _json(g)
            continue
        cuts = -(-sizes[n] // term_shard_bytes)
        split.append([n, cuts])
        cut: list[dict[str, dict[str, list[int]]]] = [{name: {} for name, _ in FIELDS} for _ in range(cuts)]
        for name, _ in FIELDS:
            for t, p in g[name].items():
                cut[term_part(t, cuts)][name][t] = p
        for k, c in enumerate(cut):
            out[f"search/{terms_file(n, k)}"] = _json(c)

    by_url = sorted((d.url, ref) for ref, d in enumerate(docs))
    documents, answers, offset = [], [], 0
    for slug, title, part in parts:
        kinds = "".join(KIND_CODES[d.kind].upper() if i == 0 or d.page != part[i - 1].page else KIND_CODES[d.kind]
                        for i, d in enumerate(part))
        # A page's records are consecutive, except editorial entries shown on a text page (an article's
        # notes): such a later run names the run where its page started, so the worker groups them as one page.
        seen: dict[str, int] = {}
        links: list[list[int]] = []
        for i, d in enumerate(part):
            if i == 0 or d.page != part[i - 1].page:
                if d.page in seen:
                    links.append([i, seen[d.page]])
                else:
                    seen[d.page] = i
        chapters: list[list] = []
        for i, d in enumerate(part):
            key = d.page_title if d.kind == "news" else d.context
            if not chapters or chapters[-1][1] != key:
                chapters.append([i, key])
        starts = _chunks(part, text_chunk_bytes) if part else []
        for n, a in enumerate(starts):
            z = starts[n + 1] if n + 1 < len(starts) else len(part)
            out[f"search/{text_file(slug, n)}"] = _json({"offset": offset + a, "docs": [_record(d) for d in part[a:z]]})
        if part:
            out[f"search/{eids_file(slug)}"] = _json({"offset": offset, "eids": [d.eid for d in part]})
        for i, d in enumerate(part):
            if d.kind in ("term", "deadline"):
                answers.append([offset + i, d.kind, d.title, d.text, _target_ranges(d.targets, by_url)])
        documents.append({"doc": slug, "title": title, "offset": offset, "count": len(part), "kinds": kinds,
                          "pages": links, "chapters": chapters, "text": starts})
        offset += len(part)
    # Everything a query may fetch: postings, records, and the ids a citation typed as a query looks up.
    lazy = ("search/lawref_terms.", "search/lawref_text.", "search/lawref_eids.")
    parts_bytes = sum(len(v) for k, v in out.items() if k.startswith(lazy))
    if parts_bytes <= PREFETCH_BYTES:
        prefetch = sorted(k.split("/", 1)[1] for k in out if k.startswith(lazy))
    else:
        prefetch, budget = [], PREFETCH_TERMS_BYTES
        for size, name in sorted((len(v), k.split("/", 1)[1]) for k, v in out.items()
                                 if k.startswith("search/lawref_terms.")):
            if size > budget:
                break
            budget -= size
            prefetch.append(name)
    out[INDEX_PATH] = _json({"version": 5, "prefetch": prefetch, "split": split, "t2s": "".join(k + v for k, v in t2s.items()), "terms": shards,
                             "indexed": sum(1 for d in docs if d.indexed), "documents": documents,
                             "answers": answers})
    return out
