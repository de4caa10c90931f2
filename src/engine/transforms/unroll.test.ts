// Unrolling an RNN cell over T steps: book 2's TimeRNN numbers (fixtures/books.json: the stateful
// TimeRNN's first block, and the same run with a loss on the last h alone), the gradient of each
// shared weight as the sum of its steps' shares, and rolling up back to the very same document.
import { describe, expect, it } from "vitest";
import { compile, type Program } from "../executor";
import { validateGraph } from "../format";
import type { GraphDoc } from "../graph";
import { fromNested, toNested, type Nested, type Tensor } from "../tensor";
import { materialize, type TensorValue } from "../values";
import books from "../fixtures/books.json";
import { gradientNormsOverTime, rollUp, unrolledSteps, unrollRNN, type Unrolled } from "./unroll";

const f = books.book2.time_rnn;
const last = books.book2.time_rnn_last;
const [N, T, D, H] = f.sizes;
const block = f.blocks[0];

/** The notebooks' one cell, x_1 from the book's stream, h_0 = zeros, Wx, Wh, b as TimeRNN has them; loss on h via an Output. */
function cell(x: unknown = block.x[0], grad?: unknown): GraphDoc {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: x } },
      { id: "h0", type: "Input", position: { x: 0, y: 140 }, data: { value: { init: "zeros", shape: [N, H] } } },
      { id: "Wx", type: "Param", position: { x: 0, y: 280 }, data: { value: f.Wx } },
      { id: "Wh", type: "Param", position: { x: 0, y: 420 }, data: { value: f.Wh } },
      { id: "b", type: "Param", position: { x: 0, y: 560 }, data: { value: f.b } },
      { id: "rnn", type: "RNN", position: { x: 260, y: 140 }, data: {} },
      { id: "o", type: "Output", position: { x: 520, y: 140 }, data: grad === undefined ? {} : { grad } },
    ],
    edges: [
      { id: "ex", source: "x", target: "rnn", targetHandle: "x" },
      { id: "eh", source: "h0", target: "rnn", targetHandle: "h_prev" },
      { id: "eWx", source: "Wx", target: "rnn", targetHandle: "Wx" },
      { id: "eWh", source: "Wh", target: "rnn", targetHandle: "Wh" },
      { id: "eb", source: "b", target: "rnn", targetHandle: "b" },
      { id: "eo", source: "rnn", target: "o", targetHandle: "x" },
    ],
  });
}

const unrolled = (r: ReturnType<typeof unrollRNN>): Unrolled => {
  if (!r.ok) throw new Error(r.reason);
  return r;
};
const reason = (r: { ok: boolean; reason?: string }) => (r.ok ? "(accepted)" : r.reason!);

/** every element within rtol of the fixture's, relative (as books.test.ts compares) */
function expectClose(got: Tensor | null, want: Nested, what: string, rtol = 1e-12): void {
  const w = fromNested(want);
  expect(got, what).not.toBeNull();
  expect(got!.shape, what).toEqual(w.shape);
  w.data.forEach((v, i) => expect(Math.abs(got!.data[i] - v) <= rtol * Math.abs(v), `${what}[${i}]: ${got!.data[i]} vs ${v}`).toBe(true));
}

/** (N, T, W) from T tensors of (N, W) */
function stackTime(ts: Tensor[]): Nested {
  const W = ts[0].shape[1];
  return Array.from({ length: N }, (_, n) => ts.map((t) => Array.from(t.data.slice(n * W, (n + 1) * W))));
}

describe("unrollRNN over book 2's TimeRNN", () => {
  const dhs = stackTime(block.dh.map((g) => materialize(g as TensorValue)));

  function withHsOutput(u: Unrolled, grad: Nested): GraphDoc {
    // a loss on every step: an Output on hs seeded with the book's dhs (N, T, H); the cell's own
    // Output, now on the last step, seeded with zeros, so that the loss is the book's
    const nodes = u.doc.nodes.map((n) => (n.id === "o" ? { ...n, data: { grad: { init: "zeros", shape: [N, H] } } } : n));
    return validateGraph({ ...u.doc, nodes: [...nodes, { id: "ohs", type: "Output", data: { grad } }], edges: [...u.doc.edges, { id: "ehs", source: u.hs!, target: "ohs", targetHandle: "x" }] });
  }

  it("makes T steps whose x continue the book's stream, in a group, as a valid file", () => {
    const u = unrolled(unrollRNN(cell(), "rnn", T));
    expect(u.steps).toHaveLength(T);
    expect(u.steps[0]).toBe("rnn");
    expect(u.inputs.map((id) => u.doc.nodes.find((n) => n.id === id)!.data.value)).toEqual(block.x);
    expect(validateGraph(JSON.parse(JSON.stringify(u.doc)))).toEqual(u.doc);
    const g = u.doc.groups!.find((x) => x.id === u.groupId)!;
    expect(g.label).toBe("rnn over T = 4");
    expect(new Set(g.nodes)).toEqual(new Set([...u.steps, ...u.inputs.slice(1)]));
    // one fan-out edge per step from each shared weight
    for (const w of ["Wx", "Wh", "b"]) expect(u.doc.edges.filter((e) => e.source === w).map((e) => e.target).sort()).toEqual([...u.steps].sort());
    // and the loss moved to the last step
    expect(u.doc.edges.find((e) => e.id === "eo")!.source).toBe(u.steps[T - 1]);
  });

  it("hs (Stack) seeded with the book's dhs gives TimeRNN's hs, dxs, dh and dWx, dWh, db", () => {
    const u = unrolled(unrollRNN(cell(), "rnn", T, { stack: true }));
    // the cell's own Output stays on the last step, seeded with ones: zero it, so the loss is the book's
    const p = compile(withHsOutput(u, dhs)).run();
    expect(p.value(u.hs!)!.shape).toEqual([N, T, H]);
    for (let t = 0; t < T; t++) {
      expectClose(p.value(u.steps[t]), block.hs[t], `hs[:, ${t}]`);
      expectClose(p.grad(u.inputs[t]), block.dxs[t], `dxs[:, ${t}]`);
    }
    expectClose(p.grad("Wx"), block.dWx, "dWx");
    expectClose(p.grad("Wh"), block.dWh, "dWh");
    expectClose(p.grad("b"), block.db, "db");
    expectClose(p.grad("h0"), block.dh0, "dh (TimeRNN.dh)");
  });

  it("with the loss on the last h alone, gives numpy's TimeRNN run on dhs that is zero but at the end", () => {
    const u = unrolled(unrollRNN(cell(block.x[0], last.dh_last), "rnn", T));
    const p = compile(u.doc).run();
    for (let t = 0; t < T; t++) {
      expectClose(p.value(u.steps[t]), last.hs[t], `hs[:, ${t}]`);
      expectClose(p.grad(u.inputs[t]), last.dxs[t], `dxs[:, ${t}]`);
    }
    expectClose(p.grad("Wx"), last.dWx, "dWx");
    expectClose(p.grad("Wh"), last.dWh, "dWh");
    expectClose(p.grad("b"), last.db, "db");
    expectClose(p.grad("h0"), last.dh0, "dh0");
  });

  it("each shared weight's gradient is the sum over time of its steps' shares, to the bit", () => {
    const u = unrolled(unrollRNN(cell(block.x[0], last.dh_last), "rnn", T));
    const p = compile(u.doc).run();
    for (const w of ["Wx", "Wh", "b"]) {
      const shares = p.outEdges(w).map((e) => p.edgeGrad(e)!); // in the order the executor adds them
      expect(shares).toHaveLength(T);
      const sum = Float64Array.from(shares[0].data);
      for (const s of shares.slice(1)) s.data.forEach((v, i) => (sum[i] += v));
      expect(Array.from(p.grad(w)!.data), w).toEqual(Array.from(sum));
      // and every step contributes, the gradient flowing back through time to step 1; but Wh's
      // share at step 1 is h_0ᵀ · dt, and h_0 is zeros
      const step1 = p.outEdges(w).findIndex((e) => u.doc.edges.find((x) => x.id === e)!.target === "rnn");
      shares.forEach((s, i) => {
        const big = Math.max(...Array.from(s.data, Math.abs));
        if (w === "Wh" && i === step1) expect(big).toBe(0);
        else expect(big, `${w}'s share ${i}`).toBeGreaterThan(1e-3);
      });
    }
  });

  it("takes x from a sequence through Slices: step t reads xs[:, t], the same numbers as the book's", () => {
    const xs = stackTime(block.x.map((g) => materialize(g as TensorValue))) as Nested; // (N, T, D)
    const base = cell();
    const doc = validateGraph({
      ...base,
      nodes: [...base.nodes.map((n) => (n.id === "x" ? { ...n, data: { value: xs, label: "xs (N, T, D)" } } : n)), { id: "x0", type: "Slice", position: { x: 130, y: 0 }, data: { axis: 1, index: 0 } }],
      edges: [...base.edges.map((e) => (e.id === "ex" ? { ...e, source: "x0" } : e)), { id: "exs", source: "x", target: "x0", targetHandle: "x" }],
    });
    const u = unrolled(unrollRNN(doc, "rnn", T, { stack: true }));
    expect(u.inputs.map((id) => u.doc.nodes.find((n) => n.id === id)!.data.index)).toEqual([0, 1, 2, 3]);
    const p = compile(withHsOutput(u, dhs)).run();
    for (let t = 0; t < T; t++) expectClose(p.value(u.steps[t]), block.hs[t], `hs[:, ${t}]`);
    expectClose(p.grad("Wx"), block.dWx, "dWx", 1e-11);
    // dxs comes back as one (N, T, D) gradient of the sequence: the Slices scatter their steps into it
    const dx = p.grad("x")!;
    for (let t = 0; t < T; t++) expectClose({ shape: [N, D], data: Float64Array.from({ length: N * D }, (_, i) => dx.data[Math.floor(i / D) * T * D + t * D + (i % D)]) }, block.dxs[t], `dxs[:, ${t}]`);
    expect(unrollRNN(doc, "rnn", 5)).toEqual({ ok: false, reason: 'the sequence "x" has 4 steps along axis 1; from index 0 on there are 4, so T can be at most 4' });
  });
});

describe("the chart of |∂L/∂h_t|", () => {
  /** the cell over 8 steps with Wh scaled, the loss on the last h */
  const norms = (whScale: number) => {
    const base = cell(block.x[0], last.dh_last);
    const doc = { ...base, nodes: base.nodes.map((n) => (n.id === "Wh" ? { ...n, data: { value: { ...f.Wh, scale: whScale } } } : n)) };
    const u = unrolled(unrollRNN(doc, "rnn", 8));
    const found = unrolledSteps(u.doc, u.groupId);
    expect(found).toEqual({ ok: true, steps: u.steps });
    return gradientNormsOverTime(compile(u.doc).run(), u.steps) as number[];
  };

  it("is the length of each step's gradient, the last step's being the seed's", () => {
    const n = norms(0.5);
    expect(n).toHaveLength(8);
    const seed = materialize(last.dh_last as TensorValue).data;
    expect(n[7]).toBe(Math.sqrt(Array.from(seed).reduce((s, v) => s + v * v, 0)));
  });

  it("shows gradients vanishing back through time for a small Wh, exploding for a larger one, vanishing again where tanh saturates", () => {
    const ratio = (scale: number) => {
      const n = norms(scale);
      return n[0] / n[7]; // |∂L/∂h_1| / |∂L/∂h_8|
    };
    expect(ratio(0.1)).toBeLessThan(1e-5);
    expect(ratio(1.2)).toBeGreaterThan(10);
    expect(ratio(2)).toBeLessThan(1e-10);
  });

  it("finds no steps in a group that is not an unrolled cell", () => {
    const u = unrolled(unrollRNN(cell(), "rnn", T));
    expect(unrolledSteps(u.doc, "nope")).toEqual({ ok: false, reason: 'there is no group "nope"' });
  });
});

describe("rollUp", () => {
  it("gives back exactly the document that was unrolled, from an Input or from a Slice, with or without the stack", () => {
    const doc = cell(block.x[0], last.dh_last);
    for (const stack of [false, true]) {
      const u = unrolled(unrollRNN(doc, "rnn", T, { stack }));
      const r = rollUp(u.doc, u.groupId);
      if (!r.ok) throw new Error(r.reason);
      expect(r.doc).toEqual(doc);
      expect(r.rnnId).toBe("rnn");
    }
    const seq = validateGraph({
      ...doc,
      nodes: [...doc.nodes.map((n) => (n.id === "x" ? { ...n, data: { value: { init: "randn", shape: [N, 6, D], seed: 3 } } } : n)), { id: "x0", type: "Slice", data: { index: 1 } }],
      edges: [...doc.edges.map((e) => (e.id === "ex" ? { ...e, source: "x0" } : e)), { id: "exs", source: "x", target: "x0", targetHandle: "x" }],
    });
    const u = unrolled(unrollRNN(seq, "rnn", 5));
    expect(u.inputs.map((id) => u.doc.nodes.find((n) => n.id === id)!.data.index)).toEqual([1, 2, 3, 4, 5]);
    const r = rollUp(u.doc, u.groupId);
    expect(r.ok && r.doc).toEqual(seq);
  });

  it("moves the nodes right of the cell out of the way, and back", () => {
    const u = unrolled(unrollRNN(cell(), "rnn", T));
    const at = (d: GraphDoc, id: string) => d.nodes.find((n) => n.id === id)!.position!;
    expect(at(u.doc, "o").x).toBe(520 + (T - 1) * 520);
    expect(at(u.doc, u.steps[T - 1]).x).toBe(260 + (T - 1) * 520);
    for (let t = 1; t < T; t++) expect(at(u.doc, u.inputs[t]).x).toBe(at(u.doc, u.steps[t]).x - 260);
    expect(at(u.doc, "Wx")).toEqual({ x: 0, y: 280 });
  });

  it("refuses what would lose something, and groups that are not an unrolled cell", () => {
    const u = unrolled(unrollRNN(cell(), "rnn", T, { stack: true }));
    const feeding = { ...u.doc, nodes: [...u.doc.nodes, { id: "o2", type: "Output", data: {} }], edges: [...u.doc.edges, { id: "e2", source: u.steps[1], target: "o2", targetHandle: "x" }] };
    expect(reason(rollUp(feeding, u.groupId))).toBe(`h of "${u.steps[1]}" feeds "o2": rolled up, only the last h would be left; remove that edge first`);
    const onHs = { ...u.doc, nodes: [...u.doc.nodes, { id: "o3", type: "Output", data: {} }], edges: [...u.doc.edges, { id: "e3", source: u.hs!, target: "o3", targetHandle: "x" }] };
    expect(reason(rollUp(onHs, u.groupId))).toBe(`the stacked h ("${u.hs}") feeds "o3": rolled up, only the last h would be left; remove that edge first`);
    expect(reason(rollUp(u.doc, "nope"))).toBe('there is no group "nope"');
    const other = { ...u.doc, groups: [...u.doc.groups!, { id: "g", label: "params", nodes: ["Wx", "Wh"], collapsed: false }] };
    expect(reason(rollUp(other, "g"))).toBe('the group "params" is not an unrolled RNN: it has no chain of RNN steps');
  });
});

describe("unrollRNN refuses, saying why", () => {
  const doc = cell();
  it.each([
    [doc, "nope", T, 'there is no node "nope"'],
    [doc, "Wx", T, '"Wx" is a Param node: only an RNN cell unrolls'],
    [doc, "rnn", 1, "the number of steps T must be a whole number from 2 to 64, not 1"],
    [doc, "rnn", 2.5, "the number of steps T must be a whole number from 2 to 64, not 2.5"],
    [{ ...doc, edges: doc.edges.filter((e) => e.id !== "eWh") }, "rnn", T, "wire the RNN's Wh first: every step needs it"],
    [{ ...doc, groups: [{ id: "g", label: "cell", nodes: ["rnn"], collapsed: false }] }, "rnn", T, 'the RNN is in the group "cell": take it out of the group first'],
    [{ ...doc, nodes: doc.nodes.map((n) => (n.id === "h0" ? { ...n, data: { value: [[1, 2, 3, 4]] } } : n)) }, "rnn", T, "the RNN has to run before it unrolls: RNN: x has 2 rows but h_prev has 1: they must be the same batch"],
  ] as [GraphDoc, string, number, string][])("%#: %s", (d, id, steps, want) => expect(reason(unrollRNN(d, id, steps))).toBe(want));

  it("x computed by another node", () => {
    const d = validateGraph({
      ...doc,
      nodes: [...doc.nodes, { id: "t", type: "Tanh", data: {} }],
      edges: [...doc.edges.map((e) => (e.id === "ex" ? { ...e, source: "t" } : e)), { id: "et", source: "x", target: "t", targetHandle: "x" }],
    });
    expect(reason(unrollRNN(d, "rnn", T))).toBe('x comes from the Tanh node "t": to unroll, x must come from an Input (each step gets its own copy) or from a Slice of a sequence (each step takes the next index)');
  });

  it("leaves the document it was given as it was", () => {
    const before = JSON.stringify(doc);
    unrolled(unrollRNN(doc, "rnn", T, { stack: true }));
    expect(JSON.stringify(doc)).toBe(before);
    const copy = (p: Program) => toNested(p.value("rnn")!);
    expect(copy(compile(doc).run())).toEqual(copy(compile(cell()).run()));
  });
});
