// Open pages in Debian's Chromium; print, per page, the Content-Security-Policy
// violations (the `securitypolicyviolation` events) and the console errors as JSON.
// Usage: node csp-check.mjs URL ...   (a URL may end in "|selector" to wait for)
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const browser = await chromium.launch(launchOptions);
const out = [];
try {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__violations.push(`${e.effectiveDirective}: ${e.blockedURI || "inline"} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  for (const item of process.argv.slice(2)) {
    const [url, selector] = item.split("|");
    const response = await page.goto(url, { waitUntil: "load" });
    if (selector) await page.waitForSelector(selector, { timeout: 20000 });
    await page.waitForTimeout(300);
    const policy = await page.evaluate(() => {
      const meta = document.querySelector("meta[http-equiv='Content-Security-Policy']");
      return meta ? meta.content : null;
    });
    out.push({ url, status: response.status(), policy,
               violations: await page.evaluate(() => window.__violations),
               errors: errors.splice(0) });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
