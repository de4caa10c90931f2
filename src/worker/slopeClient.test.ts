import { describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { requestSlope } from "./slopeClient";

const doc = EXAMPLES.find((e) => e.id === "optimizers-ch6")!.doc;

describe("slope requests (here without a Worker: the same engine, run in place)", () => {
  it("one at a time: a request that comes in while another waits replaces it, and the replaced one gets null", async () => {
    const req = (w: number) => ({ node: "x", flat: 0, w, half: 1 });
    const [a, b, c] = [requestSlope(1, doc, req(-7)), requestSlope(1, doc, req(-6)), requestSlope(1, doc, req(-5))];
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(rb).toBeNull();
    expect(ra!.xs[30]).toBe(-7);
    expect(rc!.xs[30]).toBe(-5);
    // the curve is the loss x²/20 + y² with y = 2
    expect(rc!.ys[30]).toBeCloseTo(25 / 20 + 4, 12);
  });

  it("a bad request comes back with its reason, and the next one runs", async () => {
    const bad = await requestSlope(2, doc, { node: "nope", flat: 0, w: 0, half: 1 });
    expect(bad!.error).toMatch(/no Input or Param "nope"/);
    const good = await requestSlope(2, doc, { node: "y", flat: 0, w: 2, half: 1, extras: [3] });
    expect(good!.error).toBeNull();
    expect(good!.extras[0]).toBeCloseTo(49 / 20 + 9, 12);
  });
});
