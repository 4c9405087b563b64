"""Precision of the proofreader: on clean text it should find nothing.

Two kinds of clean text: fixtures we wrote in the style of official texts (``tests/fixtures/clean/``: a regulation
with legitimate near-pairs such as 县人民政府/县级人民政府 and 上级机关/上一级机关, a news report with a dateline),
and the corpus as corrected (every applied erratum applied, layout repaired, punctuation full-width). On the
corrected corpus every remaining finding must be explained by a defect we could not correct (an erratum left as a
conjecture, a lacuna, the headline and a chapter title, which are no correctable units); any other is wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lawref.check.proofread import find_anomalies
from lawref.editorial.annotations import Erratum
from lawref.pipeline import parse_source_file
from lawref.source.read import read_source

CLEAN = Path(__file__).resolve().parent / "fixtures" / "clean"


def findings(name: str, text: str, persons=()):
    corpus, diags = parse_source_file(name, text.encode())
    assert corpus is not None and not [d for d in diags if d.severity == "error"], [str(d) for d in diags]
    return corpus, find_anomalies(corpus, read_source(name, text.encode())[0], persons)


@pytest.mark.parametrize("name", ["regulation.txt", "news.txt"])
def test_clean_fixture_gives_no_finding(name):
    _, found = findings(name, (CLEAN / name).read_text("utf-8"))
    assert [str(d) for d in found] == []


def corrected_source(corpus, texts: dict[str, str]) -> str:
    """The corpus as the site shows it by default, written back as a clean source (no layout damage)."""
    out: list[str] = []

    def text(doc, node) -> str:
        return texts.get(f"{doc.slug}/{node.eid}", node.text)

    for doc in corpus.documents:
        out.append(f"# {doc.heading}")
        for ch in doc.chapters:
            if ch.title_source == "source":
                out.append(f"## {ch.label} {ch.title}")
            for a in ch.articles:
                if a.missing:
                    continue
                for k, p in enumerate(a.paragraphs):
                    out.append((f"**{a.label}** " if k == 0 else "") + text(doc, p))
                    out.extend(f"- {i.label}{text(doc, i)}" for i in p.items)
        for s in doc.sections:
            if s.heading:
                out.append(f"## {s.heading}")
            out.extend(text(doc, p) for p in s.paragraphs)
    return "\n\n".join(out) + "\n"


def test_corrected_corpus_findings_are_all_explained(build_result):
    ed = build_result.editorial
    corpus = build_result.corpus
    src = corrected_source(corpus, ed.editorial.texts)
    import dataclasses
    parsed, _ = findings("corrected.txt", src)
    # the corrected text's documents get inferred slugs (doc1, doc2): the names register follows them
    slugs = {m.slug: p.slug for p, m in zip(parsed.documents, corpus.documents)}
    persons = tuple(dataclasses.replace(p, doc=slugs.get(p.doc, p.doc)) for p in build_result_persons(build_result))
    parsed, found = findings("corrected.txt", src, persons)
    assert any(d.code == "person-name" for d in found)  # the register was applied
    doubtful = {a.target for a in ed.annotations if isinstance(a, Erratum)
                and (a.confidence == "conjecture" or not a.corrected)}
    doubtful_units = {f"{r.slug}/{r.eid}" for r in doubtful}
    # the parsed corrected text has the same unit ids: map each finding to its unit by position
    from lawref.check.proofread import text_units
    where = {}
    for doc in parsed.documents:
        for u in text_units(doc):
            for pos in u.positions:
                where.setdefault(pos, f"{doc.slug}/{u.eid}")
    unexplained = []
    for d in found:
        unit = where.get((d.line, d.col), "")
        slug = unit.split("/")[0]
        unit = unit.replace(slug, {p.slug: m.slug for p, m in zip(parsed.documents, corpus.documents)}.get(slug, slug), 1)
        if d.code in ("article-gap", "headline-body", "chapter-subject"):
            continue  # a lacuna; the headline and a chapter heading are no correctable units (reported, not fixed)
        if any(unit == u or unit.startswith(u + "__") for u in doubtful_units):
            continue
        unexplained.append(f"{d} ({unit})")
    print(f"\nprecision on the corrected corpus: {len(found)} findings, {len(unexplained)} unexplained")
    assert unexplained == []


def build_result_persons(build_result):
    from lawref.pipeline import load_project, load_witness_register
    return load_witness_register(load_project(Path(__file__).resolve().parents[1]), build_result.corpus)[0].persons
