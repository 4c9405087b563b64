"""The typed records the publish stage passes between its functions and hands to its templates (instead of
string-keyed dicts): rows of the 校勘记, of the derived views (术语表, 时限一览, 责任主体, 程序图), the source files
on 关于本站. Templates read them by attribute (``row.label``), as Jinja reads any object.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..editorial.witnesses import Person, Search
from ..model import Article, DocumentMeta, Provenance


@dataclass(frozen=True, slots=True)
class UnitLink:
    """A link to a unit of the text: its address relative to the page that shows it, and its label.

    >>> UnitLink("../art_6/", "第六条").label
    '第六条'
    """

    href: str
    label: str
    """The unit as cited (``第六条第一款``)."""


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One piece of an erratum's evidence as shown: a witness with its reading, parallel passages, or a
    conjecture's reason."""

    kind: str
    """``witness``, ``parallel`` or ``conjecture``."""
    text: str
    href: str
    """The witness's entry (``#id``), the first parallel passage, or empty."""
    id: str
    """The witness's id (empty for the other kinds)."""


@dataclass(frozen=True, slots=True)
class ErratumRow:
    """One erratum on the 校勘记 page."""

    id: str
    url: str
    """Site-relative address of the unit holding the reading."""
    label: str
    reading: str
    """The source's reading, as the annotation quotes it."""
    corrected: str
    """The correction (empty: wrong, no reading established)."""
    authority: str
    confidence: str
    """As shown (据官方文本 …)."""
    confidence_code: str
    """official | witness | internal | conjecture."""
    note: Markup
    applied: bool
    """Whether the text shows the correction (not for a conjecture or an empty correction)."""
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class DefinitionRow:
    """A 术语表 entry."""

    id: str
    term: str
    aliases: tuple[str, ...]
    body: Markup
    links: tuple[UnitLink, ...]


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A 时限一览 row."""

    id: str
    period: str
    starts: str
    who: str
    duty: str
    links: tuple[UnitLink, ...]


@dataclass(frozen=True, slots=True)
class DutyRow:
    """A 责任主体 row: a duty of one subject."""

    id: str
    subject: str
    duty: str
    links: tuple[UnitLink, ...]


@dataclass(frozen=True, slots=True)
class SubjectGroup:
    """The duties of one subject, in the order the annotation files introduce subjects."""

    name: str
    rows: tuple[DutyRow, ...]


@dataclass(frozen=True, slots=True)
class StepRow:
    """A step of the procedure chart."""

    id: str
    label: str
    body: str
    lane: str
    """``main`` or ``supervision``."""
    links: tuple[UnitLink, ...]


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source file on 关于本站: its pin, provenance and the documents it carries."""

    file: str
    sha256: str
    provenance: Provenance
    titles: str
    """The documents' titles, 《…》、《…》."""
    all: str
    """How the page says "all of them" for this file's documents (empty for one, 两篇均, 各篇均)."""
    published_in: str


@dataclass(frozen=True, slots=True)
class WitnessRow:
    """A witness in the 校勘记's 版本 section, its kind and reliability as shown."""

    id: str
    kind: str
    title: str
    publisher: str
    date: str
    url: str
    url_note: str
    consulted: str
    coverage: str
    covers: tuple[str, ...]
    reliability: str
    reliability_note: str
    official: bool


@dataclass(frozen=True, slots=True)
class UnitCollation:
    """Whether a unit (article, news section) was collated, and against which witnesses (ids)."""

    doc: str
    """The document's short title."""
    url: str
    label: str
    missing: bool
    witnesses: tuple[str, ...]
    references: tuple[str, ...]
    """Witnesses of kind ``reference`` (names and wording only)."""
    unusable: tuple[str, ...]
    """Witnesses of low reliability."""


@dataclass(frozen=True, slots=True)
class Versions:
    """The 校勘记's 版本 section: every witness, each unit's collation, what was searched and not found, names."""

    witnesses: tuple[WitnessRow, ...] = ()
    units: tuple[UnitCollation, ...] = ()
    searched: tuple[Search, ...] = ()
    persons: tuple[Person, ...] = ()


@dataclass(frozen=True, slots=True)
class NoteBlock:
    """An editor's note (解读) under an article; ``where`` names the unit when it is not the whole article."""

    id: str
    title: str
    where: UnitLink | None
    body: Markup


@dataclass(frozen=True, slots=True)
class XrefRow:
    """A cross-reference (互见) from a unit of the article to other units, with its reason."""

    id: str
    origin: UnitLink
    to: tuple[UnitLink, ...]
    reason: Markup


@dataclass(frozen=True, slots=True)
class RelatedRow:
    """A related document (相关文件) bearing on the article."""

    id: str
    title: str
    issuer: str
    date: str
    published_in: str
    body: Markup | str


@dataclass(frozen=True, slots=True)
class TermLink:
    """A glossary term marked in the article's text, linked to its entry."""

    id: str
    term: str
    href: str


@dataclass(frozen=True, slots=True)
class ArticleErratum:
    """An erratum in the article, as listed under it (校勘)."""

    id: str
    where: UnitLink
    href: str
    """Its row on the 校勘记 page."""
    source: str
    corrected: str
    confidence: str
    applied: bool
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class Backlink:
    """A provision or annotation pointing to the article (被引用), with the reason of a cross-reference."""

    href: str
    label: str
    reason: Markup | str


@dataclass(frozen=True, slots=True)
class ViewLink:
    """A derived page that cites the article (本条另见)."""

    href: str
    name: str


@dataclass(frozen=True, slots=True)
class NavLink:
    """An entry of a page's local navigation (the sidebar): a document, chapter, section or article.

    >>> NavLink("doc/art_6/", "第六条", current=True).missing
    False
    """

    url: str
    """Site-relative address."""
    label: str
    current: bool = False
    """Whether it is the page that shows it (``aria-current``)."""
    missing: bool = False
    """An article the source lacks."""


@dataclass(frozen=True, slots=True)
class PagerLink:
    """A neighbouring chapter, article or section (the pager at the foot of a page, the sidebar's siblings)."""

    url: str
    """Site-relative address."""
    label: str
    title: str = ""
    """Shown under the label (a chapter's title, an article's chapter when it differs), or empty."""


@dataclass(frozen=True, slots=True)
class RegulationStats:
    """Counts shown on the home and document pages: articles held and missing, 款 and 项."""

    articles: int
    held: int
    missing: tuple[Article, ...]
    """The articles the source lacks."""
    paragraphs: int
    item_count: int


@dataclass(frozen=True, slots=True)
class HomeChapter:
    """A chapter as the home page lists it."""

    url: str
    label: str
    title: str
    range: str
    """``第一条–第五条``."""
    missing: int
    """How many of its articles the source lacks."""
    count: int


@dataclass(frozen=True, slots=True)
class HomeDocument:
    """A document on the home page: a regulation with its chapters and counts, or another document with its
    sections."""

    slug: str
    kind: str
    meta: DocumentMeta
    url: str
    chapters: tuple[HomeChapter, ...] = ()
    sections: tuple[PagerLink, ...] = ()
    stats: RegulationStats | None = None


@dataclass(frozen=True, slots=True)
class ToolLink:
    """A site-wide page (术语表, 时限一览 …) listed on the home page."""

    url: str
    name: str


@dataclass(frozen=True, slots=True)
class LacunaRow:
    """A 校勘记 row of the 缺文 table: an article the source lacks."""

    url: str
    label: str
    reason: str
    chapter: str
    """``第三章 …`` or empty."""
    chapter_url: str


@dataclass(frozen=True, slots=True)
class RepairRow:
    """A 校勘记 row of the 版面修复 table: a layout repair the parser made."""

    id: str
    """The row's anchor (``repair-12``; another source file's rows name its index, ``repair-1-12``)."""
    lines: str
    """``12–13``, with several source files ``file.md:12–13``."""
    kind: str
    """As shown (断行接续 …)."""
    url: str
    """The unit it concerns (site-relative), or empty."""
    label: str
    detail: str


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A 校勘记 row of a finding (one diagnostic of the proofreader)."""

    id: str
    """The row's anchor (``{code}-{line}-{col}``)."""
    where: str
    """``line:col`` (or ``file:line:col``)."""
    severity: str
    """As shown (错误, 警告, 提示)."""
    url: str
    label: str
    message: str
    excerpt: str
    errata: tuple[ErratumRow, ...]
    """The errata that correct the reading found."""


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """A category of findings on the 校勘记 page, with its rows."""

    code: str
    name: str
    description: str
    rows: tuple[FindingRow, ...]
