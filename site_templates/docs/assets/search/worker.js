/* lawref search worker: Material's search UI talks to this worker with Material's message protocol
 * (0 setup, 1 ready, 2 query, 3 result). The index is not built here: it was built at build time with
 * lunr.py (build/lawref/search.py) and is loaded with lunr.js 2.3.9 (copied from MkDocs' package at build
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
var FIRST_PAUSE = 150;      /* ms after the first shard before the others are parsed */
var siteBase = new URL("../../", self.location.href);

/* The manifest download starts before the scripts are parsed; then every shard is fetched at once and
 * loaded in order. The worker is ready when the first shard is loaded; when a later shard arrives, the
 * last query is answered again (Material shows every result message it gets). */
var download = fetch(new URL("search/lawref_index.json", siteBase));
var firstShard = fetch(new URL("search/lawref_index.0.json", siteBase));  /* its name is fixed: no round trip */
importScripts("lunr.js", "segment.js");
try { importScripts("../lawref-corpus.js", "../lawref-citation.js"); } catch (e) { /* citations then rank by the label field only */ }

var resolveSetup;
var setupSeen = new Promise(function (resolve) { resolveSetup = resolve; });
var state = { shards: [], docs: [], byEid: {}, pages: {}, regDoc: null, df: {}, total: 0, complete: false };
var lastQuery = null;

function pause(ms) {
  return new Promise(function (resolve) { setTimeout(resolve, ms); });
}

function getJSON(response) {
  if (!response.ok) throw new Error("search index: HTTP " + response.status + " " + response.url);
  return response.json();
}

function addShard(data) {
  data.docs.forEach(function (d, i) {
    var doc = { ref: String(data.offset + i), eid: d[0], doc: d[1], kind: d[2], url: d[3], page: d[4],
      title: d[5], context: d[6], pageTitle: d[7], text: d[8], key: null, chapterKey: null };
    state.docs[data.offset + i] = doc;
    state.byEid[doc.doc + "/" + doc.eid] = doc;
    if (doc.url === doc.page && !state.pages[doc.page]) state.pages[doc.page] = doc;
    if (doc.kind === "article" && state.regDoc === null) state.regDoc = doc.doc;
  });
  var index = lunr.Index.load(data.index);
  state.shards.push(index);
  state.total += Object.keys(index.fieldVectors).length / index.fields.length;
  state.df = {};
}

var loaded = download.then(getJSON).then(function (manifest) {
  LawrefSegment.setT2S(manifest.t2s);
  var first = (manifest.shards[0].file === "lawref_index.0.json" ? firstShard
    : fetch(new URL("search/" + manifest.shards[0].file, siteBase))).then(getJSON).then(addShard);
  /* The other shards are downloaded only once the page has set the search up and had a moment for its first
   * query (their megabytes would otherwise hold up the page's own requests); they download in parallel and
   * are parsed in order, the worker yielding between two, so a waiting query is answered first. */
  Promise.all([first, setupSeen]).then(function () { return pause(FIRST_PAUSE); }).then(function () {
    var responses = manifest.shards.slice(1).map(function (s) { return fetch(new URL("search/" + s.file, siteBase)); });
    return responses.reduce(function (done, next) {
      return done.then(function () { return pause(0); })
        .then(function () { return next; }).then(getJSON).then(function (data) {
          addShard(data);
          if (lastQuery !== null) self.postMessage({ type: RESULT, data: search(lastQuery) });
        });
    }, Promise.resolve());
  }).then(function () { state.complete = true; });
  return first;
});

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

/* The doc's text as one key per run ("巡视整改|6个月"), computed once, for phrase matching. */
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

/* The query's runs of units, e.g. "巡视 整改工作" → [["巡","视"], ["整","改","工","作"]]. */
function queryRuns(q) {
  return LawrefSegment.units(q).filter(function (r) { return r.length > 0; });
}

/* Documents holding a term (any field, every loaded shard), counted once per term. */
function df(term) {
  if (!(term in state.df)) {
    var n = 0;
    state.shards.forEach(function (index) {
      var posting = index.invertedIndex[term];
      if (posting) index.fields.forEach(function (f) { n += Object.keys(posting[f] || {}).length; });
    });
    state.df[term] = n;
  }
  return state.df[term];
}

/* The lunr query: each run's bigrams, leaving out very common ones when the run has rarer ones (their idf
 * is low and their postings long); a one-unit run as the unit and as a prefix. The label field is searched
 * only with terms that can be part of a citation label. */
function lunrSearch(runs) {
  var terms = [], singles = [];
  runs.forEach(function (run) {
    if (run.length === 1) { singles.push(run[0]); return; }
    var grams = [];
    for (var k = 0; k + 1 < run.length; k++) grams.push(run[k] + run[k + 1]);
    var rarest = grams.reduce(function (a, b) { return df(b) < df(a) ? b : a; });
    grams.forEach(function (g) { if (g === rarest || df(g) <= COMMON * state.total) terms.push(g); });
  });
  var hits = [];
  state.shards.forEach(function (index) {
    hits = hits.concat(index.query(function (b) {
      terms.forEach(function (t) {
        b.term(t, { usePipeline: false, fields: LABEL_TERM.test(t) ? ["text", "label"] : ["text"] });
      });
      singles.forEach(function (u) {
        b.term(u, { usePipeline: false, boost: 2 });
        b.term(u, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, fields: ["text"] });
      });
    }));
  });
  if (state.shards.length > 1) hits.sort(function (a, b) { return b.score - a.score; });
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

function citationTarget(q) {
  if (typeof LawrefCitation === "undefined") return null;
  var p = LawrefCitation.parse(q);
  if (!p || (p.doc && p.doc !== state.regDoc && p.doc !== null)) return null;
  var eid = LawrefCitation.toEid(p);
  return eid ? state.byEid[state.regDoc + "/" + eid] || null : null;
}

/* Ranked hits [{doc, score}]: lunr's BM25 score, times a phrase bonus; a citation first. */
function rank(q) {
  var runs = queryRuns(q);
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
  var cited = citationTarget(q);
  if (cited) {
    hits = hits.filter(function (h) { return h.doc !== cited; });
    hits.unshift({ doc: cited, score: (hits.length ? hits[0].score : 1) * 10 + 1 });
  }
  hits.sort(function (a, b) { return b.score - a.score; });
  return { hits: hits, runs: runs };
}

function parentTitle(d) {
  return escapeHtml(d.pageTitle) + " <span class=\"lr-search-context\">" + escapeHtml(d.context) + "</span>";
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
    loaded.then(function () { self.postMessage({ type: READY }); });
  } else if (msg.type === QUERY) {
    lastQuery = msg.data;
    loaded.then(function () { self.postMessage({ type: RESULT, data: search(msg.data) }); });
  }
});
