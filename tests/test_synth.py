"""The synthetic benchmark corpus (tests/bench/synth.py) is a faithful, larger copy of the real page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lawref.pipeline import build_site, load_project

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
from synth import LIBRARY_SIZES, make_library, make_project, vary_line  # noqa: E402


def _shape(article) -> tuple:
    return tuple(len(p.items) for p in article.paragraphs), article.missing


@pytest.fixture(scope="module")
def synth2(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("synth") / "x2", factor=2)
    result = build_site(load_project(root))
    return root, result.corpus, result.diagnostics


def test_factor_two_builds_without_errors(synth2):
    """The whole pipeline (parse, references, annotations, render) accepts the synthetic page."""
    _, corpus, diags = synth2
    errors = [str(d) for d in diags if d.severity == "error"]
    assert corpus is not None and errors == []


def test_variation_keeps_lines_with_references():
    import random
    line = "巡察工作的组织领导和机构职责、队伍建设、责任追究等,参照本条例关于巡视工作的规定。"
    assert vary_line(line, random.Random(0), ["子丑寅卯"], rate=1.0) == line
    assert vary_line("甲乙丙,丁戊己。", random.Random(0), ["子丑寅卯"], rate=1.0) == "子丑寅卯,子丑寅卯。"


def test_factor_two_has_twice_the_articles_chapters_and_sections(synth2, regulation, corpus):
    _, synth, _ = synth2
    reg2 = synth.document("xunshi")
    real_arts, arts = regulation.articles(), reg2.articles()
    assert len(arts) == 2 * len(real_arts) == 2 * regulation.meta.article_count
    assert sum(not a.missing for a in arts) == 2 * sum(not a.missing for a in real_arts)
    assert len(reg2.chapters) == 2 * len(regulation.chapters)
    assert [a.num for a in arts] == list(range(1, len(arts) + 1))
    news, news2 = corpus.document("zuigaojian-fabuhui"), synth.document("zuigaojian-fabuhui")
    titled = [s for s in news.sections if s.num]
    assert len([s for s in news2.sections if s.num]) == 2 * len(titled)


def test_copies_keep_the_structure_and_vary_the_text(synth2, regulation):
    _, synth, _ = synth2
    reg2 = synth.document("xunshi")
    n = regulation.meta.article_count
    by_num = {a.num: a for a in reg2.articles()}
    changed = 0
    for a in regulation.articles():
        first, second = by_num[a.num], by_num[a.num + n]
        assert _shape(first) == _shape(a) == _shape(second), a.label
        assert [p.text for p in first.paragraphs] == [p.text for p in a.paragraphs], "copy 0 must be the real text"
        changed += [p.text for p in second.paragraphs] != [p.text for p in a.paragraphs]
    assert changed >= len([a for a in regulation.articles() if not a.missing]) // 2
    # Chapter of each copied article follows the renumbering (9 chapters per copy).
    per_copy = len(regulation.chapters)
    for a in regulation.articles():
        assert by_num[a.num + n].chapter_eid == f"chp_{int(a.chapter_eid[4:]) + per_copy}"


def test_factor_one_is_the_real_source_and_generation_is_deterministic(tmp_path, root):
    one = make_project(tmp_path / "x1", factor=1)
    real = (root / "content/source/000_288ed703bd6b73ca.txt").read_bytes()
    assert (one / "content/source/synth_x1.txt").read_bytes() == real
    a = make_project(tmp_path / "a", factor=3)
    b = make_project(tmp_path / "b", factor=3)
    for rel in ("content/source/synth_x3.txt", "content/corpus.yml"):
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_library_of_documents_builds_and_keeps_the_real_page(tmp_path, regulation):
    """make_library: the real page and its documents as they are, then regulations of several sizes (one pinned
    source file each, articles in chapters, numbered from 第一条) up to factor × the real articles."""
    root = make_library(tmp_path / "lib", factor=3)
    result = build_site(load_project(root))
    assert result.site is not None, [str(d) for d in result.diagnostics if d.severity == "error"]
    corpus = result.corpus
    real = corpus.document(regulation.slug)
    assert [a.label for a in real.articles()] == [a.label for a in regulation.articles()]
    synth = [d for d in corpus.documents if d.slug.startswith("reg-")]
    sizes = [len(d.articles()) for d in synth]
    assert sizes[:-1] == list(LIBRARY_SIZES[:len(sizes) - 1]) and 0 < sizes[-1] <= LIBRARY_SIZES[len(sizes) - 1]
    assert sum(len(d.articles()) for d in corpus.documents if d.kind == "regulation") == 3 * len(regulation.articles())
    for d in synth:
        assert [a.num for a in d.articles()] == list(range(1, len(d.articles()) + 1))
        assert len(d.chapters) >= 2 and all(3 <= len(c.articles) <= 12 for c in d.chapters[:-1])
        assert corpus.meta.files_of(d.meta) == (f"content/source/synth-{d.slug}.txt",)
    again = make_library(tmp_path / "lib2", factor=3)
    for f in sorted((root / "content").rglob("*.*")):
        assert (again / f.relative_to(root)).read_bytes() == f.read_bytes(), f
