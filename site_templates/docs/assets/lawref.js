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
  function init() { highlight(); labelDialogs(); }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
})();
