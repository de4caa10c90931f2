// Property tests on random graphs: fan-out, broadcasting, MatMul, Sum and the rest composed at
// random. Gradients match finite differences; the order of a file's lists changes nothing;
// writing a graph out and reading it back changes nothing.
import { describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { compile, type Program } from "./executor";
import { parseGraph } from "./format";
import type { GraphDoc } from "./graph";
import { getOp } from "./ops";
import { toRunResult } from "./result";
import { sizeOf, type Shape } from "./tensor";
import { Trainer, withParams } from "./train";
import { installFormulas } from "../notation/formula";

// Expr2's formulas are read by the parser the page installs
installFormulas();

// hundreds of small graphs, each run a few hundred times: seconds on a busy machine
vi.setConfig({ testTimeout: 60_000 });

/** ops that compose on small matrices without a kink or a pole inside a finite-difference step */
const POOL = ["Add", "Sub", "Mul", "Tanh", "Sigmoid", "MatMul", "Transpose", "Sum", "Repeat", "Softmax", "Affine", "Slice", "Concat", "Stack", "Expr2"] as const;

/** the parameters of a pool op, from a random number */
function poolParams(type: string, p: number): Record<string, unknown> {
  switch (type) {
    case "Sum":
      return { axis: [0, 1, -1, null][p % 4], keepdims: p % 3 !== 0 };
    case "Repeat":
      return { axis: p % 2, repeats: 1 + (p % 2) };
    case "Slice":
      // one index (the axis dropped), or a range that keeps it
      return p % 3 === 0 ? { axis: p % 2, index: null, start: 1, stop: null } : { axis: -(1 + (p % 2)), index: p % 2, start: null, stop: null };
    case "Concat":
    case "Stack":
      return { axis: p % 2 };
    case "Expr2":
      return { formula: ["a * tanh(b) + b", "sin(a) - a * b^2", "a / (1 + b^2)"][p % 3] };
    default:
      return {};
  }
}

const sourceArb = fc.record({
  trainable: fc.boolean(),
  shape: fc.constantFrom("square", "row", "vector", "scalar", "column"),
  seed: fc.integer({ min: 0, max: 10_000 }),
});
const stepArb = fc.record({ op: fc.nat(), a: fc.nat(), b: fc.nat(), c: fc.nat(), p: fc.nat() });
const dagArb = fc.record({
  n: fc.integer({ min: 2, max: 3 }),
  sources: fc.array(sourceArb, { minLength: 1, maxLength: 4 }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 10 }),
  /** an Output with a random dout on one node; otherwise every dangling output is seeded */
  output: fc.option(fc.record({ at: fc.nat(), seed: fc.integer({ min: 0, max: 10_000 }) }), { nil: undefined }),
  extraOutput: fc.option(fc.nat(), { nil: undefined }),
});
type Dag = typeof dagArb extends fc.Arbitrary<infer T> ? T : never;

/** Interprets the random choices as a valid graph: a step whose shapes do not fit becomes a Tanh. */
function buildDag(d: Dag): GraphDoc {
  const shapeOf: Record<string, Shape> = { square: [d.n, d.n], row: [1, d.n], vector: [d.n], scalar: [], column: [d.n, 1] };
  const nodes: GraphDoc["nodes"] = [];
  const edges: GraphDoc["edges"] = [];
  const shapes: Shape[] = [];
  d.sources.forEach((s, i) => {
    const shape = shapeOf[s.shape];
    const value = shape.length ? { init: "randn", shape, seed: s.seed, scale: 0.7 } : ((s.seed % 17) - 8) / 10 + 0.05;
    nodes.push({ id: `s${i}`, type: s.trainable ? "Param" : "Input", data: { value } });
    shapes.push(shape);
  });
  d.steps.forEach((st, i) => {
    const pick = (k: number) => k % nodes.length;
    let type: string = POOL[st.op % POOL.length];
    let op = getOp(type)!;
    const params = poolParams(type, st.p);
    let ins = op.inputs.map((_, j) => pick([st.a, st.b, st.c][j]));
    const full = { ...params };
    let planned = op.plan(ins.map((k) => shapes[k]), full);
    if (typeof planned === "string" || sizeOf(planned.shape) > 36) {
      type = "Tanh";
      op = getOp(type)!;
      ins = [pick(st.a)];
      planned = op.plan([shapes[ins[0]]], {}) as { shape: Shape };
      for (const k of Object.keys(params)) delete params[k];
    }
    const id = `n${i}`;
    nodes.push({ id, type, data: params });
    op.inputs.forEach((port, j) => edges.push({ id: `e${i}${port.name}`, source: nodes[ins[j]].id, sourceHandle: "out", target: id, targetHandle: port.name }));
    shapes.push((planned as { shape: Shape }).shape);
  });
  const outputs = [d.output && { at: d.output.at, seed: d.output.seed }, d.extraOutput !== undefined && d.output ? { at: d.extraOutput, seed: 1 } : undefined];
  outputs.forEach((o, i) => {
    if (!o) return;
    const k = d.sources.length + (o.at % d.steps.length);
    const shape = shapes[k];
    nodes.push({ id: `out${i}`, type: "Output", data: shape.length ? { grad: { init: "randn", shape, seed: o.seed } } : { grad: 0.5 + i } });
    edges.push({ id: `eo${i}`, source: nodes[k].id, sourceHandle: "out", target: `out${i}`, targetHandle: "x" });
  });
  return { format: "gradflow", version: 1, nodes, edges };
}

function fdMaxRelError(p: Program, id: string, h = 1e-6): number {
  const analytic = p.grad(id) ? Array.from(p.grad(id)!.data) : null;
  const value = p.paramValue(id).data;
  let diff = 0, scale = 0;
  for (let i = 0; i < value.length; i++) {
    const orig = value[i];
    value[i] = orig + h;
    p.forward();
    const up = p.loss!;
    value[i] = orig - h;
    p.forward();
    const down = p.loss!;
    value[i] = orig;
    const num = (up - down) / (2 * h);
    const a = analytic ? analytic[i] : 0; // no gradient reported: the loss must not depend on it
    diff = Math.max(diff, Math.abs(a - num));
    scale = Math.max(scale, Math.abs(a), Math.abs(num));
  }
  p.run();
  // a difference quotient carries rounding noise of about |L|·1e-10; a gradient that is exactly
  // zero (Σ softmax) must not turn that noise into a relative error of 1
  return diff / Math.max(scale, 1e-3 * Math.max(1, Math.abs(p.loss!)));
}

/** results as maps, so that comparisons do not depend on key order */
const normalized = (p: Program) => {
  const r = toRunResult(p);
  return { loss: r.loss, nodes: new Map(Object.entries(r.nodes)), edges: new Map(Object.entries(r.edges)) };
};

const shuffled = <T>(xs: readonly T[], keys: number[]) => xs.map((x, i) => [keys[i % keys.length] * 1000 + i, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);

describe("random graphs", () => {
  it("build as intended: every node runs, with fan-out among them", () => {
    let fanOut = 0;
    fc.assert(
      fc.property(dagArb, (d) => {
        const p = compile(buildDag(d)).run();
        for (const id of p.allIds) expect(p.error(id), id).toBeNull();
        if (p.allIds.some((id) => p.outEdges(id).length > 1)) fanOut++;
      }),
      { numRuns: 100 },
    );
    expect(fanOut).toBeGreaterThan(30);
  });

  it("draw every op of the pool, not only the Tanh a misfit becomes", () => {
    const built = new Set(fc.sample(dagArb, { numRuns: 500, seed: 13 }).flatMap((d) => buildDag(d).nodes.map((n) => n.type)));
    for (const op of POOL) expect(built, op).toContain(op);
  });

  it("gradients of every Input and Param match central finite differences", () => {
    fc.assert(
      fc.property(dagArb, (d) => {
        const doc = buildDag(d);
        const p = compile(doc).run();
        expect(p.loss).not.toBeNull();
        for (const id of p.sourceIds) expect(fdMaxRelError(p, id), `${id} in ${JSON.stringify(doc)}`).toBeLessThan(1e-6);
      }),
      { numRuns: 150 },
    );
  });

  it("shuffling the file's nodes and edges changes no number", () => {
    fc.assert(
      fc.property(dagArb, fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (d, kn, ke) => {
        const doc = buildDag(d);
        const mixed: GraphDoc = { ...doc, nodes: shuffled(doc.nodes, kn), edges: shuffled(doc.edges, ke) };
        const a = compile(doc).run(), b = compile(mixed).run();
        // Object.is: equal to the last bit, and NaN equal to NaN
        expect(Object.is(a.loss, b.loss), `loss ${a.loss} vs ${b.loss}`).toBe(true);
        expect(normalized(b)).toEqual(normalized(a));
        // the order may differ, but it is a topological order of the same nodes
        const at = new Map(b.order.map((id, i) => [id, i]));
        expect(new Set(b.order)).toEqual(new Set(a.order));
        for (const e of doc.edges) expect(at.get(e.source)!).toBeLessThan(at.get(e.target)!);
      }),
      { numRuns: 150 },
    );
  });

  it("a node that cannot run elsewhere in the graph changes no number of the rest", () => {
    fc.assert(
      fc.property(dagArb, (d) => {
        const doc = buildDag(d);
        // a node that cannot run (missing inputs) sends every run of the graph down the careful path
        const careful = compile({ ...doc, nodes: [...doc.nodes, { id: "zz", type: "MatMul", data: {} }] }).run();
        const fast = compile(doc).run();
        expect(fast.numbers).toBeGreaterThan(0);
        expect(careful.error("zz")).toBe("missing inputs x, W");
        const a = normalized(fast), b = normalized(careful);
        b.nodes.delete("zz");
        expect(Object.is(a.loss, b.loss)).toBe(true);
        expect(b).toEqual(a);
        expect(careful.order).toEqual(fast.order);
      }),
      { numRuns: 100 },
    );
  });

  it("with any node as the target, gradients are finite differences of that node's output alone", () => {
    fc.assert(
      fc.property(dagArb, fc.nat(), (d, pick) => {
        const doc = buildDag(d);
        const candidates = doc.nodes.filter((n) => n.type !== "Output");
        const target = candidates[pick % candidates.length].id;
        const p = compile({ ...doc, target }).run();
        // the loss is the sum of the target's output, whatever Outputs and losses the graph has
        let sum = 0;
        for (const v of p.value(target)!.data) sum += v;
        expect(p.loss).toBe(sum);
        expect(Array.from(p.grad(target)!.data)).toEqual(Array.from(p.value(target)!.data, () => 1));
        for (const id of p.sourceIds) expect(fdMaxRelError(p, id), `${id} → ${target} in ${JSON.stringify(doc)}`).toBeLessThan(1e-6);
        // nothing downstream of the target gets a gradient
        for (const e of doc.edges) if (e.source === target) expect(p.edgeGrad(e.id)).toBeNull();
      }),
      { numRuns: 150 },
    );
  });

  it("writing a graph out and reading it back gives the same run", () => {
    fc.assert(
      fc.property(dagArb, (d) => {
        const doc = buildDag(d);
        const again = parseGraph(JSON.stringify(doc, null, 1));
        expect(again).toEqual(doc);
        expect(JSON.stringify(toRunResult(compile(again).run()))).toBe(JSON.stringify(toRunResult(compile(doc).run())));
      }),
      { numRuns: 100 },
    );
  });

  it("a trained graph written out reads back with the trained values, bit for bit", () => {
    fc.assert(
      fc.property(dagArb.filter((d) => d.sources.some((s) => s.trainable)), (d) => {
        const doc = buildDag(d);
        const trainer = new Trainer(doc, { type: "Adam", lr: 0.01 });
        for (let i = 0; i < 3; i++) trainer.step();
        const written = parseGraph(JSON.stringify(withParams(doc, trainer.params(), trainer.optimizer)));
        const p = compile(written).run();
        for (const [id, t] of trainer.params()) expect(Array.from(p.value(id)!.data)).toEqual(Array.from(t.data));
        expect(written.optimizer).toEqual({ type: "Adam", lr: 0.01, beta1: 0.9, beta2: 0.999 });
      }),
      { numRuns: 40 },
    );
  });
});
