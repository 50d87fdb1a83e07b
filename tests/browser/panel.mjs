// Drives the store panel in headless Chromium for tests/test_browser_panel.py.
//
// Usage: node panel.mjs BASE_URL SCREENSHOT_DIR
// Reads JSON commands from stdin, one per line, and answers each with one JSON line:
//   {"cmd": "open", "lang": "ko", "width": 390, "height": 844, "tag": "ko-phone"}
//        a new page at that size and language on the panel; answers {"event": "opened", "title"}
//   {"cmd": "draw", "camera": "Entrance", "line": [[x, y], [x, y]], "zone": [[x, y], ...],
//    "zone_name": "shelf", "ignore": [[x, y], ...]}   draw the line and one zone on the camera,
//        save; answers "saved". With "ignore", an ignore area is drawn and named first, how the
//        panel shows it is answered ("ignore": {"hatched", "swatch", "hint"}), and it is saved
//        with the line and the zone. After the line, "New picture" is pressed:
//        "arrowAfterPicture" is how many in-arrows were drawn a moment later
//   {"cmd": "figures"}   the camera's "in today" figure now: {"event": "figures", "entries"}
//   {"cmd": "entries", "above": N}   wait until the camera's "in today" figure is above N
//   {"cmd": "replay", "clip": "name"}  replay a clip of the media folder against the drawing;
//        answers the panel's result sentence
//   {"cmd": "issue", "label": "..."}  issue a pass, typing its label while the pass list (held
//        back a second) comes in; saves the QR alone to qr-<tag>.png and answers
//        {"event": "issued", "code", "qr", "listed", "typed", "focused", "typing"} (what the
//        label field held and which field had the focus after the typing, how long it took)
//   {"cmd": "today", "label": "..."}   the Today tab; waits for a granted visit; answers its text
//   {"cmd": "dashboard", "names": [...]}  the owner dashboard; waits for the names shown
//   {"cmd": "quit"}
// Screenshots go to SCREENSHOT_DIR/panel-<step>-<tag>.png. A failure prints
// {"event": "error", "message"} and exits 1.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { join } from "node:path";

const [base, shots] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const say = (message) => process.stdout.write(JSON.stringify(message) + "\n");

let browser;
let context;
let page;
let tag = "x";

async function shot(step) {
  // From the top: a full-page picture of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, `panel-${step}-${tag}.png`), fullPage: true });
}

// Playwright's locators see through shadow roots; poll one until its text matches.
async function waitText(locator, pattern, ms = 60000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = (await locator.textContent()) ?? "";
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`"${text}" never matched ${pattern}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function open({ lang, width, height, tag: name }) {
  if (context) await context.close();
  tag = name;
  context = await browser.newContext({
    locale: lang === "ko" ? "ko-KR" : "en-US",
    timezoneId: "Asia/Seoul",
    viewport: { width, height },
    deviceScaleFactor: 1,
    isMobile: width < 600,
    hasTouch: width < 600,
  });
  page = await context.newPage();
  page.setDefaultTimeout(60000);
  page.on("dialog", (dialog) => dialog.accept());
  await page.addInitScript((language) => {
    // Home Assistant keeps the user's chosen language here; the browser test picks it.
    window.localStorage.setItem("selectedLanguage", JSON.stringify(language));
  }, lang);
  await page.goto(`${base}/unmanned-store`);
  await page.locator("unmanned-store-panel nav button").first().waitFor();
  await page.locator("unmanned-store-panel #granted").waitFor();
  await waitText(page.locator("unmanned-store-panel #granted"), /\d/);
  const title = await page.locator("unmanned-store-panel header h1").textContent();
  const tabs = await page.locator("unmanned-store-panel nav button").allTextContents();
  return { event: "opened", title, tabs };
}

async function point(svg, [x, y]) {
  // In the middle of the screen: not under the panel's sticky header, not below the fold.
  await svg.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = await svg.boundingBox();
  return [box.x + x * box.width, box.y + y * box.height];
}

async function tapZone(editor, svg, corners) {
  await editor.locator("#add-zone").click();
  for (const corner of corners) {
    const [x, y] = await point(svg, corner);
    await page.mouse.click(x, y);
  }
  await editor.locator("#finish-zone").click();
}

async function draw({ camera, line, zone, zone_name: zoneName, ignore }) {
  const panel = page.locator("unmanned-store-panel");
  await panel.locator('nav button[data-tab="cameras"]').click();
  await panel.locator(".camera-choice", { hasText: camera }).click();
  const editor = panel.locator("unmanned-store-camera-editor");
  await editor.locator("#picture").waitFor({ timeout: 60000 });
  const svg = editor.locator("svg").first();
  // Zones saved before (by the previous view of the test) go: remove them as an owner would.
  while (await editor.locator("button.remove-zone").count()) {
    await editor.locator("button.remove-zone").first().click();
  }
  // The line: drag from one end to the other.
  await editor.locator("#draw-line").click();
  const [x1, y1] = await point(svg, line[0]);
  const [x2, y2] = await point(svg, line[1]);
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, { steps: 5 });
  await page.mouse.move(x2, y2, { steps: 5 });
  await page.mouse.up();
  // A new picture mid-drawing replaces the picture only: the line just drawn stays.
  await editor.locator("#reload-picture").click();
  await page.waitForTimeout(1500);
  const arrowAfterPicture = await editor.locator(".in-arrow").count();
  const names = editor.locator("input.zone-name");
  let shown = null;
  if (ignore) {
    // Named ignore as an owner would, by typing: grey and hatched at once, before any save.
    await tapZone(editor, svg, ignore);
    await names.nth((await names.count()) - 1).fill("ignore");
    const area = editor.locator("polygon.zone.ignore");
    shown = {
      hatched: (await area.count()) === 1 && (await area.getAttribute("fill")) === "url(#ignore-hatch)",
      swatch: await editor
        .locator(".list-item .swatch")
        .nth((await names.count()) - 1)
        .evaluate((el) => getComputedStyle(el).backgroundColor),
      hint: await editor.locator("#ignore-hint").textContent(),
    };
  }
  // The zone: tap its corners, then finish and name it.
  await tapZone(editor, svg, zone);
  const last = names.nth((await names.count()) - 1);
  await last.fill(zoneName);
  const arrow = await editor.locator(".in-arrow").count();
  await editor.locator("#save").click();
  await editor.locator("#saved").waitFor();
  const saved = await editor.locator("#saved").textContent();
  return { event: "saved", saved, arrow, zones: await names.count(), ignore: shown, arrowAfterPicture };
}

async function figures() {
  const editor = page.locator("unmanned-store-panel unmanned-store-camera-editor");
  const value = await waitText(editor.locator("#entries"), /^\d+$/);
  return { event: "figures", entries: Number(value) };
}

async function entries({ above }) {
  const editor = page.locator("unmanned-store-panel unmanned-store-camera-editor");
  const read = async () => Number((await editor.locator("#entries").textContent()) || "0");
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const value = await read();
    if (value > above) {
      await page.waitForTimeout(300);
      await shot("cameras");
      return { event: "entries", value };
    }
    await page.waitForTimeout(500);
  }
  return { event: "entries", value: await read(), timeout: true };
}

async function issue({ label }) {
  const panel = page.locator("unmanned-store-panel");
  // As on a slow phone: the pass list answers a second late, in the middle of the typing (a
  // CI run lost the label when the list came back while it was being typed).
  await panel.evaluate((el) => {
    const connection = el.hass.connection;
    if (connection.heldBack) return;
    const send = connection.sendMessagePromise.bind(connection);
    connection.heldBack = true;
    connection.sendMessagePromise = async (message) => {
      const answer = await send(message);
      if (String(message.type).endsWith("/pass/list")) await new Promise((r) => setTimeout(r, 1000));
      return answer;
    };
  });
  await panel.locator('nav button[data-tab="passes"]').click();
  await panel.locator("#p-kind").selectOption("member");
  const started = Date.now();
  await panel.locator("#p-label").pressSequentially(label, { delay: 150 });
  const typing = Date.now() - started;
  const typed = await panel.locator("#p-label").inputValue();
  const focused = await panel.evaluate((el) => el.shadowRoot.activeElement?.id ?? null);
  await panel.locator("#p-days").fill("7");
  await panel.locator("#issue").click();
  const qr = panel.locator("#qr svg");
  await qr.waitFor();
  const code = (await panel.locator("#pass-code").textContent()).trim();
  const box = await qr.boundingBox();
  const qrPath = join(process.env.PANEL_QR_DIR || shots, `qr-${tag}.png`);
  await panel.locator("#qr").screenshot({ path: qrPath });
  // The list refreshes a moment after the QR shows; the owner sees the new pass there.
  await panel.locator("#passes .pass", { hasText: label }).first().waitFor({ timeout: 30000 });
  await shot("passes");
  const listed = await panel.locator("#passes .pass").allTextContents();
  return { event: "issued", code, qr: qrPath, width: box.width, listed, typed, focused, typing };
}

async function today({ label, granted }) {
  const panel = page.locator("unmanned-store-panel");
  await panel.locator('nav button[data-tab="today"]').click();
  // The door device reports the scan on its own time: refresh until the visit is there.
  const deadline = Date.now() + 30000;
  while (!(await panel.locator("table.log tr.visit", { hasText: granted }).count())) {
    if (Date.now() > deadline) break;
    await page.waitForTimeout(1000);
    await panel.locator("#refresh").click();
  }
  await page.waitForTimeout(300);
  const figures = {};
  for (const id of ["granted", "visitors", "denied", "camera-entries", "people-in-shop"]) {
    figures[id] = (await panel.locator(`#${id}`).textContent()).trim();
  }
  const rows = await panel.locator("table.log tr.visit").allTextContents();
  await shot("today");
  return { event: "today", figures, rows, label };
}

async function replay({ clip }) {
  const editor = page.locator("unmanned-store-panel unmanned-store-camera-editor");
  await editor.locator("#load-clips").click();
  await editor.locator("#clip").selectOption({ label: clip });
  await editor.locator("#replay").click();
  const result = editor.locator("#replay-result");
  await result.waitFor({ timeout: 180000 });
  await shot("replay");
  return { event: "replayed", text: (await result.textContent()).trim() };
}

async function dashboard({ names }) {
  await page.goto(`${base}/owner-dashboard/shop`);
  for (const name of names) await page.getByText(name, { exact: true }).first().waitFor();
  await page.waitForTimeout(2500);
  await shot("dashboard");
  return { event: "dashboard" };
}

async function main() {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      if (!line.trim()) continue;
      const command = JSON.parse(line);
      if (command.cmd === "quit") break;
      const handler = { open, draw, figures, entries, replay, issue, today, dashboard }[command.cmd];
      say(await handler(command));
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
