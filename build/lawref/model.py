"""The frozen document model: Corpus → Document → Chapter → Article → Paragraph (款) → Item (项) → Point (目).

Every node carries its Akoma Ntoso-style ``eid`` (see ``ids.py``), its label as
printed, its ordinal, its text and its source span. Pipeline stages are pure
functions from one frozen value to the next.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Span:
    """A range of source lines (1-based, inclusive) in one file.

    A unit printed across two source files (page 1 and its continuation) has its span in the file it starts
    in; its segments name each file.
    """

    file: str
    """Path of the source file as given to the reader (e.g. ``content/source/x.txt``)."""
    start_line: int
    end_line: int
    col: int = 1
    """Column (1-based, in characters) of the first character on ``start_line``."""

    def __str__(self) -> str:
        if self.start_line == self.end_line:
            return f"{self.file}:{self.start_line}"
        return f"{self.file}:{self.start_line}-{self.end_line}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of node text with the source line it came from.

    A node whose text was joined across a page or column break has several
    segments; ``raw`` is exactly the source's characters, ``text`` the display
    form (punctuation width normalised).
    """

    raw: str
    text: str
    line: int
    col: int
    file: str = ""
    """The source file ``line`` and ``col`` are in (a node continued in another file has segments in both)."""


@dataclass(frozen=True, slots=True)
class Point:
    """A 目: one numbered sub-entry ``1．…`` of a 项 (in the source a list item ``- 1．…`` nested under it)."""

    eid: str
    """``art_23__para_1__item_3__point_2``."""
    num: int
    """Ordinal as printed (``2．`` → 2)."""
    label: str
    """Label as displayed, full-width stop: ``2．``."""
    text: str
    """Display text without the label."""
    segments: tuple[Segment, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Item:
    """A 项: one numbered entry ``（三）…`` of a 款's list."""

    eid: str
    """``art_23__para_1__item_3``."""
    num: int
    """Ordinal as printed (三 → 3)."""
    label: str
    """Label as displayed, full width: ``（三）``."""
    text: str
    """Display text without the label."""
    segments: tuple[Segment, ...]
    span: Span
    marker_restored: bool = False
    """True when the source lost the ``- `` list marker (after a break) and the parser restored it."""
    points: tuple[Point, ...] = ()
    """Its 目, in order (most items have none)."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A 款: a paragraph of an article, numbered by position; its items follow its lead text."""

    eid: str
    """``art_23__para_1``."""
    num: int
    text: str
    """Display text of the paragraph itself (the lead-in when it has items)."""
    segments: tuple[Segment, ...]
    items: tuple[Item, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Article:
    """A 条. ``missing`` articles are lacunae: nodes the source lacks, with no text."""

    eid: str
    """``art_23``, or ``art_10_1`` for 第十条之一."""
    num: int
    sub: int
    """0, or n for an inserted article 第X条之n."""
    label: str
    """``第二十三条`` (``第十条之一``)."""
    paragraphs: tuple[Paragraph, ...]
    span: Span | None
    chapter_eid: str | None
    missing: bool = False
    missing_reason: str = ""
    """For a lacuna: why the source lacks it (``page 1 not held``, ``absent from the page``)."""
    label_segment: Segment | None = None
    """Where the label ``第二十三条`` is printed."""


@dataclass(frozen=True, slots=True)
class Chapter:
    """A 章. ``title_source`` says whether its heading is printed in the source or known from metadata."""

    eid: str
    num: int
    label: str
    """``第三章``."""
    title: str
    """``对象和内容`` (empty when the chapter has no title)."""
    articles: tuple[Article, ...]
    span: Span | None
    title_source: Literal["source", "metadata"] = "source"
    heading_segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Division:
    """A heading that groups chapters or articles and carries no text of its own: a 编 (``book``),
    a 分编 (``part``), or a 节 (``section``) within a 章. Its articles stay in their chapter; the
    division records where it starts and ends."""

    eid: str
    """``book_1``, ``book_3__part_2``, ``chp_2__sec_3`` (``book_1__chp_2__sec_3`` under a 编)."""
    kind: Literal["book", "part", "section"]
    num: int
    label: str
    """``第一编``, ``第二分编``, ``第三节``."""
    title: str
    span: Span | None
    first_article: str
    """eid of its first article (empty when it has none)."""
    last_article: str
    parent: str
    """eid of the 编 holding a 分编, of the chapter holding a 节; empty for a 编."""
    chapters: tuple[str, ...] = ()
    """For a 编 or 分编: the eids of its chapters."""
    heading_segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A section of a news article (关键词之二 …), or its untitled opening part."""

    eid: str
    """``sec_2``."""
    num: int
    heading: str
    """Display heading; empty for an untitled part."""
    paragraphs: tuple[Paragraph, ...]
    span: Span
    heading_segments: tuple[Segment, ...] = ()


@dataclass(frozen=True, slots=True)
class Repair:
    """A layout repair the parser made, with the source lines it spans."""

    kind: Literal["join_break", "item_marker_restored", "punctuation_width"]
    span: Span
    eid: str
    detail: str
    to: Span | None = None
    """For a join across source files (page 1 and its continuation): where the text goes on; ``span`` is then
    the last line before the cut."""


@dataclass(frozen=True, slots=True)
class Dropped:
    """Source characters deliberately not rendered as text, in a named category of layout."""

    category: Literal["markdown_syntax", "continuation_marker", "dateline", "document_heading", "blank", "invisible"]
    """``invisible``: a zero-width character the read stage reported (``read.STRIPPED_CHARS``)."""
    line: int
    col: int
    text: str
    file: str = ""
    """The source file ``line`` and ``col`` are in."""


def continued_page(marker: str) -> str:
    """The page named by a continuation marker as printed.

    >>> continued_page("(上接第三版)"), continued_page("（紧接第4版）"), continued_page("")
    ('第三版', '第4版', '')
    """
    return marker.strip("()（）").removeprefix("上接").removeprefix("紧接")


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Document:
    """One document printed on the page: a regulation (chapters) or a news article (sections)."""

    slug: str
    kind: Literal["regulation", "news_article"]
    title: str
    heading: str
    """The headline as printed on the page."""
    meta: DocumentMeta
    chapters: tuple[Chapter, ...] = ()
    sections: tuple[Section, ...] = ()
    span: Span | None = None
    continued_from: str = ""
    """The continuation marker as printed, e.g. ``(上接第一版)``."""
    dateline: str = ""
    heading_segments: tuple[Segment, ...] = ()
    divisions: tuple[Division, ...] = ()
    """The 编, 分编 and 节 of a regulation, in document order (empty for most texts)."""

    @property
    def continued_page(self) -> str:
        """The page the text's beginning is printed on, read from its continuation marker, or ``""``."""
        return continued_page(self.continued_from)

    def articles(self) -> tuple[Article, ...]:
        """Every article in chapter order (computed once per document, see ``document_index``)."""
        return document_index(self).articles

    def units(self):
        """Every addressable unit below the document: its 编/分编/节 first, then in document order chapter
        (not the implicit one of a chapterless text), article, 款, 项, 目 (lacunae included); news section,
        paragraph. The one walk of the tree that callers share.

        >>> doc = Document("d", "news_article", "t", "h", None, sections=(Section("sec_2", 2, "", (), Span("f", 1, 1)),))
        >>> [u.eid for u in doc.units()]
        ['sec_2']
        """
        yield from self.divisions
        for ch in self.chapters:
            if ch.eid:
                yield ch
            for a in ch.articles:
                yield a
                for p in a.paragraphs:
                    yield p
                    for i in p.items:
                        yield i
                        yield from i.points
        for s in self.sections:
            yield s
            yield from s.paragraphs


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """Lookups over one document's articles and chapters, built once per document object.

    ``article`` maps an article eid to its first article (what a linear search finds); the ``*_of``
    maps are keyed by the identity (``id``) of the article object, valid while the document lives.
    """

    articles: tuple[Article, ...]
    article: dict[str, Article]
    """eid → the first article with that eid."""
    unique_eids: bool
    """True when no two articles share an eid."""
    position_of: dict[int, int]
    """``id(article)`` → its position in ``articles``."""
    chapter_of: dict[int, Chapter]
    """``id(article)`` → the first chapter holding that very article object."""
    chapter_by_num: dict[int, Chapter]
    """Chapter number → chapter (the last one of that number)."""


# id(document) → (weak reference to it, its index). A memo of a pure function of the (immutable)
# document: it never changes a result, and an entry goes when its document is collected.
_INDEXES: dict[int, tuple[weakref.ref, DocumentIndex]] = {}


def _drop_index(key: int, ref: weakref.ref) -> None:
    hit = _INDEXES.get(key)
    if hit is not None and hit[0] is ref:
        del _INDEXES[key]


def document_index(doc: Document) -> DocumentIndex:
    """The ``DocumentIndex`` of ``doc``, built on first use and reused while ``doc`` lives.

    Invariant: equal to building it afresh (the model is frozen); O(1) after the first call.

    >>> doc = Document("d", "regulation", "t", "h", None, chapters=(Chapter("chp_1", 1, "第一章", "总则",
    ...     (Article("art_1", 1, 0, "第一条", (), None, "chp_1"),), None),))
    >>> ix = document_index(doc); ix.article["art_1"].label, ix.chapter_of[id(ix.articles[0])].eid
    ('第一条', 'chp_1')
    >>> document_index(doc) is ix
    True
    """
    key = id(doc)
    hit = _INDEXES.get(key)
    if hit is not None and hit[0]() is doc:
        return hit[1]
    arts = tuple(a for c in doc.chapters for a in c.articles)
    by_eid: dict[str, Article] = {}
    chapter_of: dict[int, Chapter] = {}
    for c in doc.chapters:
        for a in c.articles:
            by_eid.setdefault(a.eid, a)
            chapter_of.setdefault(id(a), c)
    position_of: dict[int, int] = {}
    for n, a in enumerate(arts):
        position_of.setdefault(id(a), n)
    index = DocumentIndex(arts, by_eid, len(by_eid) == len(arts), position_of, chapter_of,
                          {c.num: c for c in doc.chapters if c.eid})
    _INDEXES[key] = (weakref.ref(doc, functools.partial(_drop_index, key)), index)
    return index


@dataclass(frozen=True, slots=True)
class ChapterFact:
    """A chapter the source does not show (its heading is on a page not held): number, title, article range."""

    num: int
    title: str
    first_article: int
    last_article: int


@dataclass(frozen=True, slots=True)
class ProcedureView:
    """Wording of a document's procedure chart (annotations of kind ``step``), from its metadata."""

    title: str = ""
    """Page and nav title (``…程序图``)."""
    description: str = ""
    """What the chart shows (page description, after the document's title)."""
    lead: str = ""
    caption: str = ""


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Document metadata from ``content/corpus.yml``: every fact about a document that is not its text."""

    slug: str
    """URL path segment of the document (``/{slug}/art_23/``), lowercase ASCII."""
    kind: Literal["regulation", "news_article"]
    title: str
    """Full title as cited between 《》."""
    short_title: str
    """Short title (nav, page titles; also a citation alias)."""
    heading: str
    """The headline as printed in the source; the parser matches it to this entry."""
    issuer: str
    dates: tuple[tuple[str, str], ...]
    """(ISO date, event) pairs: the 题注 (approval, issue, revisions)."""
    published_in: str
    article_count: int = 0
    known_lacunae: tuple[int, ...] = ()
    """Article numbers the editors know the source lacks: a gap of only these is a note, not a warning."""
    chapters: tuple[ChapterFact, ...] = ()
    """Chapter facts the source does not show (titles and article ranges)."""
    summary: str = ""
    aliases: tuple[str, ...] = ()
    """Further names used in citations of this document (besides ``title`` and ``short_title``): ``条例``."""
    sources: tuple[str, ...] = ()
    """The source files that carry the document, in reading order (page 1, then its continuation)."""
    version: str = ""
    """The revision shown with the title: ``2024年修订``."""
    effective: str = ""
    """ISO date the text takes effect (empty when unknown)."""
    status: str = ""
    """``in_force``, ``repealed``, ``amended`` … (empty for a text that has no legal force, e.g. news)."""
    effective_note: str = ""
    """What the effective date rests on (the article that sets it, the date of publication)."""
    subject_terms: tuple[str, ...] = ()
    """The document's own subject words (``检查`` in a 检查工作条例): glossary terms spelled so are never marked in its text."""
    procedure: ProcedureView = ProcedureView()
    """Wording of the procedure chart of this document's annotations."""

    published: tuple[tuple[str, str, str], ...] = ()
    """Where the official text was published: (publication, ISO date, page or form), as facts for lacunae pages."""

    @property
    def citation_titles(self) -> tuple[str, ...]:
        """Every name a citation may use for this document, longest first (full title, short title, aliases).

        >>> DocumentMeta("d", "regulation", "甲乙丙条例", "丙条例", "", "", (), "", aliases=("条例",)).citation_titles
        ('甲乙丙条例', '丙条例', '条例')
        """
        seen: list[str] = []
        for t in (self.title, self.short_title, *self.aliases):
            if t and t not in seen:
                seen.append(t)
        return tuple(sorted(seen, key=lambda t: -len(t)))


@dataclass(frozen=True, slots=True)
class OutsideTitle:
    """A document that is not on the site, mapped by the editor to an address elsewhere (``outside:``)."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a source file comes from. ``kind`` says which fields matter: a newspaper page (paper, date,
    page, continued_from), an official gazette (paper = the gazette, issue, page), a web page (url,
    consulted), a PDF (url or paper, page)."""

    paper: str = ""
    """The publication: newspaper or gazette name, site name for a web page."""
    date: str = ""
    """ISO date of the publication (the issue, the page)."""
    page: str = ""
    continued_from: str = ""
    """Where the text printed here starts (``第一版``), when it is a continuation."""
    note: str = ""
    kind: str = "newspaper"
    """``newspaper``, ``gazette``, ``web`` or ``pdf``."""
    url: str = ""
    consulted: str = ""
    """ISO date a web page was consulted."""
    issue: str = ""
    """Gazette issue (``2024年第5号``)."""


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """One source file as received, its sha256 pin and its provenance."""

    file: str
    """Path relative to the project root (``content/source/x.txt``)."""
    sha256: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class CorpusMeta:
    """``content/corpus.yml``: the site, the source files and the documents they carry."""

    sources: tuple[SourceMeta, ...]
    documents: tuple[DocumentMeta, ...]
    site_name: str = ""
    site_description: str = ""
    search_example: str = ""
    """A phrase shown in the search box's placeholder."""
    search_citation: str = ""
    """A citation shown in the search box's placeholder."""
    search_shorten: tuple[str, str] = ("", "")
    """(longer word, shorter word): the no-result message suggests searching the shorter."""
    outside: tuple[OutsideTitle, ...] = ()
    """Titles of documents not on the site that citations may name, with the URL to link them to."""
    report_url: str = ""
    """Where readers report an error (the footer's 纠错 link); ``{page}`` is replaced by the page's address.
    Empty: the link goes to the 关于本站 page, which says how to report."""

    @property
    def source(self) -> str:
        """The first source file (the whole corpus when it has one)."""
        return self.sources[0].file if self.sources else ""

    @property
    def sha256(self) -> str:
        return self.sources[0].sha256 if self.sources else ""

    @property
    def provenance(self) -> Provenance:
        return self.sources[0].provenance if self.sources else Provenance()

    def source_meta(self, file: str) -> SourceMeta | None:
        return next((s for s in self.sources if s.file == file), None)

    def files_of(self, doc: DocumentMeta) -> tuple[str, ...]:
        """The source files of ``doc``: its own list, or every source of a corpus that has one."""
        return doc.sources or tuple(s.file for s in self.sources[:1])


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything parsed from the source files: documents, repairs, dropped layout."""

    meta: CorpusMeta
    documents: tuple[Document, ...]
    repairs: tuple[Repair, ...] = ()
    dropped: tuple[Dropped, ...] = field(default=())

    def document(self, slug: str) -> Document:
        for d in self.documents:
            if d.slug == slug:
                return d
        raise KeyError(slug)
