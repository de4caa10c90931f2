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
        // nothing opens under what covers the canvas (the graph's title, the zoom controls, the minimap)
        const covers = [...document.querySelectorAll(".gf-overlay")].map(rect).filter((r) => r.width > 0);
        const frames = [...document.querySelectorAll('[data-testid="group"]')].map((e) => ({ id: `group ${e.getAttribute("data-group-id")}`, r: rect(e) }));
        for (const n of [...nodes, ...frames]) if (covers.some((c) => overlap(n.r, c) > 1)) bad.push(`${n.id} under an overlay`);
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

// the buttons' words show only where all of them fit (English at 1920 px needed 1,984 px, and ran Help and Dark mode off the screen)
for (const width of [1536, 1600, 1920])
  test(`at ${width} px wide the toolbar fits in both languages, stepping or not, with its words where they fit`, async ({ app }) => {
    await app.page.setViewportSize({ width, height: 900 });
    const toolbar = app.page.getByRole("toolbar");
    // the teaching loop's buttons keep their words longest
    const words = () => app.page.getByRole("button", { name: "Step forward", exact: true }).evaluate((b) => (b.textContent ?? "").trim().length > 1);
    const shown: boolean[] = [];
    for (const lang of ["English", "日本語"]) {
      await app.page.getByLabel("Language", { exact: true }).selectOption({ label: lang });
      await app.loadExample("linear-relu-celoss");
      for (const stepping of [false, true]) {
        if (stepping) for (let i = 0; i < 12; i++) await app.page.getByRole("button", { name: "Step forward", exact: true }).click();
        await app.nextFrames();
        expect(await toolbar.evaluate((t) => t.scrollWidth <= t.clientWidth + 1), `${lang}, stepping ${stepping}`).toBe(true);
        // the last two: Dark mode and Help (whose name is in the page's language)
        await expect(app.page.getByRole("switch", { name: "Dark mode", exact: true })).toBeInViewport({ ratio: 1 });
        await expect(toolbar.getByRole("button").last()).toBeInViewport({ ratio: 1 });
        shown.push(await words());
      }
      await app.page.getByRole("button", { name: "Reset", exact: true }).click();
    }
    // and at 1920 px there is room for them in both languages, stepping or not
    if (width === 1920) expect(shown).toEqual([true, true, true, true]);
  });

for (const lang of ["English", "日本語"])
  test(`at 1024×768 in ${lang} the Export code menu and the Share link box open wholly on screen`, async ({ app }) => {
    await app.page.setViewportSize({ width: 1024, height: 768 });
    await app.page.getByLabel("Language", { exact: true }).selectOption({ label: lang });
    await app.loadExample("mul");
    await app.page.getByRole("button", { name: "Export code", exact: true }).click();
    await expect(app.page.getByRole("menu")).toBeInViewport({ ratio: 1 });
    await app.page.keyboard.press("Escape");
    await app.page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await app.page.getByRole("button", { name: "Share link", exact: true }).click();
    await expect(app.page.getByRole("dialog")).toBeInViewport({ ratio: 1 });
  });

test("stepping at 1024×768, the current node is never under the graph's title, the zoom controls or the minimap", async ({ app }) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample("two-layer");
  await app.page.getByRole("button", { name: "Step forward", exact: true }).click();
  const total = Number((await app.page.getByTestId("step-counter").textContent())!.split("/")[1]);
  expect(total).toBeGreaterThan(10);
  let checked = 0;
  for (let i = 1; i < total; i++) {
    await app.page.getByRole("button", { name: "Step forward", exact: true }).click();
    await app.nextFrames();
    const under = await app.page.evaluate(() => {
      const cur = document.querySelector(".react-flow__node .gf-current")?.closest(".react-flow__node");
      if (!cur) return null;
      const r = cur.getBoundingClientRect();
      const hit = [...document.querySelectorAll(".gf-overlay")].map((o) => o.getBoundingClientRect()).filter((o) => o.width && r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom);
      return hit.length ? `${cur.getAttribute("data-id")} under ${hit.length}` : "";
    });
    if (under === null) continue;
    checked++;
    expect(under, `step ${i + 1}`).toBe("");
  }
  // every step has a current node (the test checked them, not skipped them)
  expect(checked).toBe(total - 1);
});

test("stepping quickly through a graph keeps the camera at a readable zoom", async ({ app }) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample("linear-relu-celoss");
  for (let i = 0; i < 13; i++) await app.page.keyboard.press("ArrowRight");
  await app.nextFrames();
  const zoom = await app.page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector(".react-flow__viewport")!).transform).a);
  expect(zoom).toBeGreaterThanOrEqual(11 / 12 - 1e-6);
});
