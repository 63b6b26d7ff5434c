// How every browser check starts Debian's Chromium: headless, and making no request
// of its own (no updates, no sync, no background traffic).
export const launchOptions = {
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};
