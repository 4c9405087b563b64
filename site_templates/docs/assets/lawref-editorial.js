/* lawref editorial layer: hover/focus/tap previews of cross-references, glossary terms and errata,
   and the "as printed" switch. Everything it shows is already in the page (data attributes): no requests. */
(function () {
  "use strict";
  var SEL = ".lr-text .lr-ref, .lr-text .lr-term, .lr-text .lr-corr, .lr-text .lr-query";
  var KEY = "lawref.printed", PLAIN_KEY = "lawref.plain";
  var pop, current = null, pinned = false, hideTimer = null, lastPointer = "mouse";

  function makePop() {
    pop = document.createElement("div");
    pop.id = "lr-pop";
    pop.className = "lr-pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) scheduleHide(); });
    document.body.appendChild(pop);
  }

  function fill(el) {
    pop.textContent = "";
    var h = document.createElement("strong");
    h.className = "lr-pop-title";
    h.textContent = el.getAttribute("data-title") || "";
    pop.appendChild(h);
    var p = document.createElement("p");
    p.className = "lr-pop-text";
    p.textContent = el.getAttribute("data-preview") || "";
    pop.appendChild(p);
    var href = el.tagName === "A" ? el.getAttribute("href") : el.getAttribute("data-href");
    if (href) {
      var a = document.createElement("a");
      a.className = "lr-pop-go";
      a.href = href;
      a.textContent = el.classList.contains("lr-ref") ? "前往" + (el.getAttribute("data-title") || "") + " →"
        : el.classList.contains("lr-term") ? "术语表 →" : "校勘记 →";
      pop.appendChild(a);
    }
  }

  function place(el) {
    var r = el.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    pop.style.maxWidth = Math.min(380, vw - 16) + "px";
    pop.style.left = "0px";
    pop.style.top = "0px";
    var w = pop.offsetWidth, hgt = pop.offsetHeight;
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + vw - w - 8));
    var top = r.bottom + window.scrollY + 6;
    if (r.bottom + hgt + 12 > window.innerHeight && r.top > hgt + 12) top = r.top + window.scrollY - hgt - 6;
    pop.style.left = left + "px";
    pop.style.top = top + "px";
  }

  function show(el, pin) {
    clearTimeout(hideTimer);
    if (current && current !== el) current.removeAttribute("aria-describedby");
    current = el;
    pinned = !!pin;
    fill(el);
    pop.hidden = false;
    el.setAttribute("aria-describedby", "lr-pop");
    if (!el.matches("a")) el.setAttribute("aria-expanded", "true");
    place(el);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!pop) return;
    pop.hidden = true;
    if (current) {
      current.removeAttribute("aria-describedby");
      if (!current.matches("a")) current.setAttribute("aria-expanded", "false");
    }
    current = null;
    pinned = false;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);
  }

  function trigger(t) {
    if (document.documentElement.classList.contains("lr-plain")) return null;  // marks hidden: no previews
    return t && t.closest ? t.closest(SEL) : null;
  }

  function preparePage() {
    if (!pop || !document.body.contains(pop)) makePop();
    document.querySelectorAll(SEL).forEach(function (el) {
      if (!el.matches("a")) {
        el.setAttribute("role", "button");
        el.setAttribute("aria-expanded", "false");
      }
    });
  }

  function wire() {
    document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);
    document.addEventListener("mouseover", function (e) {
      var el = trigger(e.target);
      if (el && lastPointer === "mouse" && !pinned) show(el, false);
    });
    document.addEventListener("mouseout", function (e) {
      var el = trigger(e.target);
      if (el && el === current && !pinned && !(e.relatedTarget && pop.contains(e.relatedTarget))) scheduleHide();
    });
    document.addEventListener("focusin", function (e) {
      var el = trigger(e.target);
      if (el) show(el, false);
      else if (!pop.contains(e.target)) hide();
    });
    document.addEventListener("focusout", function (e) {
      var el = trigger(e.target);
      if (el && el === current && !pinned && !(e.relatedTarget && pop.contains(e.relatedTarget))) scheduleHide();
    });
    document.addEventListener("click", function (e) {
      var el = trigger(e.target);
      if (el) {
        var isLink = el.matches("a");
        if (!isLink || (lastPointer !== "mouse" && !(current === el && pinned))) {
          // terms and errata toggle on click; on touch a link's first tap shows the preview, the second follows it
          e.preventDefault();
          if (current === el && pinned) hide(); else show(el, true);
        }
        return;
      }
      if (!pop.contains(e.target)) hide();
    });
    document.addEventListener("keydown", function (e) {
      var el = trigger(e.target);
      if (e.key === "Escape") { hide(); return; }
      if (el && !el.matches("a") && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        if (current === el && pinned) hide(); else show(el, true);
      }
    });
    window.addEventListener("resize", function () { if (current) place(current); });
  }

  /* The as-printed switch: each .lr-text carries data-raw, the node exactly as the page printed it. */
  var saved = new WeakMap();

  function applyPrinted(on) {
    document.documentElement.classList.toggle("lr-printed", on);
    document.querySelectorAll(".lr-text[data-raw]").forEach(function (el) {
      if (on) {
        if (!saved.has(el)) saved.set(el, el.innerHTML);
        el.textContent = el.getAttribute("data-raw");
      } else if (saved.has(el)) {
        el.innerHTML = saved.get(el);
        saved.delete(el);
      }
    });
    document.querySelectorAll(".lr-printed-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
      b.title = on ? "正在按来源版面原样显示（含半角标点和错字）；点击恢复校订文本"
        : "按来源版面原样显示正文（含半角标点和错字）";
    });
    // The state is never silent: while the page shows the source as printed, a notice says so.
    document.querySelectorAll(".lr-view-note").forEach(function (n) { n.hidden = !on; });
    hide();
  }

  /* The reader's switch that hides every editorial mark (terms, reference links, corrections): plain text. */
  function applyPlain(on) {
    document.documentElement.classList.toggle("lr-plain", on);
    document.querySelectorAll(".lr-marks-toggle").forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    hide();
  }

  function stored(key) {
    try { return localStorage.getItem(key) === "1"; } catch (e) { return false; }
  }

  function toggle(cls, key, apply) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lr-view-toggle " + cls;
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      try { localStorage.setItem(key, on ? "1" : "0"); } catch (e) { /* private mode: not remembered */ }
      apply(on);
    });
    return b;
  }

  /* A small settings row under the title (not a primary button): 隐藏注释标记 and 按原版显示, each showing its
     state (aria-pressed, a check box drawn by CSS); remembered per browser, and the as-printed state announced. */
  function addSwitch() {
    if (!document.querySelector(".lr-text[data-raw]") || document.querySelector(".lr-view-bar")) return;
    var host = document.querySelector(".md-content__inner") || document.body;
    var bar = document.createElement("div");
    bar.className = "lr-view-bar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "显示设置");
    var plain = toggle("lr-marks-toggle", PLAIN_KEY, applyPlain);
    plain.textContent = "隐藏注释标记";
    plain.title = "不显示术语、引用和校勘的标记，只读正文";
    var printed = toggle("lr-printed-toggle", KEY, applyPrinted);
    printed.textContent = "按原版显示";
    bar.appendChild(plain);
    bar.appendChild(printed);
    var note = document.createElement("p");
    note.className = "lr-view-note";
    note.setAttribute("role", "status");
    note.hidden = true;
    note.textContent = "正在按来源版面原样显示（含错字和半角标点），不是校订文本。";
    bar.appendChild(note);
    var anchor = host.querySelector(".lr-status") || host.querySelector("h1");
    if (anchor && anchor.parentNode === host) host.insertBefore(bar, anchor.nextSibling); else host.insertBefore(bar, host.firstChild);
    applyPlain(stored(PLAIN_KEY));
    applyPrinted(stored(KEY));
  }

  function page() {
    preparePage();
    addSwitch();
  }
  function init() {
    wire();
    // Material's instant navigation swaps the content without a load event: prepare each new page.
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(page);
    else page();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

/* Corrections in copied text. window.lawrefCorrections.text(root, mode) is the plain text of a fragment (an element
   or a DocumentFragment) with the editors' marks resolved: mode "marked" (the default) gives each corrected reading
   followed by ［校n］ and, after the text, one note per mark (the printed reading and the evidence); "printed" gives
   the source's reading everywhere. Doubtful readings (疑) stay as printed and get a note too. The copy control
   (lawref-copy.js) calls it with the mode the reader chose; a plain selection copied with Ctrl+C uses "marked". */
(function () {
  "use strict";
  var MARKS = ".lr-corr, .lr-query";

  function text(root, mode) {
    var notes = [];
    var clone = root.cloneNode(true);
    (clone.querySelectorAll ? clone.querySelectorAll(".lr-sign") : []).forEach(function (s) { s.remove(); });
    (clone.querySelectorAll ? clone.querySelectorAll(MARKS) : []).forEach(function (m) {
      var printed = m.getAttribute("data-printed") || "";
      var corr = m.classList.contains("lr-corr");
      if (mode === "printed") { m.textContent = printed; return; }
      var n = notes.length + 1;
      var shown = corr ? m.textContent : printed;
      m.textContent = shown + "［" + (corr ? "校" : "疑") + n + "］";
      notes.push("［" + (corr ? "校" : "疑") + n + "］" + (corr
        ? "来源作“" + printed + "”，编者校正为“" + shown + "”"
        : "来源作“" + printed + "”，存疑，照录") +
        "（" + (m.getAttribute("data-evidence") || "") + "）");
    });
    var body = (clone.textContent || "").replace(/[ \t]*¶/g, "").replace(/\s*\n\s*/g, "\n").trim();
    if (!notes.length) return body;
    return body + "\n——\n编者注（非官方文本）：\n" + notes.join("\n");
  }

  window.lawrefCorrections = { text: text };

  document.addEventListener("copy", function (e) {
    var sel = window.getSelection && window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !e.clipboardData) return;
    var frag = sel.getRangeAt(0).cloneContents();
    if (!frag.querySelector || !frag.querySelector(MARKS)) {
      // a selection inside one mark: its ancestor carries the reading
      var anc = sel.getRangeAt(0).commonAncestorContainer;
      var el = anc.nodeType === 1 ? anc : anc.parentElement;
      var mark = el && el.closest ? el.closest(MARKS) : null;
      if (!mark) return;
      var holder = document.createElement("span");
      holder.appendChild(mark.cloneNode(true));
      frag = holder;
    }
    if (document.documentElement.classList.contains("lr-printed")) return;  // the as-printed view copies as shown
    e.clipboardData.setData("text/plain", text(frag, "marked"));
    e.preventDefault();
  });
})();
