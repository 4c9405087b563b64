"""Load and validate ``content/corpus.yml``: provenance, documents, facts the source lacks."""

from __future__ import annotations

import hashlib
from typing import Any

from .diagnostics import Diagnostic
from .model import ChapterFact, CorpusMeta, DocumentMeta, Provenance
from .yamldoc import format_path, load_yaml, position

KINDS = ("regulation", "news_article")


def load_corpus_meta(file: str, text: str) -> tuple[CorpusMeta | None, tuple[Diagnostic, ...]]:
    """Validate the corpus metadata; every problem is a diagnostic naming its key path.

    Invariant: returns ``None`` exactly when an error was reported.
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

    if not isinstance(data, dict):
        err((), "expected a mapping with keys source, sha256, provenance, documents")
        return None, tuple(out)
    source = req(data, (), "source")
    sha = req(data, (), "sha256")
    if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
        err(("sha256",), "expected 64 lowercase hex digits")
    prov = req(data, (), "provenance", dict)
    provenance = Provenance(*(req(prov, ("provenance",), k) for k in ("paper", "date", "page", "continued_from", "note")))
    docs = req(data, (), "documents", list)
    metas: list[DocumentMeta] = []
    slugs: set[str] = set()
    for i, d in enumerate(docs):
        p = ("documents", i)
        slug = req(d, p, "slug")
        if slug in slugs:
            err(p + ("slug",), f"slug {slug!r} used twice (expected unique slugs)")
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
        for j, c in enumerate(d.get("chapters", []) if isinstance(d, dict) else []):
            cp = p + ("chapters", j)
            chapters.append(ChapterFact(req(c, cp, "num", int), req(c, cp, "title"),
                                        req(c, cp, "first_article", int), req(c, cp, "last_article", int)))
        metas.append(DocumentMeta(
            slug=slug, kind=kind or "regulation", title=req(d, p, "title"),
            short_title=str(d.get("short_title", "")) if isinstance(d, dict) else "",
            heading=req(d, p, "heading"), issuer=req(d, p, "issuer"), dates=tuple(dates),
            published_in=req(d, p, "published_in"),
            article_count=int(d.get("article_count", 0)) if isinstance(d, dict) else 0,
            known_lacunae=_int_list(d.get("known_lacunae", []) if isinstance(d, dict) else [], p + ("known_lacunae",), err),
            chapters=tuple(chapters), summary=str(d.get("summary", "")) if isinstance(d, dict) else ""))
    if out:
        return None, tuple(out)
    return CorpusMeta(source=source, sha256=sha, provenance=provenance, documents=tuple(metas)), ()


def _int_list(value, path: tuple, err) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and v > 0 for v in value):
        err(path, "expected a list of article numbers (positive integers)")
        return ()
    return tuple(sorted(value))


def check_pin(meta_file: str, meta_text: str, meta: CorpusMeta, data: bytes) -> tuple[Diagnostic, ...]:
    """The source's sha256 must equal the pin: a changed source needs an updated pin."""
    actual = hashlib.sha256(data).hexdigest()
    if actual == meta.sha256:
        return ()
    _, pos, _ = load_yaml(meta_file, meta_text)
    line, col = position(pos, ("sha256",))
    return (Diagnostic(meta_file, line, col, "error", "source-pin",
                       f"{meta.source} has sha256 {actual}, but the pin is {meta.sha256} "
                       "(expected them equal: the source changed; review the change and update the pin)",
                       source_line=meta_text.split("\n")[line - 1], length=len(meta.sha256) + 8),)
