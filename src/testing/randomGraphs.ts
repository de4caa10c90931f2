// Random graphs for the code-export tests, in the spirit of src/engine/property.test.ts's random
// DAGs: sources of every shape and every generator (streams continued with skip), any op on any
// earlier nodes whose shapes fit (so fan-out and broadcasting come by themselves), the three losses
// with one-hot and index targets, Outputs with given or broadcast grads, and a file's target.
// Deterministic: graph k is the same on every run.
import { compile } from "../engine/executor";
import type { GraphDoc, GraphEdge, GraphNode } from "../engine/graph";
import { getOp } from "../engine/ops";
import { sizeOf, type Shape } from "../engine/tensor";

/** A small seeded generator (mulberry32), so that a failing graph can be made again from its number. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

/** The ops a random step draws from: every op that computes, but the losses (added at the end). */
export const STEP_OPS = ["Add", "Sub", "Mul", "Div", "Exp", "Log", "Sigmoid", "Tanh", "ReLU", "Softmax", "Repeat", "Sum", "MatMul", "Transpose", "Affine", "RNN"] as const;
export const LOSSES = ["SoftmaxWithLoss", "SigmoidWithLoss", "MSELoss"] as const;

interface Built {
  id: string;
  shape: Shape;
  /** every number it holds is positive (Div's b and Log's x take only these, to stay finite) */
  positive: boolean;
}

/** Numbers with few digits, as a learner types them. */
const literal = (r: ReturnType<typeof rng>, shape: Shape, positive: boolean): unknown => {
  if (shape.length === 0) return positive ? 0.5 + r.int(30) / 10 : (r.int(41) - 20) / 10;
  return Array.from({ length: shape[0] }, () => literal(r, shape.slice(1), positive));
};

function build(seed: number): GraphDoc {
  const r = rng(seed);
  const n = 2 + r.int(2);
  const shapes: Shape[] = [[n, n], [1, n], [n], [], [n, 1], [n, n + 1]];
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const built: Built[] = [];
  let stream: { init: "randn" | "rand"; seed: number; end: number } | null = null;

  const sources = 2 + r.int(4);
  for (let i = 0; i < sources; i++) {
    const shape = r.pick(shapes);
    let value: unknown;
    let positive = false;
    const kind = r.int(9);
    if (kind <= 3) {
      // randn or rand, half of the time continuing the stream the previous one began (skip)
      const init: "randn" | "rand" = kind <= 2 ? "randn" : "rand";
      const prev = stream as { init: string; seed: number; end: number } | null;
      const go: boolean = prev !== null && prev.init === init && r.chance(0.5);
      const s: number = go ? prev!.seed : r.int(1000);
      const skip: number = go ? prev!.end : r.chance(0.3) ? 1 + r.int(7) : 0;
      value = { init, shape, seed: s, ...(skip ? { skip } : {}), ...(r.chance(0.5) ? { scale: r.pick([0.5, 0.7, Math.sqrt(1 / 3)]) } : {}) };
      stream = { init, seed: s, end: skip + sizeOf(shape) };
      positive = init === "rand";
    } else if (kind <= 5) {
      positive = r.chance(0.4);
      value = literal(r, shape, positive);
    } else if (kind === 6) {
      value = { init: "ones", shape, ...(r.chance(0.5) ? { scale: 1.5 } : {}) };
      positive = true;
    } else if (kind === 7) {
      value = { init: "full", shape, fill: 0.25, ...(r.chance(0.5) ? { scale: -2 } : {}) };
    } else value = shape.length === 2 && shape[0] === shape[1] ? { init: "eye", shape, scale: 0.5 } : { init: "zeros", shape };
    const id = `s${i}`;
    nodes.push({ id, type: r.chance(0.5) ? "Param" : "Input", data: { value } });
    built.push({ id, shape, positive });
  }

  const steps = 3 + r.int(8);
  for (let i = 0; i < steps; i++) {
    const id = `n${i}`;
    let placed = false;
    for (let attempt = 0; attempt < 12 && !placed; attempt++) {
      const type = r.pick(STEP_OPS);
      const op = getOp(type)!;
      const params: Record<string, unknown> =
        type === "Sum" ? { axis: r.pick([0, 1, -1, null]), keepdims: r.chance(0.5) } : type === "Repeat" ? { axis: r.pick([0, 1, -1]), repeats: 1 + r.int(3) } : {};
      const ins = op.inputs.map((p) => {
        const pool = (type === "Div" && p.name === "b") || type === "Log" ? built.filter((b) => b.positive) : built;
        return pool.length ? r.pick(pool) : null;
      });
      if (ins.some((x) => x === null)) continue;
      const planned = op.plan(ins.map((b) => b!.shape), params);
      if (typeof planned === "string" || sizeOf(planned.shape) > 36) continue;
      nodes.push({ id, type, data: params });
      op.inputs.forEach((p, j) => edges.push({ id: `e${i}${p.name}`, source: ins[j]!.id, sourceHandle: "out", target: id, targetHandle: p.name }));
      built.push({ id, shape: planned.shape, positive: type === "Exp" || type === "Sigmoid" || type === "Softmax" });
      placed = true;
    }
  }

  // a loss at the end, most of the time; rarely one that feeds something (then it seeds nothing)
  if (r.chance(0.7)) {
    const type = LOSSES[seed % 3];
    const fits = built.filter((b) => (type === "SoftmaxWithLoss" ? b.shape.length === 1 || b.shape.length === 2 : type === "SigmoidWithLoss" ? b.shape.length <= 1 || (b.shape.length === 2 && b.shape[1] === 1) : true));
    if (fits.length) {
      const x = r.pick(fits);
      const N = x.shape.length === 2 ? x.shape[0] : 1, C = x.shape[x.shape.length - 1];
      let t: { value: unknown; shape: Shape };
      if (type === "SoftmaxWithLoss") {
        const cls = Array.from({ length: N }, () => r.int(C));
        const oneHot = cls.map((c) => Array.from({ length: C }, (_, j) => (j === c ? 1 : 0)));
        if (r.chance(0.5)) t = { value: x.shape.length === 2 ? oneHot : oneHot[0], shape: x.shape };
        else t = x.shape.length === 2 ? { value: cls, shape: [N] } : r.chance(0.5) ? { value: cls[0], shape: [] } : { value: cls, shape: [1] };
      } else if (type === "SigmoidWithLoss") {
        const m = sizeOf(x.shape);
        const ts = Array.from({ length: m }, () => r.pick([0, 1, 0.25, 1, 0]));
        t = x.shape.length === 0 ? { value: ts[0], shape: [] } : { value: ts, shape: [m] };
      } else t = { value: { init: "randn", shape: [...x.shape], seed: r.int(1000) }, shape: x.shape };
      nodes.push({ id: "t", type: "Input", data: { value: t.value } });
      nodes.push({ id: "loss", type, data: {} });
      edges.push({ id: "ex_loss", source: x.id, sourceHandle: "out", target: "loss", targetHandle: "x" });
      edges.push({ id: "et_loss", source: "t", sourceHandle: "out", target: "loss", targetHandle: "t" });
      if (r.chance(0.15)) {
        nodes.push({ id: "scaled", type: "Mul", data: {} });
        edges.push({ id: "el1", source: "loss", sourceHandle: "out", target: "scaled", targetHandle: "a" });
        edges.push({ id: "el2", source: built[0].id, sourceHandle: "out", target: "scaled", targetHandle: "b" });
      }
    }
  }

  // Outputs: ones, a given grad, or one that broadcasts onto the value; now and then two
  const outputs = r.chance(0.45) ? 1 + (r.chance(0.3) ? 1 : 0) : 0;
  for (let i = 0; i < outputs; i++) {
    const x = r.pick(built.slice(sources).length ? built.slice(sources) : built);
    const kind = r.int(3);
    const data: Record<string, unknown> =
      kind === 0 ? {} : kind === 1 ? { grad: x.shape.length ? { init: "randn", shape: [...x.shape], seed: r.int(1000) } : 0.75 } : { grad: x.shape.length ? 0.5 : -1.5 };
    nodes.push({ id: `out${i}`, type: "Output", data });
    edges.push({ id: `eo${i}`, source: x.id, sourceHandle: "out", target: `out${i}`, targetHandle: "x" });
  }

  const doc: GraphDoc = { format: "gradflow", version: 1, name: `random graph ${seed}`, nodes, edges };
  if (r.chance(0.15)) doc.target = r.pick(nodes.filter((m) => m.type !== "Output")).id;
  return doc;
}

/** Every number of a run is finite and of a size that float64 keeps many digits of. */
function tame(doc: GraphDoc): boolean {
  const p = compile(doc).run();
  for (const id of p.allIds) {
    if (p.status(id) !== "ok") return false;
    for (const t of [p.value(id), p.grad(id)]) if (t) for (const x of t.data) if (!Number.isFinite(x) || Math.abs(x) > 1e6) return false;
  }
  return true;
}

/** Random graph number k: every node runs, every number is finite (a graph that is not is drawn again). */
export function randomGraph(k: number): GraphDoc {
  for (let tries = 0; ; tries++) {
    const doc = build(k * 7919 + tries * 104729);
    if (tame(doc)) return { ...doc, name: `random graph ${k}` };
  }
}
