"""Annotations are per document: a file names its document (``document: <slug>``), bare ids resolve inside it,
glossary marks stay in its text, the derived views and the coverage line are its own, and a document without
annotations builds and the log says so. Built on the real corpus plus the fictional second regulation
(``tests/second_doc.py``), which shares article numbers (第六条) with the real one."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from lawref.editorial.annotations import load_annotations
from lawref.pipeline import ProjectInput, build_corpus, build_site, load_project
from second_doc import SLUG, make_two_doc_project

ROOT = Path(__file__).resolve().parents[1]
FIRST = "xunshi"

# A term of the FIRST document's glossary that the second document's text also prints (公园管理单位 …):
# marked in the first document's text, never in the second's.
SHARED_TERM = textwrap.dedent("""\
    document: xunshi
    entries:
      - id: term-zz-guanli
        kind: definition
        term: 管理
        target: art_6__para_1
        body: 测试用术语。
    """)

SECOND = textwrap.dedent("""\
    document: gongyuan
    entries:
      - id: note-zz-gy-6
        kind: note
        target: art_6
        body: 见[第四条](art_4)。
      - id: term-zz-youren
        kind: definition
        term: 游人
        target: art_6__para_1
        body: 进入公园的人。
      - id: dl-zz-gy
        kind: deadline
        target: art_5
        period: 事先
        starts: 举办活动前
        who: 举办者
        duty: 告知公园管理单位
    """)


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory):
    root = make_two_doc_project(tmp_path_factory.mktemp("perdoc") / "project")
    (root / "annotations" / "zz-shared-term.yml").write_text(SHARED_TERM, encoding="utf-8")
    return root


def _article_html(site: Path, slug: str, eid: str) -> str:
    """The page's article (its text and the block under it), without the nav and scripts."""
    html = (site / slug / eid / "index.html").read_text(encoding="utf-8")
    found = re.search(r"<article\b.*?</article>", html, re.S)
    assert found, f"{slug}/{eid}: no <article>"
    return found.group(0)


def test_second_document_without_annotations_builds_says_so_and_carries_no_mark_of_the_first(two_docs, tmp_path, capsys):
    from lawref.cli import main
    (two_docs / "build").symlink_to(ROOT / "build")  # mkdocs.yml watches build/lawref
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1708560000")
    assert main(["--root", str(two_docs), "build", "--site-dir", str(tmp_path / "site")]) == 0
    err = capsys.readouterr().err
    assert re.search(rf"lawref: {SLUG}: no annotations \(0/8 articles covered\)", err), err
    assert re.search(rf"lawref: {FIRST}: annotations cover 47/47 articles; entries: .*definition \d+", err), err
    site = tmp_path / "site"
    # The first document's term is marked in its own text (so the check below can fail) …
    assert 'data-href="../shuyu/#term-zz-guanli"' in _article_html(site, FIRST, "art_6")
    # … and never in the second document's, which prints 管理 in 第一条 to 第六条.
    for n in range(1, 9):
        html = _article_html(site, SLUG, f"art_{n}")
        assert 'class="lr-term"' not in html and "shuyu" not in html, n
    assert "管理" in _article_html(site, SLUG, "art_3")
    assert not (site / SLUG / "shuyu").exists() and not (site / SLUG / "shixian").exists()


def test_an_annotation_file_naming_the_second_document_targets_its_articles(two_docs):
    project = load_project(two_docs)
    built = build_site(ProjectInput(project.root, project.files + (("annotations/zz-second.yml", SECOND.encode()),)))
    assert built.site is not None and built.editorial is not None, [str(d) for d in built.diagnostics]
    res, corpus = built.editorial, built.corpus
    by_id = {a.id: a for a in res.annotations}
    # A bare art_6 is the second document's 第六条, not the first's.
    assert (by_id["note-zz-gy-6"].document, by_id["note-zz-gy-6"].target.slug) == (SLUG, SLUG)
    assert by_id["term-zz-youren"].target.slug == SLUG
    # Its glossary marks its own text only, pointing to its own 术语表; the first document has no 游人 mark.
    terms = {k: [m for m in ms if m.kind == "term"] for k, ms in res.marks.items()}
    mine = [m for k, ms in terms.items() if k.startswith(SLUG + "/") for m in ms]
    assert {m.href for m in mine} == {f"{SLUG}/shuyu/#term-zz-youren"}
    assert not [m for k, ms in terms.items() if k.startswith(FIRST + "/") for m in ms if m.title == "游人"]
    assert not [m for m in mine if m.title == "管理"]
    # Its derived views are its own pages; the first document's views keep their rows only.
    pages = res.editorial.pages
    assert "term-zz-youren" in pages[f"{SLUG}/shuyu.md"] and "term-zz-youren" not in pages[f"{FIRST}/shuyu.md"]
    assert "dl-zz-gy" in pages[f"{SLUG}/shixian.md"] and "dl-zz-gy" not in pages[f"{FIRST}/shixian.md"]
    # The Markdown link [第四条](art_4) in its note resolves inside it.
    doc = corpus.document(SLUG)
    page = res.editorial.article_extras(doc, next(a for a in doc.articles() if a.eid == "art_6"), f"{SLUG}/art_6/")
    assert 'href="../art_4/"' in page
    cov = {c.slug: c for c in res.coverage}
    assert cov[SLUG].summary().startswith(f"{SLUG}: annotations cover 1/8 articles")
    assert cov[FIRST].total == 47 and cov[FIRST].uncovered == ()


def test_a_file_without_document_or_with_an_unknown_one_is_an_error(two_docs):
    corpus, _ = build_corpus(load_project(two_docs))
    body = "entries:\n  - {id: n1, kind: note, target: art_6, body: x}\n"
    _, diags = load_annotations((("annotations/a.yml", body.encode()),
                                 ("annotations/b.yml", ("document: gongyun\n" + body).encode())), corpus)
    a, b = diags
    assert (a.file, a.line, a.code) == ("annotations/a.yml", 1, "annotation-document")
    assert "missing key 'document'" in a.message and SLUG in a.message
    assert (b.file, b.line, b.col, b.code) == ("annotations/b.yml", 1, 11, "annotation-document")
    assert "unknown document 'gongyun'" in b.message and f"nearest valid slug: '{SLUG}'" in b.message
