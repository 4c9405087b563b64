"""The search index (build/lawref/publish/search.py) and the parity of its segmenter with the browser's (segment.js).

Parity runs the JS in node when present, else in Debian's Chromium (no page, no server).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from lawref.pipeline import build_corpus, load_project
from lawref.publish import search

ROOT = Path(__file__).resolve().parents[1]
SEGMENT_JS = ROOT / "site_templates" / "docs" / "assets" / "search" / "segment.js"


@pytest.fixture(scope="module")
def corpus():
    corpus, _ = build_corpus(load_project(ROOT))
    assert corpus is not None
    return corpus


@pytest.fixture(scope="module")
def files(corpus):
    return search.build_search_files(corpus)


@pytest.fixture(scope="module")
def payload(files):
    """The manifest's T→S map, every document's display records, and the regulation's lunr index (its one
    shard; refs are positions in the concatenated records)."""
    manifest = json.loads(files[search.INDEX_PATH])
    # Partitioned by document: one shard each for the source's two documents, the regulation first.
    assert [[s["file"] for s in d["shards"]] for d in manifest["documents"]] == [
        ["lawref_index.xunshi.0.json"], ["lawref_index.zuigaojian-fabuhui.0.json"]]
    shards = [json.loads(files["search/" + d["shards"][0]["file"]]) for d in manifest["documents"]]
    assert shards[0]["offset"] == 0 and shards[1]["offset"] == len(shards[0]["docs"])
    return {"t2s": manifest["t2s"], "docs": shards[0]["docs"] + shards[1]["docs"], "index": shards[0]["index"]}


def lunr_js() -> Path:
    import mkdocs.contrib.search
    return Path(mkdocs.contrib.search.__file__).parent / "templates" / "search" / "lunr.js"


def run_js(body: str, arg) -> object:
    """Run ``body`` (JS using ``lunr``, ``LawrefSegment`` and ``ARG``) and return its JSON result."""
    prelude = lunr_js().read_text(encoding="utf-8") + (
        '\nvar lunr = (typeof module === "object" && module.exports && module.exports.Index) ? module.exports : self.lunr;\n')
    from lawref.cite.grammar import Catalog, grammar_script  # segment.js reads its numeral tables from the grammar
    script = ("var self = globalThis;\n" + grammar_script(Catalog(())).decode("utf-8") + prelude + "self.lunr = lunr;\n"
              + SEGMENT_JS.read_text(encoding="utf-8")
              + f"\nvar ARG = {json.dumps(arg, ensure_ascii=False)};\n")
    node = shutil.which("node")
    if node:
        out = subprocess.run([node, "-"], capture_output=True, text=True, timeout=120,
                             input=script + f"process.stdout.write(JSON.stringify((function(){{{body}}})()));")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = b.new_page()
        result = page.evaluate(f"() => {{ {script}\nreturn (function(){{{body}}})(); }}")
        b.close()
        return result


# --- the Python side ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("run, expected", [
    ("三十四", "34"), ("一百零五", "105"), ("十二", "12"), ("二〇二四", "2024"), ("六", "6"), ("十", "10"),
    ("二十", "20"), ("十一五", None), ("三三", "33"),
])
def test_fold_numeral(run, expected):
    assert search.fold_numeral(run) == expected


def test_arabic_and_chinese_numbers_give_the_same_terms():
    assert search.segment("为期6个月", {}) == search.segment("为期六个月", {})
    assert search.segment("第34条", {}) == search.segment("第三十四条", {})
    assert search.segment("２０２３年", {}) == search.segment("2023年", {}) == search.segment("二〇二三年", {})


def test_bigrams_break_at_punctuation_and_keep_single_units():
    assert search.segment("巡视整改，旗。ＡＢ c", {}) == ["巡视", "视整", "整改", "旗", "ab", "c"]


def test_traditional_characters_fold_to_the_corpus_simplified(payload, corpus):
    pairs = payload["t2s"]
    t2s = dict(zip(pairs[0::2], pairs[1::2]))
    assert t2s["視"] == "视" and t2s["導"] == "导" and t2s["輕"] == "轻"
    corpus_chars = {c for d in search.search_documents(corpus) for c in d.text + d.title + d.context}
    assert set(t2s.values()) <= corpus_chars
    assert search.segment("巡視整改", t2s) == search.segment("巡视整改", t2s)


# --- the documents and the index -----------------------------------------------------------------------------

def test_one_document_per_paragraph_item_and_news_paragraph(corpus, payload):
    docs = {d[0]: d for d in payload["docs"] if d[1] == "xunshi"}
    for art in corpus.document("xunshi").articles():
        for p in art.paragraphs:
            assert docs[p.eid][3] == f"xunshi/{art.eid}/#{p.eid}"
            for it in p.items:
                assert docs[it.eid][3] == f"xunshi/{art.eid}/#{it.eid}"
    news = {d[0]: d for d in payload["docs"] if d[1] == "zuigaojian-fabuhui"}
    for s in corpus.document("zuigaojian-fabuhui").sections:
        for p in s.paragraphs:
            assert news[p.eid][2] == "news" and news[p.eid][6].startswith("新闻")


def test_urls_and_labels_agree_with_permalinks(tmp_path, payload, corpus):
    from lawref.cite.permalinks import build_permalinks
    manifest = {(e.doc, e.eid): e for e in build_permalinks(corpus)}
    for eid, doc, kind, url, page, title, *_ in payload["docs"]:
        entry = manifest[(doc, eid)]
        assert url == entry.url, eid
        if kind in ("para", "item", "news"):
            assert title == entry.label, eid
    assert payload["docs"][[d[0] for d in payload["docs"]].index("art_23__para_1__item_3")][5] == "第二十三条第一款第（三）项"


def test_index_is_deterministic_and_names_the_shared_pipeline(corpus, files, payload):
    assert search.build_search_files(corpus) == files
    assert payload["index"]["pipeline"] == [search.PIPELINE_LABEL]
    assert payload["index"]["version"] == "2.3.9"


def test_shards_cut_at_page_starts_and_cover_every_document(corpus):
    whole = search.search_documents(corpus)
    files = search.build_search_files(corpus, shard_docs=40)
    manifest = json.loads(files[search.INDEX_PATH])
    assert len(manifest["documents"][0]["shards"]) >= 4
    docs, offset = [], 0
    for d in manifest["documents"]:
        for s in d["shards"]:
            shard = json.loads(files["search/" + s["file"]])
            assert {x[1] for x in shard["docs"]} == {d["doc"]}, "a shard holds one document's records only"
            assert shard["offset"] == offset and len(shard["docs"]) == s["docs"]
            assert s["bytes"] == len(files["search/" + s["file"]])
            first = shard["docs"][0]
            if s is not d["shards"][0]:  # a document's first shard starts with it (a headless news section)
                assert first[3] == first[4], f"shard {s['file']} starts inside a page: {first[0]}"
            refs = {int(ref) for f in shard["index"]["fieldVectors"] for ref in [f[0].split("/", 1)[1]]}
            assert refs and min(refs) >= offset and max(refs) < offset + s["docs"]
            docs.extend(shard["docs"])
            offset += s["docs"]
    assert [d[0] for d in docs] == [d.eid for d in whole]


def test_lunr_py_finds_a_word_inside_a_longer_word(payload):
    from lunr.index import Index
    search._register({})
    idx = Index.load(payload["index"])
    refs = [r["ref"] for r in idx.query(idx.create_query().term("整改", use_pipeline=False))]
    eids = {payload["docs"][int(r)][0] for r in refs}
    assert "art_34__para_2" in eids  # 集中整改结束后
    assert "art_33__para_1" in eids  # 巡视整改主体责任


# --- parity with the browser ---------------------------------------------------------------------------------

def _tricky_strings(corpus) -> list[str]:
    texts = [d.text for d in search.search_documents(corpus)]
    texts += ["第三十四条第二款", "6个月与六个月", "十一五规划", "二〇二四年2月", "ＡＢＣ１２３", "巡視工作條例", "a-b c",
              "𠀀字", "一百零五条", "零容忍", "千百十", "（十三）开展", "", "   ", "三〇"]
    alphabet = "巡视整改一二三四五六七八九十百千零〇两第条款项视導輕0123456789ａｂＣ１２，。、；：“”（） -abcXYZ\u3000𠀀"
    rng = random.Random(20240222)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(400)]
    return texts


def test_python_and_js_segmenters_give_the_same_tokens(corpus, payload):
    texts = _tricky_strings(corpus)
    js = run_js("LawrefSegment.setT2S(ARG.t2s); return ARG.texts.map(function (t) { return LawrefSegment.segment(t); });",
                {"t2s": payload["t2s"], "texts": texts})
    pairs = payload["t2s"]
    t2s = dict(zip(pairs[0::2], pairs[1::2]))
    mismatches = [(t, search.segment(t, t2s), j) for t, j in zip(texts, js) if search.segment(t, t2s) != j]
    assert not mismatches, mismatches[:5]


def test_lunr_js_loads_the_index_and_agrees_with_lunr_py(payload):
    from lunr.index import Index
    search._register({})
    idx = Index.load(payload["index"])
    terms = ["整改", "6个", "巡视", "回头"]
    py = [sorted(r["ref"] for r in idx.query(idx.create_query().term(t, use_pipeline=False))) for t in terms]
    js = run_js("var idx = lunr.Index.load(ARG.index); return ARG.terms.map(function (t) {"
                " return idx.query(function (q) { q.term(t, {usePipeline: false}); }).map(function (r) { return r.ref; }).sort(); });",
                {"index": payload["index"], "terms": terms})
    assert js == py
    assert all(py)
