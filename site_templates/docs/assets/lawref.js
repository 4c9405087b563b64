/* lawref: highlight the unit a permalink points at (条, 款, 项 or news paragraph).
   Runs on load, on every fragment change, and after Material's instant navigation if it is ever enabled. */
(function () {
  function highlight() {
    document.querySelectorAll(".lr-target").forEach(function (el) { el.classList.remove("lr-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el) el.classList.add("lr-target");
  }
  function labelDialogs() {
    // Material's search overlay is role="dialog" without a name; screen readers announce it unnamed.
    document.querySelectorAll('.md-search[role="dialog"]:not([aria-label]):not([aria-labelledby])')
      .forEach(function (el) { el.setAttribute("aria-label", "搜索"); });
  }
  function syncPagerLinks() {
    // Material's keys p/n follow <link rel=prev/next> in the head, which it derives from the nav
    // (chapter pages in between). Where the page has our pager, the keys follow the pager instead.
    var pager = document.querySelector(".lr-pager");
    if (!pager) return;
    ["prev", "next"].forEach(function (rel) {
      var a = pager.querySelector('a[rel="' + rel + '"]');
      var link = document.head.querySelector('link[rel="' + rel + '"]');
      if (a) {
        if (!link) { link = document.createElement("link"); link.rel = rel; document.head.appendChild(link); }
        link.href = a.href;
      } else if (link) {
        link.remove();
      }
    });
  }
  // Material's search box searches on key releases only: a paste with the mouse, a dictation, or a word chosen
  // from an input method would show nothing. Every input event (after an IME composition ends) counts as one.
  function searchOnInput(e) {
    var el = e.target;
    if (!el || !el.matches || !el.matches("[data-md-component=search-query]") || e.isComposing) return;
    el.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", searchOnInput, true);
  document.addEventListener("compositionend", searchOnInput, true);
  function init() { highlight(); labelDialogs(); syncPagerLinks(); }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
})();
