// The service worker in Debian's Chromium, with a browser profile kept between calls
// (the second call sees what the first one saved), printing JSON.
// Usage: node offline-check.mjs BASE PROFILE_DIR VISIT_ONLINE OFFLINE_PATH ...
//   VISIT_ONLINE: comma-separated paths opened while online, after the home page.
//   Then the network goes off and each OFFLINE_PATH is opened.
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const [base, profile, visits, ...offlinePaths] = process.argv.slice(2);
const context = await chromium.launchPersistentContext(profile, {
  ...launchOptions,
  viewport: { width: 360, height: 800 },
});
const errors = [];
const out = { errors };
let phase = "online";
try {
  const page = context.pages()[0] || await context.newPage();
  // Offline, a picture never saved fails to load, as it should: only errors online count.
  page.on("console", (m) => { if (m.type() === "error" && phase === "online") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/`, { waitUntil: "load" });
  // A worker already there from an earlier call checks for a new sw.js now.
  out.updated = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    await registration.update();
    const waitFor = (worker) => new Promise((resolve) => {
      if (!worker || worker.state === "activated") resolve();
      else worker.addEventListener("statechange", () => { if (worker.state === "activated") resolve(); });
    });
    const fresh = registration.installing || registration.waiting;
    await waitFor(fresh);
    return Boolean(fresh);
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
  for (const path of visits.split(",").filter(Boolean)) {
    await page.goto(`${base}/${path}`, { waitUntil: "load" });
  }
  out.caches = await page.evaluate(async () => {
    const found = {};
    for (const name of await caches.keys()) {
      found[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    }
    return found;
  });
  out.worker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
  await context.setOffline(true);
  phase = "offline";
  out.offline = [];
  for (const path of offlinePaths) {
    try {
      const response = await page.goto(`${base}/${path}`, { waitUntil: "load", timeout: 20000 });
      out.offline.push(await page.evaluate(([asked, status]) => ({
        path: asked, status, lang: document.documentElement.lang,
        h1: (document.querySelector("h1") || {}).textContent || "",
        text: document.body.innerText,
        styled: getComputedStyle(document.body).marginTop === "0px",
      }), [path, response ? response.status() : 0]));
    } catch (error) {
      out.offline.push({ path, failed: String(error).split("\n")[0] });
    }
  }
} finally {
  await context.close();
}
process.stdout.write(JSON.stringify(out));
