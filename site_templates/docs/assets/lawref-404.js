/* lawref-404: the not-found page reads the address below the site's base as a citation and goes to its
 * permanent address (a bare 第X条 under a document's address, /gongyuan/第6条/, means that document; elsewhere one
 * that fits several documents lists them). The base comes from the page (data-base, fixed at build time), never from the address:
 * the address is chosen by whoever wrote the link (/%2F%2Fother.host/…, /%5C…, tabs, bad escapes).
 * Every URL this script navigates to or links is resolved against this origin and dropped unless it stays on
 * it, below the base. Needs LawrefCitation (every page) and LawrefResolver (loaded before it by 404.html), which
 * loads the documents' article runs and the addresses of only the documents the citation can name, from below
 * the base. */
(function () {
  "use strict";
  var box = document.getElementById("lr-404");
  if (!box || box.tagName !== "DIV") return;
  var origin = location.origin;
  var base = box.getAttribute("data-base") || "/";
  // The build writes a clean absolute path; anything else (a damaged page) falls back to the root.
  if (!/^\/(?:[A-Za-z0-9._~!$&'()*+,;=:@%-]+\/)*$/.test(base)) base = "/";
  var siteRoot = origin + base;

  /** The absolute URL of ``rel`` (site-relative) if it stays on this origin below the base, else null. */
  function onSite(rel) {
    var u;
    try { u = new URL(String(rel), siteRoot); } catch (e) { return null; }
    if (u.origin !== origin || u.pathname.indexOf(base) !== 0) return null;
    return u.href;
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function say(state, text) {
    box.setAttribute("data-state", state);
    if (text) box.appendChild(el("p", { "class": "lr-404-resolved" }, text));
  }

  function parts() {
    var path = location.pathname;
    if (path.indexOf(base) !== 0) return [];
    return path.slice(base.length).split("/").filter(function (s) { return s !== ""; });
  }

  /** The last non-empty segment of the address below the base, decoded; "" if none, null if undecodable. */
  function query() {
    var p = parts();
    if (!p.length) return "";
    try { return decodeURIComponent(p[p.length - 1]); } catch (e) { return null; }
  }

  /** The document the address is under (/gongyuan/第6条/ → "gongyuan"): a bare 第X条 there means that document. */
  function context(C) {
    var p = parts();
    if (p.length < 2) return null;
    for (var i = 0; i < C.documents.length; i++) if (C.documents[i].slug === p[0]) return p[0];
    return null;
  }

  function answer() {
    var C = window.LawrefCitation, R = window.LawrefResolver;
    if (!C || typeof C.resolve !== "function" || !R || typeof R.create !== "function") return say("no-data");
    var q = query();
    if (q === null) return say("bad-address", "这个地址中有无法解读的字符（百分号编码不完整），无法当作条文引用来查找。");
    if (!q) return say("no-citation");
    R.library(siteRoot).then(function (docs) {
      return R.create(C, docs, R.scriptLoader(siteRoot), R.shapeLoader(siteRoot)).resolve(q, context(C));
    }).then(function (res) { show(C, res); }, function () { say("no-data", "无法读取条款目录，请稍后再试。"); });
  }

  function show(C, res) {
    if (res.status === "ok") {
      var target = onSite(res.entry.url);
      if (target && res.entry.url.indexOf("#") < 0 && location.hash) target = onSite(target + location.hash);
      if (target) {
        say("going");
        location.replace(target);
        return;
      }
      return say("refused");
    }
    if (res.status === "not_citation") return say("no-citation");
    say(res.status, res.message);
    var links = [];
    res.candidates.forEach(function (c) {
      var href = onSite(c.url);
      if (href) links.push([href, C.citation(c.label, c.doc)]);
    });
    if (!links.length) return;
    box.appendChild(el("p", {}, res.status === "ambiguous" ? "可能是：" : "最接近的是："));
    var ul = el("ul", { "class": "lr-404-candidates" });
    links.forEach(function (l) {
      var li = el("li");
      li.appendChild(el("a", { href: l[0] }, l[1]));
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  answer();
})();
