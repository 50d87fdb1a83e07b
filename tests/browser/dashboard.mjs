// Opens the demo shop's dashboard in headless Chromium for tests/test_browser.py.
//
// Usage: node dashboard.mjs BASE_URL SCREENSHOT_DIR [CAMERAS]  (camera pictures to wait for)
// Speaks JSON lines: prints {"event": "ready", "visitors": "3", "cameras": 2, "text": "..."} once the dashboard
// shows live values; then reads commands from stdin, one per line:
//   "await VALUE"  wait until the visitors-today card shows VALUE, screenshot, print "changed"
//   "pages"        screenshot the integration's page and the logbook, print "pages"
//   "quit"         close the browser and exit 0
// Every failure prints {"event": "error", "message": "..."} and exits 1.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { join } from "node:path";

const [base, shots, cameraCount] = process.argv.slice(2);
const cameras = Number(cameraCount || 0);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const say = (message) => process.stdout.write(JSON.stringify(message) + "\n");

// The text of an element including what its shadow roots render (Home Assistant's frontend is
// web components all the way down, and innerText stops at a shadow root).
const deepText = () => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent.trim();
      if (text) parts.push(text);
      return;
    }
    if (node.localName === "style" || node.localName === "script") return;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(document.body);
  return parts.join("\n");
};

// What the first visitors-today card shows, or null before it renders.
const readVisitors = () => {
  const find = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.localName === "hui-entity-card") {
        const value = el.shadowRoot?.querySelector(".value");
        if (value) return value;
      }
      if (el.shadowRoot) {
        const inner = find(el.shadowRoot);
        if (inner) return inner;
      }
    }
    return null;
  };
  return find(document)?.textContent.trim() ?? null;
};

// How many camera pictures have loaded (camera cards fetch snapshots through camera_proxy).
const camerasShown = () => {
  let loaded = 0;
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const camera = el.localName === "img" && el.src.includes("/api/camera_proxy");
      if (camera && el.complete && el.naturalWidth > 0) loaded += 1;
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return loaded;
};

async function main() {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({
      locale: "ko-KR",
      timezoneId: "Asia/Seoul",
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(60000);
    await page.goto(`${base}/shop-dashboard/shop`);
    // The card renders before the first state arrives; wait for a number.
    await page.waitForFunction(`/^\\d+$/.test((${readVisitors})() ?? "")`);
    // Let camera pictures, the calendar and the logbook fill in before the picture is taken.
    if (cameras > 0) {
      await page
        .waitForFunction(`(${camerasShown})() >= ${cameras}`, null, { timeout: 45000 })
        .catch(() => {});
    }
    await page.waitForTimeout(2500);
    await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
    say({
      event: "ready",
      visitors: await page.evaluate(readVisitors),
      cameras: await page.evaluate(camerasShown),
      text: await page.evaluate(deepText),
    });

    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      const [command, arg] = line.trim().split(" ");
      if (command === "await") {
        await page.waitForFunction(`(${readVisitors})() === ${JSON.stringify(arg)}`, null, {
          timeout: 30000,
        });
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(shots, "dashboard-after-scan.png"), fullPage: true });
        say({ event: "changed", visitors: await page.evaluate(readVisitors), text: await page.evaluate(deepText) });
      } else if (command === "pages") {
        await page.goto(`${base}/config/integrations/integration/unmanned_store`);
        await page.waitForTimeout(4000);
        await page.screenshot({ path: join(shots, "integration.png") });
        const integration = await page.evaluate(deepText);
        await page.goto(`${base}/logbook`);
        await page.waitForTimeout(4000);
        await page.screenshot({ path: join(shots, "logbook.png") });
        say({ event: "pages", integration, logbook: await page.evaluate(deepText) });
      } else if (command === "quit") {
        break;
      }
    }
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    say({ event: "error", message: String(err && err.stack ? err.stack : err) });
    process.exit(1);
  },
);
