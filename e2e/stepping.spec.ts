// Issue 4: stepping through forward and backward one node at a time.
import { expect, test } from "./fixtures/test";
import { showsNumber, type EdgeTexts, type GradflowApp } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

/** The forward order, read off the numbered step badges; checked to be topological. */
async function badgeOrder(app: GradflowApp, doc: GraphDoc): Promise<string[]> {
  const badge = new Map<string, number>();
  for (const n of doc.nodes) {
    const text = (await app.node(n.id).getByTestId("step-badge").textContent()) ?? "";
    const m = /\d+/.exec(text);
    expect(m, `node ${n.id} shows its step number, got "${text}"`).toBeTruthy();
    badge.set(n.id, +m![0]);
  }
  const order = [...badge.keys()].sort((a, b) => badge.get(a)! - badge.get(b)!);
  expect(new Set(badge.values()).size, "step numbers are distinct").toBe(doc.nodes.length);
  for (const e of doc.edges) expect(order.indexOf(e.source), `${e.source} comes before ${e.target}`).toBeLessThan(order.indexOf(e.target));
  return order;
}

const shown = (texts: EdgeTexts, role: "value" | "grad") =>
  Object.entries(texts)
    .filter(([, t]) => showsNumber(t[role]))
    .map(([id]) => id)
    .sort();

async function expectShown(app: GradflowApp, values: string[], grads: string[]): Promise<void> {
  await expect.poll(async () => shown(await app.edgeTexts(), "value")).toEqual([...values].sort());
  await expect.poll(async () => shown(await app.edgeTexts(), "grad")).toEqual([...grads].sort());
}

async function step(app: GradflowApp, name: "Step forward" | "Step back", expectAt: number): Promise<void> {
  await app.button(name).click();
  await expect.poll(async () => (await app.stepPosition()).at).toBe(expectAt);
}

test("Reset, then step through MatMul: values forward, then gradients backward in reverse order; Step back undoes", async ({ app }) => {
  const doc = await app.loadExample("matmul");
  const n = doc.nodes.length;
  await app.button("Reset").click();
  await expect(app.stepCounter).toHaveText(new RegExp(`^\\s*0\\s*/\\s*${2 * n}\\s*$`));
  await expectShown(app, [], []);
  await app.shot("stepping-reset");
  const order = await badgeOrder(app, doc);

  // forward: step k computes order[k-1] and reveals the values on its outgoing edges
  for (let k = 1; k <= n; k++) {
    await step(app, "Step forward", k);
    expect(await app.currentNodes()).toEqual([order[k - 1]]);
    const done = new Set(order.slice(0, k));
    await expectShown(app, doc.edges.filter((e) => done.has(e.source)).map((e) => e.id), []);
  }
  await app.shot("stepping-forward-done");

  // backward: step j handles order[n-j] and reveals the gradients on its incoming edges
  const allEdges = doc.edges.map((e) => e.id);
  for (let j = 1; j <= n; j++) {
    await step(app, "Step forward", n + j);
    expect(await app.currentNodes()).toEqual([order[n - j]]);
    const handled = new Set(order.slice(n - j));
    await expectShown(app, allEdges, doc.edges.filter((e) => handled.has(e.target)).map((e) => e.id));
    if (j === 2) await app.shot("stepping-backward");
  }

  // Step back undoes backward steps, then forward ones
  for (let j = n - 1; j >= n - 2; j--) {
    await step(app, "Step back", n + j);
    expect(await app.currentNodes()).toEqual([order[n - j]]);
    const handled = new Set(order.slice(n - j));
    await expectShown(app, allEdges, doc.edges.filter((e) => handled.has(e.target)).map((e) => e.id));
  }
  await app.button("Reset").click();
  await expect.poll(async () => (await app.stepPosition()).at).toBe(0);
  await expectShown(app, [], []);
});

test("the Mul example's step panel explains da = g ⊙ b with the numbers: 1 × 20 = 20", async ({ app }) => {
  const doc = await app.loadExample("mul");
  const mul = doc.nodes.find((n) => n.type === "Mul")!;
  const n = doc.nodes.length;
  await app.button("Reset").click();
  for (let k = 1; k <= n; k++) await step(app, "Step forward", k);
  // backward until Mul is the current node (it is also current at the end of forward)
  let k = n;
  await step(app, "Step forward", ++k);
  while (!(await app.currentNodes()).includes(mul.id)) {
    expect(k, "Mul comes up in the backward half").toBeLessThan(2 * n);
    await step(app, "Step forward", ++k);
  }
  await expect(app.stepPanel).toContainText(/da\s*=\s*g\s*⊙\s*b\s*=\s*1\s*×\s*20\s*=\s*20/);
  await expect(app.stepPanel).toContainText(/db\s*=\s*g\s*⊙\s*a\s*=\s*1\s*×\s*10\s*=\s*10/);
  await app.shot("stepping-mul-panel");
});

test("fan-out: at x of add-mul-div the panel sums the branches' gradients, 1 + 20 + 0.05 = 21.05", async ({ app }) => {
  const doc = await app.loadExample("add-mul-div");
  const x = doc.nodes.find((n) => n.type === "Input" && n.data.value === 10)!;
  expect(doc.edges.filter((e) => e.source === x.id)).toHaveLength(3);
  const n = doc.nodes.length;
  await app.button("Reset").click();
  for (let k = 1; k <= n; k++) await step(app, "Step forward", k);
  let k = n;
  await step(app, "Step forward", ++k);
  while (!(await app.currentNodes()).includes(x.id)) {
    expect(k, "x comes up in the backward half").toBeLessThan(2 * n);
    await step(app, "Step forward", ++k);
  }
  // the three shares in any order, summed
  const terms = "1|20|0\\.05";
  await expect(app.stepPanel).toContainText(new RegExp(`(?:${terms})\\s*\\+\\s*(?:${terms})\\s*\\+\\s*(?:${terms})\\s*=\\s*21\\.05`));
  await app.shot("stepping-fan-out");
});

test("keyboard: → steps forward, ← steps back, Space plays and pauses", async ({ app }) => {
  const doc = await app.loadExample("matmul");
  const total = 2 * doc.nodes.length;
  await app.button("Reset").click();
  await app.clickEmptyCanvas(); // focus out of the toolbar button, so Space is not a click on it
  const kb = app.page.keyboard;
  await kb.press("ArrowRight");
  await expect.poll(async () => (await app.stepPosition()).at).toBe(1);
  await kb.press("ArrowRight");
  await expect.poll(async () => (await app.stepPosition()).at).toBe(2);
  await kb.press("ArrowLeft");
  await expect.poll(async () => (await app.stepPosition()).at).toBe(1);

  await kb.press("Space");
  await expect.poll(async () => (await app.stepPosition()).at, { timeout: 15_000 }).toBeGreaterThan(1);
  await kb.press("Space");
  const paused = (await app.stepPosition()).at;
  expect(paused).toBeLessThanOrEqual(total);
  // nothing to wait for: pausing means the counter stays put
  await app.page.waitForTimeout(2_500);
  expect((await app.stepPosition()).at).toBe(paused);
});

test("Play runs every step to the end", async ({ app }) => {
  const doc = await app.loadExample("matmul");
  const total = 2 * doc.nodes.length;
  await app.button("Reset").click();
  await app.button("Play").click();
  await expect.poll(async () => (await app.stepPosition()).at, { timeout: 40_000 }).toBe(total);
  await expectShown(app, doc.edges.map((e) => e.id), doc.edges.map((e) => e.id));
});
