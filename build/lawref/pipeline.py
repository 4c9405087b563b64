"""The pipeline from ``content/`` to a parsed, linked corpus: read → parse (→ link).

Pure functions over bytes and text; the filesystem is touched only by ``load_project``
(called by the CLI and the MkDocs plugin).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import Diagnostic
from .metadata import check_pin, load_corpus_meta
from .model import Corpus, CorpusMeta
from .parse import parse_corpus
from .read import read_source
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


def load_project(root: str | Path) -> ProjectInput:
    """Read ``content/`` and ``annotations/`` under ``root`` (the only file reads of a build)."""
    root = Path(root)
    files: list[tuple[str, bytes]] = []
    for sub in ("content", "annotations"):
        base = root / sub
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    files.append((p.relative_to(root).as_posix(), p.read_bytes()))
    return ProjectInput(str(root), tuple(files))


def parse_source_file(file: str, data: bytes, meta=None) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """read + parse one source file (``check`` on any file uses this with ``meta=None``)."""
    src, diags = read_source(file, data)
    if any(d.severity == "error" for d in diags):
        return None, diags
    corpus, pdiags = parse_corpus(src, meta)
    return corpus, diags + pdiags


def build_corpus(project: ProjectInput) -> tuple[Corpus | None, tuple[Diagnostic, ...]]:
    """Metadata → pin checks → read → parse, for every source file. Returns the corpus (None on fatal
    errors) and all diagnostics.

    Each source file is parsed for the documents the metadata places in it; the corpus lists the
    documents in metadata order.
    """
    meta_bytes = project.get(CORPUS_META)
    if meta_bytes is None:
        return None, (Diagnostic(CORPUS_META, 1, 1, "error", "metadata", "file not found (expected the corpus metadata)"),)
    meta_text, diags = decode_yaml(CORPUS_META, meta_bytes)
    if meta_text is None:
        return None, diags
    meta, diags = load_corpus_meta(CORPUS_META, meta_text)
    if meta is None:
        return None, diags
    parts: list[Corpus] = []
    for n, s in enumerate(meta.sources):
        data = project.get(s.file)
        if data is None:
            diags += (Diagnostic(CORPUS_META, 1, 1, "error", "metadata",
                                 f"source {s.file} not found (expected the file named by sources[{n}].file)"),)
            continue
        diags += check_pin(CORPUS_META, meta_text, meta, data, s.file)
        sub = replace(meta, sources=(s,), documents=tuple(d for d in meta.documents if s.file in meta.files_of(d)))
        corpus, pdiags = parse_source_file(s.file, data, sub)
        diags += pdiags
        if corpus is not None:
            parts.append(corpus)
    if not parts or len(parts) < len(meta.sources):
        return None, diags
    return merge_corpora(meta, parts), diags


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


def load_witness_register(project: ProjectInput, corpus: Corpus):
    """``content/witnesses.yml`` validated against the corpus's unit ids (an absent file is an empty register)."""
    from .witnesses import WITNESS_FILE, load_register
    ids = {d.slug for d in corpus.documents} | {f"{d.slug}/{u.eid}" for d in corpus.documents for u in d.units()}
    return load_register(WITNESS_FILE, project.get(WITNESS_FILE), ids)


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


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus | None
    diagnostics: tuple[Diagnostic, ...]
    """Structural diagnostics of the build (errors fail it)."""
    anomalies: tuple[Diagnostic, ...]
    """Proofreading findings (listed, never fatal)."""
    site: object | None
    """``render.SiteOutput`` when the build succeeded."""
    editorial: object | None = None
    """``editorial.EditorialResult`` (annotations, references, coverage) when the link stage ran."""


def build_site(project: ProjectInput, search: bool = True, downloads: bool = False, base_url: str = "") -> BuildResult:
    """The whole build short of MkDocs: corpus → anomalies → (links, annotations) → pages.

    ``downloads``: also typeset the PDF and Word downloads (the plugin does; ``check`` and most tests don't —
    the pages link them and the permalink contract lists them either way). ``base_url``: the site's absolute
    address (MkDocs' ``site_url``), for the addresses printed in downloads and on paper; empty: site-relative.
    Invariant: pure over ``project``; on any error ``site`` is None and every diagnostic is listed.
    """
    from .proofread import find_anomalies
    from .render import render_site

    corpus, diags = build_corpus(project)
    if corpus is None or any(d.severity == "error" for d in diags):
        return BuildResult(corpus, diags, (), None)
    register, wdiags = load_witness_register(project, corpus)
    anomalies: tuple[Diagnostic, ...] = ()
    for s in corpus.meta.sources:
        src, _ = read_source(s.file, project.get(s.file) or b"")
        anomalies += find_anomalies(source_of(corpus, s.file), src, register.persons)
    from .editorial import build_editorial
    # Partial: with an annotation error the pages of the valid entries are still rendered and the
    # permalink contract checked, so that a build lists the errors of every stage at once.
    ed, ediags = build_editorial(corpus, project.glob("annotations/", ".yml"), register, partial=True)
    diags = diags + wdiags + ediags
    assert ed is not None
    site = render_site(corpus, anomalies + tuple(d for d in diags if d.severity != "error"), ed.editorial,
                       base_url=base_url, content_version=content_version(project))
    from .contract import LOCK_FILE, check_contract
    from .downloads import build_downloads, download_paths
    from .exports import add_exports
    # resolver page, redirects, data exports; the downloads' addresses are published whether built or not
    site, addresses = add_exports(site, corpus, ed.editorial.corrections, extra_addresses=download_paths(corpus))
    contract = check_contract(addresses, project.get(LOCK_FILE))  # an address may never disappear
    diags = diags + contract
    if any(d.severity == "error" for d in diags):
        return BuildResult(corpus, diags, anomalies, None)
    if search:  # the search index (build/lawref/search.py); off for the Material-search baseline
        from .search import build_search_files
        site.files.update(build_search_files(corpus, texts=ed.editorial.texts, entries=ed.editorial.search_entries))
    if downloads:  # PDF and Word (build/lawref/downloads.py): the text as shown, corrections as footnotes
        files, ddiags = build_downloads(corpus, ed.marks, base_url)
        diags = diags + ddiags
        if any(d.severity == "error" for d in ddiags):
            return BuildResult(corpus, diags, anomalies, None, ed)
        site.files.update(files)
    return BuildResult(corpus, diags, anomalies, site, ed)
