// Run axe-core in Debian's Chromium (playwright-core, no browser download) on the
// given URLs at a phone and a desktop width, light and dark; print JSON results.
// Also records every request to another host, so tests can assert there are none.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const urls = process.argv.slice(2);
const widths = [360, 1280];
const schemes = ["light", "dark"];

const browser = await chromium.launch(launchOptions);
const results = [];
try {
  for (const width of widths) {
    for (const colorScheme of schemes) {
      const context = await browser.newContext({
        viewport: { width, height: 800 }, colorScheme, javaScriptEnabled: true,
      });
      const page = await context.newPage();
      for (const url of urls) {
        const origin = new URL(url).origin;
        const foreign = [];
        const consoleErrors = [];
        page.removeAllListeners("request");
        page.removeAllListeners("console");
        page.on("request", (req) => {
          const u = req.url();
          if (!u.startsWith(origin) && !u.startsWith("data:")) foreign.push(u);
        });
        page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
        const response = await page.goto(url, { waitUntil: "load" });
        // Injected through DevTools: the pages' policy rightly refuses an inline script.
        await page.evaluate(axeSource);
        const axe = await page.evaluate(async () => {
          const r = await window.axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
          });
          return r.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
          }));
        });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth);
        results.push({ url, width, colorScheme, status: response.status(), violations: axe,
                       foreign, consoleErrors, horizontalOverflow: overflow });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
