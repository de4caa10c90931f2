// Edge labels stay on their wires (UI.md: on every edge, the value and the gradient it carries; no
// label over another or a node): a label sits on its wire or right beside it, or, where that would
// cover a node, at most MAX_OFF px away with a leader line back to it, never far enough off to read
// as another wire's. A wire that carries nothing (its source errs) shows no label, rather than an
// empty box; every label shown is readable (text ≥ 11 px on screen).
import { expect, test } from "./fixtures/test";
import { BESIDE, MAX_OFF } from "../src/editor/labelLayout";
import type { GradflowApp } from "./pages/GradflowApp";
import { LessonsPage } from "./pages/Lessons";

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

interface Measured {
  id: string;
  /** screen px from the label's visible box to its wire's path */
  gap: number;
  leader: boolean;
  /** the smallest text of the label on screen, px */
  text: number;
  width: number;
}

/** Every label shown: its distance (screen px) to its own wire's drawn path, whether it has a leader line, its smallest text. */
const measure = (app: GradflowApp): Promise<Measured[]> =>
  app.page.evaluate(() => {
    const out: Measured[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="edge-label"]')) {
      const id = el.getAttribute("data-edge-id")!;
      const chip = (el.firstElementChild ?? el).getBoundingClientRect();
      const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${CSS.escape(id)}"] path.react-flow__edge-path`);
      let gap = Infinity;
      if (path && chip.width > 0) {
        const m = path.getScreenCTM()!, len = path.getTotalLength();
        for (let i = 0; i <= 400; i++) {
          const q = path.getPointAtLength((len * i) / 400);
          const x = m.a * q.x + m.c * q.y + m.e, y = m.b * q.x + m.d * q.y + m.f;
          gap = Math.min(gap, Math.hypot(Math.max(chip.left - x, 0, x - chip.right), Math.max(chip.top - y, 0, y - chip.bottom)));
        }
      }
      let text = Infinity;
      for (const t of el.querySelectorAll<HTMLElement>("[data-text]")) text = Math.min(text, (parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().width) / t.offsetWidth);
      const leader = !!document.querySelector(`[data-testid="edge-leader"][data-edge-id="${CSS.escape(id)}"]`);
      out.push({ id, gap, leader, text, width: chip.width });
    }
    return out;
  });

/** Labels shown are within MAX_OFF px of their wires; one further than right beside has a leader line. */
function expectAttached(labels: Measured[], what: string): void {
  expect(labels.length, `${what}: labels shown`).toBeGreaterThan(0);
  for (const l of labels) {
    expect(l.gap, `${what}: ${l.id}'s distance to its wire`).toBeLessThanOrEqual(MAX_OFF + 1);
    if (l.gap > BESIDE + 2) expect(l.leader, `${what}: ${l.id} is ${l.gap.toFixed(1)} px off its wire, with no leader line`).toBe(true);
  }
}

for (const size of SIZES)
  test(`at ${size.width}×${size.height}, every label of two-layer and matmul is on or beside its wire; the reviewer's two are on it`, async ({ app }) => {
    await app.page.setViewportSize(size);
    for (const [example, wire] of [
      // Affine → Sigmoid, "(30,10)": it sat some 100 px above its wire
      ["two-layer", "ea1"],
      // MatMul → Output: well above it
      ["matmul", "e3"],
    ]) {
      await app.loadExample(example);
      await app.nextFrames();
      const labels = (await measure(app)).filter((l) => l.width > 0);
      expectAttached(labels, example);
      expect(labels.find((l) => l.id === wire)!.gap, `${example}: ${wire}`).toBeLessThanOrEqual(BESIDE + 2);
    }
  });

test("zoomed out to just above where labels show, stepping: every label, the current step's among them, stays within reach of its wire", async ({ app }) => {
  await app.loadExample("two-layer");
  // 0.92 → 0.44, four steps of the Zoom out button
  for (let i = 0; i < 4; i++) await app.page.getByRole("button", { name: "Zoom out" }).click();
  expect(await app.zoom()).toBeGreaterThan(0.4);
  for (let i = 0; i < 13; i++) await app.button("Step forward").click();
  await expect.poll(async () => (await app.stepPosition()).at).toBe(13);
  await app.page.waitForTimeout(300);
  await app.nextFrames();
  const labels = (await measure(app)).filter((l) => l.width > 0);
  expectAttached(labels, "zoomed out");
  // labels are at screen size: the target around a chip is 24 px, not 24 px over the zoom (54 px at 0.44)
  const tall = await app.page.locator('[data-testid="edge-label"]').evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().height, e.firstElementChild!.getBoundingClientRect().height]));
  for (const [button, chip] of tall) expect(button, "a label's target").toBeLessThanOrEqual(Math.max(24.5, chip + 0.5));
});

test("the bug hunt with a Param of the wrong shape, at 1920×1080: the wire out of the erring Affine shows no label, not an empty box; every label shown is readable", async ({ app }) => {
  await app.page.setViewportSize({ width: 1920, height: 1080 });
  const L = new LessonsPage(app);
  await L.open("bug-param-shape");
  await app.settled();
  await app.nextFrames();
  const labels = await measure(app);
  const eo = labels.find((l) => l.id === "eo")!;
  expect(eo.width, "the label of Affine → Output").toBe(0);
  await expect(app.edgeLabel("eo")).toBeHidden();
  const shown = labels.filter((l) => l.width > 0);
  expect(shown.map((l) => l.id).sort()).toEqual(["eW", "eb", "ex"]);
  for (const l of shown) expect(l.text, `${l.id}: its text on screen`).toBeGreaterThanOrEqual(11);
  expectAttached(shown, "bug hunt");
  // mended (W of shape (2, 3)), the wire carries a value again and its label comes back, attached
  await app.setNodeValue("W", "[[1, 2, 3], [4, 5, 6]]");
  await expect(app.edgeLabel("eo")).toBeVisible();
  await app.nextFrames();
  expectAttached((await measure(app)).filter((l) => l.width > 0), "mended");
});
