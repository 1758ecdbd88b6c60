// The family page: register the service worker (offline copy of the last plan seen) and
// say how old the plan on the screen is. Progressive enhancement only.
(function () {
  "use strict";
  var root = document.getElementById("family-page");
  if (!root) { return; }

  if ("serviceWorker" in navigator && root.dataset.serviceWorker) {
    var firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register(root.dataset.serviceWorker, { scope: "/p/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { return document.fonts ? document.fonts.ready : null; })
      .then(function () {
        if (!firstVisit || !window.caches) { return null; }
        // This page was loaded before the worker existed: keep a copy of it now (the
        // page as it is, without asking the server again), and the files it uses.
        var urls = [];
        document.querySelectorAll("link[rel=stylesheet][href], script[src], " +
          "link[rel=icon][href], link[rel=apple-touch-icon][href], link[rel=manifest][href]")
          .forEach(function (el) { urls.push(el.href || el.src); });
        // And every file of this site the page has fetched itself (the fonts of the
        // language names in the switcher, for one).
        if (window.performance && performance.getEntriesByType) {
          performance.getEntriesByType("resource").forEach(function (entry) {
            var url = new URL(entry.name);
            if (url.origin === window.location.origin &&
                url.pathname.indexOf("/static/") === 0) { urls.push(entry.name); }
          });
        }
        urls = urls.filter(function (url, i) { return urls.indexOf(url) === i; });
        var html = "<!doctype html>\n" + document.documentElement.outerHTML;
        return caches.open("family-v1").then(function (cache) {
          return Promise.all([
            cache.put(window.location.href, new Response(html, {
              headers: { "Content-Type": "text/html; charset=utf-8" } })),
            cache.addAll(urls)
          ]);
        });
      })
      .then(function () { root.dataset.offlineReady = "true"; })
      .catch(function () { /* no offline copy: the page still works */ });
  }

  var out = document.getElementById("last-updated");
  var fetched = new Date(root.dataset.fetchedAt || "");
  if (!out || isNaN(fetched.getTime())) { return; }

  function show() {
    // The time as the server wrote it, on the organisation's clock (core/clock.py), not on
    // the phone's: a family abroad sees the same time as the coordinator.
    var when = root.dataset.fetchedText;
    if (!when) {
      try {
        when = fetched.toLocaleString(document.documentElement.lang || undefined,
          { dateStyle: "long", timeStyle: "short", timeZone: root.dataset.timeZone });
      } catch (e) {
        when = fetched.toLocaleString();
      }
    }
    var offline = navigator.onLine === false;
    var text = offline ? root.dataset.offlineText : root.dataset.updatedText;
    out.textContent = (text || "").replace("{when}", when);
    out.classList.toggle("offline", offline);
    out.hidden = false;
  }
  show();
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
})();
