// Issue 10: explain any node, typeset, with the numbers; copy a line as LaTeX; pick the worked
// element on a matrix; choose what is differentiated.
import { expect, test } from "./fixtures/test";
import type { GradflowApp } from "./pages/GradflowApp";

const explain = (app: GradflowApp) => app.page.getByTestId("explain");

test("clicking a node explains it, typeset, with the notebooks' numbers: Mul's 20 and MatMul's 14", async ({ app }) => {
  await app.loadExample("mul");
  await app.selectNode("mul");
  await expect(explain(app).locator(".katex").first()).toBeVisible();
  await expect(explain(app)).toContainText("da = g ⊙ b = 1 × 20 = 20");
  await expect(explain(app)).toContainText("db = g ⊙ a = 1 × 10 = 10");
  // the typeset line itself shows the numbers (KaTeX's HTML, not only the screen reader's text)
  await expect(explain(app).locator('li[data-kind="backward"] .katex').first()).toContainText("20");

  await app.loadExample("matmul");
  await app.selectNode("mm");
  await expect(explain(app)).toHaveAttribute("data-node-id", "mm");
  await expect(explain(app).locator(".katex").first()).toBeVisible();
  await expect(explain(app)).toContainText("dx[0,0] = Σₕ g[0,h]·W[0,h] = 1 · 1 + 2 · 2 + 3 · 3 = 14");
  // the shapes of every factor, the transpose marked
  await expect(explain(app)).toContainText("dW (2×3) = xᵀ (2×2) · g (2×3)");
  // the explanation never hides the node it explains
  await expect(app.node("mm")).toBeInViewport();
});

test("the Explain button toggles the explanation, and E opens it on the selected node", async ({ app }) => {
  await app.loadExample("mul");
  await app.selectNode("mul");
  await expect(explain(app)).toBeVisible();
  const button = app.button("Explain");
  await expect(button).toHaveAttribute("aria-pressed", "true");
  await button.click();
  await expect(explain(app)).toHaveCount(0);
  await expect(button).toHaveAttribute("aria-pressed", "false");
  // E, with the node still selected and the focus on the canvas
  await app.node("mul").focus();
  await app.page.keyboard.press("e");
  await expect(explain(app)).toBeVisible();
  await expect(explain(app)).toContainText("da = g ⊙ b = 1 × 20 = 20");
  await button.click();
  await expect(explain(app)).toHaveCount(0);
  await button.click();
  await expect(explain(app).locator(".katex").first()).toBeVisible();
});

test.describe("with the clipboard", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("Copy as LaTeX copies a line's LaTeX source and says so", async ({ app }) => {
    await app.loadExample("mul");
    await app.selectNode("mul");
    const line = explain(app).locator("li", { hasText: "da = g ⊙ b = 1 × 20 = 20" });
    await line.getByRole("button", { name: "Copy as LaTeX" }).click();
    await expect(line.getByRole("status")).toContainText("Copied the LaTeX");
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe("\\mathrm{da} = g \\odot b = 1 \\times 20 = 20");
  });
});

test("picking a cell of a matrix view changes the element worked out", async ({ app }) => {
  await app.loadExample("matmul");
  await app.selectNode("mm");
  await expect(explain(app)).toContainText("dx[0,0] = Σₕ g[0,h]·W[0,h] = 1 · 1 + 2 · 2 + 3 · 3 = 14");
  // x's matrix, on the wire from x into mm: pin its popover, pick x[1,1]
  await app.edgeLabel("e1").click();
  await app.page.locator('[data-testid="matrix-cell"][data-index="1,1"]').first().click();
  await expect(explain(app)).toContainText("dx[1,1] = Σₕ g[1,h]·W[1,h] = 4 · 4 + 5 · 5 + 6 · 6 = 77");
  await expect(explain(app)).toContainText("Worked element [0,0]");
  // a cell of mm's own output, in the inspector: the forward element follows
  await app.edgeLabel("e1").click();
  await app.selectNode("mm");
  await app.page.getByTestId("inspector-value").locator('[data-testid="matrix-cell"][data-index="1,2"]').click();
  await expect(explain(app)).toContainText("out[1,2] = Σₖ x[1,k]·W[k,2] = 3 · 3 + 4 · 6 = 33");
  await expect(explain(app)).toContainText("Worked element [1,2]");
});

test("Differentiate: another node's output changes the gradients, names them, is one undo step and survives export and import", async ({ app }) => {
  await app.loadExample("add-mul-div");
  const select = app.page.getByRole("combobox", { name: "Differentiate", exact: true });
  await expect(select).toHaveValue("");
  await expect(app.edgeGrad("xa")).toHaveText(/1$/);
  await select.selectOption("mul");
  // only mul is differentiated: nothing flows back through add and div
  await expect(app.edgeGrad("xa")).toBeHidden();
  await expect(app.edgeGrad("xm")).toHaveText(/^∂mul\s*20$/);
  await app.selectNode("x");
  await expect(explain(app)).toContainText("∂mul/∂x = ∂mul/∂mul · ∂mul/∂x = 1 · 20 = 20");
  await expect(explain(app)).toContainText("∂mul/∂·");
  expect((await app.getDoc()).target).toBe("mul");

  const file = await app.exportFile();
  expect(JSON.parse(file.text).target).toBe("mul");
  await app.newGraph();
  await app.importWithInput(file);
  await app.settled();
  await expect(select).toHaveValue("mul");
  await expect(app.edgeGrad("xm")).toHaveText(/^∂mul\s*20$/);
  await expect(app.edgeGrad("xa")).toBeHidden();

  // back to the loss, then undo returns to mul
  await select.selectOption("");
  await expect(app.edgeGrad("xa")).toHaveText("∂1");
  await app.button("Undo").click();
  await expect(select).toHaveValue("mul");
  await expect(app.edgeGrad("xa")).toBeHidden();
});

test("in Japanese: the words translate, the mathematics and its numbers stay", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.loadExample("matmul");
  await app.selectNode("mm");
  await expect(explain(app).locator(".katex").first()).toBeVisible();
  await expect(explain(app)).toContainText("なぜこうなるか: mm (MatMul)");
  await expect(explain(app)).toContainText("dx[0,0] = Σₕ g[0,h]·W[0,h] = 1 · 1 + 2 · 2 + 3 · 3 = 14");
  await expect(explain(app).getByRole("button", { name: "Copy as LaTeX" }).first()).toHaveText("LaTeX");
  const select = app.page.getByRole("combobox", { name: "Differentiate", exact: true });
  await expect(select.locator("option").first()).toHaveText("損失");
  await expect(app.button("Explain")).toHaveAttribute("title", /解説/);
});

/**
 * What the explanation and the step panel look like at this moment: the page's and the body's widths
 * against what they show, the lines that need scrolling sideways, the lines whose last piece (the
 * "= result") is not inside their box, and the smallest text drawn in the two panels.
 */
function panelsReport(page: GradflowApp["page"]) {
  return page.evaluate(() => {
    const de = document.documentElement, body = document.body;
    const lines = [...document.querySelectorAll('[data-testid="explain"] li[data-kind] > div')] as HTMLElement[];
    const scrolls = lines.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent);
    const hidden = lines
      .filter((l) => {
        const last = [...l.querySelectorAll(".katex-base")].at(-1);
        if (!last) return false;
        const box = l.getBoundingClientRect(), r = last.getBoundingClientRect();
        return r.right > box.right + 0.5 || r.left < box.left - 0.5;
      })
      .map((l) => l.textContent);
    let smallest = Infinity, where = "";
    for (const root of document.querySelectorAll('[data-testid="explain-panel"], [data-testid="step-panel"]')) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement!;
        // KaTeX's struts are zero-width spaces; the screen reader's text is not drawn
        if (!n.textContent!.replace(/\u200b/g, "").trim() || el.closest(".sr-only") || el.getBoundingClientRect().width === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < smallest) [smallest, where] = [size, n.textContent!];
      }
    }
    scrollTo(10_000, 0);
    const shifted = scrollX;
    scrollTo(0, 0);
    return { page: [de.scrollWidth, de.clientWidth], body: [body.scrollWidth, body.clientWidth], shifted, scrolls, hidden, smallest, where };
  });
}

for (const language of ["English", "日本語"] as const)
  test(`at 1024×768 in ${language}, long worked lines wrap with their results in view, text stays ≥ 11 px and the page never scrolls sideways, while explaining and stepping`, async ({ app }) => {
    test.setTimeout(90_000);
    await app.page.setViewportSize({ width: 1024, height: 768 });
    await app.setLanguage(language);
    const holds = async (what: string) => {
      const r = await panelsReport(app.page);
      expect(r.page, `${what}: the document is as wide as the window`).toEqual([r.page[1], r.page[1]]);
      expect(r.body, `${what}: the body is as wide as the window`).toEqual([r.body[1], r.body[1]]);
      expect(r.shifted, `${what}: scrollTo moves nothing`).toBe(0);
      expect(r.scrolls, `${what}: lines that need scrolling sideways`).toEqual([]);
      expect(r.hidden, `${what}: lines whose result is out of view`).toEqual([]);
      expect(r.smallest, `${what}: the smallest text (${r.where})`).toBeGreaterThanOrEqual(11);
    };
    // the CELoss's sum of logs
    await app.loadExample("linear-relu-celoss");
    await app.selectNode("loss");
    await expect(app.page.getByTestId("explain").locator(".katex").first()).toBeVisible();
    await holds("CELoss explained");
    // two-layer's Affine: out[0,0] of ten products explained, then every step with the explanation open beside the step panel
    await app.loadExample("two-layer");
    await app.selectNode("affine2");
    await expect(app.page.getByTestId("explain").locator(".katex").first()).toBeVisible();
    await holds("scores explained");
    // the pointer out of the canvas: a wire's matrix under it would open over the toolbar
    await app.page.mouse.move(1, 1);
    await app.openStepPanel();
    const { of } = await app.stepPosition();
    for (let k = 1; k <= of; k++) {
      if (k > 1) await app.button("Step forward").click();
      await expect.poll(async () => (await app.stepPosition()).at).toBe(k);
      await expect(app.stepPanel.locator(".katex").first()).toBeVisible();
      await holds(`step ${k}: ${await app.stepPanel.getByRole("heading").first().textContent()}`);
    }
  });
