// A Param's scale: the value times s in the same kind of value, and the chart's norms run on the
// scaled document without changing the one given.
import { describe, expect, it } from "vitest";
import { compile } from "../executor";
import { EXAMPLES } from "../../examples";
import { materialize, type TensorValue } from "../values";
import { firstToLastRatio, normsAtScale, scaledValue, scaleParam, unrolledAt } from "./scaleParam";
import { gradientNormsOverTime, unrolledSteps, unrollRNN } from "./unroll";

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!.doc;

describe("scaledValue", () => {
  it("multiplies a generator's scale, keeping its seed, and equals the numbers times s", () => {
    const g = { init: "randn", shape: [4, 4], seed: 0, skip: 26, scale: 0.5 } as TensorValue;
    const s = scaledValue(g, 2);
    expect(s).toEqual({ init: "randn", shape: [4, 4], seed: 0, skip: 26 }); // a scale of 1 is the default: left out
    expect(scaledValue(g, 3)).toEqual({ init: "randn", shape: [4, 4], seed: 0, skip: 26, scale: 1.5 });
    const a = materialize(g).data, b = materialize(s).data;
    a.forEach((x, i) => expect(b[i]).toBeCloseTo(2 * x, 14));
    expect(scaledValue({ init: "ones", shape: [2], scale: 3 } as TensorValue, 1 / 3)).toEqual({ init: "ones", shape: [2] });
  });

  it("multiplies nested numbers and a single number", () => {
    expect(scaledValue([[1, -2], [3, 0.5]], 2)).toEqual([[2, -4], [6, 1]]);
    expect(scaledValue(3, 0)).toEqual(0);
  });

  it("leaves the value alone at s = 1", () => {
    const v = [[1, 2]];
    expect(scaledValue(v, 1)).toBe(v);
  });
});

describe("normsAtScale on the unrolled RNN", () => {
  const doc = example("rnn-unrolled");
  const group = doc.groups![0].id;
  const found = unrolledSteps(doc, group);
  if (!found.ok) throw new Error(found.reason);
  const steps = found.steps;
  const wh = doc.edges.find((e) => e.target === steps[0] && e.targetHandle === "Wh")!.source;

  it("at s = 1 is the document's own |∂L/∂h_t|, and the document is not changed", () => {
    const before = JSON.stringify(doc);
    expect(normsAtScale(doc, steps, wh, 1)).toEqual(gradientNormsOverTime(compile(doc).run(), steps));
    normsAtScale(doc, steps, wh, 2.5);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("equals a run of the document with Wh scaled, and changes with s", () => {
    const at2 = normsAtScale(doc, steps, wh, 2);
    expect(at2).toEqual(gradientNormsOverTime(compile(scaleParam(doc, wh, 2)).run(), steps));
    expect(at2).not.toEqual(normsAtScale(doc, steps, wh, 1));
  });

  it("at s = 0 no gradient flows back through h: each earlier step's |∂L/∂h_t| is 0, the last one's is the seed's", () => {
    const n = normsAtScale(doc, steps, wh, 0);
    expect(n.slice(0, -1)).toEqual(steps.slice(0, -1).map(() => 0));
    expect(n[n.length - 1]).toBeGreaterThan(0);
    expect(firstToLastRatio(n)).toBe(0);
  });

  it("a small Wh makes the gradient vanish back in time, a large one keeps more of it", () => {
    const u = unrollRNN(example("rnn"), "rnn", 8);
    if (!u.ok) throw new Error(u.reason);
    const small = firstToLastRatio(normsAtScale(u.doc, u.steps, "Wh", 0.3))!;
    const large = firstToLastRatio(normsAtScale(u.doc, u.steps, "Wh", 3))!;
    expect(small).toBeLessThan(0.01);
    expect(large).toBeGreaterThan(10 * small);
  });

  it("a graph that cannot run gives no norms", () => {
    const broken = { ...doc, edges: doc.edges.filter((e) => e.targetHandle !== "Wx") };
    expect(normsAtScale(broken, steps, wh, 1).every((x) => x === null)).toBe(true);
    expect(firstToLastRatio([null, 1])).toBeNull();
    expect(firstToLastRatio([1, 0])).toBeNull();
  });
});

describe("unrolledAt", () => {
  it("finds the unrolled cell of any node of its group or a weight it shares, with the shared Params; nothing elsewhere", () => {
    const doc = example("rnn-unrolled");
    const at = unrolledAt(doc, "rnn")!;
    expect(at.steps).toHaveLength(4);
    expect(at.weights).toEqual([{ port: "Wx", param: "Wx" }, { port: "Wh", param: "Wh" }, { port: "b", param: "b" }]);
    expect(unrolledAt(doc, at.steps[3])!.groupId).toBe(at.groupId);
    // a shared weight, outside the group, finds the cell it feeds
    expect(unrolledAt(doc, "Wh")).toEqual(at);
    expect(unrolledAt(doc, "o")).toBeNull();
    expect(unrolledAt(example("rnn"), "rnn")).toBeNull();
    expect(unrolledAt(example("affine-from-matmul-add"), "mm")).toBeNull();
  });
});
