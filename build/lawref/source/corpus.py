"""Stage 1, source: the project's input files → the document model.

Metadata → pin checks → read (decode, line endings, positions) → parse, for every source file. What crosses to
the next stage is one ``Sources`` value: the corpus, each source file's decoded text (the proofreader reads it;
nothing downstream decodes a file again) and every diagnostic.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from ..diagnostics import Diagnostic
from ..model import Corpus, CorpusMeta
from .metadata import check_pin, load_corpus_meta
from .parse import parse_corpus
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

    Each source file is parsed for the documents the metadata places in it; the corpus lists the
    documents in metadata order.
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
    parts: list[Corpus] = []
    texts: list[SourceText] = []
    for n, s in enumerate(meta.sources):
        data = project.get(s.file)
        if data is None:
            diags += (Diagnostic(CORPUS_META, 1, 1, "error", "metadata",
                                 f"source {s.file} not found (expected the file named by sources[{n}].file)"),)
            continue
        diags += check_pin(CORPUS_META, meta_text, meta, data, s.file)
        sub = replace(meta, sources=(s,), documents=tuple(d for d in meta.documents if s.file in meta.files_of(d)))
        corpus, text, pdiags = read_and_parse(s.file, data, sub)
        texts.append(text)
        diags += pdiags
        if corpus is not None:
            parts.append(corpus)
    if not parts or len(parts) < len(meta.sources):
        return Sources(None, tuple(texts), diags)
    return Sources(merge_corpora(meta, parts), tuple(texts), diags)


def build_corpus(project: ProjectInput) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """``read_corpus`` without the texts: the corpus and every diagnostic."""
    src = read_corpus(project)
    return src.corpus, src.diagnostics


def merge_corpora(meta: CorpusMeta, parts: list[Corpus]) -> Corpus:
    """One corpus from the corpora of several source files, documents in metadata order.

    >>> from lawref.model import Provenance, SourceMeta
    >>> m = CorpusMeta((SourceMeta("a", "", Provenance()),), ())
    >>> merge_corpora(m, [Corpus(m, ())]).meta is m
    True
    """
    if len(parts) == 1:
        return replace(parts[0], meta=meta)
    order = {d.slug: n for n, d in enumerate(meta.documents)}
    docs = sorted((d for c in parts for d in c.documents), key=lambda d: order.get(d.slug, len(order)))
    return Corpus(meta=meta, documents=tuple(docs), repairs=tuple(r for c in parts for r in c.repairs),
                  dropped=tuple(d for c in parts for d in c.dropped))


def source_of(corpus: Corpus, file: str) -> Corpus:
    """The part of ``corpus`` printed in source ``file`` (what proofreading reads against that file)."""
    if len(corpus.meta.sources) == 1:
        return corpus
    docs = tuple(d for d in corpus.documents if corpus.meta.files_of(d.meta)[:1] == (file,))
    return Corpus(meta=corpus.meta, documents=docs, repairs=tuple(r for r in corpus.repairs if r.span.file == file))


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
