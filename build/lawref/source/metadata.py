"""Load and validate ``content/corpus.yml``: the site, the source files (pins, provenance), the documents.

The file has three parts::

    site: {name: …, description: …}
    sources:                       # every source file, byte for byte as received
      - file: content/source/x.txt
        sha256: <64 hex digits>
        provenance: {kind: newspaper, paper: …, date: …, page: …, continued_from: …, note: …}
    documents:                     # every document, in site order
      - slug: …
        sources: [content/source/x.txt]   # may be omitted when the corpus has one source file
        kind: regulation
        title: …

The older single-source form (top-level ``source``, ``sha256``, ``provenance``) is read as one source.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..diagnostics import Diagnostic
from ..model import ChapterFact, CorpusMeta, DocumentMeta, OutsideTitle, ProcedureView, Provenance, SourceMeta
from .yamldoc import format_path, load_yaml, position

KINDS = ("regulation", "news_article")
PROVENANCE_KINDS = {
    # kind → keys it requires (all provenance keys are strings; the others are optional)
    "newspaper": ("paper", "date", "page"),
    "gazette": ("paper", "date"),
    "web": ("url", "consulted"),
    "pdf": (),
}
PROVENANCE_KEYS = ("kind", "paper", "date", "page", "continued_from", "note", "url", "consulted", "issue")
STATUSES = ("", "in_force", "amended", "repealed", "not_in_force", "draft")
STATUS_LABELS = {"in_force": "现行有效", "amended": "已被修改", "repealed": "已废止", "not_in_force": "尚未施行",
                 "draft": "草案"}
"""How readers name each status (时效), as the official databases print it."""
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_NUMBER = 9999
"""Highest article or chapter number (the numerals go to 九千九百九十九)."""


def load_corpus_meta(file: str, text: str) -> tuple[CorpusMeta | None, tuple[Diagnostic, ...]]:
    """Validate the corpus metadata; every problem is a diagnostic naming its key path.

    Invariant: returns ``None`` exactly when an error was reported.

    >>> m, d = load_corpus_meta("c.yml", "sources:\\n- file: a.txt\\n  sha256: " + "a" * 64 +
    ...     "\\n  provenance: {kind: web, url: 'https://example.org/a', consulted: '2024-01-02'}\\n"
    ...     "documents:\\n- {slug: a, kind: regulation, title: 甲条例, heading: 甲条例, issuer: 乙, dates: [], published_in: 丙}\\n")
    >>> m.files_of(m.documents[0]), m.provenance.url
    (('a.txt',), 'https://example.org/a')
    """
    data, pos, diags = load_yaml(file, text)
    if diags:
        return None, diags
    out: list[Diagnostic] = []
    lines = text.split("\n")

    def err(path: tuple, msg: str) -> None:
        line, col = position(pos, path)
        out.append(Diagnostic(file, line, col, "error", "metadata",
                              f"{format_path(path) or '(top)'}: {msg}", source_line=lines[line - 1] if line <= len(lines) else ""))

    def req(obj: Any, path: tuple, key: str, typ: type = str) -> Any:
        if not isinstance(obj, dict) or key not in obj:
            err(path, f"missing key {key!r} (expected a {typ.__name__})")
            return typ()
        v = obj[key]
        if typ is str and isinstance(v, (int, float)):
            v = str(v)
        if not isinstance(v, typ):
            err(path + (key,), f"expected a {typ.__name__}, found {type(v).__name__}")
            return typ()
        return v

    def opt(obj: Any, path: tuple, key: str, default: Any = "") -> Any:
        if not isinstance(obj, dict) or key not in obj or obj[key] is None:
            return default
        v = obj[key]
        if isinstance(default, str) and isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if not isinstance(v, type(default)):
            err(path + (key,), f"expected a {type(default).__name__}, found {type(v).__name__}")
            return default
        return v

    def str_list(obj: Any, path: tuple, key: str) -> tuple[str, ...]:
        if isinstance(obj, dict) and isinstance(obj.get(key), str):
            return (obj[key],)
        v = opt(obj, path, key, [])
        if not all(isinstance(x, str) and x for x in v):
            err(path + (key,), "expected a list of non-empty strings")
            return ()
        return tuple(v)

    def number(v: int, path: tuple, low: int = 1) -> int:
        """An article or chapter number: numbering stops at 9999 (第九千九百九十九条)."""
        if v == 0 and low == 1:
            return v  # missing or wrong type: already reported
        if isinstance(v, bool) or not low <= v <= MAX_NUMBER:
            err(path, f"{v!r} is out of range (expected a number from {low} to {MAX_NUMBER})")
            return low
        return v

    if not isinstance(data, dict):
        err((), "expected a mapping with keys site, sources, documents")
        return None, tuple(out)

    def provenance(prov: Any, path: tuple) -> Provenance:
        if not isinstance(prov, dict):
            err(path, "expected a mapping (kind, paper, date, page …)")
            return Provenance()
        kind = str(prov.get("kind", "newspaper"))
        if kind not in PROVENANCE_KINDS:
            err(path + ("kind",), f"unknown provenance kind {kind!r} (expected one of {', '.join(PROVENANCE_KINDS)})")
            return Provenance()
        for k in PROVENANCE_KINDS[kind]:
            req(prov, path, k)
        for k in prov:
            if k not in PROVENANCE_KEYS:
                err(path + (k,), f"unknown provenance key {k!r} (expected one of {', '.join(PROVENANCE_KEYS)})")
        url = prov.get("url")
        if url not in (None, "") and not re.match(r"^https?://[^\s\"'<>]+$", str(url)):
            err(path + ("url",), f"{url!r} is not a web address (expected http:// or https://)")
        for k in ("date", "consulted"):
            v = prov.get(k)
            if v not in (None, "") and not _ISO_DATE.match(str(v)):
                err(path + (k,), f"{v!r} is not an ISO date (expected YYYY-MM-DD)")
        return Provenance(**{k: str(prov[k]) for k in PROVENANCE_KEYS if k in prov and prov[k] is not None})

    def sha_of(obj: Any, path: tuple) -> str:
        sha = req(obj, path, "sha256")
        if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
            err(path + ("sha256",), "expected 64 lowercase hex digits")
        return sha

    sources: list[SourceMeta] = []
    if "sources" in data:
        for i, s in enumerate(req(data, (), "sources", list)):
            p = ("sources", i)
            sources.append(SourceMeta(req(s, p, "file"), sha_of(s, p), provenance(req(s, p, "provenance", dict), p + ("provenance",))))
        if not sources and not out:
            err(("sources",), "no source file (expected at least one entry with file, sha256, provenance)")
    else:  # the single-source form
        sources.append(SourceMeta(req(data, (), "source"), sha_of(data, ()),
                                  provenance(req(data, (), "provenance", dict), ("provenance",))))
    files = [s.file for s in sources]
    for i, f in enumerate(files):
        if f in files[:i]:
            err(("sources", i, "file"), f"source {f!r} listed twice (expected each file once)")
    site = opt(data, (), "site", {})
    site_name = opt(site, ("site",), "name")
    site_description = opt(site, ("site",), "description")
    search_example = opt(site, ("site",), "search_example")
    report_url = opt(site, ("site",), "report_url")
    search_citation = opt(site, ("site",), "search_citation", "第一条")
    shorten = str_list(site, ("site",), "search_shorten")
    if shorten and len(shorten) != 2:
        err(("site", "search_shorten"), "expected two words [longer, shorter]")
    docs = req(data, (), "documents", list)
    metas: list[DocumentMeta] = []
    slugs: set[str] = set()
    for i, d in enumerate(docs):
        p = ("documents", i)
        slug = req(d, p, "slug")
        if slug in slugs:
            err(p + ("slug",), f"slug {slug!r} used twice (expected unique slugs)")
        elif slug and not SLUG_RE.match(slug):
            err(p + ("slug",), f"slug {slug!r} is not a URL segment (expected lowercase ASCII letters, digits and '-')")
        slugs.add(slug)
        kind = req(d, p, "kind")
        if kind and kind not in KINDS:
            err(p + ("kind",), f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
        dates = []
        for j, pair in enumerate(req(d, p, "dates", list)):
            if not (isinstance(pair, list) and len(pair) == 2):
                err(p + ("dates", j), "expected [ISO date, event]")
                continue
            dates.append((str(pair[0]), str(pair[1])))
        chapters = []
        for j, c in enumerate(opt(d, p, "chapters", [])):
            cp = p + ("chapters", j)
            chapters.append(ChapterFact(number(req(c, cp, "num", int), cp + ("num",)), req(c, cp, "title"),
                                        number(req(c, cp, "first_article", int), cp + ("first_article",)),
                                        number(req(c, cp, "last_article", int), cp + ("last_article",))))
        doc_sources = str_list(d, p, "sources") or str_list(d, p, "source")
        for f in doc_sources:
            if f not in files:
                err(p + ("sources",), f"source {f!r} is not listed under 'sources' (expected one of {', '.join(files)})")
        if not doc_sources and len(files) > 1:
            err(p, "missing key 'sources' (expected the source file(s) of this document: the corpus has several)")
        status = opt(d, p, "status")
        if status not in STATUSES:
            err(p + ("status",), f"unknown status {status!r} (expected one of {', '.join(s for s in STATUSES if s)})")
        effective = opt(d, p, "effective")
        if effective and not _ISO_DATE.match(effective):
            err(p + ("effective",), f"{effective!r} is not an ISO date (expected YYYY-MM-DD)")
        proc = opt(d, p, "procedure", {})
        procedure = ProcedureView(**{k: opt(proc, p + ("procedure",), k) for k in ("title", "description", "lead", "caption")})
        for k in proc:
            if k not in ("title", "description", "lead", "caption"):
                err(p + ("procedure", k), f"unknown key {k!r} (expected title, description, lead, caption)")
        metas.append(DocumentMeta(
            slug=slug, kind=kind or "regulation", title=req(d, p, "title"),
            short_title=opt(d, p, "short_title"),
            heading=req(d, p, "heading"), issuer=req(d, p, "issuer"), dates=tuple(dates),
            published_in=req(d, p, "published_in"),
            article_count=number(opt(d, p, "article_count", 0), p + ("article_count",), low=0),
            known_lacunae=_int_list(opt(d, p, "known_lacunae", []), p + ("known_lacunae",), err),
            chapters=tuple(chapters), summary=opt(d, p, "summary"),
            aliases=str_list(d, p, "aliases"), sources=doc_sources,
            version=opt(d, p, "version"), effective=effective, status=status,
            effective_note=opt(d, p, "effective_note"),
            subject_terms=str_list(d, p, "subject_terms"),
            published=_published(opt(d, p, "published", []), p + ("published",), err),
            procedure=procedure))

    outside: list[OutsideTitle] = []
    raw_outside = data.get("outside", [])
    if not isinstance(raw_outside, list):
        err(("outside",), "expected a list of {title, url} (documents not on the site that citations name)")
        raw_outside = []
    for i, o in enumerate(raw_outside):
        p = ("outside", i)
        title, url = req(o, p, "title"), req(o, p, "url")
        if url and not url.startswith(("https://", "http://")):
            err(p + ("url",), f"expected an http(s) URL, found {url!r}")
        outside.append(OutsideTitle(title.strip("《》"), url))
    titles = [t for m in metas for t in dict.fromkeys(m.citation_titles)]
    for t in sorted({t for t in titles if titles.count(t) > 1}):
        err(("documents",), f"title or alias {t!r} names two documents (expected each citation title to name one)")

    if not site_name and metas:
        site_name = metas[0].title
    if out:
        return None, tuple(out)
    return CorpusMeta(sources=tuple(sources), documents=tuple(metas), site_name=site_name,
                      site_description=site_description, search_example=search_example, report_url=report_url,
                      search_citation=search_citation,
                      search_shorten=(shorten[0], shorten[1]) if len(shorten) == 2 else ("", ""),
                      outside=tuple(outside)), ()


def _published(value, path: tuple, err) -> tuple[tuple[str, str, str], ...]:
    """``published``: where the official text appeared, each {publication, date (ISO), page}."""
    out = []
    if not isinstance(value, list):
        err(path, "expected a list of {publication, date, page}")
        return ()
    for i, v in enumerate(value):
        if not (isinstance(v, dict) and set(v) == {"publication", "date", "page"}
                and all(isinstance(x, str) and x for x in v.values())):
            err(path + (i,), "expected {publication, date, page} (strings; date as quoted ISO date)")
            continue
        out.append((v["publication"], v["date"], v["page"]))
    return tuple(out)


def _int_list(value, path: tuple, err) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= MAX_NUMBER
                                              for v in value):
        err(path, f"expected a list of article numbers (integers from 1 to {MAX_NUMBER})")
        return ()
    return tuple(sorted(value))


def check_pin(meta_file: str, meta_text: str, meta: CorpusMeta, data: bytes, file: str = "") -> tuple[Diagnostic, ...]:
    """A source's sha256 must equal its pin: a changed source needs an updated pin.

    ``file`` names the source (default: the first).
    """
    index = next((i for i, s in enumerate(meta.sources) if s.file == file), 0) if file else 0
    src = meta.sources[index]
    actual = hashlib.sha256(data).hexdigest()
    if actual == src.sha256:
        return ()
    parsed, pos, _ = load_yaml(meta_file, meta_text)
    path = ("sources", index, "sha256") if isinstance(parsed, dict) and "sources" in parsed else ("sha256",)
    line, col = position(pos, path)
    return (Diagnostic(meta_file, line, col, "error", "source-pin",
                       f"{src.file} has sha256 {actual}, but the pin is {src.sha256} "
                       "(expected them equal: the source changed; review the change and update the pin)",
                       source_line=meta_text.split("\n")[line - 1], length=len(src.sha256) + 8),)
