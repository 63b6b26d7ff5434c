// Run queries on the search pages in Debian's Chromium; print results and axe
// violations (checked after the results are shown) as JSON.
// Usage: node search-check.mjs BASE "path|query" ...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, ...cases] = process.argv.slice(2);
const browser = await chromium.launch(launchOptions);
const out = [];
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const item of cases) {
    const [path, query] = item.split("|");
    await page.goto(`${base}/${path}?q=${encodeURIComponent(query)}`, { waitUntil: "load" });
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status");
      return s && s.textContent && !s.textContent.endsWith("…");
    }, null, { timeout: 15000 });
    const results = await page.$$eval("#search-results li", (lis) => lis.map((li) => ({
      url: li.querySelector("a").getAttribute("href"),
      title: li.querySelector("a").textContent,
      meta: (li.querySelector(".meta") || {}).textContent || "",
      excerpt: li.querySelector("p:last-child").textContent,
    })));
    // Injected through DevTools: the pages' policy rightly refuses an inline script.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"] },
    })).violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(" ")}`));
    out.push({ path, query, status: await page.textContent("#search-status"), results,
               violations, errors: errors.splice(0) });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
