/* lawref-go: the resolver page /go/?q=… — turns a citation into its permanent address and goes there.
 * Ambiguous or impossible citations get a message and the nearest candidates (a bare 第X条 that fits several
 * documents: each of them); a document not on the site is named, linked only if its metadata gives an address;
 * no query shows the form.
 * Needs LawrefCitation (loaded on every page) and LawrefResolver (assets/lawref-resolver.js, loaded by the page
 * before this script): the documents' article runs and the addresses of only the documents the citation can name
 * are loaded, when there is a query. */
(function () {
  "use strict";
  var root = new URL("../", location.href);  // this page is go/ (one level below the site root)
  // Material opens its search dialog when the URL carries ?q= (shared searches). Take the query out of the URL
  // before Material's bundle (loaded after this script) reads it; put it back once the page has answered.
  var query = new URLSearchParams(location.search).get("q");
  if (query !== null) history.replaceState(history.state, "", location.pathname + location.hash);
  function restoreQuery() {
    if (query !== null) history.replaceState(history.state, "", location.pathname + "?q=" + encodeURIComponent(query));
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(result, kind) {
    var box = document.getElementById("lr-go-result");
    box.textContent = "";
    box.className = "lr-go-result lr-go-" + kind;
    box.setAttribute("data-status", kind);
    return box;
  }

  function run() {
    var q = query;
    var input = document.getElementById("lr-go-q");
    if (!input) return;
    if (q === null || q.trim() === "") { restoreQuery(); input.focus(); return; }
    input.value = q;
    var C = window.LawrefCitation, R = window.LawrefResolver;
    R.library(root.href).then(function (docs) {
      return R.create(C, docs, R.scriptLoader(root.href), R.shapeLoader(root.href)).resolve(q, null);
    }).then(function (res) {
      var box = show(res, res.status);
      if (res.status === "ok") {
        var target = new URL(res.entry.url, root).href;
        var p = el("p", {}, "正在前往 ");
        p.appendChild(el("a", { href: target, "class": "lr-go-target" }, C.citation(res.entry.label, res.entry.doc)));
        box.appendChild(p);
        if (res.entry.missing) box.appendChild(el("p", {}, res.message));
        location.replace(target);
        return;
      }
      restoreQuery();
      box.appendChild(el("p", { "class": "lr-go-message" }, res.message));
      if (res.status === "outside" && res.url) {  // an outside document the editor mapped: a link, never a redirect
        var out = el("p");
        out.appendChild(el("a", { href: res.url, "class": "lr-go-outside", rel: "noopener" }, res.url));
        box.appendChild(out);
      }
      if (res.candidates.length) {
        box.appendChild(el("p", {}, res.status === "ambiguous" ? "可能是：" : "最接近的是："));
        var ul = el("ul", { "class": "lr-go-candidates" });
        res.candidates.forEach(function (c) {
          var li = el("li");
          li.appendChild(el("a", { href: new URL(c.url, root).href }, C.citation(c.label, c.doc)));
          if (c.missing) li.appendChild(document.createTextNode("（来源缺）"));
          ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      input.select();
    }).catch(function (err) {
      restoreQuery();
      var box = show(null, "error");
      box.appendChild(el("p", { "class": "lr-go-message" }, "无法读取条款目录：" + err.message));
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
