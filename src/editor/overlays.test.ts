import { describe, expect, it } from "vitest";
import { clearSides } from "./overlays";
import { inClearView } from "./readableView";

// a 1024 × 768 screen's canvas with its panels: about 535 × 640
const W = 535, H = 640;
const title = { x: 12, y: 12, width: 340, height: 34 };
const controls = { x: 15, y: H - 150, width: 26, height: 136 };
const minimap = { x: W - 148, y: H - 98, width: 140, height: 90 };

describe("what covers the canvas", () => {
  it("each overlay claims the side it hugs, with a gap; the others keep the least margin", () => {
    expect(clearSides([], W, H)).toEqual({ top: 24, right: 24, bottom: 24, left: 24 });
    expect(clearSides([title, controls, minimap], W, H)).toEqual({ top: 54, right: 24, bottom: 106, left: 49 });
    // a long title at the top still claims the top, not the side it reaches along
    expect(clearSides([{ x: 12, y: 12, width: 500, height: 34 }], W, H).top).toBe(54);
  });

  it("a node is in clear view when it is on the canvas and under none of them", () => {
    expect(inClearView({ x: 200, y: 200, width: 132, height: 87 }, W, H, [title, controls, minimap])).toBe(true);
    // under the title, the controls, the minimap; or off the canvas
    expect(inClearView({ x: 100, y: 20, width: 132, height: 87 }, W, H, [title])).toBe(false);
    expect(inClearView({ x: 0, y: H - 120, width: 132, height: 87 }, W, H, [controls])).toBe(false);
    expect(inClearView({ x: W - 140, y: H - 100, width: 132, height: 87 }, W, H, [minimap])).toBe(false);
    expect(inClearView({ x: W - 100, y: 200, width: 132, height: 87 }, W, H, [])).toBe(false);
  });
});
