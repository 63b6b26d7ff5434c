// The site's service worker. The build puts PRECACHE ([path, revision] pairs, paths
// from the site's root) and OFFLINE ({language prefix: offline page}) above this.
//
// Our own, not Workbox: the site needs four behaviours (precache by revision, pages
// network-first, images cache-first, an offline page per language), which fit in
// this file; Workbox would be a second library to vendor, pin and serve for them.
"use strict";

const PRECACHE_CACHE = "kip-precache";
const PAGE_CACHE = "kip-pages";
const IMAGE_CACHE = "kip-images";
const OUR_CACHES = [PRECACHE_CACHE, PAGE_CACHE, IMAGE_CACHE];
// A slow network loses to the saved copy after this long (the network's answer,
// when it comes, still updates the copy).
const NETWORK_TIMEOUT_MS = 3000;
const MAX_PAGES = 60;
const MAX_IMAGES = 80;

const ROOT = self.registration.scope;
const at = (path) => new URL(path, ROOT).href;
// A page's address -> the key of its precached copy; the revision in the key makes
// a changed file a new entry, and an unchanged one stay as it is.
const PRECACHED = new Map(PRECACHE.map(([path, revision]) => [at(path), `${at(path)}?rev=${revision}`]));
const ADMIN = at("admin/");

function withoutQuery(url) {
  const clean = new URL(url);
  clean.search = "";
  clean.hash = "";
  return clean.href.endsWith("/index.html") ? clean.href.slice(0, -"index.html".length) : clean.href;
}

async function precached(url) {
  const key = PRECACHED.get(withoutQuery(url));
  return key ? (await caches.open(PRECACHE_CACHE)).match(key) : undefined;
}

async function keep(cacheName, request, response, limit) {
  const cache = await caches.open(cacheName);
  await cache.put(request, response);
  const keys = await cache.keys();
  // Oldest first: keys come back in the order they were put.
  await Promise.all(keys.slice(0, Math.max(0, keys.length - limit)).map((key) => cache.delete(key)));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE_CACHE);
    const have = new Set((await cache.keys()).map((request) => request.url));
    await Promise.all([...PRECACHED].filter(([, key]) => !have.has(key)).map(async ([url, key]) => {
      const response = await fetch(url, { cache: "no-cache" });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(key, response);
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (!OUR_CACHES.includes(name)) await caches.delete(name);
    }
    const cache = await caches.open(PRECACHE_CACHE);
    const current = new Set(PRECACHED.values());
    for (const request of await cache.keys()) {
      if (!current.has(request.url)) await cache.delete(request);
    }
    await self.clients.claim();
  })());
});

function offlinePage(url) {
  const path = url.slice(ROOT.length);
  // The longest language prefix the address starts with: "en/" before "".
  const prefix = Object.keys(OFFLINE).sort((a, b) => b.length - a.length)
    .find((candidate) => path.startsWith(candidate));
  return precached(at(OFFLINE[prefix ?? ""]));
}

async function page(event) {
  const { request } = event;
  const network = fetch(request);
  event.waitUntil(network.then(
    (response) => response.ok && keep(PAGE_CACHE, request, response.clone(), MAX_PAGES),
  ).catch(() => null));
  const timeout = new Promise((resolve) => { setTimeout(resolve, NETWORK_TIMEOUT_MS, null); });
  const first = await Promise.race([network.catch(() => null), timeout]);
  if (first) return first;
  const saved = (await (await caches.open(PAGE_CACHE)).match(request)) || (await precached(request.url));
  if (saved) return saved;
  try {
    return await network;
  } catch {
    return (await offlinePage(request.url)) || Response.error();
  }
}

async function image(event) {
  const { request } = event;
  const cache = await caches.open(IMAGE_CACHE);
  const saved = (await precached(request.url)) || (await cache.match(request));
  if (saved) return saved;
  const response = await fetch(request);
  if (response.ok) event.waitUntil(keep(IMAGE_CACHE, request, response.clone(), MAX_IMAGES));
  return response;
}

async function asset(request) {
  return (await precached(request.url)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(ROOT) || request.url.startsWith(ADMIN)) return;
  if (request.mode === "navigate") event.respondWith(page(event));
  else if (request.destination === "image") event.respondWith(image(event));
  else if (PRECACHED.has(withoutQuery(request.url))) event.respondWith(asset(request));
});
