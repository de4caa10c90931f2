import { describe, expect, it } from "vitest";
import { paddedBounds, covers, drawLowZoom, PALETTES, pixelScale, regionToDraw, type DrawnNode } from "./lowZoomDraw";

/** A 2-D context that records what is drawn: each filled or stroked rectangle with its colour, curves and arcs counted. */
function recorder(width = 100, height = 100) {
  const rects: { kind: "fill" | "stroke"; x: number; y: number; w: number; h: number; style: string; line?: number }[] = [];
  let curves = 0, arcs = 0, strokes = 0;
  const ctx = {
    canvas: { width, height },
    fillStyle: "",
    strokeStyle: "",
    lineWidth: 1,
    setTransform() {},
    clearRect() {},
    beginPath() {},
    moveTo() {},
    bezierCurveTo() {
      curves++;
    },
    arc() {
      arcs++;
    },
    stroke() {
      strokes++;
    },
    fill() {},
    fillRect(x: number, y: number, w: number, h: number) {
      rects.push({ kind: "fill", x, y, w, h, style: ctx.fillStyle });
    },
    strokeRect(x: number, y: number, w: number, h: number) {
      rects.push({ kind: "stroke", x, y, w, h, style: ctx.strokeStyle, line: ctx.lineWidth });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, rects, counts: () => ({ curves, arcs, strokes }) };
}

const node = (x: number, y: number, extra: Partial<DrawnNode> = {}): DrawnNode => ({ x, y, width: 132, height: 87, accent: "#059669", ports: [{ x: x + 132, y: y + 40 }], ...extra });

describe("the zoomed-out picture", () => {
  it("draws the view and a quarter of it on each side, within the graph", () => {
    const bounds = { x: -100, y: -100, width: 10_000, height: 10_000 };
    expect(regionToDraw({ x: 0, y: 0, width: 800, height: 400 }, bounds)).toEqual({ x: -100, y: -100, width: 1100, height: 600 });
    // a graph smaller than the view: the graph's own bounds
    expect(regionToDraw({ x: -5000, y: -5000, width: 20_000, height: 20_000 }, bounds)).toEqual(bounds);
    // nothing of the graph in or near view, or no graph
    expect(regionToDraw({ x: 50_000, y: 0, width: 800, height: 400 }, bounds)).toBeNull();
    expect(regionToDraw({ x: 0, y: 0, width: 800, height: 400 }, null)).toBeNull();
  });

  it("is drawn again only when a pan shows a part of the graph it does not hold", () => {
    const bounds = { x: 0, y: 0, width: 10_000, height: 10_000 };
    const view = { x: 1000, y: 1000, width: 800, height: 400 };
    const drawn = regionToDraw(view, bounds);
    expect(covers(drawn, view, bounds)).toBe(true);
    // within the quarter-view margin
    expect(covers(drawn, { ...view, x: 1150, y: 1090 }, bounds)).toBe(true);
    expect(covers(drawn, { ...view, x: 1250 }, bounds)).toBe(false);
    expect(covers(drawn, { ...view, y: 850 }, bounds)).toBe(false);
    // a view of empty canvas past the graph needs nothing, drawn or not
    expect(covers(null, { x: 20_000, y: 0, width: 800, height: 400 }, bounds)).toBe(true);
    expect(covers(null, view, bounds)).toBe(false);
  });

  it("takes the bounds of every node, padded for the ports that stick out", () => {
    expect(paddedBounds([])).toBeNull();
    expect(paddedBounds([node(0, 0), node(300, 200)], 8)).toEqual({ x: -8, y: -8, width: 432 + 16, height: 287 + 16 });
  });

  it("is drawn at the screen's resolution, and no larger than 8 million pixels", () => {
    expect(pixelScale({ x: 0, y: 0, width: 4000, height: 3000 }, 0.2, 2)).toBeCloseTo(0.4);
    const s = pixelScale({ x: 0, y: 0, width: 40_000, height: 30_000 }, 0.3, 2);
    expect(40_000 * s * 30_000 * s).toBeCloseTo(8_000_000, -2);
    expect(s).toBeLessThan(0.6);
  });

  it("draws each node inside the region with its accent, every port, and each wire near it; lines stay a screen pixel wide", () => {
    const r = recorder();
    const nodes = [node(0, 0), node(300, 0), node(5000, 5000)];
    const edges = [
      { sx: 132, sy: 40, tx: 300, ty: 40 },
      { sx: 5132, sy: 5040, tx: 5400, ty: 5040 },
    ];
    const zoom = 0.1;
    const count = drawLowZoom(r.ctx, { x: -10, y: -10, width: 600, height: 200 }, zoom, zoom, nodes, edges, PALETTES.light);
    expect(count).toEqual({ nodes: 2, edges: 1 });
    expect(r.counts()).toEqual({ curves: 1, arcs: 2, strokes: 1 });
    const boxes = r.rects.filter((q) => q.kind === "fill" && q.h === 87);
    expect(boxes.map((q) => [q.x, q.style])).toEqual([
      [0, PALETTES.light.fill],
      [300, PALETTES.light.fill],
    ]);
    // the accent along the top, at least 1.5 screen pixels tall at zoom 0.1: 15 flow units
    const accents = r.rects.filter((q) => q.kind === "fill" && q.style === "#059669");
    expect(accents.map((q) => q.h)).toEqual([15, 15]);
    // a border of one screen pixel: 10 flow units
    expect(r.rects.filter((q) => q.kind === "stroke").map((q) => q.line)).toEqual([10, 10]);
  });

  it("draws the marks the node elements show: selected, erring, the current step's ring", () => {
    for (const theme of ["light", "dark"] as const) {
      const p = PALETTES[theme];
      const r = recorder();
      drawLowZoom(r.ctx, { x: -10, y: -10, width: 1000, height: 200 }, 1, 1, [node(0, 0, { selected: true }), node(200, 0, { error: true }), node(400, 0, { current: true }), node(600, 0)], [], p);
      const fills = r.rects.filter((q) => q.kind === "fill" && q.style !== "#059669");
      expect(fills.map((q) => q.style)).toEqual([p.selectedFill, p.errorFill, p.current, p.fill, p.fill]);
      // the ring: 3 flow units out on every side
      const ring = fills[2];
      expect([ring.x, ring.y, ring.w, ring.h]).toEqual([397, -3, 138, 93]);
      expect(r.rects.filter((q) => q.kind === "stroke").map((q) => q.style)).toEqual([p.selectedBorder, p.errorBorder, p.border, p.border]);
    }
  });

  it("rings what the lesson on screen rings, in the lesson's colours, outside the box and its border", () => {
    for (const theme of ["light", "dark"] as const) {
      const p = PALETTES[theme];
      const r = recorder();
      drawLowZoom(r.ctx, { x: -10, y: -10, width: 1000, height: 200 }, 1, 1, [node(0, 0, { ring: "lesson" }), node(200, 0, { ring: "answer" }), node(400, 0)], [], p);
      const strokes = r.rects.filter((q) => q.kind === "stroke");
      expect(strokes.map((q) => q.style)).toEqual([p.border, p.lessonRing, p.border, p.lessonAnswer, p.border]);
      // 3 flow units wide, 3 out (its inner edge 3 from the box): at zoom 1, as the element's outline
      const ring = strokes[1];
      expect([ring.x, ring.y, ring.w, ring.h, ring.line]).toEqual([-4.5, -4.5, 141, 96, 3]);
      expect(p.lessonRing).not.toBe(p.lessonAnswer);
    }
    // zoomed out to 0.25, the ring keeps 2 screen pixels (8 flow units) wide and out
    const r = recorder();
    drawLowZoom(r.ctx, { x: -10, y: -10, width: 1000, height: 200 }, 0.25, 0.25, [node(0, 0, { ring: "lesson" })], [], PALETTES.light);
    const ring = r.rects.filter((q) => q.kind === "stroke")[1];
    expect([ring.x, ring.line]).toEqual([-12, 8]);
  });
});
