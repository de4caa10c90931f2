// Issue 14, "Big graphs stay smooth": below a zoom at which text could be read at all (0.4), the
// canvas draws nodes as boxes with their ports and makes no edge labels; at readable zooms it
// draws what it always did. The ports of the boxes sit where the full nodes have them, so the
// wires do not move when the zoom crosses the line.
import { expect, test } from "./fixtures/test";
import { mulDoc } from "./fixtures/graphs";

/** Every port's centre in flow coordinates (screen position through the viewport's transform), by "node.port". */
const portsInFlow = (page: import("@playwright/test").Page) =>
  page.evaluate(() => {
    const vp = document.querySelector<HTMLElement>(".react-flow__viewport")!;
    const m = new DOMMatrix(getComputedStyle(vp).transform);
    const origin = vp.getBoundingClientRect();
    const out: Record<string, { x: number; y: number }> = {};
    for (const h of document.querySelectorAll<HTMLElement>(".react-flow__handle")) {
      const r = h.getBoundingClientRect();
      const node = h.closest(".react-flow__node")!.getAttribute("data-id");
      out[`${node}.${h.getAttribute("data-handleid")}`] = { x: (r.x + r.width / 2 - origin.x) / m.a, y: (r.y + r.height / 2 - origin.y) / m.a };
    }
    return out;
  });

test("zoomed out below readable text, nodes are boxes with their ports and no edge label is made; zooming in brings every label and text back, ports where they were", async ({ app }) => {
  const page = app.page;
  // set-up through the hook, not app.loadDoc: that waits for one label per wire, which this zoom does not make
  await page.evaluate((d) => (window as unknown as { __gradflow: { loadDoc(d: unknown): Promise<void> } }).__gradflow.loadDoc(JSON.parse(d)), JSON.stringify({ ...mulDoc, viewport: { x: 200, y: 200, zoom: 0.3 } }));
  await expect(page.locator(".gf-node.gf-simple")).toHaveCount(3);
  await expect(page.locator('[data-testid="edge-label"]')).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await expect(page.locator(".react-flow__node").filter({ hasText: "Mul" })).toHaveCount(0);
  const low = await portsInFlow(page);
  expect(Object.keys(low).sort()).toEqual(["mul.a", "mul.b", "mul.out", "x.out", "y.out"]);

  // Zoom in (×1.2 a click) past 0.4: the full nodes and their labels come back
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(page.locator(".gf-node.gf-simple")).toHaveCount(0);
  await expect(page.locator('[data-testid="edge-label"]')).toHaveCount(2);
  await expect(page.locator(".react-flow__node").filter({ hasText: "Mul" })).toHaveCount(1);
  await app.nextFrames();
  const full = await portsInFlow(page);
  // the inputs' ports in the same place (to a flow unit); the output port is centred on the rows of inputs in both
  for (const port of ["mul.a", "mul.b", "mul.out"]) {
    expect(Math.abs(full[port].x - low[port].x), `${port} x`).toBeLessThan(1);
    expect(Math.abs(full[port].y - low[port].y), `${port} y`).toBeLessThan(1);
  }
});

/** WCAG's contrast ratio of two CSS colours "rgb(r, g, b)" */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

for (const dark of [false, true])
  test(`zoomed out in ${dark ? "dark" : "light"} mode, the boxes stand out from the canvas (their 1 px border is a third of a pixel there)`, async ({ app }) => {
    const page = app.page;
    await app.setDarkMode(dark);
    await page.evaluate((d) => (window as unknown as { __gradflow: { loadDoc(d: unknown): Promise<void> } }).__gradflow.loadDoc(JSON.parse(d)), JSON.stringify({ ...mulDoc, viewport: { x: 200, y: 200, zoom: 0.3 } }));
    await expect(page.locator(".gf-node.gf-simple")).toHaveCount(3);
    const [box, canvas] = await page.evaluate(() => {
      // Tailwind 4 writes lab(): a canvas pixel gives it as rgb
      const ctx = document.createElement("canvas").getContext("2d")!;
      const rgb = (c: string) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = c;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      };
      const fill = (el: Element | null): string => {
        for (; el; el = el.parentElement) {
          const c = getComputedStyle(el).backgroundColor;
          if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return rgb(c);
        }
        return "rgb(255, 255, 255)";
      };
      return [fill(document.querySelector(".gf-simple")), fill(document.querySelector(".react-flow__pane"))];
    });
    // a white box on the light pane was 1.04, invisible; slate-200 is 1.18, dark mode's slate-800 on slate-950 1.4
    expect(contrast(box, canvas), `${box} on ${canvas}`).toBeGreaterThan(1.15);
  });
