// Drive the Decap CMS admin of `invoke edit` as an editor would, in headless Chromium.
// Usage: node tests/browser/cms-check.mjs BASE_URL  (BASE_URL: http://127.0.0.1:PORT)
// Prints one JSON object: what each step saw, and every request that left 127.0.0.1.
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const base = process.argv[2];
const browser = await chromium.launch(launchOptions);
const result = { outside: [], errors: [], steps: {} };
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
// The admin's own Content-Security-Policy must let every step below work; Chromium
// reports each refusal on the console, whatever page the step is on.
result.violations = [];
page.on("console", (m) => {
  if (m.type() === "error" && m.text().includes("Content Security Policy")) {
    result.violations.push({ url: page.url(), text: m.text() });
  }
});
page.on("request", (r) => {
  const url = new URL(r.url());
  if (!["data:", "blob:"].includes(url.protocol) && url.hostname !== "127.0.0.1") {
    result.outside.push(r.url());
  }
});
page.on("pageerror", (e) => result.errors.push(e.message));

// A field by its label in the uk (0) or en (1) pane; optional fields add "(необов’язково)".
const field = (label, pane) => page.getByLabel(new RegExp(`^${label}( [(].*)?$`)).nth(pane);
// A date picker and its time (plugins/cms/static/kip-cms.js, WhenControl).
async function when(label, pane, day, time) {
  await field(label, pane).fill(day);
  if (time) await page.getByLabel(`${label}: час`).nth(pane).fill(time);
}
const body = (pane) => page.locator('[aria-label="поле markdown"]').nth(pane)
  .locator('[contenteditable="true"]');

async function publish() {
  await page.getByRole("button", { name: "Опублікувати" }).first().click();
  await page.locator('[role="menuitem"]').first().click();
}

// A fresh page load, so that no field of the last form is still on the page.
async function open(hash, title = "") {
  await page.goto("about:blank");
  await page.goto(`${base}/admin/#${hash}`, { waitUntil: "networkidle" });
  await field("Заголовок", 0).waitFor();
  // Both languages side by side (the preview may have taken the right pane).
  if (await page.getByLabel(/^Заголовок/).count() < 2) {
    await page.getByRole("button", { name: "Порівняння записів" }).click();
    await field("Заголовок", 1).waitFor();
  }
  if (title) {
    await page.waitForFunction(([label, text]) => [...document.querySelectorAll("input")]
      .some((i) => i.value === text), ["Заголовок", title]);
  }
}

await page.goto(`${base}/admin/`, { waitUntil: "networkidle" });
await page.getByRole("button", { name: "Увійти" }).click();
await page.getByText("Події").first().waitFor();

// 1. A new event in both languages.
await open("/collections/events/new");
await field("Заголовок", 0).fill("Відкрита зустріч у травні");
await field("Адреса сторінки", 0).fill("open-meeting-may");
await when("Початок", 0, "2027-05-20", "15:00");
await when("Кінець", 0, "2027-05-20", "17:30");
await field("Місце", 0).fill("Простір «Вільна Хата»");
await body(0).click();
await page.keyboard.type("Приходьте обговорити ідеї.");
await field("Заголовок", 1).fill("Open meeting in May");
await field("Місце", 1).fill("Vilna Khata space");
await body(1).click();
await page.keyboard.type("Come and discuss ideas.");
// The preview's date line, as the event page will write it.
await page.getByRole("button", { name: "Попередній перегляд" }).click();
result.steps.preview = await page.frameLocator("iframe").first().locator(".kip-when")
  .innerText({ timeout: 10000 }).catch((e) => `no preview: ${e.message}`);
await page.getByRole("button", { name: "Попередній перегляд" }).click();
await publish();
await page.waitForURL(/entries\/open-meeting-may/, { timeout: 20000 });
// From the save to the page being on the live-reloading site.
const saved = Date.now();
for (let tries = 0; tries < 600; tries++) {
  const response = await page.request.get(`${base}/events/open-meeting-may/`);
  if (response.ok()) break;
  await page.waitForTimeout(100);
}
result.steps.save_to_page_ms = Date.now() - saved;
// The live preview's pages run livereload's reload script (their policy lets it).
await page.goto(`${base}/events/open-meeting-may/`, { waitUntil: "load" });
result.steps.live_reload = await page.waitForFunction(() => window.LiveReload !== undefined,
  null, { timeout: 10000 }).then(() => true, () => false);

// 2. An existing article: a new title only.
await open("/collections/news/entries/platform-presentation",
  "Краматорська інноваційна платформа представлена громаді міста");
await field("Заголовок", 0).fill("Презентація платформи у «Вільній Хаті»");
await publish();
await page.waitForFunction(() => !document.body.innerText.includes("НЕ ЗБЕРЕЖЕНО"),
  null, { timeout: 20000 }).catch(() => {});
await page.waitForTimeout(1500);

// 2b. The English description of an existing article's image removed: refused.
await open("/collections/news/entries/platform-presentation");
await field("Опис зображення", 1).fill("");
await publish();
await page.waitForTimeout(1500);
result.steps.alt_refused = await page.getByText(/обов’язковий, коли є зображення/).count();

// 3. Bad input: the end before the start, and a taken address. Nothing may be saved.
await open("/collections/events/new");
await field("Заголовок", 0).fill("Зустріч навпаки");
await field("Адреса сторінки", 0).fill("kitchen-of-ideas");
await when("Початок", 0, "2027-06-10", "18:00");
await when("Кінець", 0, "2027-06-10", "16:00");
await publish();
await page.waitForTimeout(1500);
result.steps.refused = await page.locator("li, p, div").filter({
  hasText: /не може бути раніше за початок|вже зайнята/,
}).evaluateAll((nodes) => [...new Set(nodes.filter((n) => !n.children.length)
  .map((n) => n.textContent.trim()))]);
await page.screenshot({ path: process.env.CMS_SCREENSHOT || "/dev/null" }).catch(() => {});

await browser.close();
console.log(JSON.stringify(result));
