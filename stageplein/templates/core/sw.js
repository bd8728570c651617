// Stageplein's service worker (issue 19). Served by stageplein.core.pwa at /sw.js so that its
// scope covers every page. The static cache is named after a hash of this file as rendered
// (which names every precached asset), so a deploy that changes any of them starts a new cache
// and the old one is deleted when the new worker takes over.
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "stageplein-static-" + VERSION;
// Pages keep their own cache across deploys: a student who went offline right after an update
// must still find the pages opened before it. Only a change of this layout renames it.
const PAGE_CACHE = "stageplein-pages-v1";
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_URL = "{{ static_url }}";
const PRECACHE = {{ precache|safe }};
// The student's and the supervisor's pages that open without a connection: home, the
// internships, one internship, its hours form, the hours to confirm.
const OFFLINE_PAGES = [{% for pattern in offline_pages %}/{{ pattern|safe }}/{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll([OFFLINE_URL, ...PRECACHE]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names.filter((name) => name.startsWith("stageplein-") && name !== STATIC_CACHE && name !== PAGE_CACHE)
        .map((name) => caches.delete(name))
    )).then(() => self.clients.claim())
  );
});

// A page asks to forget the saved pages (someone signed out): they hold a person's data.
self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") event.waitUntil(caches.delete(PAGE_CACHE));
});

function keepsOffline(url) {
  return OFFLINE_PAGES.some((pattern) => pattern.test(url.pathname));
}

async function page(request, url) {
  const keep = keepsOffline(url);
  try {
    const response = await fetch(request);
    // Only a page that really came back for this address: not a redirect to the sign-in page.
    if (keep && response.ok && response.type === "basic" && !response.redirected) {
      const cache = await caches.open(PAGE_CACHE);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    if (keep) {
      const saved = await caches.open(PAGE_CACHE).then((cache) => cache.match(url.pathname));
      if (saved) return saved;
    }
    const offline = await caches.match(OFFLINE_URL);
    return offline || Response.error();
  }
}

async function asset(request) {
  // Stale while revalidate: hashed names never change, unhashed ones (development) refresh.
  const cache = await caches.open(STATIC_CACHE);
  const saved = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (saved) {
    fresh.catch(() => undefined);
    return saved;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith(STATIC_URL)) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = { title: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Stageplein", {
      body: data.body || "",
      icon: "{{ icon_url }}",
      tag: data.tag || undefined,
      data: { url: data.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data.url || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then((windows) => {
      for (const client of windows) {
        if (client.url === target.href && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(target.href);
    })
  );
});
