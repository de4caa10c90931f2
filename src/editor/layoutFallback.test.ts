// When elkjs fails (it overflows its stack on large graphs), the layout still places every node,
// by depth, and says why.
import { describe, expect, it, vi } from "vitest";
import type { GraphDoc } from "../engine/graph";
import { layoutDoc } from "./layout";

vi.mock("elkjs/lib/elk.bundled.js", () => ({
  default: class {
    layout(): Promise<never> {
      return Promise.reject(new RangeError("Maximum call stack size exceeded"));
    }
  },
}));

describe("layout when elkjs fails", () => {
  it("places the nodes by depth and says what elkjs said", async () => {
    const doc: GraphDoc = {
      format: "gradflow",
      version: 1,
      nodes: [
        { id: "x", type: "Input", data: {} },
        { id: "t", type: "Tanh", data: {} },
      ],
      edges: [{ id: "e", source: "x", target: "t", targetHandle: "x" }],
    };
    const layout = await layoutDoc(doc);
    expect(layout.method).toBe("depth");
    expect(layout.note).toBe("elkjs could not lay it out (Maximum call stack size exceeded)");
    expect(layout.positions.get("x")!.x).toBeLessThan(layout.positions.get("t")!.x);
  });
});
