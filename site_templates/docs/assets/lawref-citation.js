/* lawref-citation: the citation grammar of 《中国共产党巡视工作条例》, shared by the resolver page (/go/),
 * the search box (in its Web Worker via importScripts), the copy control and the linking widget.
 * The same grammar lives in Python in build/lawref/resolve.py; both are tested on tests/citations/forms.yml.
 * Plain UMD-style script: no modules, no build step. Exposes LawrefCitation on window / self / module.exports.
 */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) root.LawrefCitation = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var REG_DOC = "xunshi";
  var REG_TITLE = "中国共产党巡视工作条例";
  var OWN_TITLES = ["中国共产党巡视工作条例", "巡视工作条例"];

  var DIGIT = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9 };
  var UNIT = { "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000 };
  var CN = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟";
  var N = "(?:[0-9０-９]+|[" + CN + "]+)";
  var DIGITS_CN = "零一二三四五六七八九";

  /** Value of a Chinese numeral (二十三, 一百零五, 一〇五) or Arabic digits (23, ２３); null if malformed. */
  function parseNumber(text) {
    if (!text) return null;
    text = toHalfWidth(text);
    if (/^[0-9]+$/.test(text)) return parseInt(text, 10);
    var i, c;
    var allDigits = true;
    for (i = 0; i < text.length; i++) if (!(text[i] in DIGIT)) allDigits = false;
    if (allDigits) {
      var v = 0;
      for (i = 0; i < text.length; i++) v = v * 10 + DIGIT[text[i]];
      return v > 9999 ? null : v;
    }
    var total = 0, pending = null, lastUnit = 10000;
    for (i = 0; i < text.length; i++) {
      c = text[i];
      if (c in DIGIT) {
        if (pending !== null && pending !== 0) return null;
        pending = DIGIT[c];
      } else if (c in UNIT) {
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
    return s.replace(/[０-９]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFF10 + 48); })
      .replace(/（/g, "(").replace(/）/g, ")").replace(/．/g, ".").replace(/＿/g, "_").replace(/＃/g, "#")
      .replace(/／/g, "/");
  }

  function normalise(text) {
    return toHalfWidth(String(text)).replace(/[\s\u3000]+/g, "").replace(/[。，,；;：:！!？?、]+$/, "");
  }

  var TITLE_RE = "(?:《([^》]+)》|(中国共产党巡视工作条例|巡视工作条例)|(本条例|该条例|条例))";
  var CIT_RE = "第?(" + N + ")条(?:之(" + N + "))?(?:第?(" + N + ")款)?(?:第?\\(?(" + N + ")\\)?项)?";
  var FULL_RE = new RegExp("^" + TITLE_RE + "?(?:的)?" + CIT_RE + "$");
  var DOTTED_RE = new RegExp("^" + TITLE_RE + "?([0-9]+)(?:\\.([0-9]+)(?:\\.([0-9]+))?)?$");
  var EID_RE = /^(?:.*[\/#])?art_?([0-9]+)(?:_([0-9]+))?(?:__para_([0-9]+)(?:__item_([0-9]+))?)?\/?$/;

  function docOf(m1, m2, m3) {
    if (m1 !== undefined) {
      var t = m1.replace(/[（(].*$/, "");
      return OWN_TITLES.indexOf(t) >= 0 ? { doc: REG_DOC } : { doc: "other", title: m1 };
    }
    if (m2 !== undefined) return { doc: REG_DOC };
    return { doc: null };
  }

  function num(s) { return s === undefined ? null : parseNumber(s); }

  function build(art, sub, para, item, d) {
    if (art === null || art < 1) return null;
    if (sub === null) sub = 0;
    if (para !== null && para < 1) return null;
    if (item !== null && item < 1) return null;
    var out = { article: art, sub: sub, para: para, item: item, doc: d.doc };
    if (d.title) out.title = d.title;
    return out;
  }

  /**
   * Parse a whole string as one citation; null if it is none.
   * parse("第二十三条第一款第（三）项") → {article: 23, sub: 0, para: 1, item: 3, doc: null}
   */
  function parse(text) {
    if (text === null || text === undefined) return null;
    var s = normalise(text);
    if (!s) return null;
    var m = FULL_RE.exec(s);
    if (m) {
      var art = num(m[4]), sub = num(m[5]), para = num(m[6]), item = num(m[7]);
      if (art === null || (m[5] !== undefined && sub === null) || (m[6] !== undefined && para === null) ||
          (m[7] !== undefined && item === null)) return null;
      return build(art, sub, para, item, docOf(m[1], m[2], m[3]));
    }
    m = DOTTED_RE.exec(s);
    if (m) {
      return build(parseInt(m[4], 10), 0, m[5] === undefined ? null : parseInt(m[5], 10),
        m[6] === undefined ? null : parseInt(m[6], 10), docOf(m[1], m[2], m[3]));
    }
    m = EID_RE.exec(s);
    if (m) {
      return build(parseInt(m[1], 10), m[2] === undefined ? 0 : parseInt(m[2], 10),
        m[3] === undefined ? null : parseInt(m[3], 10), m[4] === undefined ? null : parseInt(m[4], 10), { doc: null });
    }
    return null;
  }

  /** art_23__para_1__item_3; null when an item is given without its 款 (resolve() decides that case). */
  function toEid(p) {
    if (!p) return null;
    var eid = "art_" + p.article + (p.sub ? "_" + p.sub : "");
    if (p.para !== null && p.para !== undefined) {
      eid += "__para_" + p.para;
      if (p.item !== null && p.item !== undefined) eid += "__item_" + p.item;
    } else if (p.item !== null && p.item !== undefined) {
      return null;
    }
    return eid;
  }

  /** 第二十三条第一款第（三）项 for a parsed citation (the label permalinks.json prints). */
  function label(p) {
    var s = "第" + toNumeral(p.article) + "条" + (p.sub ? "之" + toNumeral(p.sub) : "");
    if (p.para !== null && p.para !== undefined) s += "第" + toNumeral(p.para) + "款";
    if (p.item !== null && p.item !== undefined) s += "第（" + toNumeral(p.item) + "）项";
    return s;
  }

  function regEntries(permalinks) {
    var doc = REG_DOC;
    for (var i = 0; i < permalinks.length; i++) if (permalinks[i].kind === "article") { doc = permalinks[i].doc; break; }
    var byId = {}, articles = [];
    for (i = 0; i < permalinks.length; i++) {
      var e = permalinks[i];
      if (e.doc !== doc) continue;
      byId[e.id] = e;
      if (e.kind === "article") articles.push(e);
    }
    return { byId: byId, articles: articles };
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
      if (Object.prototype.hasOwnProperty.call(byId, id) && byId[id].kind === kind && id.indexOf(prefix + "__") === 0 &&
          id.slice(prefix.length + 2).indexOf("__") < 0) out.push(byId[id]);
    }
    return out.sort(function (a, b) { return lastNum(a.id) - lastNum(b.id); });
  }

  /**
   * Resolve a parsed citation against permalinks.json's entries.
   * Result: {status: "ok"|"ambiguous"|"not_found"|"not_citation", entry, candidates, message}.
   */
  function resolveParsed(p, permalinks) {
    if (!p) return { status: "not_citation", entry: null, candidates: [], message: "不是可识别的条款引用。" };
    if (p.doc === "other") {
      return { status: "not_citation", entry: null, candidates: [],
        message: "这是对《" + p.title + "》的引用；本站只收录《" + REG_TITLE + "》。" };
    }
    var reg = regEntries(permalinks), byId = reg.byId;
    var artEid = "art_" + p.article + (p.sub ? "_" + p.sub : "");
    var art = byId[artEid];
    var artLabel = "第" + toNumeral(p.article) + "条" + (p.sub ? "之" + toNumeral(p.sub) : "");
    if (!art) {
      var first = reg.articles[0], last = reg.articles[reg.articles.length - 1];
      var range = reg.articles.length ? "（共" + reg.articles.length + "条，" + first.label + "至" + last.label + "）" : "";
      return { status: "not_found", entry: null,
        candidates: nearest(reg.articles, p.article + p.sub / 100, function (e) { return artNum(e.id); }, 3),
        message: "《" + REG_TITLE + "》没有" + artLabel + range + "。" };
    }
    var hasPara = p.para !== null && p.para !== undefined, hasItem = p.item !== null && p.item !== undefined;
    if (!hasPara && !hasItem) {
      return { status: "ok", entry: art, candidates: [],
        message: art.missing ? art.label + "：来源缺这一条，页面说明缺失原因。" : art.label + "。" };
    }
    if (art.missing) {
      return { status: "not_found", entry: null, candidates: [art],
        message: "来源缺" + art.label + "，无法定位它的款、项；可以打开" + art.label + "的页面。" };
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
        return { status: "ok", entry: hits[0], candidates: [], message: hits[0].label + "（" + artLabel + "只有一款列有第（" +
          toNumeral(p.item) + "）项）。" };
      }
      if (hits.length > 1) {
        return { status: "ambiguous", entry: null, candidates: hits,
          message: artLabel + "有" + hits.length + "款都列有第（" + toNumeral(p.item) + "）项，请指明第几款。" };
      }
      return { status: "not_found", entry: null,
        candidates: all.length ? nearest(all, p.item, function (e) { return lastNum(e.id); }, 3) : [art],
        message: artLabel + (all.length ? "没有第（" + toNumeral(p.item) + "）项。" : "没有分项。") };
    }
    var paraEid = artEid + "__para_" + p.para, para = byId[paraEid];
    if (!para) {
      return { status: "not_found", entry: null, candidates: [art].concat(nearest(paras, p.para, function (e) { return lastNum(e.id); }, 3)),
        message: artLabel + "只有" + toNumeral(paras.length) + "款，没有第" + toNumeral(p.para) + "款。" };
    }
    if (!hasItem) return { status: "ok", entry: para, candidates: [], message: para.label + "。" };
    var itemEid = paraEid + "__item_" + p.item, item = byId[itemEid];
    if (item) return { status: "ok", entry: item, candidates: [], message: item.label + "。" };
    var its = children(byId, paraEid, "item");
    return { status: "not_found", entry: null,
      candidates: its.length ? nearest(its, p.item, function (e) { return lastNum(e.id); }, 3) : [para],
      message: para.label + (its.length ? "只有" + toNumeral(its.length) + "项，没有第（" + toNumeral(p.item) + "）项。" : "没有分项。") };
  }

  var CHAPTER_RE = new RegExp("^" + TITLE_RE + "?(?:第(" + N + ")章|(?:.*[\\/#])?chp_?([0-9]+)\\/?)$");

  /** 第四章, 第4章, chp_4 → the chapter's entry (chapters are addressable too, though parse() is about 条). */
  function resolveChapter(text, permalinks) {
    var m = CHAPTER_RE.exec(normalise(text));
    if (!m) return null;
    var d = docOf(m[1], m[2], m[3]);
    if (d.doc === "other") return resolveParsed({ doc: "other", title: d.title }, permalinks);
    var n = m[4] !== undefined ? parseNumber(m[4]) : parseInt(m[5], 10);
    if (n === null || n < 1) return null;
    var reg = regEntries(permalinks), entry = reg.byId["chp_" + n];
    if (entry) return { status: "ok", entry: entry, candidates: [], message: entry.heading + "。" };
    var chapters = [];
    for (var id in reg.byId) if (Object.prototype.hasOwnProperty.call(reg.byId, id) && reg.byId[id].kind === "chapter") chapters.push(reg.byId[id]);
    chapters.sort(function (a, b) { return lastNum(a.id) - lastNum(b.id); });
    return { status: "not_found", entry: null, candidates: nearest(chapters, n, function (e) { return lastNum(e.id); }, 3),
      message: "《" + REG_TITLE + "》没有第" + toNumeral(n) + "章（共" + toNumeral(chapters.length) + "章）。" };
  }

  /** resolve("第二十三条第一款第三项", permalinks).entry.url === "xunshi/art_23/#art_23__para_1__item_3" */
  function resolve(text, permalinks) {
    var chapter = text ? resolveChapter(String(text), permalinks) : null;
    if (chapter) return chapter;
    var p = parse(text);
    if (!p) {
      return { status: "not_citation", entry: null, candidates: [],
        message: "“" + String(text || "").trim() + "”不是可识别的条款引用（例如：第二十三条第一款第（三）项、23.1.3、art_23__para_1）。" };
    }
    return resolveParsed(p, permalinks);
  }

  // ---- Scanning running text (autolinker, linking widget) ----
  var SNUM = "(?:[0-9０-９]+|[" + CN + "]+)";
  var SCAN_RE = new RegExp(
    "(《[^》\\n]{1,40}》)" +
    "|(本条例|该条例)" +
    "|(第" + SNUM + "条(?:之" + SNUM + ")?(?:第" + SNUM + "款)?(?:第[(（]?" + SNUM + "[)）]?项)?)" +
    "|(第" + SNUM + "款(?:第[(（]?" + SNUM + "[)）]?项)?)" +
    "|(第[(（]?" + SNUM + "[)）]?项)", "g");
  var ATTACH_GAP = /^(?:[\s\u3000*_]|[（(][^）)\n]{0,20}[）)])*$/;  // * _: Markdown emphasis marks
  var CHAIN_GAP = /^[\s\u3000]*(?:、|，|,|和|及|以及|与|或者|或|至|到|—|－|-|~|～)[\s\u3000]*$/;
  var PARA_ITEM_RE = new RegExp("^第(" + SNUM + ")款(?:第[(（]?(" + SNUM + ")[)）]?项)?$");
  var ITEM_RE = new RegExp("^第[(（]?(" + SNUM + ")[)）]?项$");

  /** A fresh scanning context: which regulation 本条例 refers to (null until a title is seen). */
  function newContext() { return { doc: null, title: null, carry: null }; }

  /**
   * Find citations of this regulation in running text. ``ctx`` (from newContext()) carries the last title
   * named across calls. Returns [{start, end, text, parsed, status: "ok"|"ambiguous", message}] in order;
   * citations of other titles and bare 第X条 (no title in reach) are not returned.
   */
  function scan(text, ctx) {
    ctx = ctx || newContext();
    var out = [], pending = null, chain = null, m;
    // A title that ended the previous text run (<b>《巡视工作条例》</b>第五条) reaches into this one.
    if (ctx.carry) pending = { doc: ctx.carry, start: -1, end: 0 };
    ctx.carry = null;
    SCAN_RE.lastIndex = 0;
    while ((m = SCAN_RE.exec(text)) !== null) {
      var start = m.index, end = start + m[0].length;
      if (m[1] !== undefined) {
        var t = m[1].slice(1, -1).replace(/[（(].*$/, "");
        var own = OWN_TITLES.indexOf(t) >= 0;
        ctx.doc = own ? REG_DOC : "other";
        ctx.title = m[1];
        pending = { doc: ctx.doc, start: start, end: end };
        chain = null;
        continue;
      }
      if (m[2] !== undefined) {
        pending = { doc: ctx.doc === null ? "unknown" : ctx.doc, start: start, end: end };
        chain = null;
        continue;
      }
      var parsed = null, doc = null, linkStart = start;
      if (m[3] !== undefined) {
        if (pending && ATTACH_GAP.test(text.slice(pending.end, start))) {
          doc = pending.doc;
          if (start === pending.end && pending.start >= 0) linkStart = pending.start;
        } else if (chain && CHAIN_GAP.test(text.slice(chain.end, start))) {
          doc = chain.doc;
        }
        if (doc !== null) parsed = parse(m[3]);
      } else if (chain && CHAIN_GAP.test(text.slice(chain.end, start))) {
        doc = chain.doc;
        var pm = m[4] !== undefined ? PARA_ITEM_RE.exec(m[4]) : null, im = m[5] !== undefined ? ITEM_RE.exec(m[5]) : null;
        var cp = chain.parsed;
        if (pm) {
          parsed = { article: cp.article, sub: cp.sub, para: parseNumber(pm[1]),
            item: pm[2] === undefined ? null : parseNumber(pm[2]), doc: cp.doc };
          if (parsed.para === null || (pm[2] !== undefined && parsed.item === null)) parsed = null;
        } else if (im) {
          parsed = { article: cp.article, sub: cp.sub, para: cp.para, item: parseNumber(im[1]), doc: cp.doc };
          if (parsed.item === null) parsed = null;
        }
      }
      pending = null;
      if (!parsed || doc === null || doc === "other") { chain = null; continue; }
      if (doc === REG_DOC) parsed.doc = REG_DOC;
      chain = { doc: doc, end: end, parsed: parsed };
      out.push({ start: linkStart, end: end, text: text.slice(linkStart, end), parsed: parsed,
        status: doc === "unknown" ? "ambiguous" : "ok",
        message: doc === "unknown" ? "“本条例”所指不明：上文没有点名《" + REG_TITLE + "》。" : "" });
    }
    if (pending && ATTACH_GAP.test(text.slice(pending.end))) ctx.carry = pending.doc;
    return out;
  }

  /** The full citation of a unit: 《中国共产党巡视工作条例》第二十三条第一款第（三）项. */
  function citation(labelText) { return "《" + REG_TITLE + "》" + labelText; }

  return {
    parse: parse, toEid: toEid, resolve: resolve, resolveParsed: resolveParsed, label: label, citation: citation,
    scan: scan, newContext: newContext, parseNumber: parseNumber, toNumeral: toNumeral,
    REG_DOC: REG_DOC, REG_TITLE: REG_TITLE
  };
});
