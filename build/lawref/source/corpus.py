"""Stage 1, source: the project's input files → the document model.

Metadata → pin checks → read (decode, line endings, positions) → parse, for every source file. What crosses to
the next stage is one ``Sources`` value: the corpus, each source file's decoded text (the proofreader reads it;
nothing downstream decodes a file again) and every diagnostic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import TypeVar

from ..diagnostics import Diagnostic
from ..model import Corpus, Document, Item, Paragraph, Point, Segment
from .metadata import check_pin, load_corpus_meta
from .parse import parse_corpus, parse_sources
from .read import SourceText, read_source
from .yamldoc import decode_yaml

CORPUS_META = "content/corpus.yml"


@dataclass(frozen=True, slots=True)
class ProjectInput:
    """Every input file of a build, read once: path → bytes (paths relative to the project root)."""

    root: str
    files: tuple[tuple[str, bytes], ...]

    def get(self, path: str) -> bytes | None:
        for p, data in self.files:
            if p == path:
                return data
        return None

    def glob(self, prefix: str, suffix: str) -> tuple[tuple[str, bytes], ...]:
        return tuple((p, d) for p, d in self.files if p.startswith(prefix) and p.endswith(suffix))


@dataclass(frozen=True, slots=True)
class Sources:
    """What the source stage hands on."""

    corpus: Corpus | None
    """The parsed corpus; None when a fatal error stopped the stage."""
    texts: tuple[SourceText, ...]
    """Each source file as decoded, in metadata order (what the proofreader reads against)."""
    diagnostics: tuple[Diagnostic, ...]
    """Every diagnostic of metadata, pins, reading and parsing."""

    def text_of(self, file: str) -> SourceText | None:
        return next((t for t in self.texts if t.file == file), None)


def parse_source_file(file: str, data: bytes, meta=None) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """read + parse one source file (``check`` on any file uses this with ``meta=None``)."""
    corpus, _, diags = read_and_parse(file, data, meta)
    return corpus, diags


def read_and_parse(file: str, data: bytes, meta=None) -> tuple[Corpus | None, SourceText, tuple[Diagnostic, ...]]:
    """read + parse one source file, keeping its decoded text (read once, for parse and proofreading alike)."""
    src, diags = read_source(file, data)
    if any(d.severity == "error" for d in diags):
        return None, src, diags
    corpus, pdiags = parse_corpus(src, meta)
    return corpus, src, diags + pdiags


def read_corpus(project: ProjectInput) -> Sources:
    """Metadata → pin checks → read → parse, for every source file. Returns the corpus (None on fatal
    errors), the decoded source texts and all diagnostics.

    Each source file is parsed for the documents the metadata places in it (a document listed with several
    files is read from each and joined); the corpus lists the documents in metadata order.
    """
    meta_bytes = project.get(CORPUS_META)
    if meta_bytes is None:
        return Sources(None, (), (Diagnostic(CORPUS_META, 1, 1, "error", "metadata", "file not found (expected the corpus metadata)"),))
    meta_text, diags = decode_yaml(CORPUS_META, meta_bytes)
    if meta_text is None:
        return Sources(None, (), diags)
    meta, diags = load_corpus_meta(CORPUS_META, meta_text)
    if meta is None:
        return Sources(None, (), diags)
    texts: list[SourceText] = []
    ok = True
    for n, s in enumerate(meta.sources):
        data = project.get(s.file)
        if data is None:
            diags += (Diagnostic(CORPUS_META, 1, 1, "error", "metadata",
                                 f"source {s.file} not found (expected the file named by sources[{n}].file)"),)
            ok = False
            continue
        diags += check_pin(CORPUS_META, meta_text, meta, data, s.file)
        text, rdiags = read_source(s.file, data)
        texts.append(text)
        diags += rdiags
        ok = ok and not any(d.severity == "error" for d in rdiags)
    if not ok or not texts:
        return Sources(None, tuple(texts), diags)
    # All files at once: a document printed across several files is joined at its continuation marks.
    corpus, pdiags = parse_sources(texts, meta)
    return Sources(corpus, tuple(texts), diags + pdiags)


def build_corpus(project: ProjectInput) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """``read_corpus`` without the texts: the corpus and every diagnostic."""
    src = read_corpus(project)
    return src.corpus, src.diagnostics


def source_of(corpus: Corpus, file: str) -> Corpus:
    """The part of ``corpus`` printed in source ``file`` (what proofreading reads against that file): its
    documents with only the segments printed there, and its repairs. A 款 printed across two files is read
    as two pieces, one in each.

    >>> from lawref.model import CorpusMeta, Provenance, SourceMeta
    >>> m = CorpusMeta((SourceMeta("a", "", Provenance()),), ())
    >>> source_of(Corpus(m, ()), "a").meta is m
    True
    """
    if len(corpus.meta.sources) == 1:
        return corpus
    docs = tuple(_printed_in(d, file) for d in corpus.documents if file in corpus.meta.files_of(d.meta))
    return Corpus(meta=corpus.meta, documents=docs, repairs=tuple(r for r in corpus.repairs if r.span.file == file))


_Labelled = TypeVar("_Labelled", Item, Point)


def _in(segments: tuple[Segment, ...], file: str) -> tuple[Segment, ...]:
    return tuple(s for s in segments if s.file == file)


def _printed_in(doc: Document, file: str) -> Document:
    """``doc`` with only what ``file`` prints: every node keeps its segments there (its text is theirs); a 款,
    项 or 目 printed wholly elsewhere is left out."""
    if all(s.file == file for u in doc.units() for s in getattr(u, "segments", ())):
        return doc

    def text(segs: tuple[Segment, ...]) -> str:
        return "".join(s.text for s in segs)

    def labelled(n: _Labelled, segs: tuple[Segment, ...]) -> _Labelled:
        label = n.label if segs[:1] == n.segments[:1] else ""
        return replace(n, segments=segs, label=label, text=text(segs)[len(label):])

    def item(i: Item) -> Item:
        return replace(labelled(i, _in(i.segments, file)),
                       points=tuple(labelled(t, _in(t.segments, file)) for t in i.points if _in(t.segments, file)))

    def para(p: Paragraph) -> Paragraph:
        segs = _in(p.segments, file)
        return replace(p, segments=segs, text=text(segs),
                       items=tuple(item(i) for i in p.items if _in(i.segments, file) or any(_in(t.segments, file) for t in i.points)))

    def kept(p: Paragraph) -> bool:
        return bool(_in(p.segments, file)) or any(_in(i.segments, file) or any(_in(t.segments, file) for t in i.points)
                                                  for i in p.items)

    chapters = tuple(replace(ch, heading_segments=_in(ch.heading_segments, file), articles=tuple(
        replace(a, paragraphs=tuple(para(p) for p in a.paragraphs if kept(p)),
                label_segment=a.label_segment if a.label_segment and a.label_segment.file == file else None)
        for a in ch.articles)) for ch in doc.chapters)
    sections = tuple(replace(s, heading_segments=_in(s.heading_segments, file),
                             paragraphs=tuple(para(p) for p in s.paragraphs if kept(p))) for s in doc.sections)
    return replace(doc, heading_segments=_in(doc.heading_segments, file), chapters=chapters, sections=sections,
                   divisions=tuple(replace(d, heading_segments=_in(d.heading_segments, file)) for d in doc.divisions))


def content_version(project: ProjectInput) -> str:
    """A short name of the build's inputs (every file of ``content/`` and ``annotations/``): the first 12 hex
    digits of a sha256 over their paths and bytes, in path order. Same inputs, same version.

    >>> content_version(ProjectInput("/", (("content/a.txt", b"x"),)))
    'd41a908f4e5a'
    """
    h = hashlib.sha256()
    for path, data in sorted(project.files):
        h.update(path.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:12]
