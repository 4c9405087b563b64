/* lawref-copy: a "引用" control on each 条, 款 and 项 of the regulation (article pages and the full text).
 * It copies 《中国共产党巡视工作条例》第二十三条第一款第（三）项 with its permanent address, as plain text,
 * Markdown or HTML. The address is absolute, built in the browser from this script's own URL, so it is right
 * when the site is served under a sub-path. Needs LawrefCitation (assets/lawref-citation.js). */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = new URL("../", script ? script.src : location.href);  // this file is assets/lawref-copy.js

  function permalink(eid) {
    var C = window.LawrefCitation;
    var art = eid.split("__")[0];
    return new URL(C.REG_DOC + "/" + art + "/" + (eid.indexOf("__") >= 0 ? "#" + eid : ""), root).href;
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  /** The three forms of a citation: {text, markdown, html}. */
  function formats(label, eid) {
    var cite = window.LawrefCitation.citation(label), url = permalink(eid);
    return {
      text: cite + " " + url,
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

  var open = null;
  function closeMenu() {
    if (!open) return;
    open.menu.remove();
    open.button.setAttribute("aria-expanded", "false");
    open = null;
  }

  function openMenu(button, label, eid) {
    var same = open && open.button === button;
    closeMenu();
    if (same) return;
    var f = formats(label, eid);
    var menu = document.createElement("div");
    menu.className = "lr-cite-menu";
    menu.setAttribute("role", "group");
    menu.setAttribute("aria-label", "复制" + label + "的引用");
    var preview = document.createElement("p");
    preview.className = "lr-cite-preview";
    preview.textContent = f.text;
    menu.appendChild(preview);
    var status = document.createElement("span");
    status.className = "lr-cite-status";
    status.setAttribute("role", "status");
    [["text", "复制文本"], ["markdown", "复制 Markdown"], ["html", "复制 HTML"]].forEach(function (kv) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "lr-cite-copy";
      b.setAttribute("data-format", kv[0]);
      b.textContent = kv[1];
      b.addEventListener("click", function () {
        copy(f[kv[0]]).then(function () { status.textContent = "已复制"; },
          function () { status.textContent = "无法复制，请手动选择上面的文字"; });
      });
      menu.appendChild(b);
    });
    menu.appendChild(status);
    var host = /^H[1-6]$/.test(button.parentNode.tagName) ? button.parentNode : button;
    host.insertAdjacentElement("afterend", menu);
    button.setAttribute("aria-expanded", "true");
    open = { button: button, menu: menu };
    menu.querySelector("button").focus();
  }

  function makeControl(label, eid) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lr-cite";
    b.setAttribute("data-eid", eid);
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-label", "引用" + label);
    b.title = "复制" + label + "的引用和永久链接";
    b.textContent = "引用";
    b.addEventListener("click", function (ev) { ev.preventDefault(); openMenu(b, label, eid); });
    return b;
  }

  function init() {
    if (!window.LawrefCitation) return;
    var C = window.LawrefCitation;
    // 款 and 项: elements with a regulation id and data-label; the control follows their ¶ permalink.
    document.querySelectorAll(".lr-article [id^='art_'][data-label]").forEach(function (unit) {
      var link = unit.querySelector(":scope > p > .lr-permalink, :scope > .lr-permalink");
      var next = link && link.nextElementSibling;
      if (link && !(next && next.classList.contains("lr-cite"))) {
        link.insertAdjacentElement("afterend", makeControl(unit.getAttribute("data-label"), unit.id));
      }
    });
    // 条: the heading whose id is the article's eid (h1 on its page, h3 on the full text).
    document.querySelectorAll("h1[id^='art_'], h2[id^='art_'], h3[id^='art_']").forEach(function (h) {
      var p = C.parse(h.id);
      if (!p || h.id.indexOf("__") >= 0 || h.querySelector(".lr-cite")) return;
      h.appendChild(makeControl(C.label(p), h.id));
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !open) return;
    var button = open.button;
    closeMenu();
    button.focus();  // back to the control that opened the menu
  });
  document.addEventListener("click", function (e) {
    if (open && !open.menu.contains(e.target) && e.target !== open.button) closeMenu();
  });
  window.LawrefCopy = { formats: formats, permalink: permalink };
  // Material's instant loading swaps pages without a load event; its document$ emits for every page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { open = null; init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
