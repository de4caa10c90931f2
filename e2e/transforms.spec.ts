// Issue 13's graph transforms in the editor: Unroll / Roll up an RNN cell, the |∂L/∂h_t| chart with
// a slider on Wh's scale, Expand to scalars, and an Expr's derivative typeset by KaTeX.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import type { GradflowApp } from "./pages/GradflowApp";

/** "1.234", "−0.5", "2e-5" as written on the canvas, as a number */
const num = (s: string) => Number(s.trim().replace("−", "-").replace(/^\+/, ""));

/** The step panel's fan-out line "∂Wh (4,4) = …; e.g. ∂Wh[0,0] = a + b − c = total": its terms and its total. */
function sharesOf(line: string): { terms: number[]; total: number } {
  const m = /\[0,0\] = (.+) = ([^=]+)$/.exec(line);
  if (!m) throw new Error(`not a fan-out line: ${line}`);
  const terms = m[1]
    .replace(/ − /g, " + −")
    .split(" + ")
    .map(num);
  return { terms, total: num(m[2]) };
}

/** The first cell of the inspector's gradient table, for the selected node. */
const firstGradCell = (app: GradflowApp) => app.inspector.getByTestId("inspector-grad").locator("td").first();

async function gradCells(app: GradflowApp, id: string): Promise<string[]> {
  // the whole graph in view first: a click explains the node, and the panel it opens takes the canvas's lower part,
  // where the node asked for next may be
  await app.button("Fit the graph in view").click();
  await app.settled();
  await app.selectNode(id);
  await expect(app.inspector.getByRole("heading", { level: 2 })).toContainText(id);
  return app.inspector.getByTestId("inspector-grad").locator("td").allTextContents();
}

/** the shown names of the Unroll field and button, by language */
const UNROLL = { en: ["Steps T", "Unroll"], ja: ["ステップ数 T", "展開する"] } as const;

async function unroll(app: GradflowApp, T: string, lang: "en" | "ja" = "en"): Promise<void> {
  await app.selectNode("rnn");
  await app.page.getByLabel(UNROLL[lang][0], { exact: true }).fill(T);
  await app.button(UNROLL[lang][1]).click();
}

/** UI.md's toolbar hooks: English accessible names on Japanese buttons, by contract */
const TOOLBAR_HOOKS = new Set(["New", "Export JSON", "Import JSON", "Examples", "Undo", "Redo", "Auto layout", "Step forward", "Step back", "Play", "Pause", "Reset", "Train", "Explain", "Share link", "Export code", "Lessons", "Group", "Predict", "Dark mode", "Language"]);

const normsOf = (page: Page) => page.getByTestId("grad-chart").getAttribute("data-norms");

test("Unroll the RNN example over T = 4: 13 nodes, Wh's gradient is the sum of its 4 shares, Undo and Roll up give back the numbers", async ({ app }) => {
  const before = await app.loadExample("rnn");
  const labelsBefore = await app.edgeTexts();
  expect(before.nodes).toHaveLength(7);

  // refused input: the reason in place, nothing changed
  await unroll(app, "1");
  await expect(app.page.getByTestId("unroll-error")).toContainText("from 2 to 64, not 1");
  await unroll(app, "65");
  await expect(app.page.getByTestId("unroll-error")).toContainText("from 2 to 64, not 65");
  expect((await app.getDoc()).nodes).toHaveLength(7);

  await unroll(app, "4");
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(13);
  await app.settled();
  const doc = await app.getDoc();
  expect(doc.nodes.filter((n) => n.type === "RNN")).toHaveLength(4);
  expect(doc.edges.filter((e) => e.source === "Wh")).toHaveLength(4);
  const group = doc.groups!.find((g) => g.nodes.includes("rnn"))!;
  await expect(app.group(group.id)).toBeVisible();
  await expect(app.group(group.id)).toContainText("over T = 4");

  // the panel of the unrolled cell: Wh's gradient as the sum of its 4 shares
  const unrolled = app.page.getByTestId("unrolled");
  await expect(unrolled).toBeVisible();
  const whLine = (await unrolled.locator('[data-testid="shared-sum"][data-param="Wh"]').textContent())!;
  const { terms, total } = sharesOf(whLine);
  expect(terms).toHaveLength(4);
  const sum = terms.reduce((a, b) => a + b, 0);
  expect(Math.abs(sum - total)).toBeLessThanOrEqual(Math.abs(total) * 1e-3 + 1e-6);
  // … and it is the gradient the inspector shows for Wh
  await app.selectNode("Wh");
  expect(num((await firstGradCell(app).textContent())!)).toBeCloseTo(total, 3);

  await app.shot("transforms-unrolled-en-light");

  // Undo takes the whole unroll back in one step
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(7);
  await app.settled();
  const undone = await app.getDoc();
  expect(undone.edges).toEqual(before.edges);
  expect(undone.groups ?? []).toEqual([]);
  expect(await app.edgeTexts()).toEqual(labelsBefore);

  // Redo, then Roll up: the one cell again, with the same numbers on every edge
  await app.button("Redo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(13);
  await app.settled();
  await app.selectNode("rnn");
  await app.button("Roll up").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(7);
  await app.settled();
  const rolled = await app.getDoc();
  // the very cell, wires and places that were unrolled
  expect(rolled.nodes).toEqual(before.nodes);
  expect(rolled.edges).toEqual(before.edges);
  expect(await app.edgeTexts()).toEqual(labelsBefore);
  // and Roll up is one undo step too
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(13);
});

test("Roll up is refused with the reason where a middle step's h feeds something else, and nothing changes", async ({ app, page }) => {
  await app.loadExample("rnn");
  await unroll(app, "3");
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(11);
  await app.settled();
  // a second Output on h of step 2, wired from the inspector
  const before = (await app.getDoc()).nodes.map((n) => n.id);
  await app.paletteItem("Output").click();
  const out = await app.newNodeId(before);
  await page.getByLabel("x from", { exact: true }).selectOption("rnn_2");
  await expect.poll(async () => (await app.getDoc()).edges.some((e) => e.source === "rnn_2" && e.target === out)).toBe(true);
  await app.selectNode("rnn");
  await app.button("Roll up").click();
  await expect(page.getByTestId("rollup-error")).toContainText(`h of "rnn_2" feeds "${out}"`);
  expect((await app.getDoc()).nodes).toHaveLength(12);
});

test("the |∂L/∂h_t| chart changes live with Wh's scale; the document changes only on Apply, as one undo step", async ({ app }) => {
  await app.loadExample("rnn");
  await unroll(app, "6");
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(7 + 2 * 5);
  await app.settled();
  await app.selectNode("rnn");
  const chart = app.page.getByTestId("grad-chart");
  await expect(chart).toBeVisible();
  await expect(chart.getByTestId("grad-bar")).toHaveCount(6);
  const at1 = await normsOf(app.page);
  const wh = async () => JSON.stringify((await app.getDoc()).nodes.find((n) => n.id === "Wh")!.data.value);
  const whBefore = await wh();

  const slider = app.page.getByRole("slider", { name: "Scale of Wh" });
  await slider.fill("0.2");
  await expect(app.page.getByTestId("scale-value")).toHaveText("× 0.20");
  await expect.poll(() => normsOf(app.page)).not.toBe(at1);
  const small = (await normsOf(app.page))!.split(",").map(Number);
  // small Wh: the gradient vanishes back in time
  expect(small[0]).toBeLessThan(small[5] * 0.1);
  await expect(app.page.getByTestId("grad-ratio")).toContainText("vanishes");
  await slider.fill("3");
  await expect.poll(() => normsOf(app.page)).not.toBe(small.join(","));
  expect(await wh(), "moving the slider only previews").toBe(whBefore);
  await app.shot("transforms-chart-en-light");

  await app.button("Apply Wh × 3.00").click();
  await expect.poll(wh).not.toBe(whBefore);
  await expect(app.page.getByTestId("scale-value")).toHaveText("× 1.00");
  const applied = await normsOf(app.page);
  expect(applied).not.toBe(at1);
  await app.button("Undo").click();
  await expect.poll(wh).toBe(whBefore);
  await expect.poll(() => normsOf(app.page)).toBe(at1);
});

test("Expand to scalars on the matmul example gives the same gradients on x and W; a too-big input is refused with the reason", async ({ app }) => {
  await app.loadExample("matmul");
  const dx = await gradCells(app, "x");
  const dW = await gradCells(app, "W");
  expect(dx).toEqual(["14", "32", "32", "77"]);

  await app.selectNode("mm");
  await expect(app.page.getByTestId("expand-why")).toContainText("scalar nodes");
  await app.button("Expand to scalars").click();
  await expect.poll(async () => (await app.getDoc()).groups?.length ?? 0).toBe(1);
  await app.settled();
  const doc = await app.getDoc();
  expect(doc.nodes.filter((n) => n.type === "Mul").length).toBeGreaterThanOrEqual(12);
  await expect(app.group(doc.groups![0].id)).toBeVisible();
  await app.shot("transforms-scalars-en-light");
  expect(await gradCells(app, "x")).toEqual(dx);
  expect(await gradCells(app, "W")).toEqual(dW);

  // collapsible: one box with the wires that cross it (the whole graph in view, to reach its title bar)
  await app.button("Fit the graph in view").click();
  await app.group(doc.groups![0].id).getByRole("button", { name: "Collapse" }).click();
  await app.settled();
  expect(await app.nodeIds()).toContain(`group:${doc.groups![0].id}`);
  await app.button("Undo").click();
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(4);

  await app.loadExample("affine");
  await app.selectNode("affine");
  await expect(app.button("Expand to scalars")).toBeDisabled();
  await expect(app.page.getByTestId("expand-why")).toContainText("at most 9");
});

test("an Expr shows its formula and derivative typeset by KaTeX, loaded only when a formula is first shown", async ({ app, page }) => {
  const katex: string[] = [];
  page.on("request", (r) => /katex/i.test(r.url()) && katex.push(r.url()));
  await app.loadExample("rnn");
  // (a node clicked is explained, typeset: that would load KaTeX too)
  expect(katex, "KaTeX is not loaded before a formula is shown").toEqual([]);
  await app.newGraph();
  await app.paletteItem("Expr").click();
  const view = page.getByTestId("formula-view");
  await expect(view).toBeVisible();
  await expect(view.locator(".katex").first()).toBeVisible();
  await expect(view.getByTestId("formula-partial")).toContainText("cos");
  expect(katex.length).toBeGreaterThan(0);

  // a formula that does not read is refused where it was typed, and the graph keeps the one it had
  const formula = page.getByLabel("formula", { exact: true });
  for (const bad of ["x^", "x * y"]) {
    await formula.fill(bad);
    await formula.press("Enter");
    await expect(page.getByTestId("param-error")).toBeVisible();
    expect((await app.getDoc()).nodes[0].data.formula ?? "x^2 * sin(x)").toBe("x^2 * sin(x)");
  }
  await expect(page.getByTestId("param-error")).toContainText('unknown name "y"');
  await formula.fill("exp(-x) * x");
  await formula.press("Enter");
  await expect(page.getByTestId("param-error")).toHaveCount(0);
  await expect.poll(async () => (await app.getDoc()).nodes[0].data.formula).toBe("exp(-x) * x");
  await expect(view.getByTestId("formula-partial")).toContainText("exp");
});

for (const [lang, dark] of [["en", true], ["ja", false], ["ja", true]] as const)
  test(`screenshots: unrolled RNN and its chart, ${lang}, ${dark ? "dark" : "light"}`, async ({ app, page }) => {
    await page.emulateMedia({ colorScheme: dark ? "dark" : "light" });
    if (lang === "ja") await app.setLanguage("日本語");
    await app.setDarkMode(dark);
    await app.loadExample("rnn");
    await unroll(app, "4", lang);
    await expect.poll(async () => (await app.getDoc()).nodes.length).toBe(13);
    await app.settled();
    await app.selectNode("rnn");
    await page.getByRole("slider", { name: "Scale of Wh" }).fill("0.4");
    await expect(page.getByTestId("grad-ratio")).toContainText(lang === "ja" ? "消失" : "vanishes");
    await app.shot(`transforms-unrolled-${lang}-${dark ? "dark" : "light"}`);
    // nothing serious for axe in the panel (the Japanese toolbar's English hook names are UI.md's contract, as a11y.spec.ts accepts)
    const serious = (await app.audit()).filter((f) => (f.impact === "serious" || f.impact === "critical") && !(f.id === "label-content-name-mismatch" && f.labels.every((l) => TOOLBAR_HOOKS.has(l ?? ""))));
    expect(serious).toEqual([]);
    await app.loadExample("matmul");
    await app.selectNode("mm");
    await app.button(lang === "ja" ? "スカラーに分解" : "Expand to scalars").click();
    await expect.poll(async () => (await app.getDoc()).groups?.length ?? 0).toBe(1);
    await app.settled();
    await app.shot(`transforms-scalars-${lang}-${dark ? "dark" : "light"}`);
    await app.newGraph();
    await app.paletteItem("Expr").click();
    await expect(page.getByTestId("formula-view").locator(".katex").first()).toBeVisible();
    await app.shot(`transforms-expr-${lang}-${dark ? "dark" : "light"}`);
  });
