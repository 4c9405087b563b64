/* lawref-link: a linking widget for any HTML page (like dejure.org's widget for German law).
 *
 *   <script src="https://example.org/laws/assets/lawref-link.js" defer></script>
 *
 * Walks the page's text, finds citations of the site's documents (full or short title or alias, 本条例 after
 * the title was named, lists and ranges such as 第十六条、第十七条, with 款 and 项) and links them to the site's
 * permanent addresses; citations of documents not on the site are linked only when the site's metadata maps
 * their title to an address (outside:), else left as text. The site's base URL comes from this script's own src (assets/ lies under the site root),
 * or from data-base="…" on the script tag. Existing links, code, pre, form fields and .lawref-nolink are skipped.
 * Citations that do not resolve (第六十条) are left as text. Needs assets/lawref-citation.js (loaded on demand). */
(function () {
  "use strict";
  var script = document.currentScript;
  var src = script ? script.src : location.href;
  var base = new URL((script && script.getAttribute("data-base")) || "../", src).href;
  var BLOCKS = "p,li,dd,dt,td,th,h1,h2,h3,h4,h5,h6,blockquote,pre,div,section,article,aside,header,footer,main,nav,figcaption,caption,body";
  var SKIP = { A: 1, CODE: 1, PRE: 1, KBD: 1, SAMP: 1, SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, INPUT: 1,
    SELECT: 1, OPTION: 1, BUTTON: 1, TEMPLATE: 1, SVG: 1, MATH: 1 };

  // Both loaded as scripts, not fetched: a page on another host may include the widget without CORS headers.
  function loadScript(name, ready) {
    if (ready()) return Promise.resolve(ready());
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(name, src).href;
      s.onload = function () { ready() ? resolve(ready()) : reject(new Error(name + " defined nothing")); };
      s.onerror = function () { reject(new Error(name + " did not load")); };
      document.head.appendChild(s);
    });
  }

  function loadCitation() {  // the grammar (generated from the documents' metadata) first, then the code that reads it
    return loadScript("lawref-grammar.js", function () { return window.LawrefGrammar; }).then(function () {
      return loadScript("lawref-citation.js", function () { return window.LawrefCitation; });
    });
  }

  function loadPermalinks() {  // assets/lawref-permalinks.js: permalinks.json as a script (generated)
    return loadScript("lawref-permalinks.js", function () { return window.LawrefPermalinks; });
  }

  function skipped(node, rootEl) {
    for (var n = node.parentNode; n && n !== rootEl.parentNode; n = n.parentNode) {
      if (n.nodeType !== 1) continue;
      if (SKIP[n.tagName.toUpperCase()] || n.isContentEditable || (n.classList && n.classList.contains("lawref-nolink"))) return true;
    }
    return false;
  }

  /** Link the citations under rootEl; returns {linked: [...], unresolved: [...]}. */
  function link(rootEl, C, permalinks) {
    var walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT, null);
    var nodes = [], n;
    while ((n = walker.nextNode())) nodes.push(n);
    var ctx = C.newContext(), linked = [], unresolved = [], lastBlock = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      var block = node.parentNode && node.parentNode.closest ? node.parentNode.closest(BLOCKS) : null;
      if (block !== lastBlock) ctx.carry = null;  // a title never reaches into the next block
      lastBlock = block;
      if (!text || !/[条项款》]/.test(text)) return;
      var inLink = skipped(node, rootEl);
      var found = C.scan(text, ctx);  // scanned even when skipped: titles named there set the context
      if (inLink || !found.length) return;
      var frag = document.createDocumentFragment(), last = 0, any = false;
      found.forEach(function (f) {
        var r = f.status !== "ambiguous" ? C.resolveParsed(f.parsed, permalinks) : null;
        // an outside document (not on the site) is linked only where the metadata gives its address
        var outside = r && r.status === "outside" && /^https?:\/\//.test(r.url);
        if (!r || (r.status !== "ok" && !outside)) { unresolved.push({ text: f.text, message: r ? r.message : f.message }); return; }
        if (f.start > last) frag.appendChild(document.createTextNode(text.slice(last, f.start)));
        var a = document.createElement("a");
        a.className = "lawref-link" + (outside ? " lawref-link-outside" : "");
        a.href = outside ? r.url : new URL(r.entry.url, base).href;
        a.title = outside ? "《" + f.parsed.title + "》" : C.citation(r.entry.label, r.entry.doc);
        a.textContent = f.text;
        frag.appendChild(a);
        linked.push({ text: f.text, href: a.href });
        last = f.end;
        any = true;
      });
      if (!any) return;
      if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
    return { linked: linked, unresolved: unresolved };
  }

  function run(rootEl) {
    rootEl = rootEl || document.body;
    return Promise.all([loadCitation(), loadPermalinks()]).then(function (v) {
      var result = link(rootEl, v[0], v[1]);
      document.documentElement.setAttribute("data-lawref-linked", String(result.linked.length));
      if (result.unresolved.length && window.console) console.info("lawref-link: not linked", result.unresolved);
      return result;
    }, function (err) {
      document.documentElement.setAttribute("data-lawref-linked", "error");
      if (window.console) console.warn("lawref-link:", err.message);
      return { linked: [], unresolved: [], error: err.message };
    });
  }

  var ready = new Promise(function (resolve) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  }).then(function () { return run(); });
  window.LawrefLink = { run: run, ready: ready, base: base };
})();
