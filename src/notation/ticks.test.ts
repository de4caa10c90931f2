import { describe, expect, it } from "vitest";
import { niceTicks, tickLabel } from "./ticks";

describe("axis ticks", () => {
  it("are round numbers 1, 2 or 5 × 10ⁿ apart, inside the range", () => {
    expect(niceTicks(-7.7, 0.7, 4)).toEqual([-6, -4, -2, 0]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-2.3, 2.5, 4)).toEqual([-2, -1, 0, 1, 2]);
    expect(niceTicks(0.1, 0.3, 4)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });

  it("are labelled with the digits their step needs", () => {
    const t = niceTicks(0.1, 0.3, 4);
    expect(t.map((v) => tickLabel(v, t))).toEqual(["0.10", "0.15", "0.20", "0.25", "0.30"]);
    const u = niceTicks(-7.7, 0.7, 4);
    expect(u.map((v) => tickLabel(v, u))).toEqual(["-6", "-4", "-2", "0"]);
  });
});
