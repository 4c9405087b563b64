/* lawref-redirect: on a redirect page (/slug/23/ …), go to the permanent address named by the page's
 * <link rel="canonical">, keeping the #fragment (the meta refresh alone would drop it). Same origin only. */
(function () {
  "use strict";
  var link = document.querySelector('link[rel="canonical"]');
  if (!link) return;
  var target;
  try { target = new URL(link.getAttribute("href"), location.href); } catch (e) { return; }
  if (target.origin !== location.origin) return;
  location.replace(target.href.split("#")[0] + location.hash);
})();
