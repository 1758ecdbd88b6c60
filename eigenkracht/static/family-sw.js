// Service worker of the family page (/p/...): network first, and the last copy seen of a
// page (and the files it uses) when there is no connection. Nothing from other hosts.
"use strict";
var CACHE = "family-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function cacheable(request) {
  if (request.method !== "GET") { return false; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return false; }
  if (url.pathname.endsWith(".pdf") || url.pathname === "/p/sw.js") { return false; }
  return url.pathname.indexOf("/p/") === 0 || url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) { return; }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.status === 404 || response.status === 410) {
        // The link no longer works: forget the copy of the plan kept for it.
        return caches.open(CACHE).then(function (cache) { return cache.delete(request); })
          .then(function () { return response; }, function () { return response; });
      }
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        return caches.open(CACHE).then(function (cache) { return cache.put(request, copy); })
          .then(function () { return response; }, function () { return response; });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (cached) {
        if (cached) { return cached; }
        if (request.mode === "navigate") {
          return caches.match(request, { ignoreSearch: true }).then(function (page) {
            return page || Response.error();
          });
        }
        return Response.error();
      });
    })
  );
});
