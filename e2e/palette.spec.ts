// The palette: every op, a search that filters, and adding by click or Enter.
import { expect, test } from "./fixtures/test";
import type { GradflowApp } from "./pages/GradflowApp";
import { OPS } from "../src/engine/ops";

// the registry's op names (ops.test.ts checks them against OPS.md): the palette lists each of them
const ALL_OPS = OPS.map((op) => op.type);

async function visibleOps(app: GradflowApp): Promise<string[]> {
  return app.paletteItems.evaluateAll((els) =>
    els.filter((e) => (e as HTMLElement).checkVisibility()).map((e) => e.getAttribute("data-op") ?? ""),
  );
}

test("the palette lists every op, each with a few words on what it does", async ({ app }) => {
  expect((await visibleOps(app)).sort()).toEqual([...ALL_OPS].sort());
  for (const op of ALL_OPS) {
    const item = app.paletteItem(op);
    const words = await item.evaluate((e) =>
      [e.textContent ?? "", e.getAttribute("title") ?? "", e.getAttribute("aria-description") ?? ""].join(" "),
    );
    // more than the bare name: a description is there
    expect(words.replaceAll(op, "").replace(/\s+/g, " ").trim().length, `${op}'s entry describes it`).toBeGreaterThan(5);
  }
});

test("search filters the palette", async ({ app }) => {
  await app.search.fill("matmul");
  await expect.poll(() => visibleOps(app)).toEqual(["MatMul"]);
  await app.search.fill("loss");
  await expect.poll(async () => (await visibleOps(app)).sort()).toEqual(expect.arrayContaining(["MSELoss", "SigmoidWithLoss", "SoftmaxWithLoss"]));
  const loss = await visibleOps(app);
  expect(loss).not.toContain("Add");
  expect(loss).not.toContain("Input");
  await app.search.fill("sigm");
  await expect.poll(async () => (await visibleOps(app)).sort()).toEqual(expect.arrayContaining(["Sigmoid", "SigmoidWithLoss"]));
  expect(await visibleOps(app)).not.toContain("Tanh");
  await app.shot("palette-search");
  await app.search.fill("");
  await expect.poll(async () => (await visibleOps(app)).length).toBe(ALL_OPS.length);
});

async function expectInsidePane(app: GradflowApp, id: string): Promise<void> {
  const pane = (await app.pane.boundingBox())!;
  const box = (await app.node(id).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(pane.x);
  expect(box.y).toBeGreaterThanOrEqual(pane.y);
  expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
  expect(box.y + box.height).toBeLessThanOrEqual(pane.y + pane.height);
}

test("a click on a palette entry adds that op in view", async ({ app }) => {
  await app.newGraph();
  const before = await app.nodeIds();
  await app.paletteItem("Add").click();
  const id = await app.newNodeId(before);
  expect((await app.getDoc()).nodes.find((n) => n.id === id)?.type).toBe("Add");
  await expectInsidePane(app, id);
});

test("Enter on a focused palette entry adds that op in view", async ({ app }) => {
  await app.newGraph();
  const item = app.paletteItem("Tanh");
  await item.focus();
  await expect(item).toBeFocused();
  const before = await app.nodeIds();
  await item.press("Enter");
  const id = await app.newNodeId(before);
  expect((await app.getDoc()).nodes.find((n) => n.id === id)?.type).toBe("Tanh");
  await expectInsidePane(app, id);
  await app.shot("palette-enter-to-add");
});
