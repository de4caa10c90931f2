// Measures the built editor in headless Chromium: the initial download (gzip), how long an
// edit takes to re-run and re-render for every example, for a 500-node graph the edit time and
// the frames per second while panning it (near and zoomed out) and dragging a node, and training
// the 64×784 → 128 → 10 net in the Train panel against the same engine in a worker of its own,
// side by side, with how fast the page answers a click meanwhile. Figures are medians over
// trials with their spread [min–max], and ratios against their side-by-side reference.
// Run: npm run build && node bench/ui.mjs (starts its own preview server).
// Env: DIST (default dist) to measure another build, PORT (default 4179), REPS (default 21),
// TRIALS (default 5: pans, training rounds), CPU (e.g. 4: Chromium's CPU throttling, a slower
// machine; default 1, none), ONLY (some of edits, big, pan, layout, train; default all; pan is the 2,000-node part of big).
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";

const DIST = process.env.DIST ?? "dist";
const PORT = process.env.PORT ?? "4179";
const REPS = Number(process.env.REPS ?? 21);
const CPU = Number(process.env.CPU ?? 1);
const TRIALS = Number(process.env.TRIALS ?? 5);
/** ONLY=edits,big,pan,layout,train: the sections to run (default all) */
const ONLY = process.env.ONLY ?? "";
const want = (section) => !ONLY || ONLY.split(",").includes(section);

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => {
  const s = sorted(xs), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** "12.3 [11.0–13.1]": the median and the spread of the trials */
const spread = (xs, digits = 1) => `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

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

/** Drags the canvas out and back along the same path, so that it ends where it started and every trial sees the same view. */
async function pan(page, moves = 120, from = null) {
  const box = await page.locator(".react-flow__pane").boundingBox();
  // start on empty canvas (between the grid's columns of nodes, or where `from` says: a point of the pane), so the drag pans
  const x = box.x + (from ? from.x : box.width / 2), y = box.y + (from ? from.y : box.height / 2);
  const transform = () => page.evaluate(() => document.querySelector(".react-flow__viewport")?.style.transform);
  await page.mouse.move(x, y);
  const start = await transform();
  await page.mouse.down();
  const half = moves >> 1;
  let moved = false;
  for (let i = 1; i <= moves; i++) {
    const d = i <= half ? i : moves - i; // out, then back
    await page.mouse.move(x - d * 6, y - (d % 40) * 2);
    if (i === half) moved = (await transform()) !== start;
  }
  await page.mouse.move(x, y);
  await page.mouse.up();
  return moved;
}

/** A point of the pane (relative to it) where nothing but empty canvas is under the pointer, nearest its middle row by row; null when there is none. */
async function emptySpot(page) {
  return page.evaluate(() => {
    const pane = document.querySelector(".react-flow__pane");
    const box = pane.getBoundingClientRect();
    for (let dy = 0; dy < box.height / 2; dy += 8)
      for (const y of [box.height / 2 - dy, box.height / 2 + dy])
        for (let dx = 0; dx < box.width / 2; dx += 2)
          for (const x of [box.width / 2 - dx, box.width / 2 + dx]) if (document.elementFromPoint(box.x + x, box.y + y) === pane) return { x, y };
    return null;
  });
}

/** `trials` pans, each from the same view; their frame rates and longest frames */
async function pans(page, moves, trials = TRIALS, from = null) {
  const fpsOf = [], worst = [];
  const before = await page.evaluate(() => window.__gradflow.getDoc().viewport);
  let panned = true;
  for (let i = 0; i < trials; i++) {
    let moved = false;
    const r = await fps(page, async () => (moved = await pan(page, moves, from)));
    fpsOf.push(r.fps);
    worst.push(r.worst);
    panned &&= moved;
  }
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => window.__gradflow.getDoc().viewport);
  // it must have panned (not dragged a node, not nothing), and come back
  const back = panned && (!before || !after || (Math.abs(before.x - after.x) < 1 && Math.abs(before.y - after.y) < 1));
  return { fps: fpsOf, worst, back };
}

/**
 * n nodes in columns of `rows` (default 20), `colW` × `rowH` flow units apart: Inputs of 2×2 in the
 * first column, then Add and Tanh nodes each reading the column before
 */
function gridDoc(count, rows = 20, viewport = { x: 0, y: 0, zoom: 1 }, COL_W = 220, ROW_H = 130) {
  const nodes = [], edges = [];
  for (let i = 0; i < count; i++) {
    const col = Math.floor(i / rows), row = i % rows;
    nodes.push({ id: `n${i}`, type: i < rows ? "Input" : i % 3 ? "Add" : "Tanh", position: { x: col * COL_W, y: row * ROW_H }, data: i < rows ? { value: [[i, 1], [2, 3]] } : {} });
    if (i >= rows) {
      const op = i % 3 ? ["a", "b"] : ["x"];
      op.forEach((port, k) => edges.push({ id: `e${i}_${k}`, source: `n${i - rows + (k ? (i % rows === rows - 1 ? -1 : 1) : 0)}`, target: `n${i}`, targetHandle: port }));
    }
  }
  return { format: "gradflow", version: 1, name: "big", nodes, edges, viewport };
}

/** Undo and redo of an edit to n0's value (every number downstream changes), REPS of each, to React's commit and layout */
async function timeUndoRedo(page) {
  return page.evaluate(async (reps) => {
    const store = window.__gradflow.store;
    const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const time = async (f) => {
      await settle();
      const t0 = performance.now();
      f();
      await new Promise((r) => setTimeout(r, 0));
      void document.body.offsetHeight;
      return performance.now() - t0;
    };
    const edit = [], undo = [], redo = [];
    for (let i = 0; i < reps; i++) {
      edit.push(await time(() => store.getState().setData("n0", "value", [[i + 100, 1], [2, 3]])));
      undo.push(await time(() => store.getState().undo()));
      redo.push(await time(() => store.getState().redo()));
    }
    return { edit, undo, redo };
  }, REPS);
}

/** The net of bench/run.ts (bench/graphs.ts mlpDoc): x (64,784) → Affine(784,128) → Sigmoid → Affine(128,10) → SoftmaxWithLoss, SGD */
function mlpDoc() {
  const edge = (source, target, port) => ({ id: `${source}>${target}.${port}`, source, sourceHandle: "out", target, targetHandle: port });
  const nodes = [
    { id: "x", type: "Input", data: { value: { init: "randn", shape: [64, 784], seed: 0 } } },
    { id: "t", type: "Input", data: { value: Array.from({ length: 64 }, (_, i) => (i * 7) % 10) } },
    { id: "W1", type: "Param", data: { value: { init: "randn", shape: [784, 128], seed: 1, scale: Math.sqrt(1 / 784) } } },
    { id: "b1", type: "Param", data: { value: { init: "zeros", shape: [128] } } },
    { id: "W2", type: "Param", data: { value: { init: "randn", shape: [128, 10], seed: 2, scale: Math.sqrt(1 / 128) } } },
    { id: "b2", type: "Param", data: { value: { init: "zeros", shape: [10] } } },
    { id: "a1", type: "Affine", data: {} },
    { id: "s1", type: "Sigmoid", data: {} },
    { id: "a2", type: "Affine", data: {} },
    { id: "L", type: "SoftmaxWithLoss", data: {} },
  ].map((n, i) => ({ ...n, position: { x: 220 * Math.floor(i / 3), y: 140 * (i % 3) } }));
  const edges = [edge("x", "a1", "x"), edge("W1", "a1", "W"), edge("b1", "a1", "b"), edge("a1", "s1", "x"), edge("s1", "a2", "x"), edge("W2", "a2", "W"), edge("b2", "a2", "b"), edge("a2", "L", "x"), edge("t", "L", "t")];
  return { format: "gradflow", version: 1, name: "MLP 64×784→128→10", nodes, edges, optimizer: { type: "SGD", lr: 0.1 } };
}

/**
 * Steps per second of `steps` steps of the open document's training, from the start until it is
 * done, two ways: the engine alone (the training worker, started by hand, with nobody but the clock
 * reading it) and the page (the Train panel's Start, until the panel says done).
 */
async function engineRate(page, workerUrl, steps) {
  return page.evaluate(
    async ({ url, steps }) => {
      const doc = window.__gradflow.getDoc();
      const w = new Worker(url, { type: "module" });
      const t0 = performance.now();
      const done = await new Promise((resolve, reject) => {
        w.onmessage = (e) => (e.data.type === "done" ? resolve(e.data) : e.data.type === "error" ? reject(new Error(e.data.message)) : null);
        w.postMessage({ type: "start", doc, optimizer: window.__gradflow.store.getState().training.optimizer, steps, paramsEveryMs: 1e12 });
      });
      const ms = performance.now() - t0;
      w.terminate();
      return (done.step / ms) * 1000;
    },
    { url: workerUrl, steps },
  );
}

async function pageRate(page, steps) {
  const panel = page.getByTestId("train-panel");
  const box = panel.getByLabel("Steps", { exact: true });
  await box.fill(String(steps));
  await box.press("Tab");
  const start = panel.getByRole("button", { name: "Start", exact: true });
  await start.evaluate((b) => {
    const run = (window.__run = {});
    b.addEventListener("click", () => (run.t0 = performance.now()), { once: true, capture: true });
    const unsub = window.__gradflow.store.subscribe((s) => {
      // this run's end, not the last one's state
      if (run.t0 && s.training.state === "running") run.going = true;
      if (run.going && s.training.state === "done") {
        run.t1 = performance.now();
        run.step = s.training.step;
        unsub();
      }
    });
  });
  await start.click();
  await page.waitForFunction(() => window.__run.t1, null, { timeout: 300_000 });
  return page.evaluate(() => (window.__run.step / (window.__run.t1 - window.__run.t0)) * 1000);
}

/** Latencies of `n` clicks on Examples while the page trains: from the click's arrival to the menu opening */
async function clicksWhileTraining(page, n) {
  const panel = page.getByTestId("train-panel");
  const box = panel.getByLabel("Steps", { exact: true });
  await box.fill("1000000");
  await box.press("Tab");
  await page.evaluate(() => {
    window.__clicks = [];
    const open = () => !!document.querySelector('[role="menuitem"]');
    document.addEventListener(
      "click",
      (e) => {
        const t0 = e.timeStamp, was = open();
        const obs = new MutationObserver(() => {
          if (open() === was) return;
          window.__clicks.push(performance.now() - t0);
          obs.disconnect();
        });
        obs.observe(document.body, { subtree: true, childList: true, attributes: true });
      },
      { capture: true },
    );
  });
  await panel.getByRole("button", { name: "Start", exact: true }).click();
  await page.waitForTimeout(1500);
  const b = await page.getByRole("button", { name: "Examples" }).boundingBox();
  const at = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const out = [];
  for (let i = 0; i < n; i++) {
    await page.mouse.click(at.x, at.y);
    await page.getByRole("menuitem").first().waitFor({ timeout: 10_000 });
    out.push(await page.evaluate(() => window.__clicks.at(-1)));
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => !document.querySelector('[role="menuitem"]'), null, { timeout: 10_000 });
    await page.waitForTimeout(200);
  }
  await panel.getByRole("button", { name: "Stop", exact: true }).click();
  return out;
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForSelector(".react-flow__node");
  if (CPU > 1) {
    await (await page.context().newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: CPU });
    console.log(`CPU throttled ${CPU}×`);
  }

  const row = (name, r) =>
    console.log(`${name.padEnd(22)} ${String(r.nodes).padStart(5)}   ${r.commit.toFixed(2).padStart(11)}   ${r.layout.toFixed(2).padStart(14)}   ${r.engine.toFixed(3).padStart(10)}   ${r.same.toFixed(2).padStart(11)}`);
  if (want("edits") || want("big")) {
    console.log(`\nmedians of ${REPS}, ms            edit that changes the numbers           same numbers`);
    console.log(`example                 nodes   → committed   + style/layout   engine run   → committed`);
  }
  if (want("edits")) {
    // 2. an edit, re-run and re-rendered, per example (median of REPS)
    // the menu stays open until an item is picked: open it only when it is closed
    const openExamples = async () => {
      if (!(await page.locator('[role="menuitem"]').first().isVisible())) await page.getByRole("button", { name: "Examples" }).click();
    };
    await openExamples();
    const exampleIds = await page.$$eval('[role="menuitem"]', (els) => els.map((e) => e.getAttribute("data-example-id")));
    for (const id of exampleIds) {
      await openExamples();
      await page.locator(`[role="menuitem"][data-example-id="${id}"]`).click();
      await page.waitForTimeout(300);
      row(id, await timeEdits(page));
    }
  }

  if (want("big")) {
    // 3. a 500-node graph: edit, pan (at zoom 1 and zoomed out to show it all), drag a node
    await page.evaluate((doc) => window.__gradflow.loadDoc(doc), gridDoc(500));
    await page.waitForTimeout(1000);
    console.log("");
    row("500 nodes (zoom 1)", await timeEdits(page, "n0"));

    // undo and redo on 2,000 nodes (the 269 ms median), at zoom 1 as the learner left it
    await page.evaluate((doc) => window.__gradflow.loadDoc(doc), gridDoc(2000));
    await page.waitForTimeout(1500);
    const ur = await timeUndoRedo(page);
    console.log(`2,000 nodes, median [min–max] of ${REPS}, ms: an edit ${spread(ur.edit)}, undo ${spread(ur.undo)}, redo ${spread(ur.redo)}  (bar ≤ 50 ms: ${median(ur.undo) <= 50 && median(ur.redo) <= 50 ? "PASS" : "MISS"})`);
    await page.evaluate((doc) => window.__gradflow.loadDoc(doc), gridDoc(500));
    await page.waitForTimeout(1000);

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
    const near = await pans(page, 120);

    const f = (r) => `${r.fps.toFixed(0)} frames/s (longest frame ${r.worst.toFixed(0)} ms)`;
    const fs = (r) => `${spread(r.fps, 0)} frames/s, longest frame ${spread(r.worst, 0)} ms${r.back ? "" : " (did not pan, or did not come back to its start!)"}`;
    console.log(`\n500-node graph, headless Chromium, 120 mouse moves each; pans: median [min–max] of ${TRIALS}, out and back:`);
    console.log(`  panning at zoom 1:          ${fs(near)}`);
    console.log(`  dragging a node at zoom 1:  ${f(drag)}  (n22 ended at ${moved.x},${moved.y})`);

    // everything on screen: the worst case for a 500-node graph (a slow build may not get through it)
    try {
      await page.getByRole("button", { name: "Fit the graph in view" }).click({ timeout: 60_000 });
      await page.waitForTimeout(800);
      const shown = await page.locator(".react-flow__node").count();
      const far = await pans(page, 40);
      const ratios = far.fps.map((v, i) => v / near.fps[i]);
      console.log(`  panning, all ${shown} nodes shown (40 moves): ${fs(far)}; ${spread(ratios, 2)} × the frame rate at zoom 1`);
      row(`500 (fit, ${shown} shown)`, await timeEdits(page, "n0"));
    } catch (e) {
      console.log(`  all nodes shown: did not finish (${e.message.split("\n")[0]})`);
    }
  }

  // 3b. 2,000 nodes in a dense grid (50 rows × 40 columns, 170 × 110 apart): panned at zoom 1,
  // then with every node on screen (the zoom that fits the grid into the canvas), in turns; the
  // ratio of the two is the bar
  if (want("big") || want("pan")) {
    const ROWS = 50, COUNT = 2000, CW = 170, RH = 110;
    const pane = await page.locator(".react-flow__pane").boundingBox();
    const cols = Math.ceil(COUNT / ROWS);
    // the grid's extent: the last column and row plus a node's size (132 × 97 at most here)
    const w = (cols - 1) * CW + 132, h = (ROWS - 1) * RH + 100;
    const zoom = 0.96 * Math.min(pane.width / w, pane.height / h);
    const fitted = { x: (pane.width - w * zoom) / 2, y: (pane.height - h * zoom) / 2, zoom };
    const show = async (viewport) => {
      await page.evaluate((doc) => window.__gradflow.loadDoc(doc), gridDoc(COUNT, ROWS, viewport, CW, RH));
      await page.waitForTimeout(1500);
      return page.locator(".react-flow__node").count();
    };
    // each drag starts on empty canvas: at zoom 1 the spot nearest the middle with no node or wire under it, all on screen the strip left of the grid
    const nearFps = [], farFps = [], nearWorst = [], farWorst = [];
    let shownNear = 0, shownFar = 0, backNear = true, backFar = true;
    for (let i = 0; i < TRIALS; i++) {
      shownNear = await show({ x: 0, y: 0, zoom: 1 });
      const n = await pans(page, 40, 1, await emptySpot(page));
      shownFar = await show(fitted);
      const f = await pans(page, 40, 1, { x: fitted.x / 2, y: pane.height / 2 });
      nearFps.push(n.fps[0]), nearWorst.push(n.worst[0]), farFps.push(f.fps[0]), farWorst.push(f.worst[0]);
      backNear &&= n.back;
      backFar &&= f.back;
    }
    const ratios = farFps.map((v, i) => v / nearFps[i]);
    const came = (b) => (b ? "" : " (did not pan, or did not come back to its start!)");
    console.log(`\n2,000 nodes (${ROWS} rows × ${cols} columns), 40 mouse moves out and back, ${TRIALS} trials in turns, median [min–max]:`);
    console.log(`  at zoom 1 (${shownNear} nodes drawn):              ${spread(nearFps, 0)} frames/s, longest frame ${spread(nearWorst, 0)} ms${came(backNear)}`);
    console.log(`  all on screen, zoom ${zoom.toFixed(3)} (${shownFar} drawn): ${spread(farFps, 0)} frames/s, longest frame ${spread(farWorst, 0)} ms${came(backFar)}`);
    console.log(`  all on screen / zoom 1, trial by trial:       ${spread(ratios, 2)}  (bar ≥ 0.80: ${median(ratios) >= 0.8 ? "PASS" : "MISS"})`);
  }

  // 4. files without positions: laid out (elkjs in a worker up to its limit, by depth past it) and shown
  if (want("layout")) {
    console.log("");
    for (const count of [1000, 10_000]) {
      const doc = gridDoc(count);
      for (const n of doc.nodes) delete n.position;
      delete doc.viewport;
      const r = await page.evaluate(async (doc) => {
        const t0 = performance.now();
        await window.__gradflow.loadDoc(doc);
        const placed = window.__gradflow.store.getState().doc.nodes.every((n) => n.position);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const toasts = window.__gradflow.store.getState().toasts.map((t) => t.text);
        return { ms: performance.now() - t0, placed, toasts };
      }, doc);
      console.log(`a ${count.toLocaleString("en-US")}-node file without positions: ${r.placed ? "laid out" : "NOT laid out"} and shown in ${r.ms.toFixed(0)} ms; said: ${r.toasts.join(" / ") || "nothing"}`);
    }
  }

  // 5. training the 64×784 → 128 → 10 net: the page against the engine alone, rounds alternating
  const workerFile = readdirSync(`${DIST}/assets`).find((f) => /^train\.worker.*\.js$/.test(f));
  if (want("train") && !workerFile) console.log("\ntraining: no train.worker chunk in the build, skipped");
  else if (want("train")) {
    await page.evaluate((doc) => window.__gradflow.loadDoc(doc), mlpDoc());
    await page.waitForTimeout(500);
    await page.getByRole("button", { name: "Train" }).first().click();
    await page.getByTestId("train-panel").waitFor();
    const STEPS = Number(process.env.STEPS ?? 2000);
    const engine = [], inPage = [];
    await engineRate(page, `/assets/${workerFile}`, 200); // warm-up: the module and its WebAssembly compiled
    for (let i = 0; i < TRIALS; i++) {
      engine.push(await engineRate(page, `/assets/${workerFile}`, STEPS));
      await page.waitForTimeout(300);
      inPage.push(await pageRate(page, STEPS));
      await page.waitForTimeout(500);
    }
    const ratios = inPage.map((v, i) => v / engine[i]);
    const clicks = await clicksWhileTraining(page, 5);
    console.log(`\ntraining the 64×784 → 128 → 10 net (SGD), ${STEPS} steps a round, ${TRIALS} rounds alternating, median [min–max]:`);
    console.log(`  the engine alone (its worker, nothing reading it): ${spread(engine, 0)} steps/s`);
    console.log(`  the page (Train panel, Start to done):             ${spread(inPage, 0)} steps/s`);
    console.log(`  page / engine, round by round:                      ${spread(ratios, 2)}  (bar ≥ 0.90: ${median(ratios) >= 0.9 ? "PASS" : "MISS"})`);
    console.log(`  a click while it trains (Examples menu, 5 clicks):   ${spread(clicks, 0)} ms  (bar ≤ 50 ms on the median: ${median(clicks) <= 50 ? "PASS" : "MISS"})`);
  }
} finally {
  await browser.close();
  server.kill();
}
