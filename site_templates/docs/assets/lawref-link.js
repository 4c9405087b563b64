/* lawref-link: a linking widget for any HTML page (like dejure.org's widget for German law).
 *
 *   <script src="https://example.org/laws/assets/lawref-link.js" defer></script>
 *
 * Walks the page's text, finds citations of the site's documents (full or short title or alias, 本条例 after
 * the title was named, lists and ranges such as 第十六条、第十七条, with 款 and 项) and links them to the site's
 * permanent addresses; citations of documents not on the site are linked only when the site's metadata maps
 * their title to an address (outside:), else left as text. The site's base URL comes from this script's own src (assets/ lies under the site root),
 * or from data-base="…" on the script tag. Existing links, code, pre, form fields and .lawref-nolink are skipped.
 * Citations that do not resolve (第六十条) are left as text. Loads on demand, as scripts from its own origin
 * (no CORS header needed): lawref-grammar.js and lawref-citation.js, then the addresses of only the documents
 * the page cites (data/{slug}/permalinks.js). */
(function () {
  "use strict";
  // The host page's markup can shadow what a script reads: <img name="currentScript">, <form name="body">,
  // an element with id="LawrefCitation", a form whose <input name="parentNode"> hides the form's own
  // parentNode (DOM clobbering). So everything read from the host document or its elements goes through the
  // DOM's own prototype accessors, captured here, and nothing is taken from a global a page element can be.
  function getter(proto, name) {
    var d = Object.getOwnPropertyDescriptor(proto, name);
    return function (obj) { return d.get.call(obj); };
  }
  function method(proto, name) {
    var f = proto[name];
    return function (obj) { return f.apply(obj, Array.prototype.slice.call(arguments, 1)); };
  }
  var doc = document;
  var currentScript = getter(Document.prototype, "currentScript"), head = getter(Document.prototype, "head"),
    body = getter(Document.prototype, "body"), rootElement = getter(Document.prototype, "documentElement"),
    readyState = getter(Document.prototype, "readyState");
  var createElement = method(Document.prototype, "createElement"),
    createTextNode = method(Document.prototype, "createTextNode"),
    createFragment = method(Document.prototype, "createDocumentFragment"),
    createTreeWalker = method(Document.prototype, "createTreeWalker"),
    listen = method(EventTarget.prototype, "addEventListener");
  var parentOf = getter(Node.prototype, "parentNode"), nodeTypeOf = getter(Node.prototype, "nodeType"),
    nodeValueOf = getter(Node.prototype, "nodeValue"), tagOf = getter(Element.prototype, "tagName"),
    classesOf = getter(Element.prototype, "classList"), editable = getter(HTMLElement.prototype, "isContentEditable"),
    closest = method(Element.prototype, "closest"), getAttr = method(Element.prototype, "getAttribute"),
    setAttr = method(Element.prototype, "setAttribute"), appendChild = method(Node.prototype, "appendChild"),
    replaceChild = method(Node.prototype, "replaceChild"), nextNode = method(TreeWalker.prototype, "nextNode"),
    contains = method(DOMTokenList.prototype, "contains");
  var script = currentScript(doc);
  if (!(script instanceof HTMLScriptElement)) script = null;
  var src = script ? getter(HTMLScriptElement.prototype, "src")(script) : location.href;
  var base = new URL((script && getAttr(script, "data-base")) || "../", src).href;
  var BLOCKS = "p,li,dd,dt,td,th,h1,h2,h3,h4,h5,h6,blockquote,pre,div,section,article,aside,header,footer,main,nav,figcaption,caption,body";
  var SKIP = { A: 1, CODE: 1, PRE: 1, KBD: 1, SAMP: 1, SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEXTAREA: 1, INPUT: 1,
    SELECT: 1, OPTION: 1, BUTTON: 1, TEMPLATE: 1, SVG: 1, MATH: 1 };

  // Both loaded as scripts, not fetched: a page on another host may include the widget without CORS headers.
  // Each is checked for its shape: a page element named like it (id="LawrefCitation") is not it.
  function loadScript(name, ready) {
    if (ready()) return Promise.resolve(ready());
    return new Promise(function (resolve, reject) {
      var s = createElement(doc, "script");
      s.src = new URL(name, src).href;
      s.onload = function () { ready() ? resolve(ready()) : reject(new Error(name + " defined nothing")); };
      s.onerror = function () { reject(new Error(name + " did not load")); };
      appendChild(head(doc) || rootElement(doc), s);
    });
  }

  function loadCitation() {  // the grammar (generated from the documents' metadata) first, then the code that reads it
    return loadScript("lawref-grammar.js", function () {
      var G = window.LawrefGrammar;
      return G && typeof G === "object" && !(G instanceof Node) ? G : null;
    }).then(function () {
      return loadScript("lawref-citation.js", function () {
        var C = window.LawrefCitation;
        return C && typeof C.scan === "function" && typeof C.resolveParsed === "function" &&
          typeof C.newContext === "function" && typeof C.citation === "function" ? C : null;
      });
    });
  }

  /** One document's entries of permalinks.json (data/{slug}/permalinks.js, generated), checked for their shape. */
  function loadDocument(slug) {
    return loadScript("../data/" + encodeURIComponent(slug) + "/permalinks.js", function () {
      var r = window.LawrefPermalinksOf;
      if (!r || typeof r !== "object" || Object.getPrototypeOf(r) !== Object.prototype) return null;
      return Object.prototype.hasOwnProperty.call(r, slug) && Array.isArray(r[slug]) ? r[slug] : null;
    });
  }

  /** The entries of the documents ``slugs`` (each loaded once), concatenated. */
  function loadDocuments(slugs) {
    return Promise.all(slugs.map(loadDocument)).then(function (parts) { return [].concat.apply([], parts); });
  }

  function skipped(node, rootEl) {
    var stop = parentOf(rootEl);
    for (var n = parentOf(node); n && n !== stop; n = parentOf(n)) {
      if (nodeTypeOf(n) !== 1) continue;
      if (SKIP[tagOf(n).toUpperCase()] || (n instanceof HTMLElement && editable(n)) ||
          contains(classesOf(n), "lawref-nolink")) return true;
    }
    return false;
  }

  /** The citations under rootEl, per text node: [{node, parent, text, found}] (found: C.scan's answers). */
  function collect(rootEl, C) {
    var walker = createTreeWalker(doc, rootEl, NodeFilter.SHOW_TEXT, null);
    var nodes = [], n;
    while ((n = nextNode(walker))) nodes.push(n);
    var ctx = C.newContext(), out = [], lastBlock = null;
    nodes.forEach(function (node) {
      var text = nodeValueOf(node);
      var parent = parentOf(node);
      var block = parent && nodeTypeOf(parent) === 1 ? closest(parent, BLOCKS) : null;
      if (block !== lastBlock) ctx.carry = null;  // a title never reaches into the next block
      lastBlock = block;
      if (!text || !/[条项款》]/.test(text)) return;
      var inLink = skipped(node, rootEl);
      var found = C.scan(text, ctx);  // scanned even when skipped: titles named there set the context
      if (inLink || !found.length) return;
      out.push({ node: node, parent: parent, text: text, found: found });
    });
    return out;
  }

  /** The documents the found citations name (each resolves inside the document it names). */
  function citedDocuments(found) {
    var slugs = [];
    found.forEach(function (t) {
      t.found.forEach(function (f) {
        if (f.status === "ok" && f.parsed.doc && slugs.indexOf(f.parsed.doc) < 0) slugs.push(f.parsed.doc);
      });
    });
    return slugs.sort();
  }

  /** Link the citations collected; returns {linked: [...], unresolved: [...]}. */
  function link(found, C, permalinks) {
    var linked = [], unresolved = [];
    found.forEach(function (t) {
      var text = t.text, parent = t.parent, node = t.node;
      var frag = createFragment(doc), last = 0, any = false;
      t.found.forEach(function (f) {
        var r = f.status === "ok" || f.status === "outside" ? C.resolveParsed(f.parsed, permalinks) : null;
        // an outside document (not on the site) is linked only where the metadata gives its address
        var outside = r && r.status === "outside" && /^https?:\/\//.test(r.url);
        if (!r || (r.status !== "ok" && !outside)) { unresolved.push({ text: f.text, message: r ? r.message : f.message }); return; }
        if (f.start > last) appendChild(frag, createTextNode(doc, text.slice(last, f.start)));
        var a = createElement(doc, "a");
        a.className = "lawref-link" + (outside ? " lawref-link-outside" : "");
        a.href = outside ? r.url : new URL(r.entry.url, base).href;
        a.title = outside ? "《" + f.parsed.title + "》" : C.citation(r.entry.label, r.entry.doc);
        a.textContent = f.text;
        appendChild(frag, a);
        linked.push({ text: f.text, href: a.href });
        last = f.end;
        any = true;
      });
      if (!any) return;
      if (last < text.length) appendChild(frag, createTextNode(doc, text.slice(last)));
      replaceChild(parent, frag, node);
    });
    return { linked: linked, unresolved: unresolved };
  }

  function run(rootEl) {
    rootEl = rootEl || body(doc);
    return loadCitation().then(function (C) {
      var found = collect(rootEl, C);
      return loadDocuments(citedDocuments(found)).then(function (permalinks) { return link(found, C, permalinks); });
    }).then(function (result) {
      setAttr(rootElement(doc), "data-lawref-linked", String(result.linked.length));
      if (result.unresolved.length && window.console) console.info("lawref-link: not linked", result.unresolved);
      return result;
    }, function (err) {
      setAttr(rootElement(doc), "data-lawref-linked", "error");
      if (window.console) console.warn("lawref-link:", err.message);
      return { linked: [], unresolved: [], error: err.message };
    });
  }

  var ready = new Promise(function (resolve) {
    if (readyState(doc) === "loading") listen(doc, "DOMContentLoaded", resolve);
    else resolve();
  }).then(function () { return run(); });
  window.LawrefLink = { run: run, ready: ready, base: base };
})();
