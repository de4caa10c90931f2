// Measures the built editor in headless Chromium: the initial download (gzip), how long an
// edit takes to re-run and re-render for every example, and for a 500-node graph the edit
// time and the frames per second while panning it (near and zoomed out) and dragging a node.
// Run: npm run build && node bench/ui.mjs (starts its own preview server).
// Env: DIST (default dist) to measure another build, PORT (default 4179), REPS (default 21),
// CPU (e.g. 4: Chromium's CPU throttling, a slower machine; default 1, none).
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

const DIST = process.env.DIST ?? "dist";
const PORT = process.env.PORT ?? "4179";
const REPS = Number(process.env.REPS ?? 21);
const CPU = Number(process.env.CPU ?? 1);

// 1. initial download: what index.html pulls in (lazy chunks such as elkjs and the worker excluded)
const html = readFileSync(`${DIST}/index.html`, "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let gz = 0;
for (const f of initial) gz += gzipSync(readFileSync(`${DIST}/${f}`), { level: 9 }).length;
const lazy = readdirSync(`${DIST}/assets`).filter((f) => !initial.includes(`assets/${f}`));
console.log(`initial download: ${(gz / 1024).toFixed(1)} KiB gzipped (${initial.join(", ")}); loaded later: ${lazy.join(", ")}`);

// vite itself (not through npx) so that kill() stops it; a port already taken fails loudly
// instead of measuring whatever build that other server holds
const server = spawn(process.execPath, ["node_modules/vite/bin/vite.js", "preview", "--port", PORT, "--strictPort", "--outDir", DIST], { stdio: ["ignore", "pipe", "pipe"] });
await new Promise((resolve, reject) => {
  let out = "";
  const seen = (d) => {
    out += d;
    if (out.includes(`:${PORT}`)) resolve();
  };
  server.stdout.on("data", seen);
  server.stderr.on("data", seen);
  server.on("exit", (code) => reject(new Error(`vite preview exited (${code}): ${out.trim()}`)));
  setTimeout(() => reject(new Error(`vite preview did not start: ${out.trim()}`)), 20000);
});
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });

/**
 * In the page: REPS edits of a source node's value, alternating between its value and a changed
 * one (every number downstream changes), then REPS edits to an equal copy (a new document and a
 * new run, the same numbers). "commit" is the time until React has committed (the store's update
 * is flushed before the next task runs); "layout" also forces style and layout, the rest of the
 * work before the next paint.
 */
async function timeEdits(page, sourceId) {
  return page.evaluate(
    async ({ sourceId, reps }) => {
      const store = window.__gradflow.store;
      const doc = store.getState().doc;
      const changes = (v) => typeof v === "number" || Array.isArray(v) || (v && v.init !== "zeros" && v.init !== "ones");
      const src = sourceId ? doc.nodes.find((n) => n.id === sourceId) : doc.nodes.find((n) => (n.type === "Input" || n.type === "Param") && changes(n.data.value));
      const original = src.data.value;
      const bump = (v) => (typeof v === "number" ? v * 1.5 + 1 : Array.isArray(v) ? v.map(bump) : "init" in v ? { ...v, scale: (v.scale ?? 1) * 1.5 } : v);
      const changed = bump(original);
      const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
      const time = async (next) => {
        const commit = [], layout = [], engine = [];
        for (let i = 0; i < reps; i++) {
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const t0 = performance.now();
          store.getState().setData(src.id, "value", next(i));
          await new Promise((r) => setTimeout(r, 0));
          commit.push(performance.now() - t0);
          void document.body.offsetHeight;
          layout.push(performance.now() - t0);
          engine.push(store.getState().derived.ms);
        }
        return { commit: med(commit), layout: med(layout), engine: med(engine) };
      };
      const moved = await time((i) => (i % 2 ? original : changed));
      const same = await time(() => structuredClone(original));
      store.getState().setData(src.id, "value", original);
      return { nodes: doc.nodes.length, source: src.id, ...moved, same: same.commit };
    },
    { sourceId, reps: REPS },
  );
}

/** Frames per second and the longest frame while `act` runs (rAF ticks counted in the page). */
async function fps(page, act) {
  await page.evaluate(() => {
    let frames = 0, on = true, last = performance.now(), worst = 0;
    const tick = (t) => {
      frames++;
      worst = Math.max(worst, t - last);
      last = t;
      if (on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const t0 = performance.now();
    window.__fps = () => {
      on = false;
      return { fps: (frames * 1000) / (performance.now() - t0), worst };
    };
  });
  await act();
  return page.evaluate(() => window.__fps());
}

async function pan(page, moves = 120) {
  const box = await page.locator(".react-flow__pane").boundingBox();
  // start on empty canvas (between the grid's columns of nodes), so the drag pans
  const x = box.x + box.width / 2, y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 0; i < moves; i++) await page.mouse.move(x - i * 6, y - (i % 40) * 2);
  await page.mouse.up();
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForSelector(".react-flow__node");
  if (CPU > 1) {
    await (await page.context().newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: CPU });
    console.log(`CPU throttled ${CPU}×`);
  }

  // 2. an edit, re-run and re-rendered, per example (median of REPS)
  // the menu stays open until an item is picked: open it only when it is closed
  const openExamples = async () => {
    if (!(await page.locator('[role="menuitem"]').first().isVisible())) await page.getByRole("button", { name: "Examples" }).click();
  };
  await openExamples();
  const exampleIds = await page.$$eval('[role="menuitem"]', (els) => els.map((e) => e.getAttribute("data-example-id")));
  console.log(`\nmedians of ${REPS}, ms            edit that changes the numbers           same numbers`);
  console.log(`example                 nodes   → committed   + style/layout   engine run   → committed`);
  const row = (name, r) =>
    console.log(`${name.padEnd(22)} ${String(r.nodes).padStart(5)}   ${r.commit.toFixed(2).padStart(11)}   ${r.layout.toFixed(2).padStart(14)}   ${r.engine.toFixed(3).padStart(10)}   ${r.same.toFixed(2).padStart(11)}`);
  for (const id of exampleIds) {
    await openExamples();
    await page.locator(`[role="menuitem"][data-example-id="${id}"]`).click();
    await page.waitForTimeout(300);
    row(id, await timeEdits(page));
  }

  // 3. a 500-node graph: edit, pan (at zoom 1 and zoomed out to show it all), drag a node
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
  console.log("");
  row("500 nodes (zoom 1)", await timeEdits(page, "n0"));

  // drag a visible node by its header across the canvas
  const handle = await page.locator('.react-flow__node[data-id="n22"]').boundingBox();
  const drag = await fps(page, async () => {
    const x = handle.x + 20, y = handle.y + 8;
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 120; i++) await page.mouse.move(x + i * 3, y + (i % 30) * 3);
    await page.mouse.up();
  });
  const moved = await page.evaluate(() => window.__gradflow.getDoc().nodes.find((n) => n.id === "n22").position);
  const near = await fps(page, () => pan(page));

  const f = (r) => `${r.fps.toFixed(0)} frames/s (longest frame ${r.worst.toFixed(0)} ms)`;
  console.log(`\n500-node graph, headless Chromium, 120 mouse moves each:`);
  console.log(`  panning at zoom 1:          ${f(near)}`);
  console.log(`  dragging a node at zoom 1:  ${f(drag)}  (n22 ended at ${moved.x},${moved.y})`);

  // everything on screen: the worst case for a 500-node graph (a slow build may not get through it)
  try {
    await page.getByRole("button", { name: "Fit view" }).click({ timeout: 60_000 });
    await page.waitForTimeout(800);
    const shown = await page.locator(".react-flow__node").count();
    const far = await fps(page, () => pan(page, 40));
    console.log(`  panning, all ${shown} nodes shown (40 moves): ${f(far)}`);
    row(`500 (fit, ${shown} shown)`, await timeEdits(page, "n0"));
  } catch (e) {
    console.log(`  all nodes shown: did not finish (${e.message.split("\n")[0]})`);
  }
} finally {
  await browser.close();
  server.kill();
}
