/* lawref: highlight the unit a permalink points at. Works with Material's instant loading off or on. */
(function () {
  function highlight() {
    document.querySelectorAll(".lr-target").forEach(function (el) { el.classList.remove("lr-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el) el.classList.add("lr-target");
  }
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", highlight);
})();
