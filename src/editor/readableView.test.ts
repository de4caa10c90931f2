import { describe, expect, it } from "vitest";
import { onScreen, READABLE_ZOOM, readableView, revealView, type Rect } from "./readableView";

const box = (x: number, y: number, width = 150, height = 80): Rect => ({ x, y, width, height });

describe("readableView", () => {
  it("fits a small graph, centred, zooming in no further than 1.2", () => {
    const v = readableView([box(0, 0), box(300, 0)], 1000, 600)!;
    expect(v.zoom).toBe(1.2);
    const a = onScreen(box(0, 0), v), b = onScreen(box(300, 0), v);
    expect((a.x + b.x + b.width) / 2).toBeCloseTo(500, 6);
  });

  it("never zooms out below the readable zoom; a wide graph opens on its first nodes", () => {
    const nodes = [0, 1, 2, 3, 4, 5].map((i) => box(i * 260, 100));
    const v = readableView(nodes, 700, 600)!;
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(onScreen(nodes[0], v).x).toBe(48);
    // the last ones are off to the right, to be panned to
    expect(onScreen(nodes[5], v).x).toBeGreaterThan(700);
  });

  it("a graph that is too tall starts at the top of its first column", () => {
    const nodes = [0, 1, 2, 3, 4, 5, 6].map((i) => box(0, i * 140));
    const v = readableView(nodes, 800, 500)!;
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(onScreen(nodes[0], v).y).toBe(48);
  });

  it("a tall graph's first screen keeps what stands above its first column (a group's title bar) below the margin, while the first column fits", () => {
    // the first column, 5 nodes; beside it a group's frame whose title bar is 60 above them
    const column = [0, 1, 2, 3, 4].map((i) => box(0, i * 100));
    const frame = box(260, -60, 400, 1200);
    const v = readableView([...column, frame], 900, 600)!;
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(onScreen(frame, v).y).toBeGreaterThanOrEqual(48 - 1e-9);
    const last = onScreen(column[4], v);
    expect(last.y + last.height).toBeLessThanOrEqual(600 - 48 + 1e-9);
    // with no room to spare, the first column wins: it stays whole
    const tight = readableView([...[0, 1, 2, 3, 4].map((i) => box(0, i * 110)), frame], 900, 600)!;
    const end = onScreen(box(0, 440), tight);
    expect(end.y + end.height).toBeLessThanOrEqual(600 - 48 + 1e-9);
  });

  it("nothing to show: no view", () => {
    expect(readableView([], 800, 600)).toBeNull();
  });
});

describe("revealView", () => {
  const v = { x: 0, y: 0, zoom: 1 };
  it("leaves a visible node alone", () => {
    expect(revealView(box(100, 100), v, 800, 600)).toBeNull();
  });
  it("pans just enough to bring a node in, keeping the zoom", () => {
    const r = revealView(box(900, 100), v, 800, 600)!;
    expect(r.zoom).toBe(1);
    expect(onScreen(box(900, 100), r).x + 150).toBe(800 - 24);
  });
  it("moves a node out from under the minimap", () => {
    const minimap = { x: 650, y: 500, width: 150, height: 100 };
    const r = revealView(box(640, 480, 100, 60), v, 800, 600, [minimap])!;
    const s = onScreen(box(640, 480, 100, 60), r);
    const under = s.x < minimap.x + minimap.width && minimap.x < s.x + s.width && s.y < minimap.y + minimap.height && minimap.y < s.y + s.height;
    expect(under).toBe(false);
  });
  it("a node a little under the zoom controls moves just clear of them, not to the middle", () => {
    // the controls at the canvas's bottom left, a node 17 px under their right edge
    const controls = { x: 15, y: 488, width: 26, height: 130 };
    const node = box(24, 443, 158, 92);
    const r = revealView(node, v, 790, 633, [controls])!;
    const s = onScreen(node, r);
    expect(s.x).toBe(controls.x + controls.width + 8);
    expect(s.y).toBe(443);
  });
});
