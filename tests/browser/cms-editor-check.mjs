// An editor's walk through the admin of `invoke edit`, in headless Chromium, under the
// admin's own Content-Security-Policy: a phone photo through an image field and through
// the media tab, mistakes the build would stop on, a picture in use, a delete, a new
// address, and the same admin on a 390 px phone.
// Usage: node tests/browser/cms-editor-check.mjs BASE_URL PHOTO SECOND_PHOTO
// Prints one JSON object: what each step saw.
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const [base, photo, secondPhoto] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions);
const result = { console: [], errors: [], dialogs: [], steps: {} };
let answer = "";  // what the next prompt() is answered with

function watch(page) {
  page.on("console", (m) => {
    if (m.type() === "error") result.console.push({ url: page.url(), text: m.text() });
  });
  page.on("pageerror", (e) => result.errors.push({ url: page.url(), text: e.message,
                                                   step: Object.keys(result.steps).pop() }));
  page.on("dialog", async (d) => {
    result.dialogs.push({ type: d.type(), text: d.message() });
    if (d.type() === "prompt") await d.accept(answer);
    else await d.accept();
  });
  return page;
}

// One browser context per screen: its pages share the login (local storage).
async function newPage(width) {
  const context = await browser.newContext({ viewport: { width, height: 860 } });
  const page = watch(await context.newPage());
  await page.goto(`${base}/admin/`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Увійти" }).click();
  await page.getByText("Події").first().waitFor();
  return page;
}

const field = (page, label, pane) =>
  page.getByLabel(new RegExp(`^${label}( [(].*)?$`)).nth(pane);

// The admin loaded afresh at an entry, as an editor opening a link does: a new tab in
// place of the old one, closed without the "leave the page?" question that an unsaved
// form asks (answering it from a script is racy in Chromium).
async function open(old, hash) {
  const page = watch(await old.context().newPage());
  await old.close();
  await page.goto(`${base}/admin/#${hash}`, { waitUntil: "networkidle" });
  await field(page, "Заголовок", 0).waitFor();
  if (await page.getByLabel(/^Заголовок/).count() < 2) {
    await page.getByRole("button", { name: "Порівняння записів" }).click();
    await field(page, "Заголовок", 1).waitFor();
  }
  return page;
}

async function fillEvent(page, { title, titleEn, slug, day, time, place, placeEn }) {
  await field(page, "Заголовок", 0).fill(title);
  await field(page, "Адреса сторінки", 0).fill(slug);
  await field(page, "Початок", 0).fill(day);
  await page.getByLabel("Початок: час").first().fill(time);
  await field(page, "Місце", 0).fill(place);
  await field(page, "Заголовок", 1).fill(titleEn);
  await field(page, "Місце", 1).fill(placeEn);
}

async function pickPhoto(page, file, name) {
  await page.getByRole("button", { name: "Вибрати зображення" }).first().click();
  await page.locator('input[type="file"]').first().setInputFiles(file);
  await page.getByText(name, { exact: true }).first().waitFor({ timeout: 60000 });
  await page.getByRole("button", { name: "Обрати виділені" }).click();
  await field(page, "Опис зображення", 0).fill("Учасники зустрічі в залі");
  await field(page, "Опис зображення", 1).fill("Participants in the hall");
}

async function publish(page) {
  await page.getByRole("button", { name: "Опублікувати" }).first().click();
  await page.locator('[role="menuitem"]').first().click();
}

// The panel under the form: how the save went, and the links it offers.
async function outcome(page) {
  const started = Date.now();
  await page.locator(".kip-panel.kip-ok, .kip-panel.kip-error").waitFor({ timeout: 180000 });
  const panel = page.locator(".kip-panel");
  return { ok: await panel.evaluate((n) => n.classList.contains("kip-ok")),
           text: await panel.innerText(), ms: Date.now() - started,
           links: await panel.locator("a").evaluateAll((as) => as.map((a) => a.href)) };
}

// A toast of Decap CMS (a refused save, upload or delete).
async function toast(page, pattern) {
  const node = page.getByText(pattern).first();
  await node.waitFor({ timeout: 60000 });
  return node.innerText();
}

async function pageAnswers(page, url, test) {
  for (let tries = 0; tries < 900; tries++) {
    const response = await page.request.get(url);
    if (await test(response)) return true;
    await page.waitForTimeout(200);
  }
  return false;
}

let desk = await newPage(1280);
try {

// 1. An event with a phone photo through the image field, in both languages.
desk = await open(desk, "/collections/events/new");
await fillEvent(desk, { title: "Зустріч із фото", titleEn: "Meeting with a photo",
  slug: "photo-meeting", day: "2027-05-20", time: "15:00", place: "Вільна Хата",
  placeEn: "Vilna Khata" });
await pickPhoto(desk, photo, "phone.jpg");
result.steps.thumbnail = await desk.locator('img[src^="blob:"], img[src^="data:"]').count();
const saved = Date.now();
await publish(desk);
await pageAnswers(desk, `${base}/events/photo-meeting/`, (r) => r.ok());
result.steps.publish_to_page_ms = Date.now() - saved;
result.steps.photo_event = await outcome(desk);
// The photo on the event's page, in both languages (the images plugin's <picture>).
result.steps.photo_pages = {};
for (const prefix of ["", "en/"]) {
  const html = await (await desk.request.get(`${base}/${prefix}events/photo-meeting/`)).text();
  result.steps.photo_pages[prefix ? "en" : "uk"] = (html.match(/<figure class="hero">[\s\S]*?<\/figure>/) || [""])[0];
}

// 2. A photo through the media tab.
await desk.goto(`${base}/admin/#/collections/events`, { waitUntil: "networkidle" });
await desk.getByText("Медіафайли").first().click();
await desk.locator('input[type="file"]').first().setInputFiles(secondPhoto);
await desk.getByText("phone-media.jpg", { exact: true }).first().waitFor({ timeout: 60000 });
result.steps.media_names = await desk.locator("p, span, div").filter({ hasText: /\.(jpg|png|svg|md)$/ })
  .evaluateAll((nodes) => [...new Set(nodes.filter((n) => !n.children.length)
    .map((n) => n.textContent.trim()))]);

// 3. A picture an item shows cannot be deleted.
await desk.getByText("presentation-vilna-khata.jpg", { exact: true }).first().click();
await desk.getByRole("button", { name: "Видалити з сайту" }).click();
result.steps.picture_in_use = await toast(desk, /Не вдалося видалити файл/);
await desk.keyboard.press("Escape");

// 4. Mistakes the build would stop on, refused before anything is written.
desk = await open(desk, "/collections/events/new");
await fillEvent(desk, { title: "Лише одне місце", titleEn: "One place only",
  slug: "one-place", day: "2027-06-01", time: "10:00", place: "Вільна Хата", placeEn: "" });
await publish(desk);
result.steps.place_refused = await toast(desk, /Не вдалося зберегти|Не збережено/);

// 5. A course with sessions cannot be deleted; an event nobody links to can.
desk = await open(desk, "/collections/courses/entries/english");
await desk.getByRole("button", { name: /Видалити запис/ }).first().click();
result.steps.course_refused = await toast(desk, /Не вдалося видалити|Не збережено/);
desk = await open(desk, "/collections/events/entries/photo-meeting");
await desk.getByRole("button", { name: /Видалити запис/ }).first().click();
await desk.waitForURL(/collections\/events$/, { timeout: 30000 });
result.steps.deleted_page_gone = await pageAnswers(desk,
  `${base}/events/photo-meeting/`, (r) => r.status() === 404);

// 6. A published address changes with its redirect.
desk = await open(desk, "/collections/events/entries/kitchen-of-ideas");
answer = "kitchen-of-ideas-2017";
await desk.getByRole("button", { name: "Змінити адресу…" }).first().click();
await desk.waitForURL(/entries\/kitchen-of-ideas-2017/, { timeout: 30000 });
result.steps.renamed_page = await pageAnswers(desk,
  `${base}/events/kitchen-of-ideas-2017/`, (r) => r.ok());

// 7. A news item for later: saved as scheduled, and so in its list.
desk = await open(desk, "/collections/news/new");
await field(desk, "Заголовок", 0).fill("Анонс на наступний рік");
await field(desk, "Адреса сторінки", 0).fill("next-year");
await field(desk, "Дата", 0).fill("2030-01-15");
await desk.getByLabel("Дата: час").first().fill("09:00");
await field(desk, "Заголовок", 1).fill("Next year's announcement");
await publish(desk);
result.steps.scheduled = await outcome(desk);
await desk.goto(`${base}/admin/#/collections/news`, { waitUntil: "networkidle" });
await desk.locator(".kip-badges", { hasText: "15.01.2030 09:00" }).first()
  .waitFor({ timeout: 60000 });
result.steps.news_badges = await desk.locator(".kip-badges").allInnerTexts();

// 8. The lists: each item's date and state.
await desk.goto(`${base}/admin/#/collections/events`, { waitUntil: "networkidle" });
await desk.locator(".kip-badges").first().waitFor();
result.steps.badges = await desk.locator(".kip-badges").allInnerTexts();

// 9. A phone: one column, nothing sideways, Publish in reach, a photo saved.
var phone = await newPage(390);
result.steps.phone = {};
await phone.goto(`${base}/admin/#/collections/events`, { waitUntil: "networkidle" });
await phone.locator(".kip-badges").first().waitFor();
result.steps.phone.list_width = await phone.evaluate(() => document.documentElement.scrollWidth);
phone = await open(phone, "/collections/events/new");
result.steps.phone.editor_width = await phone.evaluate(() => document.documentElement.scrollWidth);
const button = await phone.getByRole("button", { name: "Опублікувати" }).first().boundingBox();
result.steps.phone.publish_box = button;
await fillEvent(phone, { title: "Зустріч з телефона", titleEn: "Meeting from a phone",
  slug: "phone-meeting", day: "2027-07-01", time: "18:00", place: "Вільна Хата",
  placeEn: "Vilna Khata" });
// Both languages are on the page, one under the other.
const english = await field(phone, "Заголовок", 1).boundingBox();
result.steps.phone.english_x = english && english.x;
result.steps.phone.english_right = english && english.x + english.width;
await pickPhoto(phone, secondPhoto, "phone-media.jpg");
await publish(phone);
result.steps.phone.saved = await outcome(phone);
result.steps.phone.final_width = await phone.evaluate(() => document.documentElement.scrollWidth);
await phone.screenshot({ path: process.env.CMS_PHONE_SCREENSHOT || "/dev/null" }).catch(() => {});
} catch (error) {
  // What the steps saw so far, and where the walk stopped.
  result.failed = error.message;
  for (const [name, page] of [["desk", desk], ["phone", typeof phone === "undefined" ? null : phone]]) {
    if (page && process.env.CMS_FAIL_SCREENSHOTS) {
      await page.screenshot({ path: `${process.env.CMS_FAIL_SCREENSHOTS}/${name}.png` }).catch(() => {});
    }
  }
}
await browser.close();
console.log(JSON.stringify(result));
