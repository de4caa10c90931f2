// Issue 9, "Readable at every size" (UI.md): every example opens with node text at least 11 px on
// screen, no edge label overlaps another label or a node, nothing is cut off, the toolbar fits at
// 1024 × 768 and the page never scrolls sideways — at the three sizes, in both languages.
import { expect, test } from "./fixtures/test";
import { EXAMPLE_IDS } from "./pages/GradflowApp";

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

for (const size of SIZES)
  test(`every example is readable at ${size.width}×${size.height}: text ≥ 11 px, no label over a label or a node, nothing cut off`, async ({ app }) => {
    test.setTimeout(120_000);
    await app.page.setViewportSize(size);
    for (const id of [...EXAMPLE_IDS, "affine-from-matmul-add", "optimizers-ch6", "rnn-unrolled", "spiral"]) {
      await app.loadExample(id);
      await app.nextFrames();
      const report = await app.page.evaluate(() => {
        const rect = (e: Element) => e.getBoundingClientRect();
        const overlap = (a: DOMRect, b: DOMRect) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
        const pane = rect(document.querySelector(".react-flow")!);
        const inPane = (r: DOMRect) => r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
        const labels = [...document.querySelectorAll('[data-testid="edge-label"]')].map((e) => ({ id: e.getAttribute("data-edge-id"), r: rect(e) })).filter((l) => inPane(l.r) && l.r.width > 0);
        const nodes = [...document.querySelectorAll(".react-flow__node")].map((e) => ({ id: e.getAttribute("data-id"), r: rect(e) })).filter((n) => inPane(n.r));
        const bad: string[] = [];
        labels.forEach((a, i) => {
          for (const b of labels.slice(i + 1)) if (overlap(a.r, b.r) > 1) bad.push(`label ${a.id} over label ${b.id}`);
          for (const n of nodes) if (overlap(a.r, n.r) > 1) bad.push(`label ${a.id} over node ${n.id}`);
        });
        // the smallest text on the nodes in view
        let smallest = Infinity;
        for (const n of document.querySelectorAll(".react-flow__node")) {
          if (!inPane(rect(n))) continue;
          for (const el of n.querySelectorAll("span, div")) {
            if (!el.childNodes.length || ![...el.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim())) continue;
            const zoom = rect(n).width / (n as HTMLElement).offsetWidth;
            smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) * zoom);
          }
        }
        return { bad, smallest, sideways: document.documentElement.scrollWidth > innerWidth, nodesInView: nodes.length };
      });
      expect(report.bad, `${id}: overlaps`).toEqual([]);
      expect(report.nodesInView, `${id}: something in view`).toBeGreaterThan(0);
      expect(report.smallest, `${id}: smallest node text on screen`).toBeGreaterThanOrEqual(10.9);
      expect(report.sideways, `${id}: the page scrolls sideways`).toBe(false);
    }
  });

for (const lang of ["English", "日本語"])
  test(`the toolbar fits at 1024×768 in ${lang}, and tabbing through it never scrolls the page sideways`, async ({ app }) => {
    await app.page.setViewportSize({ width: 1024, height: 768 });
    await app.page.getByLabel("Language", { exact: true }).selectOption({ label: lang });
    const toolbar = app.page.getByRole("toolbar");
    const fits = await toolbar.evaluate((t) => t.scrollWidth <= t.clientWidth + 1);
    expect(fits).toBe(true);
    for (const name of ["Train", "Dark mode"]) await expect(app.page.getByRole(name === "Dark mode" ? "switch" : "button", { name, exact: true })).toBeInViewport();
    for (let i = 0; i < 30; i++) await app.page.keyboard.press("Tab");
    expect(await app.page.evaluate(() => [scrollX, document.documentElement.scrollWidth <= innerWidth])).toEqual([0, true]);
  });

test("stepping quickly through a graph keeps the camera at a readable zoom", async ({ app }) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample("linear-relu-celoss");
  for (let i = 0; i < 13; i++) await app.page.keyboard.press("ArrowRight");
  await app.nextFrames();
  const zoom = await app.page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector(".react-flow__viewport")!).transform).a);
  expect(zoom).toBeGreaterThanOrEqual(11 / 12 - 1e-6);
});
