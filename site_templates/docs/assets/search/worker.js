/* lawref search worker: Material's search UI talks to this worker with Material's message protocol
 * (0 setup, 1 ready, 2 query, 3 result). The index is not built here: it was built at build time with
 * lunr.py (build/lawref/publish/search.py) and is loaded with lunr.js 2.3.9 (copied from MkDocs' package at build
 * time). Material's setup message carries an empty document list (our plugin keeps pages out of
 * Material's index), so there is one index only: ours.
 */
/* global lunr, LawrefSegment, LawrefCitation */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_GROUPS = 40, MAX_CHILDREN = 8, SNIPPET = 90;
var PHRASE_CHECKED = 300;   /* lunr's best hits that get the phrase and chapter bonus */
var COMMON = 0.2;           /* a bigram in more than this share of documents is left out of a longer run */
var LABEL_TERM = /[0-9第条款项章]/;
var EDITORIAL = ["note", "term", "deadline", "erratum"];  /* editorial entries: groups after the text's */
var CONCEPT = 4;            /* a provision that defines the concept asked for (a glossary term's target) */
var ANSWER = 4;             /* a provision that answers a question about time (a deadline's target) */
/* Questions typed as a reader asks them: the words that only make it a question are dropped, and a question
 * about time (多长时间, 多久, 期限) looks for the provisions that set a period. */
var TIME_QUESTION = /(的?(期限|时限|时间)?(是|为|有)?(多长时间|多长|多久|几个月|多少天|什么时候|几天|多少时间))|((期限|时限)(是|为)?)/g;
var QUESTION_WORDS = /(是什么|什么是|有哪些|哪些|怎么办|怎么|如何|怎样|是否|由谁|谁来|是谁|谁|吗|呢|[？?])/g;
var FIRST_PAUSE = 150;      /* ms after the first shards before the others are parsed */
var INITIAL_BYTES = 800000; /* a search of the library waits for the reader's document and as many other
                               documents as fit in this many bytes (all of them, in a small library) */
var REANSWER_MS = 400;      /* while the library loads, the last query is answered again at most this often */
var siteBase = new URL("../../", self.location.href);

/* The index is partitioned by document (build/lawref/publish/search.py). The page tells us its document and the
 * reader's scope (lawref-search-scope.js: {type: "lawref-scope", doc, all}) as soon as the worker exists, so
 * that document's first shard is requested at once; the manifest download starts before the scripts are
 * parsed. The worker is ready when the reader's document is loaded (and, searching the whole library, the
 * documents that fit in INITIAL_BYTES); the other documents load afterwards only when the scope is the
 * whole library, and each arrival answers the last query again (Material shows every result it gets). */
var download = fetch(new URL("search/lawref_index.json", siteBase));
var fetched = {};
function fetchShard(file) {
  if (!fetched[file]) {
    fetched[file] = fetch(new URL("search/" + file, siteBase)).then(getJSON);
    fetched[file].catch(function () { /* reported when used */ });
  }
  return fetched[file];
}
importScripts("../lawref-grammar.js", "lunr.js", "segment.js");  /* the grammar (generated) first: segment.js reads its numerals */
try { importScripts("../lawref-corpus.js", "../lawref-citation.js"); } catch (e) { /* citations then rank by the label field only */ }

var resolveSetup, resolveScope;
var setupSeen = new Promise(function (resolve) { resolveSetup = resolve; });
var scopeSeen = new Promise(function (resolve) { resolveScope = resolve; });
var scope = { doc: null, all: true };
var state = { shards: [], docs: [], byEid: {}, pages: {}, articleDocs: {}, df: {}, added: {}, manifest: null };
var lastQuery = null, ready = false, loadingRest = false, answeredAt = 0;

function pause(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function getJSON(response) {
  if (!response.ok) throw new Error("search index: HTTP " + response.status + " " + response.url);
  return response.json();
}

function shardFile(slug, n) { return "lawref_index." + slug + "." + n + ".json"; }

/* The shard files in loading order for the present scope: the reader's document first, then (searching the
 * whole library) every other document in the manifest's order. */
function plan() {
  var docs = state.manifest.documents, files = [];
  function add(d) { d.shards.forEach(function (s) { files.push({ file: s.file, bytes: s.bytes, doc: d.doc }); }); }
  docs.forEach(function (d) { if (d.doc === scope.doc) add(d); });
  if (scope.all || !files.length) docs.forEach(function (d) { if (d.doc !== scope.doc) add(d); });
  return files;
}

function addShard(file, data) {
  if (state.added[file]) return;
  state.added[file] = true;
  var slug = null;
  data.docs.forEach(function (d, i) {
    var doc = { ref: String(data.offset + i), eid: d[0], doc: d[1], kind: d[2], url: d[3], page: d[4],
      title: d[5], context: d[6], pageTitle: d[7], text: d[8], targets: d[9] ? d[9].split(" ") : [],
      editorial: EDITORIAL.indexOf(d[2]) >= 0, key: null, chapterKey: null };
    slug = doc.doc;
    state.docs[data.offset + i] = doc;
    state.byEid[doc.doc + "/" + doc.eid] = doc;
    if (doc.url === doc.page && !state.pages[doc.page]) state.pages[doc.page] = doc;
    if (doc.kind === "article") state.articleDocs[doc.doc] = true;
  });
  var index = lunr.Index.load(data.index);
  state.shards.push({ doc: slug, index: index, total: Object.keys(index.fieldVectors).length / index.fields.length });
  state.df = {};
}

/* The shards a query searches: the reader's document alone, or every loaded document. */
function active() {
  if (scope.all || !scope.doc) return state.shards;
  return state.shards.filter(function (s) { return s.doc === scope.doc; });
}

function answerAgain() {
  if (ready && lastQuery !== null) {
    self.postMessage({ type: RESULT, data: search(lastQuery) });
    answeredAt = Date.now();
  }
}

/* Everything the plan holds that is not loaded yet, one shard after another (a waiting query first). */
function loadRest() {
  if (loadingRest) return;
  loadingRest = true;
  pause(FIRST_PAUSE).then(function step() {
    var todo = plan().filter(function (s) { return !state.added[s.file]; });
    if (!todo.length) { loadingRest = false; return null; }
    todo.slice(0, 6).forEach(function (s) { fetchShard(s.file); });
    return fetchShard(todo[0].file).then(function (data) {
      addShard(todo[0].file, data);
      /* Answering again searches every loaded shard: not after each of many small ones, but when the last
       * shard is in or a while has passed. */
      if (todo.length === 1 || Date.now() - answeredAt >= REANSWER_MS) answerAgain();
    }).then(function () { return pause(0); }).then(step);
  });
}

var loaded = Promise.all([download.then(getJSON), scopeSeen]).then(function (r) {
  var manifest = r[0];
  state.manifest = manifest;
  LawrefSegment.setT2S(manifest.t2s);
  var files = plan(), first = [], bytes = 0;
  files.forEach(function (s, i) {
    if (i === 0 || s.doc === scope.doc || (scope.all && bytes + s.bytes <= INITIAL_BYTES)) { first.push(s); bytes += s.bytes; }
  });
  first.forEach(function (s) { fetchShard(s.file); });
  return first.reduce(function (done, s) {
    return done.then(function () { return fetchShard(s.file); }).then(function (data) { addShard(s.file, data); });
  }, Promise.resolve());
}).then(function () {
  setupSeen.then(loadRest);
});

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

/* The doc's text as one key per run ("检查整改|6个月"), computed once, for phrase matching. */
function keyOf(d) {
  if (d.key === null) d.key = "|" + LawrefSegment.units(d.text).map(function (r) { return r.join(""); }).join("|") + "|";
  return d.key;
}

/* The same for the chapter (or news section) the doc belongs to. */
function chapterKeyOf(d) {
  if (d.chapterKey === null) {
    d.chapterKey = "|" + LawrefSegment.units(d.kind === "news" ? d.pageTitle : d.context)
      .map(function (r) { return r.join(""); }).join("|") + "|";
  }
  return d.chapterKey;
}

/* The query's runs of units, e.g. "检查 整改工作" → [["检","查"], ["整","改","工","作"]]. */
function queryRuns(q) {
  return LawrefSegment.units(q).filter(function (r) { return r.length > 0; });
}

/* Documents holding a term (any field, every loaded shard), counted once per term. */
function df(term) {
  if (!(term in state.df)) {
    var n = 0;
    active().forEach(function (s) {
      var posting = s.index.invertedIndex[term];
      if (posting) s.index.fields.forEach(function (f) { n += Object.keys(posting[f] || {}).length; });
    });
    state.df[term] = n;
  }
  return state.df[term];
}

/* The lunr query: each run's bigrams, leaving out very common ones when the run has rarer ones (their idf
 * is low and their postings long); a one-unit run as the unit and as a prefix. The label field is searched
 * only with terms that can be part of a citation label. */
function lunrSearch(runs) {
  var terms = [], singles = [], shards = active(), total = 0;
  shards.forEach(function (s) { total += s.total; });
  runs.forEach(function (run) {
    if (run.length === 1) { singles.push(run[0]); return; }
    var grams = [];
    for (var k = 0; k + 1 < run.length; k++) grams.push(run[k] + run[k + 1]);
    var rarest = grams.reduce(function (a, b) { return df(b) < df(a) ? b : a; });
    grams.forEach(function (g) { if (g === rarest || df(g) <= COMMON * total) terms.push(g); });
  });
  var hits = [];
  shards.forEach(function (s) {
    hits = hits.concat(s.index.query(function (b) {
      terms.forEach(function (t) {
        b.term(t, { usePipeline: false, fields: LABEL_TERM.test(t) ? ["text", "label"] : ["text"] });
      });
      singles.forEach(function (u) {
        b.term(u, { usePipeline: false, boost: 2 });
        b.term(u, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, fields: ["text"] });
      });
    }));
  });
  if (shards.length > 1) hits.sort(function (a, b) { return b.score - a.score; });
  return hits;
}

/* Spans of the doc text matching the query: whole runs where they occur, else their bigrams. */
function matchSpans(text, runs) {
  var docRuns = LawrefSegment.unitSpans(text), spans = [];
  runs.forEach(function (q) {
    var found = false, m = q.length;
    docRuns.forEach(function (r) {
      for (var k = 0; k + m <= r.length; k++) {
        var ok = true;
        for (var j = 0; j < m && ok; j++) ok = r[k + j].u === q[j];
        if (ok) { spans.push([r[k].s, r[k + m - 1].e]); found = true; }
      }
    });
    if (!found && m > 1) {
      docRuns.forEach(function (r) {
        for (var k = 0; k + 1 < r.length; k++)
          for (var j = 0; j + 1 < m; j++)
            if (r[k].u === q[j] && r[k + 1].u === q[j + 1]) spans.push([r[k].s, r[k + 1].e]);
      });
    }
  });
  spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
  var merged = [];
  spans.forEach(function (s) {
    var last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  });
  return merged;
}

/* A window of the text around the first match, escaped, matches in <mark>; and the matched strings. */
function snippet(text, runs) {
  var spans = matchSpans(text, runs);
  var start = 0;
  if (spans.length && text.length > SNIPPET) start = Math.max(0, Math.min(spans[0][0] - 16, text.length - SNIPPET));
  var end = Math.min(text.length, start + SNIPPET), out = start > 0 ? "…" : "", pos = start, found = {};
  spans.forEach(function (s) {
    found[text.slice(s[0], s[1])] = true;
    if (s[1] <= start || s[0] >= end) return;
    var a = Math.max(s[0], start), z = Math.min(s[1], end);
    out += escapeHtml(text.slice(pos, a)) + "<mark>" + escapeHtml(text.slice(a, z)) + "</mark>";
    pos = z;
  });
  return { html: out + escapeHtml(text.slice(pos, end)) + (end < text.length ? "…" : ""), terms: found };
}

/* The documents a bare citation (第三十四条) may name: the reader's document when it has articles (on its own
 * pages a bare 第X条 means it), else every loaded document that has articles. */
function citedDocs() {
  if (scope.doc && state.articleDocs[scope.doc]) return [scope.doc];
  var out = [];
  state.shards.forEach(function (s) { if (state.articleDocs[s.doc] && out.indexOf(s.doc) < 0) out.push(s.doc); });
  return out;
}

/* The units a typed citation names: in the document it names (《公园管理条例》第六条), else in the documents of
 * citedDocs(); a bare citation that fits several documents shows each of them first (the choices). None for a
 * document not on the site. */
function citationTargets(q) {
  if (typeof LawrefCitation === "undefined") return [];
  var p = LawrefCitation.parse(q);
  if (!p || (p.doc === null && p.title)) return [];
  var eid = LawrefCitation.toEid(p);
  if (!eid) return [];
  return (p.doc ? [p.doc] : citedDocs()).map(function (slug) { return state.byEid[slug + "/" + eid]; })
    .filter(function (d) { return d; });
}

/* A question → {q: its content words, time: whether it asks for a period}. "检查整改期限是多长时间" →
 * {q: "检查整改", time: true}; "谁负责解释本条例" → {q: "负责解释本条例", time: false}. */
function understand(q) {
  var time = false;
  var rest = q.replace(TIME_QUESTION, function () { time = true; return " "; }).replace(QUESTION_WORDS, " ");
  rest = rest.replace(/\s+/g, " ").trim();
  return { q: rest || q, time: time };
}
/* Ranked hits [{doc, score}]: lunr's BM25 score, times a phrase bonus; a citation first; the provisions that
 * define the concept asked for (targets of matching glossary terms), or that set the period a question asks
 * for (targets of matching deadlines), before the rest; editorial entries in their own groups (search()). */
function rank(q) {
  var asked = understand(q);
  var runs = queryRuns(asked.q);
  var hits = [];
  if (runs.length) {
    var whole = runs.map(function (r) { return r.join(""); });
    var joined = whole.join("");
    lunrSearch(runs).forEach(function (r, i) {
      var d = state.docs[+r.ref], bonus = 1;
      if (i < PHRASE_CHECKED) {
        var key = keyOf(d), chapter = chapterKeyOf(d);
        whole.forEach(function (w) {
          if (w.length > 1 && key.indexOf(w) >= 0) bonus *= 2;
          if (w.length > 1 && chapter.indexOf(w) >= 0) bonus *= 1.25;
        });
        if (whole.length > 1 && key.indexOf(joined) >= 0) bonus *= 2;
      }
      hits.push({ doc: d, score: r.score * bonus });
    });
  }
  boostAnswers(hits, runs, asked.time);
  var cited = citationTargets(q);
  if (cited.length) {
    hits = hits.filter(function (h) { return cited.indexOf(h.doc) < 0; });
    var top = (hits.length ? hits[0].score : 1) * 10 + 1;
    cited.forEach(function (d, i) { hits.push({ doc: d, score: top - i * 1e-6 }); });
  }
  hits.sort(function (a, b) { return b.score - a.score; });
  return { hits: hits, runs: runs };
}

/* Concept and question boosts from the editorial entries loaded: a glossary term whose name holds the query
 * (or is held by it) lifts its defining provision; asked about time, the deadlines sharing most of the
 * question's words lift their provision (a period in figures, 6个月, twice as much as 及时). */
function boostAnswers(hits, runs, time) {
  var joined = runs.map(function (r) { return r.join(""); }).join("");
  if (!joined) return;
  var grams = [];
  runs.forEach(function (r) { for (var k = 0; k + 1 < r.length; k++) grams.push(r[k] + r[k + 1]); });
  var lift = {}, best = 0, answers = [];
  state.docs.forEach(function (d) {
    if (!d || (d.kind !== "term" && d.kind !== "deadline")) return;
    if (d.kind === "term") {
      var names = LawrefSegment.units(d.title.replace(/[（）又作、]/g, " ")).map(function (r) { return r.join(""); });
      if (names.some(function (n) { return n.length > 1 && (n.indexOf(joined) >= 0 || joined.indexOf(n) >= 0); })) {
        d.targets.forEach(function (t) { lift[t] = Math.max(lift[t] || 1, CONCEPT); });
      }
    } else if (time && grams.length) {
      // the deadlines sharing most of the question's words (at least half of its bigrams)
      var key = keyOf(d), n = 0;
      grams.forEach(function (g) { if (key.indexOf(g) >= 0) n++; });
      var share = n / grams.length;
      if (share >= 0.5 && share >= best) {
        if (share > best) { best = share; answers = []; }
        answers.push(d);
      }
    }
  });
  answers.forEach(function (d) {
    var factor = /[0-9]/.test(d.title) ? ANSWER * 2 : ANSWER;  // a period in figures answers "how long"
    d.targets.forEach(function (t) { lift[t] = Math.max(lift[t] || 1, factor); });
  });
  hits.forEach(function (h) {
    var u = h.doc.url, f = 1;
    Object.keys(lift).forEach(function (t) {
      // the target itself, or a unit inside it (art_34/ covers art_34/#art_34__para_1)
      if (u === t || (t.indexOf("#") < 0 && u.indexOf(t) === 0) || u.indexOf(t + "__") === 0) f = Math.max(f, lift[t]);
    });
    if (!h.doc.editorial) h.score *= f;
  });
}
function parentTitle(d) {
  var context = d.editorial ? (d.context === d.pageTitle ? "编者整理" : d.context) : d.context;
  return escapeHtml(d.pageTitle) + " <span class=\"lr-search-context\">" + escapeHtml(context) + "</span>";
}

/* Material's result shape: groups [page, …sections] by page, the page (no "#") first, best group first.
 * Material renders the page as the group's heading and the sections scoring as high as it with their text. */
function search(q) {
  var r = rank(q.trim()), groups = [], byPage = {};
  r.hits.forEach(function (h) {
    var d = h.doc, g = byPage[d.page];
    if (!g) {
      if (groups.length >= MAX_GROUPS) return;
      g = byPage[d.page] = { score: h.score, parent: null, children: [], pageDoc: state.pages[d.page] || d };
      groups.push(g);
    }
    if (g.children.length >= MAX_CHILDREN && d.url !== d.page) return;
    var s = snippet(d.text, r.runs);
    var item = { location: d.url, score: h.score, terms: s.terms,
      title: d.url === d.page ? parentTitle(d) : escapeHtml(d.title), text: s.html };
    if (d.url === d.page) g.parent = item;
    else g.children.push(item);
  });
  // The text first, then the editorial groups (notes, 术语表, 时限一览, 校勘记), each in score order.
  groups = groups.filter(function (g) { return !g.pageDoc.editorial; })
    .concat(groups.filter(function (g) { return g.pageDoc.editorial; }));
  return {
    items: groups.map(function (g) {
      // A page that is not itself a hit scores just below its best section, so that Material's Enter
      // (best score) opens the 款 or 项, and sections as good as the best stay in view.
      var parent = g.parent || { location: g.pageDoc.page, terms: {}, title: parentTitle(g.pageDoc), text: "",
        score: g.score * 0.999 };
      return [parent].concat(g.children);
    })
  };
}

self.addEventListener("message", function (ev) {
  var msg = ev.data;
  if (msg.type === SETUP) {
    resolveSetup();
    resolveScope();  /* no scope message: the whole library, no document first */
    loaded.then(function () { ready = true; self.postMessage({ type: READY }); });
  } else if (msg.type === QUERY) {
    lastQuery = msg.data;
    loaded.then(function () { self.postMessage({ type: RESULT, data: search(msg.data) }); });
  } else if (msg.type === "lawref-scope") {
    var changed = scope.doc !== (msg.doc || null) || scope.all !== (msg.all !== false);
    scope.doc = msg.doc || null;
    scope.all = msg.all !== false;
    if (scope.doc) fetchShard(shardFile(scope.doc, 0));  /* before the manifest: its name is known */
    resolveScope();
    state.df = {};
    if (changed && state.manifest) {
      answerAgain();
      setupSeen.then(loadRest);
    }
  }
});
