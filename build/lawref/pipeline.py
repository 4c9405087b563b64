"""The pipeline: the numbered list of stages, and nothing else.

1. **source** (``source/``): the project's files → ``Sources`` (the corpus, the decoded texts, diagnostics)
2. **check** (``check/``): ``Sources`` → proofreading findings (never fatal); later, the permalink contract
3. **cite** (``cite/``): the citation grammar and references, used by the stages below through the corpus
4. **editorial** (``editorial/``): witnesses and annotations as validated typed records
5. **publish** (``publish/``): everything written: pages, search index, exports, downloads → ``SiteOutput``

Only ``load_project`` (called by the CLI and the MkDocs plugin) reads files; every stage is a pure function.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from .check.contract import LOCK_FILE, check_contract
from .check.proofread import find_anomalies
from .diagnostics import Diagnostic
from .editorial.witnesses import load_witness_register
from .model import Corpus
from .publish.downloads import build_downloads, download_paths
from .publish.editorial import EditorialResult, build_editorial
from .publish.exports import add_exports
from .publish.render import SiteOutput, render_site
from .publish.search import build_search_files
from .source.corpus import (  # noqa: F401 (the pipeline's entry points, re-exported for the CLI and tests)
    CORPUS_META,
    ProjectInput,
    Sources,
    build_corpus,
    content_version,
    parse_source_file,
    read_corpus,
    source_of,
)


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


@dataclass(frozen=True)
class BuildResult:
    corpus: Corpus | None
    diagnostics: tuple[Diagnostic, ...]
    """Structural diagnostics of the build (errors fail it)."""
    anomalies: tuple[Diagnostic, ...]
    """Proofreading findings (listed, never fatal)."""
    site: SiteOutput | None
    """The pages and files when the build succeeded."""
    editorial: EditorialResult | None = None
    """Annotations, references and coverage, when the editorial stage ran."""
    sources: Sources | None = None
    """What the source stage produced (the decoded texts among it)."""


def proofread(sources: Sources, persons=()) -> tuple[Diagnostic, ...]:
    """Stage 2: every source file's findings, each read against the text decoded in stage 1."""
    corpus = sources.corpus
    assert corpus is not None
    found: tuple[Diagnostic, ...] = ()
    for s in corpus.meta.sources:
        text = sources.text_of(s.file)
        if text is not None:
            found += find_anomalies(source_of(corpus, s.file), text, persons)
    return found


def build_site(project: ProjectInput, search: bool = True, downloads: bool = False, base_url: str = "",
               pool: Executor | None = None,
               background: Callable[[Corpus, EditorialResult], None] | None = None) -> BuildResult:
    """The whole build short of MkDocs.

    ``downloads``: also typeset the PDF and Word downloads (the plugin does; ``check`` and most tests don't —
    the pages link them and the permalink contract lists them either way). ``base_url``: the site's absolute
    address (MkDocs' ``site_url``), for the addresses printed in downloads and on paper; empty: site-relative.
    ``pool``: an executor (the plugin's background process) that proofreads while this process runs the cite,
    editorial and render stages; the result is the same. ``background``: called with the corpus and the editorial
    result as soon as they exist, before the pages are rendered (the plugin starts the search index and the
    downloads in its background process there, instead of ``search`` and ``downloads`` here).
    Invariant: pure over ``project``; on any error ``site`` is None and every diagnostic is listed.
    """
    # 1. source
    sources = read_corpus(project)
    corpus, diags = sources.corpus, sources.diagnostics
    if corpus is None or any(d.severity == "error" for d in diags):
        return BuildResult(corpus, diags, (), None, sources=sources)
    # 4a. editorial: the witness register (the proofreader checks names against it)
    register, wdiags = load_witness_register(project, corpus)
    # 2. check: proofreading (in ``pool``'s process, if given, while 3–4 run here)
    pending = pool.submit(proofread, sources, register.persons) if pool is not None else None
    anomalies = proofread(sources, register.persons) if pending is None else ()
    # 3–4. cite + editorial: references resolved, annotations validated. Partial: with an annotation error the
    # pages of the valid entries are still rendered and the permalink contract checked, so that a build lists
    # the errors of every stage at once.
    ed, ediags = build_editorial(corpus, project.glob("annotations/", ".yml"), register, partial=True)
    diags = diags + wdiags + ediags
    assert ed is not None
    if background is not None:
        background(corpus, ed)

    warnings = tuple(d for d in diags if d.severity != "error")

    def findings() -> tuple[Diagnostic, ...]:
        nonlocal anomalies
        if pending is not None:
            anomalies = pending.result()
        return anomalies + warnings

    # 5. publish: pages (the proofreading's findings are needed by the last, the 校勘记); resolver page, redirects,
    # data exports (the downloads' addresses are published whether built or not)
    site = render_site(corpus, findings, ed.editorial, base_url=base_url, content_version=content_version(project))
    site, addresses = add_exports(site, corpus, ed.editorial.corrections, extra_addresses=download_paths(corpus),
                                  base_url=base_url)
    # 2b. check: the permalink contract (an address may never disappear)
    diags = diags + check_contract(addresses, project.get(LOCK_FILE))
    if any(d.severity == "error" for d in diags):
        return BuildResult(corpus, diags, anomalies, None, sources=sources)
    # 5b. publish: the search index (off for the Material-search baseline), the downloads
    if search:
        site.files.update(build_search_files(corpus, texts=ed.editorial.texts, entries=ed.editorial.search_entries))
    if downloads:
        files, ddiags = build_downloads(corpus, ed.marks, base_url)
        diags = diags + ddiags
        if any(d.severity == "error" for d in ddiags):
            return BuildResult(corpus, diags, anomalies, None, ed, sources)
        site.files.update(files)
    return BuildResult(corpus, diags, anomalies, site, ed, sources)
