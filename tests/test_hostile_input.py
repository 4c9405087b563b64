"""Hostile sources and annotations (issue 9): numbers of any size, silent acceptance, work bounded.

Every case gives diagnostics with ``file:line:col`` and never a traceback; the figures of the
proofreader are in ``tests/bench/bench_proofread.py`` (a benchmark, not a timed test).
"""

from __future__ import annotations

import random
import time

import pytest

from lawref.check.contract import LOCK_FILE
from lawref.check.proofread import find_anomalies
from lawref.cite.resolve import PermalinkIndex, resolve, scan_citations
from lawref.diagnostics import format_all
from lawref.editorial.annotations import load_annotations
from lawref.pipeline import CORPUS_META, ProjectInput, build_site, parse_source_file
from lawref.source.read import read_source

HEAD = "# 条例\n\n## 第一章 总则\n\n**第一条** 甲。\n\n"


def check(text: str) -> tuple[list, str]:
    """``lawref check`` on ``text``: (diagnostics, the printed report); a traceback fails the test."""
    data = text.encode()
    corpus, diags = parse_source_file("t.txt", data)
    anomalies = find_anomalies(corpus, read_source("t.txt", data)[0]) if corpus is not None else ()
    everything = list(diags + anomalies)
    lines = text.split("\n")
    for d in everything:
        assert 1 <= d.line <= len(lines) and 1 <= d.col <= len(lines[d.line - 1]) + 1, str(d)
    return everything, format_all(everything)


@pytest.mark.parametrize("number", ["10000", "99999999999999999999", "9" * 5000, "１００００", "一〇〇〇〇", "九九九九九"])
def test_an_article_number_beyond_9999_is_a_diagnostic(number):
    text = HEAD + f"**第{number}条** 乙。\n"
    diags, report = check(text)
    bad = [d for d in diags if d.code == "numeral"]
    assert len(bad) == 1 and (bad[0].line, bad[0].col, bad[0].severity) == (7, 3, "error")  # the label, after **, report
    assert "larger than 9999" in bad[0].message and "expected a number from 1 to 9999" in bad[0].message


@pytest.mark.parametrize("label", ["第零条", "第0条", "第〇条"])
def test_article_zero_is_a_diagnostic_on_its_own_line(label):
    """第零条 is no article number: said so where it is printed, even after a line of only an ideographic space
    (found by test_properties: the error named the blank line, and called it 第零条 follows 第零条)."""
    for text in (HEAD + f"**{label}** 乙。\n", f"\u3000\n**{label}** 乙。\n"):
        diags, report = check(text)
        bad = [d for d in diags if d.code == "numeral"]
        line = text.split("\n").index(f"**{label}** 乙。") + 1
        assert [(d.line, d.col, d.severity) for d in bad] == [(line, 3, "error")], report
        assert "第零条 is not an article number" in bad[0].message, report
        assert not [d for d in diags if d.code == "article-order"], report


@pytest.mark.parametrize("line", ["## 第10000章 其他", "## 第" + "9" * 5000 + "章 其他"])
def test_a_chapter_number_beyond_9999_is_a_diagnostic(line):
    diags, report = check(HEAD + line + "\n\n**第二条** 乙。\n")
    assert [(d.line, d.code) for d in diags if d.severity == "error"] == [(7, "numeral")], report


def test_numbering_near_9999_names_the_next_number_without_a_traceback():
    text = HEAD + "**第九千九百九十九条** 乙。\n\n**第九千九百九十九条** 丙。\n"
    diags, report = check(text)
    rep = [d for d in diags if d.code == "article-repeated"]
    assert len(rep) == 1 and rep[0].line == 9 and "第10000条" in rep[0].message, report


def test_an_item_number_beyond_9999_is_a_diagnostic():
    text = HEAD + "**第二条** 下列事项：\n\n- （一万）甲；\n- （一〇〇〇〇）乙。\n"
    diags, report = check(text)
    assert "Traceback" not in report
    assert any(d.severity == "error" and d.line in (9, 10) for d in diags), report


@pytest.mark.parametrize("query", ["第99999999999999999999条", "第10000条", "99999999999999999999.1.1", "9" * 5000 + ".1",
                                   "art_" + "9" * 5000, "art_10000__para_1", "第23条第99999999999款",
                                   "第23条第1款第99999999999项", "第99999999999章", "chp" + "9" * 5000, "第" + "9" * 5000 + "条"])
def test_the_resolver_answers_any_number(query, parsed_corpus):
    from lawref.cite.permalinks import build_permalinks
    r = resolve(query, PermalinkIndex(build_permalinks(parsed_corpus)))
    assert r.status in ("not_found", "not_citation"), (query, r)
    if r.status == "not_found" and len(query) < 40:
        assert "没有第" in r.message and "没有第条" not in r.message and "99999" in r.message or "10000" in r.message, r.message
    scan_citations("参见" + query + "的规定")


def _with(project: ProjectInput, **changes: bytes) -> ProjectInput:
    files = dict(project.files)
    files.update(changes)
    return ProjectInput(project.root, tuple(sorted(files.items())))


def test_an_article_beyond_the_declared_count_is_a_warning(project):
    meta = project.get(CORPUS_META)
    assert meta is not None and b"article_count: 53" in meta
    res = build_site(_with(project, **{CORPUS_META: meta.replace(b"article_count: 53", b"article_count: 50")}))
    over = [d for d in res.diagnostics if d.code == "article-count"]
    assert [d.severity for d in over] == ["warning"] * 3, [str(d) for d in res.diagnostics]
    assert ["第五十一条" in over[0].message, "第五十二条" in over[1].message, "第五十三条" in over[2].message] == [True] * 3
    assert all("expected at most 第五十条" in d.message for d in over)


def test_contract_and_annotation_errors_are_listed_together(project):
    lock = project.get(LOCK_FILE)
    assert lock is not None
    bad_note = b"entries:\n  - {id: bad-target, kind: note, target: art_999, body: x}\ndocument: xunshi\n"
    res = build_site(_with(project, **{LOCK_FILE: lock + b"/xunshi/art_999/\n", "annotations/zz-bad.yml": bad_note}))
    codes = {d.code for d in res.diagnostics if d.severity == "error"}
    assert {"annotation-target", "permalink-removed"} <= codes, [str(d) for d in res.diagnostics]
    assert res.site is None


def test_five_thousand_bad_targets_are_all_reported_quickly(parsed_corpus):
    rng = random.Random(9)
    entries = []
    for i in range(5000):
        target = rng.choice([f"art_{rng.randint(54, 9999)}__para_{rng.randint(1, 99)}", "x" * rng.randint(1, 60) + str(i),
                             f"第{i}条", f"ar_{i}", f"zuigaojian-fabuhui/sec_{i + 100}", "art_" + "9" * 300])
        entries.append(f"  - {{id: n{i}, kind: note, target: '{target}', body: 说明}}")
    data = ("document: xunshi\nentries:\n" + "\n".join(entries) + "\n").encode()
    start = time.process_time()
    _, diags = load_annotations((("annotations/bad.yml", data),), parsed_corpus)
    spent = time.process_time() - start
    assert len([d for d in diags if d.code == "annotation-target"]) == 5000
    assert all("nearest valid id: '" in d.message for d in diags)
    # A generous bound on CPU time (the quadratic suggestion took 47 s of CPU here): the figure is in the report.
    assert spent < 30, spent
