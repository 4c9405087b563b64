/* lawref-resolver: resolve a typed citation with the addresses of only the documents it can name, not with one
 * file of every address in the library. The library-wide part is small (assets/lawref-articles.js, loaded by
 * library() when a citation is resolved, not on every page: each document's slug, address and article numbers as
 * runs, "1-9,10_1,11-53"); each document's addresses are a script of their own, data/{slug}/permalinks.js
 * (LawrefPermalinksOf[slug] = its entries of permalinks.json), loaded on demand:
 *   《title》第X条 or 第X条 on a document's own pages → that document only;
 *   a bare 第X条 elsewhere that several documents have → nothing: the answer is "ambiguous" with each document's
 *     article as a choice, made from the runs (its address is {document's url}{art_N}/; no heading);
 *   a bare 第X条第Y款 (项, 目) elsewhere that several documents could mean → the shapes of the articles numbered X
 *     (assets/lawref-shapes/X.js: each document's 款, 项 and 目 by number, no text), which tell which documents
 *     have the unit: when several do, the answer is "ambiguous" with their units as choices, made from the shapes
 *     (no heading); when one does, that document only; when none does, the first document with articles (whose
 *     answer is the one given then; also for a bare 第X条 that one or no document has). A shape the file does not
 *     give (null) makes the resolver load the documents that have the article, as it would without shapes;
 *   a citation of a document not on the site, or no citation at all → nothing;
 *   a bare container elsewhere (第四章, 第一编 on /go/) → every document with articles (rare; correct before small).
 * The answer is the one LawrefCitation.resolve gives with every address, but for the heading of choices made
 * from the runs (tests/test_resolver_loading.py compares status, entry, message, each choice's id, address, label
 * and lacuna flag on generated citations under node; the browser tests record which files a page fetches).
 * Used by the resolver page (/go/), the 404 page and the search worker (importScripts); the linking widget loads
 * the same per-document scripts with its own clobber-proof loader. Plain UMD-style script, no build step.
 * Exposes LawrefResolver on window / self / module.exports. */
(function (root, factory) {
  var api = factory(root);
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) root.LawrefResolver = api;
})(typeof self !== "undefined" ? self : (typeof globalThis !== "undefined" ? globalThis : this), function (root) {
  "use strict";
  var has = Object.prototype.hasOwnProperty;
  var KINDS = { 1: "paragraph", 2: "item", 3: "point" };

  /** Site-relative address of a document's permalinks script (publish/exports.py: permalinks_script_path). */
  function path(slug) { return "data/" + encodeURIComponent(slug) + "/permalinks.js"; }

  /** "1-9,10_1,11" → {runs: [[1, 9], [11, 11]], inserted: {"10_1": true}}. */
  function articleSet(text) {
    var runs = [], inserted = {};
    String(text || "").split(",").forEach(function (part) {
      if (!part) return;
      if (part.indexOf("_") >= 0) { inserted[part] = true; return; }
      var ab = part.split("-"), a = parseInt(ab[0], 10), b = ab.length > 1 ? parseInt(ab[1], 10) : a;
      if (a >= 1 && b >= a) runs.push([a, b]);
    });
    return { runs: runs, inserted: inserted };
  }

  function hasArticle(set, num, sub) {
    if (sub) return has.call(set.inserted, num + "_" + sub);
    for (var i = 0; i < set.runs.length; i++) if (set.runs[i][0] <= num && num <= set.runs[i][1]) return true;
    return false;
  }

  /** The entries LawrefPermalinksOf holds for ``slug`` (an array), or null: checked for their shape, since a page
   * element named LawrefPermalinksOf is no such object. */
  function loaded(slug) {
    var r = root && root.LawrefPermalinksOf;
    if (!r || typeof r !== "object" || Object.getPrototypeOf(r) !== Object.prototype) return null;
    return has.call(r, slug) && Array.isArray(r[slug]) ? r[slug] : null;
  }

  /** Site-relative address of the shapes of the articles numbered ``num`` (publish/exports.py: shapes_path). */
  function shapesPath(num) { return "assets/lawref-shapes/" + num + ".js"; }

  /** What LawrefShapes holds for article number ``num`` ({article id: {slug: shape}}), or null (checked for its
   * shape, as loaded() is). */
  function shapesLoaded(num) {
    var r = root && root.LawrefShapes;
    if (!r || typeof r !== "object" || Object.getPrototypeOf(r) !== Object.prototype) return null;
    var v = has.call(r, String(num)) ? r[String(num)] : null;
    return v && typeof v === "object" ? v : null;
  }

  /** Site-relative address of the documents' article runs (publish/exports.py: ARTICLES_SCRIPT). */
  var ARTICLES = "assets/lawref-articles.js";

  /** The documents' article runs LawrefArticles holds (an array), or null (a page element of that name is not). */
  function articlesLoaded() {
    var a = root && root.LawrefArticles;
    return Array.isArray(a) ? a : null;
  }

  /** Load a script from ``url`` (a <script> tag, or importScripts in a worker); Promise of ``got()``, which must
   * be non-null once it has run. */
  function loadScript(url, got, name) {
    if (typeof document === "undefined" && typeof importScripts === "function") {
      return new Promise(function (resolve, reject) {
        importScripts(url);  // eslint-disable-line no-undef
        var v = got();
        if (v) resolve(v); else reject(new Error(name + " defined nothing"));
      });
    }
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.onload = function () { var v = got(); if (v) resolve(v); else reject(new Error(name + " defined nothing")); };
      s.onerror = function () { reject(new Error(name + " did not load")); };
      (document.head || document.documentElement).appendChild(s);
    });
  }

  var libraryPromise = null;

  /** Promise of the documents ``create`` takes (LawrefArticles: slug, url, articles, lacunae, in site order),
   * from ``base`` (the site root's absolute URL); loaded once, when the first citation is resolved. */
  function library(base) {
    var have = articlesLoaded();
    if (have) return Promise.resolve(have);
    if (!libraryPromise) {
      libraryPromise = loadScript(new URL(ARTICLES, base).href, articlesLoaded, ARTICLES)
        .then(null, function (err) { libraryPromise = null; throw err; });
    }
    return libraryPromise;
  }

  /** A loader for pages and workers: slug → Promise of its entries, from ``base`` (the site root's absolute URL)
   * with a <script> tag (or importScripts in a worker). Same origin as the page: no CORS, CSP 'self'. */
  function scriptLoader(base) {
    return function (slug) {
      var have = loaded(slug);
      if (have) return Promise.resolve(have);
      return loadScript(new URL(path(slug), base).href, function () { return loaded(slug); }, path(slug));
    };
  }

  /** A loader of article shapes for pages and workers: article number → Promise of its shapes, from ``base``. */
  function shapeLoader(base) {
    return function (num) {
      var have = shapesLoaded(num);
      if (have) return Promise.resolve(have);
      return loadScript(new URL(shapesPath(num), base).href, function () { return shapesLoaded(num); }, shapesPath(num));
    };
  }

  /**
   * A resolver over ``documents`` (library(): slug, url, articles, lacunae) with LawrefCitation ``C`` and
   * ``load`` (slug → Promise of that document's permalink entries; each is loaded once) and, optionally,
   * ``loadShapes`` (article number → Promise of its shapes, shapeLoader(); without it a bare 第X条第Y款 loads the
   * documents that have the article).
   *   needs(text, context) → the slugs whose addresses resolving ``text`` needs, in site order;
   *   entries(slugs) → Promise of their entries, concatenated in site order;
   *   resolve(text, context) → Promise of C.resolve's answer.
   */
  function create(C, documents, load, loadShapes) {
    var order = {}, sets = {}, lacunae = {}, urls = {}, cited = [];
    documents.forEach(function (d, i) {
      order[d.slug] = i;
      sets[d.slug] = articleSet(d.articles);
      lacunae[d.slug] = articleSet(d.lacunae);
      urls[d.slug] = d.url;
      if (d.articles) cited.push(d.slug);
    });
    var cache = {}, shapeCache = {};

    function known(slug) { return typeof slug === "string" && has.call(order, slug); }

    /** The slugs resolving a parsed citation (C.parse) needs, as C.resolveParsed reads them. */
    function needsParsed(p, context) {
      if (p.doc === null && p.title !== null && p.title !== undefined) return [];  // a document not on the site
      if (p.doc !== null && p.doc !== undefined) return known(p.doc) ? [p.doc] : [];
      if (known(context)) return [context];
      if (p.article === 0) return cited.slice();  // a bare 第四章, 第一编 elsewhere: every document with articles
      var out = having(p);
      if (out.length > 1 && articleOnly(p)) return [];  // ambiguous: the choices are made from the runs
      if (cited.length && out.indexOf(cited[0]) < 0) out.unshift(cited[0]);
      return out;
    }

    function having(p) { return cited.filter(function (s) { return hasArticle(sets[s], p.article, p.sub || 0); }); }

    function articleOnly(p) {
      return p.article > 0 && [p.para, p.item, p.point].every(function (x) { return x === null || x === undefined; });
    }

    /** The permalink entries of article ``p`` in the documents ``slugs``, made from the runs (no heading). */
    function articleEntries(p, slugs) {
      var eid = C.toEid(p), label = C.label(p);
      return slugs.map(function (s) {
        return { doc: s, id: eid, kind: "article", url: urls[s] + eid + "/", label: label, heading: "",
          missing: hasArticle(lacunae[s], p.article, p.sub || 0) };
      });
    }

    /** The entries of article ``artEid`` of ``slug`` rebuilt from its ``shape`` ("1 2 2.1 2.1.1"; no heading). */
    function shapeEntries(slug, artEid, shape, p) {
      var sub = p.sub || 0, url = urls[slug] + artEid + "/";
      var out = [{ doc: slug, id: artEid, kind: "article", url: url, heading: "",
        label: C.label({ article: p.article, sub: sub, para: null, item: null, point: null }),
        missing: hasArticle(lacunae[slug], p.article, sub) }];
      (shape ? shape.split(" ") : []).forEach(function (part) {
        var n = part.split(".").map(function (x) { return parseInt(x, 10); });
        var q = { article: p.article, sub: sub, para: n[0], item: n.length > 1 ? n[1] : null,
          point: n.length > 2 ? n[2] : null };
        var id = C.toEid(q);
        out.push({ doc: slug, id: id, kind: KINDS[n.length], url: url + "#" + id, heading: "", label: C.label(q),
          missing: false });
      });
      return out;
    }

    function shapesOf(num) {
      if (!has.call(shapeCache, num)) {
        shapeCache[num] = loadShapes(num).then(null, function (err) { delete shapeCache[num]; throw err; });
      }
      return shapeCache[num];
    }

    /** A bare 款, 项 or 目 of an article that the documents ``have`` all have: the answer from their shapes when
     * several have the unit; otherwise from the entries of the one that has it, or of the first document with
     * articles (as C.resolve gives it with every address); null when a shape is not given. */
    function fromShapes(text, p, have, context) {
      var artEid = "art_" + p.article + (p.sub ? "_" + p.sub : "");
      return shapesOf(p.article).then(function (shapes) {
        var of = shapes && has.call(shapes, artEid) ? shapes[artEid] : null, parts = [], hits = [];
        for (var i = 0; i < have.length; i++) {
          if (!of || !has.call(of, have[i]) || typeof of[have[i]] !== "string") return null;
          parts.push(shapeEntries(have[i], artEid, of[have[i]], p));
          if (C.resolveParsed(p, parts[i], context).status === "ok") hits.push(have[i]);
        }
        if (hits.length > 1) return C.resolveParsed(p, [].concat.apply([], parts), context);
        return entries(hits.length ? hits : cited.slice(0, 1)).then(function (list) {
          return C.resolve(text, list, context);
        });
      });
    }

    /** The slugs resolving ``text`` needs: none when it is no citation (C.resolve answers without addresses). */
    function needs(text, context) {
      var p = text === null || text === undefined ? null : C.parse(text);
      return p ? needsParsed(p, context) : [];
    }

    function loadOne(slug) {
      if (!has.call(cache, slug)) {
        cache[slug] = load(slug).then(null, function (err) { delete cache[slug]; throw err; });
      }
      return cache[slug];
    }

    function entries(slugs) {
      var list = slugs.filter(known).sort(function (a, b) { return order[a] - order[b]; });
      return Promise.all(list.map(loadOne)).then(function (parts) { return [].concat.apply([], parts); });
    }

    function resolve(text, context) {
      context = context || null;
      var p = text === null || text === undefined ? null : C.parse(text);
      var whole = function () {
        return entries(needs(text, context)).then(function (list) { return C.resolve(text, list, context); });
      };
      if (p && !p.doc && !p.title && !known(context) && p.article > 0) {
        var have = having(p);
        if (have.length > 1 && articleOnly(p)) return Promise.resolve(C.resolveParsed(p, articleEntries(p, have), context));
        if (have.length > 1 && loadShapes) {
          return fromShapes(text, p, have, context).then(function (r) { return r || whole(); });
        }
      }
      return whole();
    }

    return { needs: needs, needsParsed: needsParsed, entries: entries, resolve: resolve };
  }

  return { create: create, library: library, scriptLoader: scriptLoader, shapeLoader: shapeLoader,
    shapesPath: shapesPath, path: path, articlesPath: ARTICLES,
    articleSet: articleSet, hasArticle: hasArticle, loaded: loaded };
});
