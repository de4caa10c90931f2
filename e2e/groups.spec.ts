// Collapsed groups (FORMAT.md `groups`, UI.md): the box shows the wires that cross its border, each
// wire with its own value and gradient on it; the box is what the app draws and nothing else (no
// React Flow "group" styling behind it), its title whole; and a built-in example's group is named
// in the learner's language.
import { expect, test } from "./fixtures/test";
import type { GradflowApp } from "./pages/GradflowApp";

/**
 * For every edge label on screen: how far its centre is from its own wire and from the nearest other
 * wire, and whether its own wire passes through its box (screen pixels, the wires sampled along their paths).
 */
function labelsOnWires(app: GradflowApp) {
  return app.page.evaluate(() => {
    const wires = [...document.querySelectorAll<SVGGElement>(".react-flow__edge[data-id]")].map((g) => {
      const path = g.querySelector<SVGPathElement>("path.react-flow__edge-path")!;
      const m = path.getScreenCTM()!, length = path.getTotalLength();
      const points = Array.from({ length: 201 }, (_, i) => new DOMPoint(path.getPointAtLength((i / 200) * length).x, path.getPointAtLength((i / 200) * length).y).matrixTransform(m));
      return { id: g.getAttribute("data-id")!, points };
    });
    const distance = (points: DOMPoint[], x: number, y: number) => Math.min(...points.map((p) => Math.hypot(p.x - x, p.y - y)));
    return [...document.querySelectorAll('[data-testid="edge-label"]')].map((el) => {
      const id = el.getAttribute("data-edge-id")!;
      const r = el.getBoundingClientRect(), cx = r.x + r.width / 2, cy = r.y + r.height / 2;
      const own = wires.find((w) => w.id === id)!;
      const others = wires.filter((w) => w !== own).map((w) => ({ id: w.id, d: distance(w.points, cx, cy) }));
      const nearestOther = others.sort((a, b) => a.d - b.d)[0];
      return {
        id,
        own: distance(own.points, cx, cy),
        nearestOther: nearestOther?.d ?? Infinity,
        nearestOtherId: nearestOther?.id ?? null,
        through: own.points.some((p) => p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom),
      };
    });
  });
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
])
  test(`a collapsed group at ${size.width}×${size.height}: each crossing wire's label sits on that wire, not on its neighbour's`, async ({ app }) => {
    await app.page.setViewportSize(size);
    const doc = await app.loadExample("affine-from-matmul-add");
    expect(doc.groups?.[0].collapsed).toBe(true);
    await expect(app.node("group:affine-layer")).toBeVisible();
    // W's wire carries W's (2,3), b's wire b's (3,)
    await expect(app.edgeValue("eW")).toHaveText("(2,3)");
    await expect(app.edgeValue("eb")).toHaveText("(3,)");
    await app.nextFrames();
    const places = await labelsOnWires(app);
    expect(places.map((p) => p.id).sort()).toEqual(["eW", "eb", "eo", "ex"]);
    for (const p of places) {
      expect(p.through, `${p.id}: its wire passes through its label`).toBe(true);
      expect(p.own, `${p.id}: nearer its own wire than ${p.nearestOtherId}'s`).toBeLessThan(p.nearestOther);
    }
  });

for (const dark of [false, true])
  test(`a collapsed group's box is only what the app draws (${dark ? "dark" : "light"}): no React Flow group style behind it, its size as drawn, its title whole`, async ({ app }) => {
    await app.setDarkMode(dark);
    await app.loadExample("affine-from-matmul-add");
    const box = app.node("group:affine-layer");
    await expect(box).toBeVisible();
    await app.nextFrames();
    const look = await box.evaluate((node) => {
      const s = getComputedStyle(node);
      const drawn = node.querySelector('[data-testid="group"]')!.getBoundingClientRect(), own = node.getBoundingClientRect();
      const title = node.querySelector<HTMLElement>('[data-testid="group"] span[title]')!;
      return {
        reactFlowGroup: node.classList.contains("react-flow__node-group"),
        background: s.backgroundColor,
        border: s.borderTopWidth,
        padding: s.paddingTop,
        // the node React Flow measures (what labels and the camera keep clear of) is the box drawn
        sizes: [Math.abs(own.x - drawn.x), Math.abs(own.y - drawn.y), Math.abs(own.width - drawn.width), Math.abs(own.height - drawn.height)].map((d) => Math.round(d)),
        title: title.textContent,
        cut: title.scrollWidth > title.clientWidth,
      };
    });
    expect(look).toEqual({ reactFlowGroup: false, background: "rgba(0, 0, 0, 0)", border: "0px", padding: "0px", sizes: [0, 0, 0, 0], title: "Affine layer", cut: false });
  });

test("a built-in example's group is named in the learner's language, and the English comes back with English", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.loadExample("affine-from-matmul-add");
  await expect(app.group("affine-layer")).toContainText("Affine レイヤ");
  expect((await app.getDoc()).groups?.[0].label).toBe("Affine レイヤ");
  await app.loadExample("rnn-unrolled");
  await expect(app.group("rnn_unrolled")).toContainText("RNN（T = 4 に展開）");
  // the frame is wider than the view: its Collapse button, at the title bar's right end, may lie under the inspector
  await app.group("rnn_unrolled").getByRole("button", { name: "Collapse", exact: true }).dispatchEvent("click");
  await expect(app.node("group:rnn_unrolled")).toContainText("RNN（T = 4 に展開）");
  const cut = await app.node("group:rnn_unrolled").locator("span[title]").first().evaluate((s) => s.scrollWidth > s.clientWidth);
  expect(cut, "the Japanese title is whole").toBe(false);

  await app.setLanguage("English");
  await app.loadExample("affine-from-matmul-add");
  await expect(app.group("affine-layer")).toContainText("Affine layer");
});
