"""A document printed across several source files (page 1 and its continuation), and 目.

The fixture tests/fixtures/continued/ (a fictional regulation on two newspaper pages, with 目) is built into a site:
pages, permalinks, exports, search and the 校勘记 carry the joined text and the 目.

Two small files written for this test (a fictional regulation) are parsed together as ``content/corpus.yml``
would list them: the document's text is joined at the continuation marks, every unit keeps the file, line and
column of each of its segments, a paragraph cut at the file boundary is joined and recorded, diagnostics name
the file they concern, and every character of both files is accounted for (the conservation check of
``test_conservation``). A continuation that does not continue (a gap, files in the wrong order, an article
printed twice) is a diagnostic in the right file, never a traceback.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from lawref.model import CorpusMeta, DocumentMeta, Provenance, SourceMeta
from lawref.source.corpus import source_of
from lawref.source.parse import parse_sources
from lawref.source.read import read_source
from parse_outline import outline, parse_text
from test_conservation import conservation_problems
from test_fixture_corpus import REAL_CORPUS_WORDS, build, new_project

CONTINUED = Path(__file__).parent / "fixtures" / "continued"
"""A corpus of our own: 示范市节约用水条例, printed on page 1 and page 4 of a newspaper (two files), with 目."""

A, B = "content/source/p1.txt", "content/source/p4.txt"

PAGE_1 = """\
# 示范市节约用水条例

## 第一章 总则

**第一条** 为了节约用水，制定本条例。

**第二条** 用水单位应当记录下列事项：

- （一）取水量，包括：
  - 1．地表水取水量；
  - 2．地下水取水量；
- （二）用水量。

用水台账应当保存三年以上，并接受水务部门的

（下转第四版）
"""

PAGE_4 = """\
# 示范市节约用水条例

（上接第一版）

监督检查。

## 第二章 附则

**第三条** 本条例自公布之日起施行。
"""


def meta(files: tuple[str, ...] = (A, B)) -> CorpusMeta:
    return CorpusMeta(tuple(SourceMeta(f, "", Provenance()) for f in (A, B)),
                      (DocumentMeta("jieshui", "regulation", "示范市节约用水条例", "节约用水条例", "示范市节约用水条例",
                                    "", (), "", sources=files),))


def parse(page_1: str, page_4: str, files: tuple[str, ...] = (A, B)):
    texts = {A: read_source(A, textwrap.dedent(page_1).encode())[0], B: read_source(B, textwrap.dedent(page_4).encode())[0]}
    corpus, diags = parse_sources(tuple(texts.values()), meta(files))
    return corpus, diags, {f: t.lines for f, t in texts.items()}


def where(diags) -> list[str]:
    return [f"{d.file}:{d.line}:{d.col} {d.severity} {d.code}" for d in diags]


def test_joined_at_the_continuation_marks():
    corpus, diags, lines = parse(PAGE_1, PAGE_4)
    assert where(diags) == []
    assert outline(corpus) == textwrap.dedent("""\
        doc jieshui regulation “示范市节约用水条例”
          chp_1 第一章 总则 [source]
            art_1 第一条
              para_1 "为了节约用水，制定本条例。"
            art_2 第二条
              para_1 "用水单位应当记录下列事项："
                item_1 （一） "取水量，包括："
                  point_1 1． "地表水取水量；"
                  point_2 2． "地下水取水量；"
                item_2 （二） "用水量。"
              para_2 "用水台账应当保存三年以上，并接受水务部门的监督检查。"
          chp_2 第二章 附则 [source]
            art_3 第三条
              para_1 "本条例自公布之日起施行。"
        repair join_break 14-14 art_2__para_2""")
    doc = corpus.documents[0]
    cut = doc.articles()[1].paragraphs[1]
    # The 款 cut at the file boundary has a segment in each file, at the line and column printed there.
    assert [(s.file, s.line, s.col, s.raw) for s in cut.segments] == [
        (A, 14, 1, "用水台账应当保存三年以上，并接受水务部门的"), (B, 5, 1, "监督检查。")]
    assert (cut.span.file, cut.span.start_line, cut.span.end_line) == (A, 14, 14)
    assert doc.chapters[1].span is not None and doc.chapters[1].span.file == B
    assert doc.articles()[2].label_segment is not None and doc.articles()[2].label_segment.file == B
    # The join is recorded like the others, at the cut, and says where the text goes on.
    (repair,) = corpus.repairs
    assert (repair.span.file, repair.span.start_line, repair.to and (repair.to.file, repair.to.start_line)) == (A, 14, (B, 5))
    assert f"joined with {B} line 5" in repair.detail
    # The marks and the headline repeated over the continuation are named layout; nothing else is dropped.
    assert sorted((d.file, d.line, d.category, d.text) for d in corpus.dropped if d.category != "markdown_syntax") == [
        (A, 16, "continuation_marker", "（下转第四版）"), (B, 1, "document_heading", "示范市节约用水条例"),
        (B, 3, "continuation_marker", "（上接第一版）")]
    assert doc.continued_from == ""
    # Every character of both files is in the model or in a named category of dropped layout.
    assert conservation_problems(corpus, lines) == []


def test_conservation_check_sees_the_second_file():
    corpus, _, lines = parse(PAGE_1, PAGE_4)
    lines[B] = lines[B] + ("多出的一行。",)
    assert conservation_problems(corpus, lines) == [f"{B}:10:{k}: {c!r} is neither in the model nor dropped"
                                                    for k, c in enumerate("多出的一行。", 1)]


def test_a_bad_line_in_the_continuation_is_reported_there():
    corpus, diags, _ = parse(PAGE_1, PAGE_4.replace("**第三条** 本条例", "**第三款** 本条例"))
    # The bold label is at column 3 (after **); its chapter is then left without an article.
    assert where(diags) == [f"{B}:9:3 error unknown-label", f"{B}:7:4 error empty-chapter"]
    assert diags[0].source_line == "**第三款** 本条例自公布之日起施行。"
    # Proofreading reads each file against what it prints: the join is found in the first file.
    from lawref.check.proofread import find_anomalies
    texts = {f: read_source(f, (textwrap.dedent(PAGE_1) if f == A else textwrap.dedent(PAGE_4)).encode())[0] for f in (A, B)}
    found = [(d.file, d.line, d.code) for f in (A, B) for d in find_anomalies(source_of(corpus, f), texts[f])]
    assert (A, 14, "join-break") in found and all(line <= len(texts[file].lines) for file, line, _ in found)


def test_a_continuation_that_skips_articles_is_a_warning_in_its_file():
    corpus, diags, _ = parse(PAGE_1, PAGE_4.replace("**第三条**", "**第五条**"))
    (gap,) = [d for d in diags if d.code == "article-gap"]
    assert (gap.file, gap.line, gap.col, gap.severity) == (B, 9, 3, "warning")
    assert f"{B} continues {A}, which ends at 第二条" in gap.message
    assert corpus is not None
    assert [(a.eid, a.missing) for a in corpus.documents[0].articles()] == [
        ("art_1", False), ("art_2", False), ("art_3", True), ("art_4", True), ("art_5", False)]


def test_files_in_the_wrong_order_are_an_error_not_a_traceback():
    corpus, diags, _ = parse(PAGE_1, PAGE_4.replace("**第三条**", "**第一条**"))
    rep = next(d for d in diags if d.code == "article-repeated")
    assert (rep.file, rep.line, rep.col) == (B, 9, 3)
    assert f"first at {A}:5" in rep.message and f"{B} continues {A}" in rep.message
    # Listed the other way round, the second page is read first: the first page's articles go backwards.
    corpus, diags, _ = parse(PAGE_1, PAGE_4, files=(B, A))
    errors = sorted((d.file, d.line, d.code) for d in diags if d.severity == "error")
    assert errors == [(A, 3, "chapter-order"), (A, 5, "article-order"), (A, 7, "article-order"),
                      (B, 5, "outside-article")]
    assert {(d.file, d.line, d.code) for d in diags if d.severity != "error"} == {
        (A, 3, "continuation"), (A, 16, "continuation")}


def test_marks_that_do_not_match_are_reported():
    # The last part says it goes on, but no later file is listed; a continuation without a mark.
    corpus, diags, _ = parse(PAGE_1, PAGE_4.replace("（上接第一版）\n\n", ""))
    assert where(diags) == [f"{B}:3:1 note continuation"]
    one = CorpusMeta((SourceMeta(A, "", Provenance()),), (DocumentMeta("j", "regulation", "T", "", "示范市节约用水条例", "",
                                                                      (), "", sources=(A,)),))
    corpus, diags = parse_sources((read_source(A, PAGE_1.encode())[0],), one)
    assert where(diags) == [f"{A}:16:1 warning continuation", f"{A}:14:21 warning unterminated"]


def test_a_continuation_printed_without_its_headline():
    corpus, diags, lines = parse(PAGE_1, PAGE_4.replace("# 示范市节约用水条例\n\n", ""))
    assert where(diags) == []
    assert corpus is not None and corpus.documents[0].articles()[1].paragraphs[1].text.endswith("监督检查。")
    assert conservation_problems(corpus, lines) == []


@pytest.fixture(scope="module")
def continued_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("continued")
    return build(new_project(tmp / "project", CONTINUED / "content"), tmp / "site")


def test_a_document_printed_across_two_files(continued_site):
    """示范市节约用水条例 is printed on page 1 and continued on page 4 (two source files): one document, its text
    joined at the continuation marks, every character of both files accounted for, every 款, 项 and 目 on its
    page and on the full text, with its permanent address."""
    from lawref.pipeline import load_project, read_corpus
    from test_conservation import site_problems

    sources = read_corpus(load_project(CONTINUED))
    corpus = sources.corpus
    assert corpus is not None and not [d for d in sources.diagnostics if d.severity != "note"]
    assert conservation_problems(corpus, {t.file: t.lines for t in sources.texts}) == []
    assert site_problems(corpus, continued_site) == []
    doc = corpus.document("jieshui")
    assert {s.file for a in doc.articles() for p in a.paragraphs for s in p.segments} == {
        "content/source/jieshui-1.txt", "content/source/jieshui-4.txt"}
    page = (continued_site / "jieshui" / "art_3" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="art_3__para_2"[^>]*>\s*<p><span class="lr-text" data-raw="用水台账应当保存三年以上，并接受水务部门的监督检查。">',
                     page)
    manifest = {(e["doc"], e["id"]): e for e in json.loads((continued_site / "permalinks.json").read_text(encoding="utf-8"))}
    assert manifest[("jieshui", "art_3__para_3")]["url"] == "jieshui/art_3/#art_3__para_3"
    # 目: nested under their 项, each with its anchor, citation label and permalink.
    point = manifest[("jieshui", "art_5__para_1__item_2__point_2")]
    assert (point["kind"], point["url"], point["label"]) == (
        "point", "jieshui/art_5/#art_5__para_1__item_2__point_2", "第五条第一款第（二）项第2目")
    assert [k[1] for k in manifest if k[0] == "jieshui" and "__point_" in k[1]] == [
        "art_3__para_1__item_1__point_1", "art_3__para_1__item_1__point_2", "art_3__para_1__item_1__point_3",
        "art_5__para_1__item_2__point_1", "art_5__para_1__item_2__point_2"]
    art5 = (continued_site / "jieshui" / "art_5" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<li id="art_5__para_1__item_2"[^>]*>.*?<ol class="lr-points" role="list"><li id="art_5__para_1__'
                     r'item_2__point_1" data-label="第五条第一款第（二）项第1目"><span class="lr-point-label">1．</span>', art5)
    assert 'href="#art_5__para_1__item_2__point_2"' in art5
    export = json.loads((continued_site / "data" / "jieshui" / "art_5.json").read_text(encoding="utf-8"))
    assert [(t["eid"], t["marker"], t["text"]) for t in export["paragraphs"][0]["items"][1]["points"]] == [
        ("art_5__para_1__item_2__point_1", "1．", "少记取水量的；"), ("art_5__para_1__item_2__point_2", "2．", "多记再生水利用量，违反本条例第三条规定的。")]
    akn = (continued_site / "data" / "jieshui.akn.xml").read_text(encoding="utf-8")
    assert re.search(r'<point eId="art_5__para_1__item_2"><num>（二）</num><list eId="art_5__para_1__item_2__list_1">'
                     r'<intro><p>台账记录不实的，包括：</p></intro>\s*<point eId="art_5__para_1__item_2__point_1"><num>1．</num>', akn)
    # A reference printed in a 目 is linked like one in a 款 or 项.
    assert re.search(r'<li id="art_5__para_1__item_2__point_2"[^>]*><span class="lr-point-label">2．</span><span class="lr-text"[^>]*>'
                     r'多记再生水利用量，违反<a class="lr-ref" href="\.\./"[^>]*>本条例</a><a class="lr-ref" href="\.\./art_3/"'
                     r'[^>]*>第三条</a>规定的。', art5)
    shards = "".join(p.read_text(encoding="utf-8") for p in (continued_site / "search").glob("lawref_*.json"))
    assert "art_5__para_1__item_2__point_2" in shards
    # The document page names both pages it is printed on.
    home = (continued_site / "jieshui" / "index.html").read_text(encoding="utf-8")
    assert "本站来源</dt><dd>2030-12-01 示范日报，第一版；第四版（上接第一版）；刊载标题“示范市节约用水条例”" in home
    # The 校勘记 names the join across the files.
    jiaokanji = (continued_site / "jiaokanji" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<tr id="repair-20"><td>content/source/jieshui-1\.txt:20</td><td>断行接续</td><td><a href="\.\./jieshui/art_3/'
                     r'#art_3__para_2">第三条第二款</a></td><td>第20行在句中断开（转至下一来源文件），与content/source/jieshui-4\.txt'
                     r'第5行接续为一段</td></tr>', jiaokanji)
    # A finding in the continuation names its file and links the unit printed there.
    assert re.search(r'<tr id="doubled-char-1-9-25" data-code="doubled-char"><td>content/source/jieshui-4\.txt:9:25</td>'
                     r'<td><a href="\.\./jieshui/art_4/#art_4__para_1">第四条第一款</a></td>', jiaokanji)
    hits = [f"{p}: {m.group(0)}" for p in sorted(continued_site.rglob("*.html"))
            for m in REAL_CORPUS_WORDS.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_points_and_their_errors():
    corpus, diags = parse_text(textwrap.dedent("""\
        # 办法

        **第一条** 下列事项：

        - （一）甲，包括：
          - 1．子；
          - 3．丑；
          - 2．寅；
        - （二）乙。

        **第二条** 前款：

        - 1．没有项。
        """))
    assert outline(corpus, diags) == textwrap.dedent("""\
        doc doc1 regulation “办法”
          (no chapters)
            art_1 第一条
              para_1 "下列事项："
                item_1 （一） "甲，包括："
                  point_1 1． "子；"
                  point_3 3． "丑；"
                item_2 （二） "乙。"
            art_2 第二条
              para_1 "前款："
        diag 7:5 warning point-order
        diag 8:5 error point-order
        diag 13:3 error point-outside""")
    point = corpus.documents[0].articles()[0].paragraphs[0].items[0].points[0]
    assert (point.eid, point.span.start_line, point.span.col) == ("art_1__para_1__item_1__point_1", 6, 5)


def test_an_unresolved_reference_in_the_continued_part_names_its_file():
    from lawref.cite.link import resolve_references
    corpus, diags, _ = parse(PAGE_1, PAGE_4.replace("监督检查。", "监督检查，依照第九条处理。"))
    assert corpus is not None and where(diags) == []
    _, link_diags = resolve_references(corpus.documents[0])
    assert [(d.file, d.line, d.col, d.code) for d in link_diags] == [(B, 5, 8, "unresolved-reference")]


def test_references_in_points_are_resolved_or_reported():
    from lawref.cite.link import resolve_references
    corpus, diags = parse_text(textwrap.dedent("""\
        # 办法

        **第一条** 下列事项：

        - （一）甲，包括：
          - 1．依照第二条办理的；
          - 2．依照第九条办理的。

        **第二条** 乙。
        """))
    refs, link_diags = resolve_references(corpus.documents[0])
    assert [(r.text, r.eid) for r in refs["art_1__para_1__item_1__point_1"]] == [("第二条", "art_2")]
    assert [(d.line, d.col, d.code) for d in link_diags] == [(7, 9, "unresolved-reference")]  # at 第九条
