/* lawref-copy: one control per 条, 款 and 项 (the ¶ permalink, upgraded into a menu button) that copies
 *   引用（出处）      《某某检查工作条例》（2024年修订）第二十三条第一款第（三）项 <address>
 *   引用（原文＋出处） 《…》（2024年修订）第二十三条第一款第（三）项规定：“<text as shown>”<newline><address>
 *   链接              <address>
 * and, under 更多格式, Markdown and HTML links. Title and version are data from the build (data-cite-title,
 * data-cite-version on .lr-article), the label is the unit's data-label, the address is absolute, built from
 * the article's relative data-href and this page's address (right under any sub-path). Without JavaScript the
 * ¶ stays a plain permalink.
 *
 * Hooks (window.LawrefCopy): unitText(unit) gives the text quoted by 引用（原文＋出处） ({body, notes}: corrections
 * marked ［校n］ through window.lawrefCorrections, their notes after the address); formats(unit) all forms. */
(function () {
  "use strict";

  /** The .lr-article holding a unit element (款, 项) or following an article heading (h1/h3#art_N). */
  function articleOf(el) {
    var a = el.closest(".lr-article");
    if (a) return a;
    var id = el.id;
    return id ? document.querySelector('.lr-article[data-eid="' + id + '"]') : null;
  }

  function permalink(unit) {
    var art = articleOf(unit);
    var page = new URL(art.getAttribute("data-href"), location.href);
    page.hash = unit.id === art.getAttribute("data-eid") ? "" : unit.id;
    return page.href;
  }

  function citation(unit) {
    var art = articleOf(unit);
    var version = art.getAttribute("data-cite-version");
    var label = unit.getAttribute("data-label") || art.getAttribute("data-label");
    return "《" + art.getAttribute("data-cite-title") + "》" + (version ? "（" + version + "）" : "") + label;
  }

  /** The unit's text as the page shows it: a 项 or 目 without its own label (a 项 with its 目), a 款 with its 项,
   * a 条 with its 款 (one a line). Editorial corrections are marked ［校n］ with their notes after the text when lawref-editorial.js
   * provides window.lawrefCorrections; returns {body, notes}. */
  function unitText(unit) {
    var art = articleOf(unit), holder = document.createElement("div");
    function add(el, prefix) {
      var t = el && el.querySelector(".lr-text");
      if (!t) return;
      if (prefix) holder.appendChild(document.createTextNode(prefix));
      holder.appendChild(t.cloneNode(true));
    }
    function points(li) {
      li.querySelectorAll(":scope > .lr-points > li").forEach(function (pt) {
        var l = pt.querySelector(".lr-point-label");
        add(pt, l && getComputedStyle(l).display !== "none" ? l.textContent : "");
      });
    }
    if (unit.tagName === "LI") {
      add(unit);
      points(unit);
    } else {
      var paras = unit.classList.contains("lr-para") ? [unit] : Array.prototype.slice.call(art.querySelectorAll(".lr-para"));
      paras.forEach(function (p, i) {
        if (i) holder.appendChild(document.createTextNode("\n"));
        add(p.querySelector(":scope > p"));
        p.querySelectorAll(":scope > .lr-items > li").forEach(function (li) {
          var l = li.querySelector(".lr-item-label");
          add(li, l && getComputedStyle(l).display !== "none" ? l.textContent : "");
          points(li);
        });
      });
    }
    var C = window.lawrefCorrections;
    var text = C && C.text ? C.text(holder, "marked") : holder.textContent.trim();
    var cut = text.indexOf("\n——\n");
    return cut < 0 ? { body: text, notes: "" } : { body: text.slice(0, cut), notes: text.slice(cut) };
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /** Every form of the citation of a unit: {cite, quote, link, markdown, html}. */
  function formats(unit) {
    var cite = citation(unit), url = permalink(unit), quoted = LawrefCopy.unitText(unit);
    return {
      cite: cite + " " + url,
      quote: cite + "规定：“" + quoted.body + "”\n" + url + quoted.notes,
      link: url,
      markdown: "[" + cite + "](" + url + ")",
      html: "<a href=\"" + escapeHtml(url) + "\">" + escapeHtml(cite) + "</a>"
    };
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    var ta = document.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  /** The address with a line-break chance after each "/" (never inside "http"). */
  function urlNode(url) {
    var span = document.createElement("span");
    span.className = "lr-cite-url";
    var m = /^([a-z]+:\/\/)([^/]*\/?)(.*)$/.exec(url) || [url, "", url, ""];
    var scheme = document.createElement("span");
    scheme.className = "lr-cite-scheme";
    scheme.textContent = m[1];
    span.appendChild(scheme);
    span.appendChild(document.createTextNode(m[2]));
    m[3].split(/(?<=[/#])/).forEach(function (part) {
      span.appendChild(document.createElement("wbr"));
      span.appendChild(document.createTextNode(part));
    });
    return span;
  }

  var open = null;
  function closeMenu() {
    if (!open) return;
    open.menu.remove();
    open.button.setAttribute("aria-expanded", "false");
    open = null;
  }

  function button(format, text, f, status) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lr-cite-copy";
    b.setAttribute("data-format", format);
    b.textContent = text;
    b.addEventListener("click", function () {
      copy(f[format]).then(function () { status.textContent = "已复制" + text; },
        function () { status.textContent = "无法复制，请手动选择上面的文字"; });
    });
    return b;
  }

  function openMenu(control, unit) {
    var same = open && open.button === control;
    closeMenu();
    if (same) return;
    var f = formats(unit);
    var label = unit.getAttribute("data-label") || articleOf(unit).getAttribute("data-label");
    var menu = document.createElement("div");
    menu.className = "lr-cite-menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "引用" + label);
    var preview = document.createElement("p");
    preview.className = "lr-cite-preview";
    preview.appendChild(document.createTextNode(citation(unit)));
    preview.appendChild(urlNode(permalink(unit)));
    menu.appendChild(preview);
    var status = document.createElement("span");
    status.className = "lr-cite-status";
    status.setAttribute("role", "status");
    var row = document.createElement("div");
    row.className = "lr-cite-row";
    [["cite", "引用（出处）"], ["quote", "引用（原文＋出处）"], ["link", "链接"]].forEach(function (kv) {
      row.appendChild(button(kv[0], kv[1], f, status));
    });
    menu.appendChild(row);
    var more = document.createElement("details");
    more.className = "lr-cite-more";
    var summary = document.createElement("summary");
    summary.textContent = "更多格式";
    more.appendChild(summary);
    more.appendChild(button("markdown", "Markdown", f, status));
    more.appendChild(button("html", "HTML", f, status));
    var go = document.createElement("a");
    go.className = "lr-cite-go";
    go.href = permalink(unit);
    go.textContent = "打开永久地址";
    more.appendChild(go);
    menu.appendChild(more);
    menu.appendChild(status);
    var host = control.closest("h1, h2, h3, .lr-para > p, .lr-items > li, .lr-points > li") || control;
    if (host.tagName === "LI") host.appendChild(menu); else host.insertAdjacentElement("afterend", menu);
    control.setAttribute("aria-expanded", "true");
    open = { button: control, menu: menu };
    menu.querySelector("button").focus();
  }

  /** Upgrade a ¶ permalink into the unit's one control (a plain click opens the menu; modified clicks follow). */
  function upgrade(link, unit) {
    if (link.getAttribute("data-lr-menu")) return;
    var label = unit.getAttribute("data-label") || articleOf(unit).getAttribute("data-label");
    link.setAttribute("data-lr-menu", "1");
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-label", "引用或链接" + label);
    link.title = "引用或链接" + label;
    link.setAttribute("data-eid", unit.id);
    link.addEventListener("click", function (ev) {
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
      ev.preventDefault();
      openMenu(link, unit);
    });
    link.addEventListener("keydown", function (ev) {
      if (ev.key === " ") { ev.preventDefault(); openMenu(link, unit); }
    });
  }

  function init() {
    document.querySelectorAll(".lr-article[data-cite-title] [id][data-label]").forEach(function (unit) {
      var link = unit.querySelector(":scope > p > .lr-permalink, :scope > .lr-permalink");
      if (link) upgrade(link, unit);
    });
    document.querySelectorAll("h1[id], h2[id], h3[id]").forEach(function (h) {
      var art = document.querySelector('.lr-article[data-cite-title][data-eid="' + h.id + '"]');
      var link = h.querySelector(":scope > .headerlink");
      if (art && link) upgrade(link, h);
    });
  }

  /* A tap on a unit's text (not on a link, term or control) reveals its control on touch screens. */
  document.addEventListener("click", function (e) {
    if (open && !open.menu.contains(e.target) && e.target !== open.button) closeMenu();
    if (e.target.closest("a, button, [tabindex], .lr-cite-menu")) return;
    var unit = e.target.closest(".lr-para > p, .lr-points > li, .lr-items > li");
    document.querySelectorAll(".lr-reveal").forEach(function (el) { if (el !== unit) el.classList.remove("lr-reveal"); });
    if (unit) unit.classList.toggle("lr-reveal");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !open) return;
    var control = open.button;
    closeMenu();
    control.focus();  // back to the control that opened the menu
  });
  var LawrefCopy = window.LawrefCopy = { formats: formats, permalink: permalink, citation: citation, unitText: unitText };
  // Material's instant loading swaps pages without a load event; its document$ emits for every page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { open = null; init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
