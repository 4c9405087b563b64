/* lawref: the search scope (this document / all documents). Loaded in the head, before Material's bundle:
   it notes the search worker Material creates (assets/search/worker.js) and tells it the page's document
   (data-lawref-doc on the local navigation) and the reader's scope, so the worker keeps to that document's
   results (and fetches no other document's records) when the reader searches this document only. The
   control sits above the results; the choice is kept for the browser session. For a small library the "worker"
   Material gets is the same engine running in the page (PageWorker below). */
(function () {
  var KEY = "lawref-search-scope";
  var NativeWorker = window.Worker;
  var worker = null;

  function pageDoc() {
    var el = document.querySelector("[data-lawref-doc]");
    return el ? { slug: el.getAttribute("data-lawref-doc"), title: (el.querySelector(".lr-localnav__doc") || el).textContent.trim() } : null;
  }
  function wantAll() {
    try { return sessionStorage.getItem(KEY) !== "doc"; } catch (e) { return true; }
  }
  function send() {
    var doc = pageDoc();
    if (worker) worker.postMessage({ type: "lawref-scope", doc: doc ? doc.slug : null, all: !doc || wantAll() });
  }

  /* The worker's answer grows while records arrive (the same groups first, then more), and Material renders
     each answer anew: a result the reader moved to with the arrow keys keeps the focus. This listener runs
     before Material's; the observer after Material has rendered. */
  function keepFocus(ev) {
    var active = document.activeElement;
    var list = document.querySelector(".md-search-result__list");
    if (!ev.data || ev.data.type !== 3 || !list || !active || !list.contains(active) || !active.href) return;
    var href = active.href;
    var watch = new MutationObserver(function () {
      watch.disconnect();
      var again = [].filter.call(list.querySelectorAll("a.md-search-result__link"), function (a) { return a.href === href; })[0];
      if (again) again.focus();
    });
    watch.observe(list, { childList: true });
  }

  /* A small library is searched in the page (the build says so: data-lawref-search="page" on this script): the
     worker's code runs on the page's thread with a host standing for the worker's global scope, and the messages
     go both ways as microtasks. Once the index is in (the idle prefetch), a keystroke's answer is then on screen
     in the task of the keystroke, before the next frame is drawn; a message from a worker waits for the page's
     thread, which after a key press is often the frame that input made due (up to one frame, ~16 ms). A larger
     library keeps the worker: its index is parsed and scored off the page's thread. */
  var script = document.currentScript;
  var inPage = !!script && script.getAttribute("data-lawref-search") === "page";

  function deliver(target, data) {
    queueMicrotask(function () { target.dispatchEvent(new MessageEvent("message", { data: data })); });
  }
  function PageWorker(url) {
    var port = new EventTarget(), host = new EventTarget();
    var src = new URL(url, location.href), queue = [], started = false;
    host.location = { href: src.href };
    host.postMessage = function (data) { deliver(port, data); };
    port.postMessage = function (data) { if (started) deliver(host, data); else queue.push(data); };
    port.terminate = function () { started = false; queue = []; };
    /* After the page's own scripts (the grammar and the citation parser the engine uses): its segmenter, then the
       engine, which takes the host while it runs. */
    function load(urls) {
      if (!urls.length) {
        delete window.LawrefSearchHost;
        started = true;
        queue.splice(0).forEach(function (data) { deliver(host, data); });
        return;
      }
      var el = document.createElement("script");
      el.src = urls[0];
      el.onload = function () { load(urls.slice(1)); };
      el.onerror = function () { delete window.LawrefSearchHost; };
      if (urls.length === 1) window.LawrefSearchHost = host;
      document.head.appendChild(el);
    }
    var urls = [new URL("segment.js", src).href, src.href];
    function start() { load(urls); }
    if (document.readyState === "loading") {
      /* Their downloads and the index's manifest start now, as a worker's would. */
      urls.map(function (u) { return [u, "script"]; }).concat([[new URL("../../search/lawref_index.json", src).href, "fetch"]])
        .forEach(function (x) {
          var link = document.createElement("link");
          link.rel = "preload";
          link.href = x[0];
          link.as = x[1];
          if (x[1] === "fetch") link.crossOrigin = "anonymous";
          document.head.appendChild(link);
        });
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
    return port;
  }

  if (NativeWorker) {
    var Wrapped = function (url, options) {
      var page = inPage && /assets\/search\/worker\.js/.test(String(url));
      var w = page ? PageWorker(url) : new NativeWorker(url, options);
      if (!worker && /assets\/search\/worker\.js/.test(String(url))) {
        worker = w;
        w.addEventListener("message", keepFocus);
        send();
      }
      return w;
    };
    Wrapped.prototype = NativeWorker.prototype;
    window.Worker = Wrapped;
  }

  function control() {
    var doc = pageDoc();
    var result = document.querySelector(".md-search-result");
    if (!doc || !result || result.querySelector(".lr-search-scope")) return;
    var box = document.createElement("div");
    box.className = "lr-search-scope";
    box.setAttribute("role", "radiogroup");
    box.setAttribute("aria-label", "搜索范围");
    [["doc", "本文件：" + doc.title], ["all", "全部文件"]].forEach(function (opt) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "lr-search-scope";
      input.value = opt[0];
      input.checked = (opt[0] === "all") === wantAll();
      input.addEventListener("change", function () {
        try { sessionStorage.setItem(KEY, input.value); } catch (e) { /* private mode: this page only */ }
        send();
        var q = document.querySelector(".md-search__input");
        if (q) q.focus();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(opt[1]));
      box.appendChild(label);
    });
    result.insertBefore(box, result.firstChild);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", control);
  else control();
})();
