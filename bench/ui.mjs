// Measures the built editor in headless Chromium: the initial download (gzip), how long an
// edit takes to re-run and paint for every example, and frames per second while panning a
// 500-node graph. Run: npm run build && node bench/ui.mjs (starts its own preview server).
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

// 1. initial download: what index.html pulls in (lazy chunks such as elkjs and the worker excluded)
const html = readFileSync("dist/index.html", "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let gz = 0;
for (const f of initial) gz += gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length;
const lazy = readdirSync("dist/assets").filter((f) => !initial.includes(`assets/${f}`));
console.log(`initial download: ${(gz / 1024).toFixed(1)} KiB gzipped (${initial.join(", ")}); loaded later: ${lazy.join(", ")}`);

const server = spawn("npx", ["vite", "preview", "--port", "4179", "--strictPort"], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto("http://localhost:4179/");
  await page.waitForSelector(".react-flow__node");

  // 2. an edit, re-run and painted, per example (median of 15)
  await page.getByRole("button", { name: "Examples" }).click();
  const exampleIds = await page.$$eval('[role="menuitem"]', (els) => els.map((e) => e.getAttribute("data-example-id")));
  await page.keyboard.press("Escape");
  console.log("\nexample                 nodes   edit → re-rendered (median ms)   engine run (ms)");
  for (const id of exampleIds) {
    await page.getByRole("button", { name: "Examples" }).click();
    await page.locator(`[role="menuitem"][data-example-id="${id}"]`).click();
    await page.waitForTimeout(300);
    const r = await page.evaluate(async () => {
      const store = window.__gradflow.store;
      const doc = store.getState().doc;
      const src = doc.nodes.find((n) => n.type === "Input" || n.type === "Param");
      const times = [], engine = [];
      const original = src.data.value;
      for (let i = 0; i < 15; i++) {
        const t0 = performance.now();
        store.getState().setData(src.id, "value", i % 2 ? original : structuredClone(original));
        // React commits the store's update before this task runs: the time to a re-rendered canvas
        await new Promise((r) => setTimeout(r, 0));
        times.push(performance.now() - t0);
        engine.push(store.getState().derived.ms);
      }
      const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
      return { nodes: doc.nodes.length, paint: med(times), engine: med(engine) };
    });
    console.log(`${id.padEnd(22)} ${String(r.nodes).padStart(5)}   ${r.paint.toFixed(2).padStart(10)}                 ${r.engine.toFixed(3).padStart(8)}`);
  }

  // 3. a 500-node graph: frames per second while panning
  const nodes = [], edges = [];
  for (let i = 0; i < 500; i++) {
    const col = Math.floor(i / 20), row = i % 20;
    nodes.push({ id: `n${i}`, type: i < 20 ? "Input" : i % 3 ? "Add" : "Tanh", position: { x: col * 220, y: row * 130 }, data: i < 20 ? { value: [[i, 1], [2, 3]] } : {} });
    if (i >= 20) {
      const op = i % 3 ? ["a", "b"] : ["x"];
      op.forEach((port, k) => edges.push({ id: `e${i}_${k}`, source: `n${i - 20 + (k ? (i % 20 === 19 ? -1 : 1) : 0)}`, target: `n${i}`, targetHandle: port }));
    }
  }
  await page.evaluate((doc) => window.__gradflow.loadDoc(doc), { format: "gradflow", version: 1, name: "big", nodes, edges, viewport: { x: 0, y: 0, zoom: 1 } });
  await page.waitForTimeout(1000);
  const runMs = await page.evaluate(() => window.__gradflow.store.getState().derived.ms);
  const box = await page.locator(".react-flow__pane").boundingBox();
  await page.evaluate(() => {
    let frames = 0, on = true;
    const tick = () => { frames++; if (on) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    window.__fps = () => { on = false; return (frames * 1000) / (performance.now() - t0); };
  });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) await page.mouse.move(box.x + box.width / 2 - i * 6, box.y + box.height / 2 - (i % 40) * 2);
  await page.mouse.up();
  const measured = await page.evaluate(() => window.__fps());
  console.log(`\n500-node graph: engine run ${runMs.toFixed(2)} ms; panning at ${measured.toFixed(0)} frames/s (headless Chromium, 120 mouse moves)`);
} finally {
  await browser.close();
  server.kill();
}
