// Screenshots for people: each URL at 360 px and 1280 px wide, light and dark.
// Usage: node screenshots.mjs OUTDIR name=URL [name=URL ...]
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { launchOptions } from "./chromium.mjs";

const [outDir, ...pairs] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(launchOptions);
try {
  for (const [width, height] of [[360, 780], [1280, 900]]) {
    for (const colorScheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme });
      const page = await context.newPage();
      for (const pair of pairs) {
        const [name, url] = pair.split(/=(.*)/s);
        await page.goto(url, { waitUntil: "load" });
        const file = `${outDir}/${name}-${width}-${colorScheme}.png`;
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(file + "\n");
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
}
