"""The browser resolves a citation with the addresses of only the documents it can name (issue 12):
assets/lawref-resolver.js picks the documents from the small library-wide part (assets/lawref-articles.js: each
document's article numbers as runs, loaded only when a citation is resolved, never on every page) and loads their
data/{slug}/permalinks.js. Its answer must be exactly the one
LawrefCitation.resolve gives with every address of the library: checked under node on the citations
tests/test_citation_parity.py generates (every form, titles, contexts, junk), on the real corpus plus the fictional
second regulation. The browser tests record which files the pages fetch (test_two_documents_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jsnode import ASSETS, run_node
from lawref.cite.grammar import Catalog, catalog_of
from lawref.cite.permalinks import build_permalinks, manifest_json
from lawref.pipeline import build_corpus, load_project
from lawref.publish.exports import (
    ARTICLES_SCRIPT,
    CORPUS_SCRIPT,
    article_shapes,
    articles_data,
    build_exports,
    permalinks_script_path,
    shapes_path,
)
from second_doc import OUTSIDE_TITLE, SLUG, make_two_doc_project
from test_citation_parity import citation, context, with_points

RESOLVER_JS = ASSETS / "lawref-resolver.js"

# For each case: the documents the resolver loads, and its answer next to the one with every address.
JS_BODY = f"""
const R = require({json.dumps(str(RESOLVER_JS))});
const loaded = [], shaped = [];
const loader = (slug) => {{ loaded.push(slug); return Promise.resolve(ARG.manifest.filter(e => e.doc === slug)); }};
const shapes = (num) => {{ shaped.push(num); return Promise.resolve(ARG.shapes[num] || null); }};
const short = (x) => [x.status, x.entry ? x.entry.doc + "/" + x.entry.id : null, x.message,
                      x.candidates.map(c => c.doc + "/" + c.id + (c.missing ? "!" : "") + " " + c.url + " " + c.label),
                      x.url];
const out = [];
for (const [t, ctx] of ARG.cases) {{
  const r = R.create(C, ARG.documents, loader, ARG.shapes ? shapes : undefined);  // a fresh page: nothing loaded yet
  loaded.length = 0; shaped.length = 0;
  const got = await r.resolve(t, ctx);
  out.push({{need: loaded.slice(), shapes: shaped.slice(), part: short(got),
            all: short(C.resolve(t, ARG.manifest, ctx))}});
}}
return out;
"""


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory):
    project = make_two_doc_project(tmp_path_factory.mktemp("two-docs") / "p")
    corpus, diags = build_corpus(load_project(project))
    assert corpus is not None and not [d for d in diags if d.severity == "error"], diags
    return corpus, build_permalinks(corpus), catalog_of(corpus.meta)


@pytest.fixture(scope="module")
def library(two_docs):
    """The two documents plus the fixture corpus (编/章/节, an inserted article, a 办法) and 目 entries: the
    library test_citation_parity.py checks Python and JS on."""
    corpus, manifest, catalog = two_docs
    fixture, fdiags = build_corpus(load_project(Path(__file__).parent / "fixtures" / "corpus"))
    assert fixture is not None and not [d for d in fdiags if d.severity == "error"], fdiags
    manifest = manifest + build_permalinks(fixture)
    manifest += with_points(manifest)
    documents = articles_data(corpus) + articles_data(fixture)
    return documents, manifest, Catalog(catalog.documents + catalog_of(fixture.meta).documents, catalog.outside)


def _run(library, cases, shapes=True):
    """Each case resolved on a fresh page, with the article shapes published for ``manifest`` (or without any)."""
    documents, manifest, catalog = library
    arg = {"manifest": manifest_json(manifest), "documents": documents, "cases": cases,
           "shapes": {str(n): v for n, v in article_shapes(manifest).items()} if shapes else None}
    return run_node(catalog, JS_BODY, arg, wait=True)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                HealthCheck.large_base_example])
@given(st.lists(st.tuples(citation, context), min_size=150, max_size=150))
def test_the_documents_loaded_give_the_answer_of_every_address(library, cases):
    for (text, ctx), got in zip(cases, _run(library, cases)):
        assert got["part"] == got["all"], (text, ctx, got["need"], got["shapes"])


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                HealthCheck.large_base_example])
@given(st.lists(st.tuples(citation, context), min_size=100, max_size=100))
def test_without_shapes_the_documents_loaded_give_the_same_answer(library, cases):
    for (text, ctx), got in zip(cases, _run(library, cases, shapes=False)):
        assert got["part"] == got["all"] and not got["shapes"], (text, ctx, got["need"])


def test_a_citation_loads_only_the_documents_it_can_name(library):
    cases = [["《公园管理条例》第六条第二款", None], ["《巡视工作条例》第六条", None], ["第6条第2款", SLUG],
             ["第六条", None], ["第二十三条", None], ["第二十三条", SLUG], ["第九十九条", None],
             [f"《{OUTSIDE_TITLE}》第十条", None], ["不是引用", None], ["《公园管理条例》第二章", None],
             ["第二章", "xunshi"], ["第二章", None], ["《河湖保护条例》第二编第一章第二节", None],
             ["本办法第三条", "hezhang"], ["第六条第一款", None], ["第三条", None]]
    got = [g["need"] for g in _run(library, cases, shapes=False)]
    everyone = [d["slug"] for d in library[0] if d["articles"]]
    assert got == [[SLUG], ["xunshi"], [SLUG],
                   [],  # several have a 第六条: ambiguous, the choices made from the article runs
                   ["xunshi"], [SLUG],  # only one has a 第二十三条; on another's pages it means that one
                   ["xunshi"],  # none has it: the first document's answer (nearest articles)
                   [], [], [SLUG], ["xunshi"],
                   everyone,  # a bare chapter elsewhere: every document with articles
                   ["hehu"], ["hezhang"],
                   ["xunshi", SLUG, "hehu"],  # those that have a 第六条 (the 款 decides which are choices)
                   []]  # a lacuna of the first document among the choices (marked missing)
    answers = _run(library, [["第三条", None], ["第六条", None]])
    assert answers[0]["part"][0] == "ambiguous" and "xunshi/art_3! xunshi/art_3/ 第三条" in answers[0]["part"][3]


def test_each_document_has_its_permalinks_script_and_the_corpus_its_article_runs(two_docs):
    corpus, manifest, _ = two_docs
    _, files = build_exports(corpus, manifest)
    docs = articles_data(corpus)
    assert [d["articles"] for d in docs] == ["1-53", "", "1-8"]  # the real text's lacunae are articles too
    # the runs are in their own script, the one the resolver loads; the every-page metadata has none of them
    text = files[ARTICLES_SCRIPT].decode()
    assert json.loads(text[text.index("self.LawrefArticles = ") + 22:text.rindex(";")]) == docs
    meta = files[CORPUS_SCRIPT].decode()
    meta_docs = json.loads(meta[meta.index("self.LawrefCorpus = ") + 20:meta.rindex(";")])["documents"]
    assert [d["slug"] for d in meta_docs] == [d["slug"] for d in docs]
    assert not any("articles" in d or "lacunae" in d for d in meta_docs)
    assert run_node(two_docs[2], f"""const R = require({json.dumps(str(RESOLVER_JS))});
        return R.articlesPath;""", None) == ARTICLES_SCRIPT
    js = run_node(two_docs[2], f"""const R = require({json.dumps(str(RESOLVER_JS))});
        return ARG.map(s => R.path(s));""", [d["slug"] for d in docs])
    for d, path in zip(docs, js):
        assert path == permalinks_script_path(d["slug"])
        text = files[path].decode()
        entries = json.loads(text[text.index("] = ") + 4:text.rindex("; })(self);")])
        assert entries == manifest_json(e for e in manifest if e.doc == d["slug"]) and entries
    # the whole library's file stays published (addresses are forever), with every entry
    whole = files["assets/lawref-permalinks.js"].decode()
    assert json.loads(whole[whole.index("= ") + 2:whole.rindex(";")]) == manifest_json(manifest)


def test_a_bare_unit_that_several_documents_could_mean_loads_one_shapes_file(library):
    """A bare 第X条第Y款 (项, 目): the shapes of the articles numbered X tell which documents have the unit. Several →
    "ambiguous" with their units as choices, and no document's addresses loaded; one → that document only; none →
    the first document (its answer names the nearest units)."""
    documents, manifest, _ = library
    shapes = article_shapes(manifest)
    have = {(e.doc, e.eid) for e in manifest}
    six = [d["slug"] for d in documents if (d["slug"], "art_6") in have]
    assert len(six) >= 3
    only = [s for s in six if (s, "art_6__para_3") in have]
    assert len(only) == 1  # of the documents with a 第六条, one has a 第三款
    cases = [["第六条第一款", None], ["第六条第三款", None], ["第六条第九款", None], ["第6条第1款", "nowhere"]]
    got = _run(library, cases)
    assert [g["shapes"] for g in got] == [[6], [6], [6], [6]]
    assert [g["need"] for g in got] == [[], only, [six[0]], []]
    assert got[0]["part"][0] == "ambiguous" and len(got[0]["part"][3]) == len(six)
    assert got[1]["part"][0] == "ok" and got[1]["part"][1] == f"{only[0]}/art_6__para_3"
    assert got[2]["part"][0] == "not_found"
    assert all(g["part"] == g["all"] for g in got)
    # a shape the file does not give (null) → the documents that have the article are loaded, as without shapes
    broken = {n: {a: dict(v, **{six[1]: None}) if a == "art_6" else v for a, v in arts.items()}
              for n, arts in shapes.items()}
    out = run_node(library[2], JS_BODY, {"manifest": manifest_json(manifest), "documents": documents,
                                         "cases": [["第六条第一款", None]],
                                         "shapes": {str(n): v for n, v in broken.items()}}, wait=True)
    assert out[0]["need"] == six and out[0]["part"] == out[0]["all"]


def test_the_shapes_files_hold_every_article_of_a_number(two_docs):
    corpus, manifest, _ = two_docs
    _, files = build_exports(corpus, manifest)
    shapes = article_shapes(manifest)
    assert set(shapes) == {int(e.eid.split("_")[1]) for e in manifest if e.kind == "article"}
    for num, arts in shapes.items():
        text = files[shapes_path(num)].decode()
        assert json.loads(text[text.index(f'r["{num}"] = ') + len(f'r["{num}"] = '):text.rindex("; })(self);")]) == arts
    assert not [p for p in files if p.startswith("assets/lawref-shapes/") and int(p[21:-3]) not in shapes]
    # 第七条 of the real text: three 款, the first with its 项
    assert shapes[7]["art_7"]["xunshi"].split(" ")[:3] == ["1", "1.1", "1.2"]
