/* lawref search worker: Material's search UI talks to this worker with Material's message protocol
 * (0 setup, 1 ready, 2 query, 3 result). The index was built at build time (build/lawref/publish/search.py):
 * one inverted index for the whole library, partitioned so that a query fetches only what it needs:
 *
 *   search/lawref_index.json       manifest: each document's ref range, its records' kinds and page runs,
 *                                  chapters, where its runs of display records start; the answers (glossary
 *                                  terms and deadlines with the ref ranges they lift);
 *   search/lawref_terms.N.json     postings of the terms whose first character hashes to N (BM25 weights);
 *                                  a large shard is cut by the whole term into lawref_terms.N.K.json;
 *   search/lawref_text.S.N.json    display records of a run of whole pages of document S;
 *   search/lawref_eids.S.json      document S's ids, for citations typed as queries.
 *
 * A query fetches the postings of its terms (the shards of its characters, or parts of them), scores with
 * lunr's BM25 formula (the weights were computed over the whole library, so a hit scores the same in both
 * scopes), then fetches the display
 * records of the pages it shows. Material's setup message carries an empty document list (our plugin keeps
 * pages out of Material's index), so there is one index only: ours.
 */
/* global LawrefSegment, LawrefCitation */
/* The same code runs as a worker (Material creates it) or, for a small library, in the page itself
 * (lawref-search-scope.js loads it as a script with window.LawrefSearchHost set): `self` is then that host, which
 * carries the messages both ways, and the scripts imported below are already on the page or loaded before this
 * one. The body is left at the left margin. */
(function (self, importScripts) {
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_GROUPS = 40, MAX_CHILDREN = 8, SNIPPET = 90;
var PHRASE_CHECKED = 300;   /* the best hits that get the phrase and chapter bonus */
var COMMON = 0.2;           /* a bigram in more than this share of documents is left out of a longer run */
var LABEL_TERM = /[0-9第条款项章]/;
var FIELDS = ["text", "label"];
var KINDS = { p: "para", i: "item", a: "article", c: "chapter", s: "section", n: "news", o: "note", t: "term",
  d: "deadline", e: "erratum" };
var EDITORIAL = "otde";     /* kinds of editorial entries: groups after the text's */
var PAGE_KINDS = "acs";     /* kinds whose record is its page (no fragment): the group's heading */
var CONCEPT = 4;            /* a provision that defines the concept asked for (a glossary term's target) */
var ANSWER = 4;             /* a provision that answers a question about time (a deadline's target) */
/* Questions typed as a reader asks them: the words that only make it a question are dropped, and a question
 * about time (多长时间, 多久, 期限) looks for the provisions that set a period. */
var TIME_QUESTION = /(的?(期限|时限|时间)?(是|为|有)?(多长时间|多长|多久|几个月|多少天|什么时候|几天|多少时间))|((期限|时限)(是|为)?)/g;
var QUESTION_WORDS = /(是什么|什么是|有哪些|哪些|怎么办|怎么|如何|怎样|是否|由谁|谁来|是谁|谁|吗|呢|[？?])/g;
var siteBase = new URL("../../", self.location.href);

var files = {};
var requested = [];         /* every search file requested, in order (a query's share is sent with its timing) */
function getJSON(response) {
  if (!response.ok) throw new Error("search index: HTTP " + response.status + " " + response.url);
  return response.json();
}
/* Every search file is fetched once; the manifest's download starts before the scripts are parsed. */
function getFile(name) {
  if (!files[name]) {
    requested.push(name);
    files[name] = fetch(new URL("search/" + name, siteBase)).then(getJSON);
    files[name].catch(function () { /* reported when used */ });
  }
  return files[name];
}
getFile("lawref_index.json");
importScripts("../lawref-grammar.js", "segment.js");  /* the grammar (generated) first: segment.js reads its numerals */
try { importScripts("../lawref-citation.js"); } catch (e) { /* citations then rank by the label field only */ }

var resolveSetup;
var setupSeen = new Promise(function (resolve) { resolveSetup = resolve; });
var scope = { doc: null, all: true };
var M = null;               /* the manifest */
var bySlug = {};
var shards = {};            /* postings file name → its data */
var SPLIT = {};             /* split shard number → its number of parts */
var postingCache = {}, prefixCache = {};
var records = {};           /* ref → display record */
var acc = null;             /* ref → score, reused by every query */
/* Per ref, from the manifest, computed once: its document's number, its kind's letter, the ref standing for its
 * page (the start of the page's first run of records), its chapter's number in CHAPTERS. */
var DOC = null, KIND = null, PAGE = null, CHAPTER = null, CHAPTERS = [];
var latest = 0;             /* the number of the last query received: an older query's answer is dropped */

var loaded = getFile("lawref_index.json").then(function (manifest) {
  M = manifest;
  (M.split || []).forEach(function (x) { SPLIT[x[0]] = x[1]; });
  LawrefSegment.setT2S(M.t2s);
  var total = 0;
  M.documents.forEach(function (d) {
    bySlug[d.doc] = d;
    d.links = {};
    d.pages.forEach(function (l) { d.links[l[0]] = l[1]; });
    total = Math.max(total, d.offset + d.count);
  });
  acc = new Float64Array(total);
  DOC = new Int32Array(total); KIND = new Uint8Array(total); PAGE = new Int32Array(total);
  CHAPTER = new Int32Array(total);
  M.documents.forEach(function (d, n) {
    var run = 0, c = 0;
    for (var i = 0; i < d.count; i++) {
      var k = d.kinds.charAt(i), ref = d.offset + i;
      if (k !== k.toLowerCase()) run = i in d.links ? d.links[i] : i;
      while (c + 1 < d.chapters.length && d.chapters[c + 1][0] <= i) c++;
      DOC[ref] = n;
      KIND[ref] = k.toLowerCase().charCodeAt(0);
      PAGE[ref] = d.offset + run;
      CHAPTER[ref] = CHAPTERS.length + c;
    }
    d.chapters.forEach(function (ch) { CHAPTERS.push({ title: ch[1], key: null }); });
  });
});

/* --- the manifest's tables ------------------------------------------------------------------------------- */

function lastAtMost(list, x, get) {
  var lo = 0, hi = list.length - 1;
  while (lo < hi) {
    var mid = (lo + hi + 1) >> 1;
    if (get(list[mid]) <= x) lo = mid; else hi = mid - 1;
  }
  return lo;
}
function docOf(ref) { return M.documents[DOC[ref]]; }
function kindCode(ref) { return String.fromCharCode(KIND[ref]); }
function isEditorial(ref) { return EDITORIAL.indexOf(kindCode(ref)) >= 0; }

function keyOfText(text) {
  return "|" + LawrefSegment.units(text).map(function (r) { return r.join(""); }).join("|") + "|";
}
/* The chapter (or news section) of ref as one key per run ("|对象和内容|"), for the chapter bonus. */
function chapterKey(ref) {
  var c = CHAPTERS[CHAPTER[ref]];
  if (c.key === null) c.key = keyOfText(c.title);
  return c.key;
}

function inScope(ref) {
  if (scope.all || !scope.doc || !bySlug[scope.doc]) return true;
  var d = bySlug[scope.doc];
  return ref >= d.offset && ref < d.offset + d.count;
}

/* --- postings ------------------------------------------------------------------------------------------- */

/* Same hash as search.term_shard: the first character's code point, multiplied, modulo the shard count. */
function shardOf(term) { return (Math.imul(term.charCodeAt(0), 2654435761 | 0) >>> 0) % M.terms; }
/* Same hash as search.term_part: FNV-1a over the term's code points, modulo the parts of a split shard. */
function partOf(term, parts) {
  var h = 2166136261;
  for (var i = 0; i < term.length; i++) {
    var c = term.codePointAt(i);
    if (c > 0xFFFF) i++;
    h = Math.imul(h ^ c, 16777619) >>> 0;
  }
  return h % parts;
}
/* The file holding term's postings: its shard, or the part of it when the shard is split. */
function termFile(term) {
  var n = shardOf(term), parts = SPLIT[n];
  return "lawref_terms." + n + (parts ? "." + partOf(term, parts) : "") + ".json";
}
/* Every file of unit u's shard: a one-unit query looks up the terms that start with u. */
function unitFiles(u) {
  var n = shardOf(u), parts = SPLIT[n], out = [];
  if (!parts) return ["lawref_terms." + n + ".json"];
  for (var k = 0; k < parts; k++) out.push("lawref_terms." + n + "." + k + ".json");
  return out;
}
var NONE = { text: {}, label: {} };
function termsIn(name) { return shards[name] || NONE; }

function loadTerms(name) {
  return getFile(name).then(function (data) { shards[name] = data; });
}
/* The postings the query's runs need: a one-unit run's whole shard (its prefix terms), a longer run's bigrams,
 * and the bigrams across the runs (the whole query in order). */
function loadPostings(runs) {
  var need = {}, flat = [].concat.apply([], runs);
  runs.forEach(function (run) {
    if (run.length === 1) unitFiles(run[0]).forEach(function (f) { need[f] = true; });
    for (var k = 0; k + 1 < run.length; k++) need[termFile(run[k] + run[k + 1])] = true;
  });
  for (var k = 0; k + 1 < flat.length; k++) need[termFile(flat[k] + flat[k + 1])] = true;
  return Promise.all(Object.keys(need).sort().map(loadTerms));
}

/* {refs, w, set} of term in field: refs ascending, weights in thousandths. */
function posting(term, field) {
  var key = field + "\u0000" + term, p = postingCache[key];
  if (!p) {
    var file = termFile(term), raw = termsIn(file)[field][term], refs = [], w = [];
    if (raw) for (var i = 0, r = 0; i < raw.length; i += 2) { r += raw[i]; refs.push(r); w.push(raw[i + 1]); }
    p = { refs: refs, w: w, set: null };
    if (shards[file]) postingCache[key] = p;  /* a file not fetched (yet) is no answer to keep */
  }
  return p;
}
function has(term, field, ref) {
  var p = posting(term, field);
  if (!p.set) p.set = new Set(p.refs);
  return p.set.has(ref);
}
function exists(term) { var s = termsIn(termFile(term)); return !!(s.text[term] || s.label[term]); }
/* Documents holding a term, counted once per field (as lunr's idf counts). */
function df(term) { return posting(term, "text").refs.length + posting(term, "label").refs.length; }
/* The terms that start with unit u (u itself included): all in u's shard (in its parts, when split). */
function prefixTerms(u) {
  if (prefixCache[u]) return prefixCache[u];
  var out = {}, files = unitFiles(u);
  files.forEach(function (name) {
    var s = termsIn(name);
    FIELDS.forEach(function (f) { Object.keys(s[f]).forEach(function (t) { if (t.lastIndexOf(u, 0) === 0) out[t] = true; }); });
  });
  out = Object.keys(out).sort();
  if (files.every(function (name) { return shards[name]; })) prefixCache[u] = out;
  return out;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

/* The query's runs of units, e.g. "检查 整改工作" → [["检","查"], ["整","改","工","作"]]. */
function queryRuns(q) {
  return LawrefSegment.units(q).filter(function (r) { return r.length > 0; });
}


/* Hits [{ref, score}] of the query's runs, best first: each run's bigrams, leaving out very common ones when
 * the run has rarer ones (their idf is low and their postings long); a one-unit run as the unit (boost 2)
 * and as a prefix. The label field is searched only with terms that can be part of a citation label.
 * Score: lunr's, the query vector per field (a term's boosts summed) times the BM25 weights, over the
 * query vector's length, summed over the fields. */
function lexicalHits(runs) {
  var clauses = [];
  runs.forEach(function (run) {
    if (run.length === 1) {
      clauses.push([run[0], 2, FIELDS]);
      prefixTerms(run[0]).forEach(function (t) { clauses.push([t, 1, ["text"]]); });
      return;
    }
    var grams = [];
    for (var k = 0; k + 1 < run.length; k++) grams.push(run[k] + run[k + 1]);
    var rarest = grams.reduce(function (a, b) { return df(b) < df(a) ? b : a; });
    grams.forEach(function (g) {
      if (g === rarest || df(g) <= COMMON * M.indexed) clauses.push([g, 1, LABEL_TERM.test(g) ? FIELDS : ["text"]]);
    });
  });
  var qv = { text: {}, label: {} };
  clauses.forEach(function (c) {
    if (!exists(c[0])) return;
    c[2].forEach(function (f) { qv[f][c[0]] = (qv[f][c[0]] || 0) + c[1]; });
  });
  var touched = [];
  FIELDS.forEach(function (f) {
    var terms = Object.keys(qv[f]), norm = 0;
    terms.forEach(function (t) { norm += qv[f][t] * qv[f][t]; });
    norm = Math.sqrt(norm);
    terms.forEach(function (t) {
      var p = posting(t, f), b = qv[f][t] / norm / 1000;
      for (var i = 0; i < p.refs.length; i++) {
        var ref = p.refs[i];
        if (!inScope(ref)) continue;
        if (acc[ref] === 0) { touched.push(ref); acc[ref] = 1e-12; }
        acc[ref] += b * p.w[i];
      }
    });
  });
  var hits = touched.map(function (ref) { var h = { ref: ref, score: acc[ref] }; acc[ref] = 0; return h; });
  hits.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  return hits;
}

/* Whether the text of ref holds the units of run in order, from the postings: every bigram of the run is in
 * it (a one-unit run: the unit or a term that starts with it). */
function holds(ref, run) {
  if (run.length === 1) return prefixTerms(run[0]).some(function (t) { return has(t, "text", ref); });
  for (var k = 0; k + 1 < run.length; k++) if (!has(run[k] + run[k + 1], "text", ref)) return false;
  return true;
}

/* Spans of a text (its runs of units with their spans) matching the query: whole runs where they occur, else
 * their bigrams. */
function matchSpans(docRuns, runs) {
  var spans = [];
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

/* A window of record d's text around the first match, escaped, matches in <mark>; and the matched strings. */
function snippet(d, runs) {
  if (!d.spans) d.spans = LawrefSegment.unitSpans(d.text);  /* a record's units, segmented once */
  var text = d.text, spans = matchSpans(d.spans, runs);
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

/* A question → {q: its content words, time: whether it asks for a period}. "检查整改期限是多长时间" →
 * {q: "检查整改", time: true}; "谁负责解释本条例" → {q: "负责解释本条例", time: false}. */
function understand(q) {
  var time = false;
  var rest = q.replace(TIME_QUESTION, function () { time = true; return " "; }).replace(QUESTION_WORDS, " ");
  rest = rest.replace(/\s+/g, " ").trim();
  return { q: rest || q, time: time };
}
/* Ranked hits [{ref, score}]: lunr's BM25 score, times a phrase bonus; a citation first; the provisions that
 * define the concept asked for (targets of matching glossary terms), or that set the period a question asks
 * for (targets of matching deadlines), before the rest; editorial entries in their own groups (search()). */
function rank(q, runs, time, cited) {
  var hits = [];
  if (runs.length) {
    var whole = runs.map(function (r) { return r.join(""); });
    var flat = [].concat.apply([], runs);
    hits = lexicalHits(runs);
    hits.forEach(function (h, i) {
      if (i >= PHRASE_CHECKED) return;
      var bonus = 1, chapter = chapterKey(h.ref);
      runs.forEach(function (run, j) {
        if (whole[j].length > 1 && holds(h.ref, run)) bonus *= 2;
        if (whole[j].length > 1 && chapter.indexOf(whole[j]) >= 0) bonus *= 1.25;
      });
      if (whole.length > 1 && holds(h.ref, flat)) bonus *= 2;
      h.score *= bonus;
    });
  }
  boostAnswers(hits, runs, time);
  if (cited.length) {
    hits = hits.filter(function (h) { return cited.indexOf(h.ref) < 0; });
    var top = (hits.length ? hits[0].score : 1) * 10 + 1;
    cited.forEach(function (ref, i) { hits.push({ ref: ref, score: top - i * 1e-6 }); });
  }
  hits.sort(function (a, b) { return b.score - a.score || a.ref - b.ref; });
  return hits;
}

/* Concept and question boosts from the answers in the manifest: a glossary term whose name holds the query
 * (or is held by it) lifts its defining provision; asked about time, the deadlines sharing most of the
 * question's words lift their provision (a period in figures, 6个月, twice as much as 及时). */
var answerKeys = {};
function boostAnswers(hits, runs, time) {
  var joined = runs.map(function (r) { return r.join(""); }).join("");
  if (!joined) return;
  var grams = [];
  runs.forEach(function (r) { for (var k = 0; k + 1 < r.length; k++) grams.push(r[k] + r[k + 1]); });
  var lifts = [], best = 0, answers = [];
  M.answers.forEach(function (a) {  /* [ref, kind, title, text, ranges] */
    if (a[1] === "term") {
      var names = answerKeys[a[0]] || (answerKeys[a[0]] =
        LawrefSegment.units(a[2].replace(/[（）又作、]/g, " ")).map(function (r) { return r.join(""); }));
      if (names.some(function (n) { return n.length > 1 && (n.indexOf(joined) >= 0 || joined.indexOf(n) >= 0); })) {
        a[4].forEach(function (r) { lifts.push([r[0], r[1], CONCEPT]); });
      }
    } else if (time && grams.length) {
      // the deadlines sharing most of the question's words (at least half of its bigrams)
      var key = answerKeys[a[0]] || (answerKeys[a[0]] = keyOfText(a[3])), n = 0;
      grams.forEach(function (g) { if (key.indexOf(g) >= 0) n++; });
      var share = n / grams.length;
      if (share >= 0.5 && share >= best) {
        if (share > best) { best = share; answers = []; }
        answers.push(a);
      }
    }
  });
  answers.forEach(function (a) {
    var factor = /[0-9]/.test(a[2]) ? ANSWER * 2 : ANSWER;  // a period in figures answers "how long"
    a[4].forEach(function (r) { lifts.push([r[0], r[1], factor]); });
  });
  if (!lifts.length) return;
  hits.forEach(function (h) {
    var f = 1;
    lifts.forEach(function (l) { if (h.ref >= l[0] && h.ref <= l[1]) f = Math.max(f, l[2]); });
    if (!isEditorial(h.ref)) h.score *= f;
  });
}

/* The documents a bare citation (第三十四条) may name: the reader's document when it has articles (on its own
 * pages a bare 第X条 means it), else every document in scope that has articles. */
function citedDocs() {
  function articles(d) { return /[aA]/.test(d.kinds); }
  if (scope.doc && bySlug[scope.doc] && articles(bySlug[scope.doc])) return [scope.doc];
  return M.documents.filter(function (d) { return articles(d) && inScope(d.offset); })
    .map(function (d) { return d.doc; });
}

/* The refs of the units a typed citation names: in the document it names (《公园管理条例》第六条), else in the
 * documents of citedDocs(); a bare citation that fits several documents shows each of them first (the
 * choices). None for a document not on the site. */
function citationTargets(q) {
  if (typeof LawrefCitation === "undefined") return Promise.resolve([]);
  var p = LawrefCitation.parse(q);
  if (!p || (p.doc === null && p.title)) return Promise.resolve([]);
  var eid = LawrefCitation.toEid(p);
  if (!eid) return Promise.resolve([]);
  var slugs = (p.doc ? [p.doc] : citedDocs()).filter(function (s) { return bySlug[s] && inScope(bySlug[s].offset); });
  return Promise.all(slugs.map(function (slug) {
    return getFile("lawref_eids." + slug + ".json").then(function (e) {
      var i = e.eids.indexOf(eid);
      return i < 0 ? -1 : e.offset + i;
    });
  })).then(function (refs) { return refs.filter(function (r) { return r >= 0; }); });
}

/* The names of the runs of display records that hold refs and are not in yet, in the order of refs. */
function recordFiles(refs) {
  var need = [];
  refs.forEach(function (ref) {
    if (records[ref]) return;
    var d = docOf(ref), n = lastAtMost(d.text, ref - d.offset, function (x) { return x; });
    var name = "lawref_text." + d.doc + "." + n + ".json";
    if (need.indexOf(name) < 0) need.push(name);
  });
  return need;
}
/* The display records of refs, fetched in the runs that hold them. */
function loadRecords(refs) {
  return Promise.all(recordFiles(refs).map(loadText));
}
function loadText(name) {
  return getFile(name).then(function (data) {
    data.docs.forEach(function (r, i) {
      var ref = data.offset + i;
      if (!records[ref]) records[ref] = { eid: r[0], doc: r[1], kind: r[2], url: r[3], page: r[4], title: r[5],
        context: r[6], pageTitle: r[7], text: r[8], editorial: EDITORIAL.indexOf(KINDS_CODE[r[2]]) >= 0,
        spans: null };
    });
  });
}

/* A small library is fetched whole once the search is idle (the manifest lists it; in a larger one, postings
 * shards up to a budget), one file after another and never while a query is being answered, so that later
 * keystrokes need no request (in a larger library, one round: their records); then a small library's records
 * are segmented for their snippets, a few at a time, so that the first keystrokes do not pay for it (nor for
 * compiling that code). */
var PREFETCH_PAUSE = 300, WARM_STEP = 64;
function prefetch() {
  var todo = M.prefetch.slice();
  function step() {
    if (inflight) return setTimeout(step, PREFETCH_PAUSE);
    if (!todo.length) return warm(Object.keys(records));
    var name = todo.shift(), m = /^lawref_terms\./.test(name);
    var t = /^lawref_(?:text|eids)\.(.+?)(?:\.\d+)?\.json$/.exec(name);
    if (t && !inScope(bySlug[t[1]] ? bySlug[t[1]].offset : -1)) return step();  /* another document's records */
    return (m ? loadTerms(name) : t && name.indexOf("lawref_eids.") === 0 ? getFile(name) : loadText(name)).then(step, step);
  }
  setTimeout(step, PREFETCH_PAUSE);
}
function warm(refs) {
  refs.slice(0, WARM_STEP).forEach(function (ref) {
    var d = records[ref];
    if (!d.spans) d.spans = LawrefSegment.unitSpans(d.text);
  });
  if (refs.length > WARM_STEP) setTimeout(function () { warm(refs.slice(WARM_STEP)); }, 0);
}
var KINDS_CODE = {};
Object.keys(KINDS).forEach(function (c) { KINDS_CODE[KINDS[c]] = c; });

function parentTitle(d) {
  var context = d.editorial ? (d.context === d.pageTitle ? "编者整理" : d.context) : d.context;
  return escapeHtml(d.pageTitle) + " <span class=\"lr-search-context\">" + escapeHtml(context) + "</span>";
}


/* Material's result shape: groups [page, …sections] by page, the page (no "#") first, best group first.
 * Material renders the page as the group's heading and the sections scoring as high as it with their text. */
function search(q, t) {
  q = q.trim();
  var asked = understand(q);
  var runs = queryRuns(asked.q);
  return Promise.all([loadPostings(runs), citationTargets(q)]).then(function (r) {
    t.terms = clock();
    var hits = rank(q, runs, asked.time, r[1]);
    var groups = [], byPage = {};
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i], page = PAGE[h.ref], g = byPage[page];
      if (!g) {
        if (groups.length >= MAX_GROUPS) continue;
        g = byPage[page] = { score: h.score, parent: null, children: [], page: page, first: h.ref };
        groups.push(g);
      }
      var isPage = PAGE_KINDS.indexOf(kindCode(h.ref)) >= 0;
      if (g.children.length >= MAX_CHILDREN && !isPage) continue;
      if (isPage) g.parent = h; else g.children.push(h);
    }
    // The text first, then the editorial groups (notes, 术语表, 时限一览, 校勘记), each in score order. A group's
    // heading is its page's record when that is a page (an article), else its best hit.
    groups.forEach(function (g) {
      g.head = PAGE_KINDS.indexOf(kindCode(g.page)) >= 0 ? g.page : g.first;
      g.editorial = isEditorial(g.head);
    });
    groups = groups.filter(function (g) { return !g.editorial; }).concat(groups.filter(function (g) { return g.editorial; }));
    t.ranked = clock();
    return { groups: groups, runs: runs };
  });
}

/* The refs whose records groups show. */
function shown(groups) {
  var refs = [];
  groups.forEach(function (g) {
    refs.push(g.head);
    if (g.parent) refs.push(g.parent.ref);
    g.children.forEach(function (h) { refs.push(h.ref); });
  });
  return refs;
}

function present(groups, runs) {
  groups.forEach(function (g) { g.pageDoc = records[g.head]; });
  function item(h) {
    var d = records[h.ref], s = snippet(d, runs);
    return { location: d.url, score: h.score, terms: s.terms,
      title: d.url === d.page ? parentTitle(d) : escapeHtml(d.title), text: s.html };
  }
  return {
    items: groups.map(function (g) {
      // A page that is not itself a hit scores just below its best section, so that Material's Enter
      // (best score) opens the 款 or 项, and sections as good as the best stay in view.
      var parent = g.parent ? item(g.parent) : { location: g.pageDoc.page, terms: {}, title: parentTitle(g.pageDoc),
        text: "", score: g.score * 0.999 };
      return [parent].concat(g.children.map(item));
    })
  };
}

/* Where a query's time went, sent with its answer as data.timing (Material ignores it; tests/bench/bench_search.py
 * reads it): each stage's end in ms since the epoch (performance.timeOrigin + now, comparable with the page's
 * clock): recv (query received), ready (manifest loaded), terms (postings fetched), ranked (scored, grouped),
 * records (display records fetched), sent (rendered as Material's items, posted); the files the query had to
 * request; whether the answer is final or the first groups only. */
function clock() { return performance.timeOrigin + performance.now(); }
function timing(q, n) {
  return { q: q, n: n, recv: clock(), ready: 0, terms: 0, ranked: 0, records: 0, sent: 0, files: requested.length };
}
function post(t, data, final) {
  data.timing = { q: t.q, n: t.n, recv: t.recv, ready: t.ready, terms: t.terms, ranked: t.ranked, records: t.records,
    sent: clock(), files: requested.slice(t.files), final: final };
  self.postMessage({ type: RESULT, data: data });
}

/* Queries are answered in the order they come; an answer to a query that a newer one replaced is dropped.
 * When records must be fetched, the answer grows as they come, always the best groups first in their final
 * order and with their final scores (a group is never moved or replaced, only followed by more): the first
 * groups as soon as theirs are in, then the groups Material shows first (FIRST_GROUPS, what fits before the
 * reader scrolls), then the whole list. */
var FIRST_GROUPS = 10;
var inflight = 0;           /* queries being answered: the idle prefetch waits for none */
function answer(q) {
  var n = ++latest, t = timing(q, n);
  inflight++;
  function done() { inflight--; }
  return loaded.then(function () { t.ready = clock(); return search(q, t); }).then(function (r) {
    if (n !== latest) return null;
    var posted = 0;
    /* How many groups from the first have all their records in. */
    function ready() {
      var k = 0;
      while (k < r.groups.length && shown([r.groups[k]]).every(function (ref) { return records[ref]; })) k++;
      return k;
    }
    function grow(limit) {
      var all = ready(), k = Math.min(all, limit);
      if (n !== latest || k <= posted || all >= r.groups.length) return;  /* else the whole list follows now */
      posted = k;
      t.records = clock();
      post(t, present(r.groups.slice(0, k), r.runs), false);
    }
    var first = shown(r.groups.slice(0, FIRST_GROUPS));
    return Promise.all(recordFiles(first).map(function (name) {
      return loadText(name).then(function () { if (posted === 0) grow(FIRST_GROUPS); });
    })).then(function () {
      grow(FIRST_GROUPS);
      return loadRecords(shown(r.groups));
    }).then(function () {
      if (n === latest) { t.records = clock(); post(t, present(r.groups, r.runs), true); }
    });
  }).then(done, function (e) { done(); throw e; });
}

var lastQuery = null;
self.addEventListener("message", function (ev) {
  var msg = ev.data;
  if (msg.type === SETUP) {
    resolveSetup();
    loaded.then(function () { self.postMessage({ type: READY }); prefetch(); });
  } else if (msg.type === QUERY) {
    lastQuery = msg.data;
    answer(msg.data);
  } else if (msg.type === "lawref-scope") {
    var changed = scope.doc !== (msg.doc || null) || scope.all !== (msg.all !== false);
    scope.doc = msg.doc || null;
    scope.all = msg.all !== false;
    if (changed && lastQuery !== null) setupSeen.then(function () { answer(lastQuery); });
  }
});
})(typeof window === "object" && window.LawrefSearchHost ? window.LawrefSearchHost : self,
   typeof window === "object" && window.LawrefSearchHost ? function () {} : importScripts);
