/* lawref-citation: the citation grammar in the browser, shared by the resolver page (/go/), the 404 page,
 * the search box (in its Web Worker via importScripts), the copy control and the linking widget.
 * The grammar itself (pattern sources, numeral tables, the documents' titles and aliases) is not written here:
 * it comes from assets/lawref-grammar.js (LawrefGrammar), generated at build time by build/lawref/cite/grammar.py,
 * which must be loaded first. build/lawref/cite/resolve.py is the Python side; a property test runs both on the same
 * generated citations (tests/test_citation_parity.py). Plain UMD-style script: no modules, no build step.
 * Exposes LawrefCitation on window / self / module.exports. */
(function (root, factory) {
  var api = factory(root && root.LawrefGrammar ? root.LawrefGrammar :
    (typeof LawrefGrammar !== "undefined" ? LawrefGrammar : null));  // eslint-disable-line no-undef
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) root.LawrefCitation = api;
})(typeof self !== "undefined" ? self : (typeof globalThis !== "undefined" ? globalThis : this), function (G) {
  "use strict";
  if (!G) throw new Error("lawref-citation.js needs assets/lawref-grammar.js loaded first");

  var DIGIT = G.numerals.digits, UNIT = G.numerals.units, DIGITS_CN = G.numerals.canonical;
  var P = G.patterns, DOCS = G.documents, OUTSIDE = G.outside;
  var has = Object.prototype.hasOwnProperty;
  var MAX_NUMBER = G.numerals.max;  // the numeral codec's range: 第12345条 is no citation

  /** Value of a Chinese numeral (二十三, 一百零五, 一〇五) or Arabic digits (23, ２３); null if malformed. */
  function parseNumber(text) {
    if (!text) return null;
    text = toHalfWidth(text);
    if (/^[0-9]+$/.test(text)) { var a = parseInt(text, 10); return a > MAX_NUMBER ? null : a; }
    var i, c;
    var allDigits = true;
    for (i = 0; i < text.length; i++) if (!has.call(DIGIT, text[i])) allDigits = false;
    if (allDigits) {
      var v = 0;
      for (i = 0; i < text.length; i++) v = v * 10 + DIGIT[text[i]];
      return v > 9999 ? null : v;
    }
    var total = 0, pending = null, lastUnit = 10000;
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (has.call(DIGIT, c)) {
        if (pending !== null && pending !== 0) return null;
        pending = DIGIT[c];
      } else if (has.call(UNIT, c)) {
        var unit = UNIT[c];
        if (unit >= lastUnit) return null;
        if (pending === 0 && total !== 0) return null;
        var d = (pending === null || (pending === 0 && total === 0)) ? 1 : pending;
        total += d * unit;
        lastUnit = unit;
        pending = null;
      } else {
        return null;
      }
    }
    if (pending) total += pending;
    return total;
  }

  /** 23 → 二十三, 105 → 一百零五, 12 → 十二 (as statutes print them). */
  function toNumeral(n) {
    if (n === 0) return "零";
    var parts = [], zero = false, units = [[1000, "千"], [100, "百"], [10, "十"], [1, ""]];
    for (var k = 0; k < units.length; k++) {
      var d = Math.floor(n / units[k][0]) % 10;
      if (d === 0) { if (parts.length) zero = true; continue; }
      if (zero) { parts.push("零"); zero = false; }
      if (!(units[k][0] === 10 && d === 1 && !parts.length)) parts.push(DIGITS_CN[d]);
      parts.push(units[k][1]);
    }
    return parts.join("");
  }

  function toHalfWidth(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) out += has.call(G.half_width, s[i]) ? G.half_width[s[i]] : s[i];
    return out;
  }

  var SPACE_RE = new RegExp(P.space, "g"), TRAILING_RE = new RegExp(P.trailing), SUFFIX_RE = new RegExp(P.title_suffix);
  function normalise(text) {
    return toHalfWidth(String(text)).replace(SPACE_RE, "").replace(TRAILING_RE, "");
  }

  var FULL_RE = new RegExp(P.full), DOTTED_RE = new RegExp(P.dotted), EID_RE = new RegExp(P.eid);
  var CHAPTER_RE = new RegExp(P.chapter);  // containers: 第一编第二章第三节, book_1__chp_2, chp_4

  /** The document a title names (an edition in brackets ignored), or null: an outside document. */
  function findDoc(title) {
    var base = title.replace(SUFFIX_RE, "");
    for (var i = 0; i < DOCS.length; i++) if (DOCS[i].aliases.indexOf(base) >= 0) return DOCS[i];
    return null;
  }
  function docBySlug(slug) {
    for (var i = 0; i < DOCS.length; i++) if (DOCS[i].slug === slug) return DOCS[i];
    return null;
  }
  function titleOf(slug) { var d = docBySlug(slug); return d ? d.title : slug; }
  function outsideUrl(title) {
    var base = title.replace(SUFFIX_RE, "");
    for (var i = 0; i < OUTSIDE.length; i++) if (OUTSIDE[i].title === title || OUTSIDE[i].title === base) return OUTSIDE[i].url;
    return "";
  }

  function docOf(named, bare) {
    var d;
    if (named !== undefined) { d = findDoc(named); return d ? { doc: d.slug, title: null } : { doc: null, title: named }; }
    if (bare !== undefined) { d = findDoc(bare); return { doc: d ? d.slug : null, title: null }; }
    return { doc: null, title: null };
  }

  function num(s) { return s === undefined ? null : parseNumber(s); }

  function citationOf(art, sub, para, item, d, point, book, part, chapter, section) {
    return { article: art, sub: sub, para: para, item: item, doc: d.doc, title: d.title,
      point: point === undefined ? null : point, book: book === undefined ? null : book,
      part: part === undefined ? null : part, chapter: chapter === undefined ? null : chapter,
      section: section === undefined ? null : section };
  }

  function build(art, sub, para, item, d, point) {
    if (point === undefined) point = null;
    if (art === null || art < 1) return null;
    if (sub === null) sub = 0;
    if (para !== null && para < 1) return null;
    if (item !== null && item < 1) return null;
    if (point !== null && point < 1) return null;
    if (art > MAX_NUMBER || sub > MAX_NUMBER || para > MAX_NUMBER || item > MAX_NUMBER || point > MAX_NUMBER) return null;
    if (point !== null && item === null) return null;
    return citationOf(art, sub, para, item, d, point);
  }

  /** A container citation (编, 分编, 章, 节; article 0) if the levels make one, else null. */
  function container(book, part, chapter, section, d) {
    if (book === null && chapter === null) return null;
    if ((part !== null && book === null) || (section !== null && chapter === null)) return null;
    var all = [book, part, chapter, section];
    for (var i = 0; i < all.length; i++) if (all[i] !== null && (all[i] < 1 || all[i] > MAX_NUMBER)) return null;
    return citationOf(0, 0, null, null, d, null, book, part, chapter, section);
  }

  /** Each group parsed by fn (undefined → null); null when one does not parse. */
  function numbers(groups, fn) {
    var out = [];
    for (var i = 0; i < groups.length; i++) {
      if (groups[i] === undefined) { out.push(null); continue; }
      var v = fn(groups[i]);
      if (v === null) return null;
      out.push(v);
    }
    return out;
  }
  function intOf(s) { return s.length > 100 ? null : parseInt(s, 10); }

  /**
   * Parse a whole string as one citation; null if it is none.
   * parse("第二十三条第一款第（三）项") → {article: 23, sub: 0, para: 1, item: 3, doc: null, title: null};
   * doc is the slug of the site's document it names, title the name of an outside document.
   */
  function parse(text) {
    if (text === null || text === undefined) return null;
    var s = normalise(text);
    if (!s) return null;
    var m = CHAPTER_RE.exec(s), v;
    if (m) {
      var cn = numbers(m.slice(4, 8), parseNumber), ids = numbers(m.slice(8, 14), intOf);
      if (cn === null || ids === null) return null;
      var lv = cn.some(function (x) { return x !== null; }) ? cn :
        (ids[0] !== null ? ids.slice(0, 4) : [null, null, ids[4], ids[5]]);
      return container(lv[0], lv[1], lv[2], lv[3], docOf(m[1], m[2]));
    }
    m = FULL_RE.exec(s);
    if (m) {
      v = numbers(m.slice(4, 9), parseNumber);
      if (v === null) return null;
      return build(v[0], v[1], v[2], v[3], docOf(m[1], m[2]), v[4]);
    }
    m = DOTTED_RE.exec(s);
    if (m) {
      return build(parseInt(m[4], 10), 0, m[5] === undefined ? null : parseInt(m[5], 10),
        m[6] === undefined ? null : parseInt(m[6], 10), docOf(m[1], m[2]));
    }
    m = EID_RE.exec(s);
    if (m) {
      v = numbers(m.slice(1, 6), intOf);
      if (v === null) return null;
      return build(v[0], v[1], v[2], v[3], { doc: null, title: null }, v[4]);
    }
    return null;
  }

  function isOutside(p) { return p.doc === null && p.title !== null && p.title !== undefined; }

  /** art_23__para_1__item_3; null when an item is given without its 款 (resolve() decides that case). */
  function given(x) { return x !== null && x !== undefined; }

  function toEid(p) {
    if (!p) return null;
    if (p.article === 0) {
      if (!given(p.chapter)) return "book_" + p.book + (given(p.part) ? "__part_" + p.part : "");
      return (given(p.book) ? "book_" + p.book + "__" : "") + "chp_" + p.chapter + (given(p.section) ? "__sec_" + p.section : "");
    }
    var eid = "art_" + p.article + (p.sub ? "_" + p.sub : "");
    if (given(p.para)) {
      eid += "__para_" + p.para;
      if (given(p.item)) {
        eid += "__item_" + p.item;
        if (given(p.point)) eid += "__point_" + p.point;
      }
    } else if (given(p.item)) {
      return null;
    }
    return eid;
  }

  function articleLabel(p) { return "第" + toNumeral(p.article) + "条" + (p.sub ? "之" + toNumeral(p.sub) : ""); }

  /** 第二十三条第一款第（三）项 for a parsed citation (the label permalinks.json prints). */
  function label(p) {
    if (p.article === 0) {
      return [[p.book, "编"], [p.part, "分编"], [p.chapter, "章"], [p.section, "节"]].filter(function (x) { return given(x[0]); })
        .map(function (x) { return "第" + cn(x[0]) + x[1]; }).join("");
    }
    var s = articleLabel(p);
    if (given(p.para)) s += "第" + cn(p.para) + "款";
    if (given(p.item)) s += "第（" + cn(p.item) + "）项";
    if (given(p.point)) s += "第" + p.point + "目";  // 目 are numbered 1．2． in print, and cited so
    return s;
  }
  /** The numeral of n, or its digits beyond 9999 (as resolve.py's _cn). */
  function cn(n) { return n >= 0 && n <= 9999 ? toNumeral(n) : String(n); }

  /** permalinks.json indexed by document: {docs: {slug: {slug, title, byId, articles}}, cited: [docs with articles]}. */
  var indexCache = { list: null, index: null };
  function indexOf(permalinks) {
    if (indexCache.list === permalinks) return indexCache.index;
    var docs = {}, order = [];
    for (var i = 0; i < permalinks.length; i++) {
      var e = permalinks[i], d = docs[e.doc];
      if (!d) { d = docs[e.doc] = { slug: e.doc, title: titleOf(e.doc), byId: {}, articles: [] }; order.push(d); }
      d.byId[e.id] = e;
      if (e.kind === "article") d.articles.push(e);
    }
    var index = { docs: docs, cited: order.filter(function (d) { return d.articles.length > 0; }) };
    indexCache = { list: permalinks, index: index };
    return index;
  }

  function lastNum(id) { var m = /_([0-9]+)$/.exec(id); return m ? parseInt(m[1], 10) : 0; }
  function artNum(id) { var m = /^art_([0-9]+)(?:_([0-9]+))?/.exec(id); return m ? parseInt(m[1], 10) + (m[2] ? parseInt(m[2], 10) / 100 : 0) : 0; }

  function nearest(list, target, key, n) {
    return list.slice().sort(function (a, b) {
      var da = Math.abs(key(a) - target), db = Math.abs(key(b) - target);
      return da !== db ? da - db : key(a) - key(b);
    }).slice(0, n).sort(function (a, b) { return key(a) - key(b); });
  }

  function children(byId, prefix, kind) {
    var out = [];
    for (var id in byId) {
      if (has.call(byId, id) && byId[id].kind === kind && id.indexOf(prefix + "__") === 0 &&
          id.slice(prefix.length + 2).indexOf("__") < 0) out.push(byId[id]);
    }
    return out.sort(function (a, b) { return lastNum(a.id) - lastNum(b.id); });
  }

  function result(status, entry, candidates, message, url) {
    return { status: status, entry: entry, candidates: candidates, message: message, url: url || "" };
  }

  function outside(title) {
    var url = outsideUrl(title);
    return result("outside", null, [], "《" + title + "》不是本站收录的文件" + (url ? "；编者为它指定的地址是 " + url + "。" : "，无法链接。"), url);
  }

  /**
   * Resolve a parsed citation against permalinks.json's entries; context is the slug of the document whose pages
   * it was typed on (or null). Result: {status: "ok"|"ambiguous"|"not_found"|"outside"|"not_citation", entry,
   * candidates, message, url}.
   */
  function resolveParsed(p, permalinks, context) {
    if (!p) return result("not_citation", null, [], "不是可识别的条款引用。");
    if (isOutside(p)) return outside(p.title);
    if (p.article === 0) return resolveContainer(p, permalinks, context);
    var ix = indexOf(permalinks);
    var slug = p.doc || (context && has.call(ix.docs, context) ? context : null);
    if (slug !== null) {
      var d = has.call(ix.docs, slug) ? ix.docs[slug] : null;
      if (!d || !d.articles.length) return result("not_found", null, [], "《" + titleOf(slug) + "》没有条款可以引用。");
      return resolveIn(p, d);
    }
    if (!ix.cited.length) return result("not_found", null, [], "本站没有分条的文件。");
    var results = ix.cited.map(function (doc) { return resolveIn(p, doc); });
    if (results.length === 1) return results[0];
    var hits = [], names = [];
    for (var i = 0; i < results.length; i++) {
      if (results[i].status === "ok") { hits.push(results[i].entry); names.push("《" + ix.cited[i].title + "》"); }
    }
    if (hits.length === 1) return result("ok", hits[0], [], results[results.map(function (r) { return r.status; }).indexOf("ok")].message);
    if (hits.length) {
      var lab = label(p);
      return result("ambiguous", null, hits, lab + "见于" + hits.length + "部文件：" + names.join("、") +
        "，请写明是哪一部（例如" + names[0] + lab + "）。");
    }
    return results[0];
  }

  function resolveIn(p, d) {
    var byId = d.byId;
    var artEid = "art_" + p.article + (p.sub ? "_" + p.sub : "");
    var art = has.call(byId, artEid) ? byId[artEid] : null;
    var artLabel = articleLabel(p);
    if (!art) {
      var first = d.articles[0], last = d.articles[d.articles.length - 1];
      var range = d.articles.length ? "（共" + d.articles.length + "条，" + first.label + "至" + last.label + "）" : "";
      return result("not_found", null, nearest(d.articles, p.article + p.sub / 100, function (e) { return artNum(e.id); }, 3),
        "《" + d.title + "》没有" + artLabel + range + "。");
    }
    var hasPara = p.para !== null && p.para !== undefined, hasItem = p.item !== null && p.item !== undefined;
    if (!hasPara && !hasItem) {
      return result("ok", art, [], art.missing ? art.label + "：来源缺这一条，页面说明缺失原因。" : art.label + "。");
    }
    if (art.missing) {
      return result("not_found", null, [art], "来源缺" + art.label + "，无法定位它的款、项；可以打开" + art.label + "的页面。");
    }
    var paras = children(byId, artEid, "paragraph");
    if (!hasPara) {
      var hits = [], all = [];
      for (var i = 0; i < paras.length; i++) {
        var items = children(byId, paras[i].id, "item");
        all = all.concat(items);
        for (var j = 0; j < items.length; j++) if (lastNum(items[j].id) === p.item) hits.push(items[j]);
      }
      if (hits.length === 1) {
        if (given(p.point)) return pointIn(p.point, hits[0], d);
        return result("ok", hits[0], [], hits[0].label + "（" + artLabel + "只有一款列有第（" + toNumeral(p.item) + "）项）。");
      }
      if (hits.length > 1) {
        return result("ambiguous", null, hits, artLabel + "有" + hits.length + "款都列有第（" + toNumeral(p.item) + "）项，请指明第几款。");
      }
      return result("not_found", null, all.length ? nearest(all, p.item, function (e) { return lastNum(e.id); }, 3) : [art],
        artLabel + (all.length ? "没有第（" + toNumeral(p.item) + "）项。" : "没有分项。"));
    }
    var paraEid = artEid + "__para_" + p.para, para = has.call(byId, paraEid) ? byId[paraEid] : null;
    if (!para) {
      return result("not_found", null, [art].concat(nearest(paras, p.para, function (e) { return lastNum(e.id); }, 3)),
        artLabel + "只有" + toNumeral(paras.length) + "款，没有第" + toNumeral(p.para) + "款。");
    }
    if (!hasItem) return result("ok", para, [], para.label + "。");
    var itemEid = paraEid + "__item_" + p.item, item = has.call(byId, itemEid) ? byId[itemEid] : null;
    if (item) return given(p.point) ? pointIn(p.point, item, d) : result("ok", item, [], item.label + "。");
    var its = children(byId, paraEid, "item");
    return result("not_found", null, its.length ? nearest(its, p.item, function (e) { return lastNum(e.id); }, 3) : [para],
      para.label + (its.length ? "只有" + toNumeral(its.length) + "项，没有第（" + toNumeral(p.item) + "）项。" : "没有分项。"));
  }

  /** 第N目 of the 项 entry item (as resolve.py's _point_in). */
  function pointIn(n, item, d) {
    var id = item.id + "__point_" + n;
    if (has.call(d.byId, id)) return result("ok", d.byId[id], [], d.byId[id].label + "。");
    var points = children(d.byId, item.id, "point");
    return result("not_found", null, points.length ? nearest(points, n, function (e) { return lastNum(e.id); }, 3) : [item],
      item.label + (points.length ? "只有" + cn(points.length) + "目，没有第" + cn(n) + "目。" : "没有分目。"));
  }

  var CONTAINER_KINDS = ["book", "part", "chapter", "chapter_section"];

  /** 第四章, 第一编第二章第三节, book_1, chp_4 … → the container (as resolve.py's _resolve_container): a 章 cited
   * without its 编 where chapters restart in each 编 means each 编's chapter of that number. */
  function resolveContainer(p, permalinks, context) {
    var ix = indexOf(permalinks);
    var slug = p.doc || (context && has.call(ix.docs, context) ? context : null);
    var docs = slug !== null && has.call(ix.docs, slug) ? [ix.docs[slug]] : ix.cited;
    if (!docs.length) return result("not_found", null, [], "本站没有分章的文件。");
    var eid = toEid(p), lab = label(p), hits = [];
    var under = new RegExp("^book_[0-9]+__" + eid + "$");
    docs.forEach(function (doc) {
      if (has.call(doc.byId, eid)) { hits.push(doc.byId[eid]); return; }
      if (given(p.book)) return;
      var more = [];
      for (var id in doc.byId) {
        if (has.call(doc.byId, id) && CONTAINER_KINDS.indexOf(doc.byId[id].kind) >= 0 && under.test(id)) more.push(doc.byId[id]);
      }
      more.sort(function (a, b) { return lastNum(a.id.split("__")[0]) - lastNum(b.id.split("__")[0]); });
      hits = hits.concat(more);
    });
    if (hits.length === 1) return result("ok", hits[0], [], hits[0].heading + "。");
    if (hits.length) {
      var named = [];
      hits.forEach(function (h) { if (named.indexOf(h.doc) < 0) named.push(h.doc); });
      if (named.length > 1) {
        return result("ambiguous", null, hits, lab + "见于" + named.length + "部文件：" +
          named.map(function (n) { return "《" + titleOf(n) + "》"; }).join("、") + "，请写明是哪一部。");
      }
      return result("ambiguous", null, hits, "《" + titleOf(named[0]) + "》有" + hits.length + "个" + lab + "：" +
        hits.map(function (h) { return h.label; }).join("、") + "，请写明第几编。");
    }
    var first = docs[0];
    var kind = given(p.section) ? "chapter_section" : given(p.chapter) ? "chapter" : given(p.part) ? "part" : "book";
    var target = { book: p.book, part: p.part, chapter: p.chapter, chapter_section: p.section }[kind] || 0;
    var same = [];
    for (var id in first.byId) if (has.call(first.byId, id) && first.byId[id].kind === kind) same.push(first.byId[id]);
    same.sort(function (a, b) { return lastNum(a.id) - lastNum(b.id); });
    var near = nearest(same, target, function (e) { return lastNum(e.id); }, 3);
    if (kind === "chapter" && !given(p.book)) {
      return result("not_found", null, near, "《" + first.title + "》没有第" + toNumeral(target) + "章（共" + toNumeral(same.length) + "章）。");
    }
    return result("not_found", null, near, "《" + first.title + "》没有" + lab + "。");
  }

  /** resolve("第二十三条第一款第三项", permalinks, context).entry.url === "<slug>/art_23/#art_23__para_1__item_3" */
  function resolve(text, permalinks, context) {
    context = context || null;
    var p = parse(text);
    if (!p) {
      return result("not_citation", null, [],
        "“" + String(text || "").trim() + "”不是可识别的条款引用（例如：第二十三条第一款第（三）项、23.1.3、art_23__para_1）。");
    }
    return resolveParsed(p, permalinks, context);
  }

  // ---- Scanning running text (autolinker, linking widget) ----
  var SCAN_RE = new RegExp(P.scan, "g");
  var ATTACH_GAP = new RegExp(P.attach_gap), CHAIN_GAP = new RegExp(P.chain_gap);
  var PARA_ITEM_RE = new RegExp(P.para_item), ITEM_RE = new RegExp(P.item);
  var UNKNOWN = "?";

  /** A fresh scanning context: which document 本条例 refers to (null until a title is seen). */
  function newContext() { return { doc: null, title: null, carry: null }; }

  function keyOf(title) { var d = findDoc(title.slice(1, -1)); return d ? d.slug : title; }

  function copyParsed(p) { return citationOf(p.article, p.sub, p.para, p.item, p, p.point, p.book, p.part, p.chapter, p.section); }

  /** What the scanner says of a relative reference (as resolve.py's relative_message). */
  function relativeMessage(t) { return "“" + t + "”是相对引用，指它所在条文（或章节）的一部分，离开上下文无法链接。"; }

  /**
   * Find citations in running text. ``ctx`` (from newContext()) carries the last title named across calls.
   * Returns [{start, end, text, parsed, status: "ok"|"outside"|"ambiguous"|"relative", message}] in order; bare
   * 第X条 (no title in reach) are not returned; relative references (本条, 前款, a bare 第二款 …) come with
   * status "relative" and parsed null.
   */
  function scan(text, ctx) {
    ctx = ctx || newContext();
    var out = [], pending = null, chain = null, m;
    // A title that ended the previous text run (<b>《检查工作条例》</b>第五条) reaches into this one.
    if (ctx.carry) pending = { doc: ctx.carry, start: -1, end: 0 };
    ctx.carry = null;
    SCAN_RE.lastIndex = 0;
    while ((m = SCAN_RE.exec(text)) !== null) {
      var start = m.index, end = start + m[0].length;
      if (m[1] !== undefined) {
        ctx.doc = keyOf(m[1]);
        ctx.title = m[1];
        pending = { doc: ctx.doc, start: start, end: end };
        chain = null;
        continue;
      }
      if (m[2] !== undefined) {
        pending = { doc: ctx.doc === null ? UNKNOWN : ctx.doc, start: start, end: end };
        chain = null;
        continue;
      }
      var parsed = null, doc = null, linkStart = start;
      var chained = chain !== null && CHAIN_GAP.test(text.slice(chain.end, start));
      if (m[3] !== undefined || m[6] !== undefined) {
        if (pending && ATTACH_GAP.test(text.slice(pending.end, start))) {
          doc = pending.doc;
          if (start === pending.end && pending.start >= 0) linkStart = pending.start;
        } else if (chained && (chain.parsed.article === 0) === (m[6] !== undefined)) {
          doc = chain.doc;
        }
        if (doc !== null) parsed = parse(m[3] !== undefined ? m[3] : m[6]);
      } else if (m[7] === undefined && chained && chain.parsed.article !== 0) {
        doc = chain.doc;
        var pm = m[4] !== undefined ? PARA_ITEM_RE.exec(m[4]) : null, im = m[5] !== undefined ? ITEM_RE.exec(m[5]) : null;
        var cp = chain.parsed, v;
        if (pm) {
          v = numbers(pm.slice(1, 4), parseNumber);
          if (v !== null && v[0] !== null) { parsed = copyParsed(cp); parsed.para = v[0]; parsed.item = v[1]; parsed.point = v[2]; }
        } else if (im) {
          v = numbers(im.slice(1, 3), parseNumber);
          if (v !== null && v[0] !== null) { parsed = copyParsed(cp); parsed.item = v[0]; parsed.point = v[1]; }
        }
      } else if (m[4] !== undefined || m[5] !== undefined || m[7] !== undefined) {
        pending = null; chain = null;
        out.push({ start: start, end: end, text: m[0], parsed: null, status: "relative", message: relativeMessage(m[0]) });
        continue;
      }
      pending = null;
      if (!parsed || doc === null) { chain = null; continue; }
      var status, message;
      if (doc === UNKNOWN) {
        status = "ambiguous"; message = "“本条例”所指不明：上文没有点名文件。";
        parsed.doc = null; parsed.title = null;
      } else if (doc.charAt(0) === "《") {
        status = "outside"; message = doc + "不是本站收录的文件。";
        parsed.doc = null; parsed.title = doc.slice(1, -1);
      } else {
        status = "ok"; message = "";
        parsed.doc = doc; parsed.title = null;
      }
      chain = { doc: doc, end: end, parsed: parsed };
      out.push({ start: linkStart, end: end, text: text.slice(linkStart, end), parsed: parsed, status: status, message: message });
    }
    if (pending && ATTACH_GAP.test(text.slice(pending.end))) ctx.carry = pending.doc;
    return out;
  }

  /** The full citation of a unit: 《title of doc》第二十三条第一款第（三）项 (doc: a slug; the first document if absent). */
  function citation(labelText, doc) {
    var d = doc ? docBySlug(doc) : DOCS[0];
    return "《" + (d ? d.title : doc) + "》" + labelText;
  }

  return {
    parse: parse, toEid: toEid, resolve: resolve, resolveParsed: resolveParsed, label: label, citation: citation,
    scan: scan, newContext: newContext, parseNumber: parseNumber, toNumeral: toNumeral, findDoc: findDoc,
    titleOf: titleOf, documents: DOCS
  };
});
