{% load static %}// Bone Journal's service worker: one job. When a whole page cannot be fetched (no connection),
// answer with the offline page, which says that nothing was saved, instead of the browser's
// error page (which, in a home-screen app, has no way back). Nothing else is cached: no journal
// page is ever kept on the device.
"use strict";
const CACHE = "bj-offline-{{ stamp }}";
const OFFLINE = "{% url 'journal:offline' %}";
const ASSETS = [OFFLINE, "{% static 'css/journal.css' %}", "{% static 'icons/bone.svg' %}"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("bj-offline-") && key !== CACHE)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE)));
  } else if (request.method === "GET" && ASSETS.includes(url.pathname)) {
    // The offline page's own style and icon, from the network when it answers.
    event.respondWith(fetch(request).catch(() => caches.match(request)));
  }
  // Everything else (htmx requests, charts) goes to the network as if there were no worker:
  // a failed htmx save is reported by static/js/offline.js.
});
