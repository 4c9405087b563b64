"""The search index (build/lawref/publish/search.py) and the parity of its segmenter with the browser's (segment.js).

Parity runs the JS in node when present, else in Debian's Chromium (no page, no server).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from lawref.publish import search

ROOT = Path(__file__).resolve().parents[1]
SEGMENT_JS = ROOT / "site_templates" / "docs" / "assets" / "search" / "segment.js"


@pytest.fixture(scope="module")
def corpus(build_result):
    return build_result.corpus


@pytest.fixture(scope="module")
def files(build_result):
    """The search files of the real build (with the editorial entries)."""
    return {k: v for k, v in build_result.site.files.items() if k.startswith("search/")}


@pytest.fixture(scope="module")
def manifest(files):
    return json.loads(files[search.INDEX_PATH])


@pytest.fixture(scope="module")
def payload(files, manifest):
    """The manifest's T→S map, every display record in ref order, and the postings of every shard."""
    docs: list[list] = []
    for d in manifest["documents"]:
        assert d["offset"] == len(docs)
        for n, _ in enumerate(d["text"]):
            run = json.loads(files["search/" + search.text_file(d["doc"], n)])
            assert run["offset"] == len(docs)
            docs.extend(run["docs"])
        assert len(docs) == d["offset"] + d["count"] == d["offset"] + len(d["kinds"])
    shards = [json.loads(files["search/" + search.terms_file(n)]) for n in range(manifest["terms"])]
    return {"t2s": manifest["t2s"], "docs": docs, "shards": shards}


def decode(shard: dict, field: str, term: str) -> dict[int, int]:
    """A term's postings ``{ref: weight}`` in one field of a shard."""
    raw, out, ref = shard[field].get(term, []), {}, 0
    for i in range(0, len(raw), 2):
        ref += raw[i]
        out[ref] = raw[i + 1]
    return out


def run_js(body: str, arg) -> object:
    """Run ``body`` (JS using ``LawrefSegment`` and ``ARG``) and return its JSON result."""
    from lawref.cite.grammar import Catalog, grammar_script  # segment.js reads its numeral tables from the grammar
    script = ("var self = globalThis;\n" + grammar_script(Catalog(())).decode("utf-8")
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
    corpus_chars = {c for r in payload["docs"] for c in r[8] + r[5] + r[6]}  # text, title, context
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
        if kind in search.EDITORIAL_KINDS:
            continue
        entry = manifest[(doc, eid)]
        assert url == entry.url, eid
        if kind in ("para", "item", "news"):
            assert title == entry.label, eid
    assert payload["docs"][[d[0] for d in payload["docs"]].index("art_23__para_1__item_3")][5] == "第二十三条第一款第（三）项"


def test_index_is_deterministic(corpus, build_result, files):
    again = search.build_search_files(corpus, texts=build_result.editorial.editorial.texts,
                                      entries=build_result.editorial.editorial.search_entries)
    assert again == files


def test_text_runs_cut_at_page_starts_and_cover_every_record_in_order(corpus, build_result):
    ed = build_result.editorial.editorial
    small = search.build_search_files(corpus, texts=ed.texts, entries=ed.search_entries, text_chunk_bytes=2000)
    manifest = json.loads(small[search.INDEX_PATH])
    assert len(manifest["documents"][0]["text"]) >= 10
    records = []
    for d in manifest["documents"]:
        for n, start in enumerate(d["text"]):
            run = json.loads(small["search/" + search.text_file(d["doc"], n)])
            assert run["offset"] == d["offset"] + start and {r[1] for r in run["docs"]} == {d["doc"]}
            assert d["kinds"][start].isupper(), f"{d['doc']} run {n} starts inside a page: {run['docs'][0][0]}"
            records.extend(run["docs"])
    expected = search.search_documents(corpus, ed.texts) + search.editorial_documents(ed.search_entries)
    assert sorted(r[3] for r in records) == sorted(d.url for d in expected)
    text_only = [r[0] for r in records if r[2] not in search.EDITORIAL_KINDS]
    assert text_only == [d.eid for d in search.search_documents(corpus, ed.texts)]
    # the kinds string: one letter per record, upper case exactly where the page changes
    kinds = "".join(d["kinds"] for d in manifest["documents"])
    for i, r in enumerate(records):
        assert kinds[i].lower() == search.KIND_CODES[r[2]]
        assert kinds[i].isupper() == (i == 0 or r[4] != records[i - 1][4] or r[1] != records[i - 1][1]), r[0]


def test_a_page_split_in_runs_names_its_first_run(corpus):
    """An editorial entry shown on a text page comes after the text: its run names the page's first run, so
    the worker groups it with the page's text."""
    from lawref.publish.render import SearchEntry
    entry = SearchEntry(doc="xunshi", kind="note", url="xunshi/art_25/#note-x", page="xunshi/art_25/",
                        title="第二十五条 解读", context="解读", text="边巡边改", targets=())
    files = search.build_search_files(corpus, entries=[entry])
    d = json.loads(files[search.INDEX_PATH])["documents"][0]
    records = [r for n in range(len(d["text"]))
               for r in json.loads(files["search/" + search.text_file("xunshi", n)])["docs"]]
    note = next(i for i, r in enumerate(records) if r[0] == "note-x")
    art = next(i for i, r in enumerate(records) if r[0] == "art_25")
    assert d["kinds"][note] == "O" and d["kinds"][art] == "A"
    assert d["pages"] == [[note, art]]


def test_postings_hold_every_term_of_every_record_in_its_shard(corpus, manifest, payload):
    t2s = dict(zip(payload["t2s"][0::2], payload["t2s"][1::2]))
    expected: dict[tuple[str, str], set[int]] = {}
    lacunae = {(d.slug, a.eid) for d in corpus.documents for a in d.articles() if a.missing}
    indexed = 0
    for ref, r in enumerate(payload["docs"]):
        if r[2] == "article" and (r[1], r[0]) not in lacunae:  # article stubs: citations and group headings
            continue
        indexed += 1
        for field, text in (("text", r[8]), ("label", r[5])):
            for t in search.segment(text, t2s):
                expected.setdefault((field, t), set()).add(ref)
    found: dict[tuple[str, str], set[int]] = {}
    for n, shard in enumerate(payload["shards"]):
        for field in ("text", "label"):
            for t in shard[field]:
                assert search.term_shard(t, manifest["terms"]) == n, t
                found[(field, t)] = set(decode(shard, field, t))
    assert found == expected
    assert manifest["indexed"] == indexed


def test_weights_are_lunrs_bm25(corpus):
    """Our weights equal the field vectors lunr.py builds for the same records (lunr's formula and
    constants, fields and boosts), up to the rounding of the last thousandth."""
    from lunr.builder import Builder
    from lunr.pipeline import Pipeline

    docs = search.search_documents(corpus)
    ours = search.term_weights(docs, {})

    def ngram(token, i, tokens):
        return [token.clone(lambda s, m, g=g: g) for g in search.segment(token.string, {})]
    Pipeline.registered_functions.pop("lawrefTestNgram", None)
    Pipeline.register_function(ngram, "lawrefTestNgram")
    b = Builder()
    b.pipeline, b.search_pipeline = Pipeline(), Pipeline()
    b.pipeline.add(ngram)
    b.ref("id")
    for name, boost in search.FIELDS:
        b.field(name, boost=boost)
    for i, d in enumerate(docs):
        if d.indexed:
            b.add({"id": str(i), "text": d.text, "label": d.title},
                  {"boost": search.HEADING_BOOST if d.kind in ("chapter", "section") else 1})
    idx = b.build()
    terms = {v["_index"]: t for t, v in idx.inverted_index.items()}
    compared = 0
    for field_ref, vector in idx.field_vectors.items():
        field, doc_ref = field_ref.split("/", 1)
        ref = int(doc_ref)
        elements = vector.elements
        for k in range(0, len(elements), 2):
            assert abs(ours[field][terms[elements[k]]][ref] - 1000 * elements[k + 1]) <= 1, (field, ref)
            compared += 1
    assert compared == sum(len(p) for f in ours.values() for p in f.values()) > 1000


def test_target_ranges_cover_the_unit_and_the_units_inside_it():
    urls = sorted([("d/art_1/", 0), ("d/art_1/#art_1__para_1", 1), ("d/art_1/#art_1__para_1__item_1", 2),
                   ("d/art_1/#art_1__para_2", 3), ("d/art_10/", 4), ("d/art_10/#art_10__para_1", 5)])
    assert search._target_ranges(["d/art_1/"], urls) == [[0, 3]]
    assert search._target_ranges(["d/art_1/#art_1__para_1"], urls) == [[1, 2]]
    assert search._target_ranges(["d/art_1/#art_1__para_2", "d/art_10/"], urls) == [[3, 5]]
    assert search._target_ranges(["d/art_9/"], urls) == []


def test_answers_name_their_targets(manifest, payload):
    docs = payload["docs"]
    answers = manifest["answers"]
    assert {a[1] for a in answers} == {"term", "deadline"}
    for ref, kind, title, text, ranges in answers:
        record = docs[ref]
        assert (record[2], record[5], record[8]) == (kind, title, text)
        targets = record[9].split(" ")
        covered = {docs[r][3] for a, z in ranges for r in range(a, z + 1)}
        assert set(targets) <= covered, title
        assert all(any(u == t or u.startswith(t if "#" not in t else t + "__") for t in targets) for u in covered)


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


def test_the_worker_hashes_terms_to_the_shards_they_are_in():
    """The worker's ``shardOf`` (read from worker.js) gives ``search.term_shard`` for every kind of term."""
    source = (ROOT / "site_templates" / "docs" / "assets" / "search" / "worker.js").read_text(encoding="utf-8")
    fn = re.search(r"^function shardOf\(term\) \{.*?\}$", source, re.M)
    assert fn, "worker.js: function shardOf not found"
    terms = ["巡视", "巡", "视", "〇", "34条", "2024", "ab", "z", "㐀字", "龥", "豈"]
    for n in (1, 7, 133, 1293):
        js = run_js(f"var M = {{terms: {n}}};\n{fn.group(0)}\nreturn ARG.map(shardOf);", terms)
        assert js == [search.term_shard(t, n) for t in terms], n
    part = re.search(r"^function partOf\(term, parts\) \{.*?^\}$", source, re.M | re.S)
    assert part, "worker.js: function partOf not found"
    terms += ["\U00020000字", "字\U0002a6d6"]  # beyond the BMP: code points, as Python counts them
    for n in (2, 5, 64):
        js = run_js(f"{part.group(0)}\nreturn ARG.map(t => partOf(t, {n}));", terms)
        assert js == [search.term_part(t, n) for t in terms], n


WORKER_RUN = """
const fs = require("fs"), vm = require("vm"), path = require("path");
const [site, files, queries] = JSON.parse(fs.readFileSync(0, "utf8"));
const out = [];
const ctx = {console, URL, Promise, Set, Math, JSON, Float64Array, Int32Array, Uint8Array, Object, Array, String,
  setTimeout: () => 0, performance: {timeOrigin: 0, now: () => 0}, location: {href: "http://x/assets/search/worker.js"},
  fetch: u => { const name = new URL(u).pathname.replace(/^\\/search\\//, "");
    return Promise.resolve({ok: name in files, status: 404, url: u, json: () => Promise.resolve(JSON.parse(files[name]))}); },
  postMessage: m => out.push(m), addEventListener: (t, fn) => { ctx.onmessage = fn; }};
ctx.self = ctx;
ctx.importScripts = (...names) => names.forEach(n =>
  vm.runInContext(fs.readFileSync(path.join(site, new URL(n, ctx.location.href).pathname), "utf8"), ctx));
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(path.join(site, "assets/search/worker.js"), "utf8"), ctx);
(async () => {
  const answers = [];
  for (const q of queries) {
    out.length = 0;
    ctx.onmessage({data: {type: 2, data: q}});
    for (let i = 0; i < 1000 && !out.some(m => m.data.timing.final); i++) await new Promise(r => setImmediate(r));
    const m = out.filter(m => m.data.timing.final).pop();
    answers.push([q, m.data.items.map(g => g.map(i => [i.location, Math.round(i.score * 1e6)]))]);
  }
  process.stdout.write(JSON.stringify(answers));
})();
"""


def test_a_split_index_answers_like_the_whole_one(corpus, build_result, site_dir):
    """With shards small enough to be split (by the whole term), the worker fetches parts and answers every query
    of the query set as with whole shards: the same groups, the same order, the same scores."""
    node = shutil.which("node")
    assert node, "node (make nodejs) runs the worker here"
    ed = build_result.editorial.editorial
    queries = [c["q"] for c in yaml.safe_load((ROOT / "tests" / "search" / "queries.yml").read_text(encoding="utf-8"))]

    def answers(term_shard_bytes: int) -> list:
        files = search.build_search_files(corpus, texts=ed.texts, entries=ed.search_entries,
                                          term_shard_bytes=term_shard_bytes)
        names = {k.split("/", 1)[1]: v.decode("utf-8") for k, v in files.items()}
        out = subprocess.run([node, "-e", WORKER_RUN], capture_output=True, text=True, timeout=300,
                             input=json.dumps([str(site_dir), names, queries]))
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout), json.loads(names["lawref_index.json"])

    whole, m1 = answers(search.TERM_SHARD_BYTES)
    cut, m2 = answers(1_500)
    assert m1["split"] == [] and m2["split"], "the real corpus's shards are whole; 1.5 KB ones are split"
    assert sum(1 for _, groups in whole if groups) > len(queries) * 0.8
    assert cut == whole



def test_idle_prefetch_is_the_whole_small_library_or_a_budget_of_postings(corpus, manifest, files, monkeypatch):
    """A small library (the real corpus) is prefetched whole: every file a query may fetch. A larger one: postings
    shards only, smallest first, as many as fit the budget (its records are fetched as queries need them)."""
    lazy = sorted(k.split("/", 1)[1] for k in files if k != search.INDEX_PATH and "/lawref_" in k)
    assert manifest["prefetch"] == lazy
    monkeypatch.setattr(search, "PREFETCH_BYTES", 0)
    monkeypatch.setattr(search, "PREFETCH_TERMS_BYTES", 60_000)
    big = search.build_search_files(corpus, term_shard_bytes=8_000)
    prefetch = json.loads(big[search.INDEX_PATH])["prefetch"]
    sizes = {k.split("/", 1)[1]: len(v) for k, v in big.items() if k.startswith("search/lawref_terms.")}
    assert prefetch and all(n.startswith("lawref_terms.") for n in prefetch)
    assert [sizes[n] for n in prefetch] == sorted(sizes[n] for n in prefetch)
    assert sum(sizes[n] for n in prefetch) <= 60_000 < sum(sizes[n] for n in prefetch) + min(
        sizes[n] for n in sizes if n not in prefetch)


def test_a_library_is_searched_in_the_page_up_to_the_limit(corpus):
    """``searched_in_page``: at most ``limit`` searchable units (``search_documents``, counted lazily), so the
    real corpus is searched in the page under the plugin's default and in a worker with one unit less."""
    from lawref.plugin import LawrefConfig

    n = len(search.search_documents(corpus))
    assert n > 100
    assert search.searched_in_page(corpus, n) and not search.searched_in_page(corpus, n - 1)
    assert not search.searched_in_page(corpus, 0)
    assert search.searched_in_page(corpus, LawrefConfig.search_in_page.default)
