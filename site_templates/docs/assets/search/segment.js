/* lawref search: the browser twin of build/lawref/publish/search.py's segmenter (normalise → units → bigrams).
 * The index was built with the same segmentation (its terms are these bigrams); the worker segments queries
 * with it. tests/test_search_index.py checks that both sides give the same tokens.
 * Plain script: usable in a worker (importScripts), a page, or node (module.exports).
 */
(function (root, factory) {
  var api = factory(root && root.LawrefGrammar ? root.LawrefGrammar :
    (typeof LawrefGrammar !== "undefined" ? LawrefGrammar : null));  // eslint-disable-line no-undef
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) root.LawrefSegment = api;
})(typeof self !== "undefined" ? self : (typeof globalThis !== "undefined" ? globalThis : this), function (G) {
  "use strict";
  if (!G) throw new Error("segment.js needs assets/lawref-grammar.js loaded first");

  // The numerals search folds, from the one codec (build/lawref/source/numerals.py, via the generated grammar).
  var DIGIT = {}, UNIT = {};
  Array.from(G.numerals.fold_digits).forEach(function (c) { DIGIT[c] = G.numerals.digits[c]; });
  Array.from(G.numerals.fold_units).forEach(function (c) { UNIT[c] = G.numerals.units[c]; });
  var t2s = {};

  /** Install the traditional → simplified map shipped in the index ("視视說说…", pairs of characters). */
  function setT2S(pairs) {
    t2s = {};
    var chars = Array.from(pairs || "");
    for (var i = 0; i + 1 < chars.length; i += 2) t2s[chars[i]] = chars[i + 1];
  }

  function isHan(c) {
    var o = c.charCodeAt(0);
    return (o >= 0x3400 && o <= 0x9FFF) || (o >= 0xF900 && o <= 0xFAFF) || c === "〇";
  }

  /** 三十四 → "34", 二〇二四 → "2024", 十一五 → null (same rules as search.fold_numeral). */
  function foldNumeral(run) {
    var i, c, allDigits = true;
    for (i = 0; i < run.length; i++) if (!(run[i] in DIGIT)) allDigits = false;
    if (allDigits) {
      var s = "";
      for (i = 0; i < run.length; i++) s += DIGIT[run[i]];
      return s;
    }
    var total = 0, pending = -1;
    for (i = 0; i < run.length; i++) {
      c = run[i];
      if (c in UNIT) { total += (pending < 0 ? 1 : pending) * UNIT[c]; pending = -1; }
      else if (DIGIT[c] === 0) continue;
      else if (pending >= 0) return null;
      else pending = DIGIT[c];
    }
    return String(total + Math.max(pending, 0));
  }

  /** One UTF-16 unit in, one out: T→S, full-width ASCII → ASCII, lower case. */
  function normalise(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (t2s[c] !== undefined) c = t2s[c];
      var o = c.charCodeAt(0);
      if (o >= 0xFF01 && o <= 0xFF5E) c = String.fromCharCode(o - 0xFEE0);
      out += c.toLowerCase();
    }
    return out;
  }

  function isNum(c) { return c in DIGIT || c in UNIT; }

  /**
   * Runs of units with their spans in the original text: [[{u: "第", s: 0, e: 1}, {u: "34", s: 1, e: 4}, …], …].
   * A surrogate pair is not Han here, as a non-BMP character is not Han in Python: both separate runs.
   */
  function unitSpans(text) {
    var s = normalise(text), runs = [], cur = [], i = 0, n = s.length, j, c;
    while (i < n) {
      c = s[i];
      j = i + 1;
      if (isNum(c)) {
        while (j < n && isNum(s[j])) j++;
        var folded = foldNumeral(s.slice(i, j));
        if (folded === null) for (var k = i; k < j; k++) cur.push({ u: s[k], s: k, e: k + 1 });
        else cur.push({ u: folded, s: i, e: j });
      } else if (isHan(c)) {
        cur.push({ u: c, s: i, e: j });
      } else if (c >= "0" && c <= "9") {
        while (j < n && s[j] >= "0" && s[j] <= "9") j++;
        cur.push({ u: s.slice(i, j), s: i, e: j });
      } else if (c >= "a" && c <= "z") {
        while (j < n && s[j] >= "a" && s[j] <= "z") j++;
        cur.push({ u: s.slice(i, j), s: i, e: j });
      } else {
        if (cur.length) runs.push(cur);
        cur = [];
      }
      i = j;
    }
    if (cur.length) runs.push(cur);
    return runs;
  }

  /** Units only: [["第", "34", "条"], ["6", "个", "月"]]. */
  function units(text) {
    return unitSpans(text).map(function (run) { return run.map(function (x) { return x.u; }); });
  }

  /** Index terms: adjacent pairs of each run, or the single unit of a one-unit run. */
  function segment(text) {
    var out = [];
    units(text).forEach(function (run) {
      if (run.length === 1) out.push(run[0]);
      else for (var k = 0; k + 1 < run.length; k++) out.push(run[k] + run[k + 1]);
    });
    return out;
  }

  return { setT2S: setT2S, normalise: normalise, foldNumeral: foldNumeral, units: units, unitSpans: unitSpans,
    segment: segment };
});
