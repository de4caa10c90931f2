// Records what the edge labels' placement works from (each label's wire ends and size, each node's
// rectangle; the test hook __gradflow.labelInputs) for every built-in example at the three screen
// sizes of UI.md, the bug hunt with a Param of the wrong shape, and the two-layer net zoomed out
// to just above the zoom where labels show, before and while stepping. labelLayout.test.ts places them.
//   npx vite build && (npx vite preview --port 4173 &) && node e2e/label-fixture.mjs http://localhost:4173
import { chromium } from "@playwright/test";
import { writeFileSync } from "node:fs";

const base = process.argv[2] ?? "http://localhost:4173";
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const r2 = (v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v);
const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, r2(v)]));
const out = [];

async function record(page, name) {
  await page.evaluate(() => new Promise((r) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 400)));
  const got = await page.evaluate(() => {
    const m = /matrix\(([-\d.e]+)/.exec(getComputedStyle(document.querySelector(".react-flow__viewport")).transform);
    return { zoom: m ? Number(m[1]) : 1, ...window.__gradflow.labelInputs() };
  });
  out.push({ name, zoom: r2(got.zoom), labels: got.labels.map(round), nodes: got.nodes.map(round) });
}

for (const [width, height] of [[1024, 768], [1280, 800], [1920, 1080]]) {
  const page = await browser.newPage({ viewport: { width, height }, locale: "en-US" });
  await page.goto(base);
  await page.waitForFunction(() => !!window.__gradflow);
  await page.getByRole("button", { name: "Examples", exact: true }).click();
  const ids = await page.locator('[role="menuitem"][data-example-id]').evaluateAll((els) => els.map((e) => e.getAttribute("data-example-id")));
  await page.keyboard.press("Escape");
  for (const id of ids) {
    await page.getByRole("button", { name: "Examples", exact: true }).click();
    await page.locator(`[role="menuitem"][data-example-id="${id}"]`).click();
    await record(page, `${id} ${width}×${height}`);
  }
  await page.getByRole("button", { name: "Lessons", exact: true }).click();
  await page.locator('[role="menuitem"][data-lesson-id="bug-param-shape"]').click();
  await record(page, `lesson bug-param-shape ${width}×${height}`);
  await page.close();
}

// zoomed out to 0.44 (four steps of the Zoom out button from 0.92): labels at screen size over small
// nodes; then stepping, into the backward pass, where the current step's label is placed first
const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
await page.goto(base);
await page.waitForFunction(() => !!window.__gradflow);
await page.getByRole("button", { name: "Examples", exact: true }).click();
await page.locator('[role="menuitem"][data-example-id="two-layer"]').click();
for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Zoom out" }).click();
await record(page, "two-layer 1280×800 zoomed out");
for (const steps of [4, 9]) {
  for (let i = 0; i < steps; i++) await page.getByRole("button", { name: "Step forward", exact: true }).click();
  await record(page, `two-layer 1280×800 zoomed out, stepping (${steps === 4 ? "forward" : "backward"})`);
}
await browser.close();

writeFileSync(new URL("../src/editor/labelLayout.fixture.json", import.meta.url), JSON.stringify(out, null, 0).replaceAll('{"name"', '\n{"name"') + "\n");
console.log(out.map((c) => `${c.name}: zoom ${c.zoom}, ${c.labels.length} labels, ${c.nodes.length} nodes`).join("\n"));
