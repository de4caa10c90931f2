// Slice, Concat and Stack: taking a tensor apart along an axis and putting it back together, as
// an unrolled RNN needs (one time step of a sequence (N, T, D) → (N, D), and the steps' h stacked
// back into (N, T, H)). Like Transpose and Repeat they move numbers without arithmetic, so their
// backward only moves gradients: Slice scatters g into zeros, the joins split g between a and b.
//
// The registry's ports are fixed per op and every port must be wired, so the joins take exactly
// two inputs, a and b. Stacking T tensors is a chain of T − 1 Stacks: Stack of two tensors of one
// shape makes the new axis (np.stack([a, b], axis)); Stack of a tensor that already has that axis
// and one that lacks it appends the second (np.concatenate([a, np.expand_dims(b, axis)], axis)),
// so Stack(Stack(Stack(h1, h2), h3), h4) is np.stack([h1, h2, h3, h4], axis). Concat joins two
// tensors along an axis they both have (np.concatenate([a, b], axis)): Slice's range undone.
import { formatShape, sizeOf, type Shape } from "../tensor";
import { resolveAxis } from "./shape";
import { defineOp, type Kernel, type Planned } from "./types";

/** A shape seen as (outer, the axis, inner). */
const outerOf = (shape: Shape, axis: number) => sizeOf(shape.slice(0, axis));
const innerOf = (shape: Shape, axis: number) => sizeOf(shape.slice(axis + 1));

interface SliceScratch {
  outer: number;
  /** the input's size along the axis */
  n: number;
  inner: number;
  from: number;
  count: number;
}

export const Slice = defineOp({
  type: "Slice",
  group: "Shape",
  summary: "takes one index or a range along an axis: one time step (N, T, D) → (N, D)",
  addition: true,
  inputs: [{ name: "x", doc: "e.g. a sequence (N, T, D)" }],
  params: [
    { name: "axis", kind: "axis", default: 1, doc: "the axis to take from (1: the time axis of (N, T, D))" },
    { name: "index", kind: "int", default: 0, nullable: true, doc: "the one index to take, the axis dropped (x[:, index] for axis 1); negative counts from the end; empty for a range" },
    { name: "start", kind: "int", default: null, nullable: true, doc: "with index empty: where the range starts (empty: 0), the axis kept" },
    { name: "stop", kind: "int", default: null, nullable: true, doc: "with index empty: where the range stops, not included (empty: the end)" },
  ],
  rule: {
    forward: "out = x[index] along the axis (or x[start:stop])",
    backward: { x: "g put back where out was taken from, zeros elsewhere" },
    // typeset by hand: the words mechanically converted would run together in math mode
    latex: {
      forward: "\\mathrm{out} = x[\\mathrm{index}] \\text{ along the axis } (\\text{or } x[\\mathrm{start}:\\mathrm{stop}])",
      backward: { x: "g \\text{ put back where out was taken from, zeros elsewhere}" },
    },
    note: "The numbers that were not taken did not affect out, so their gradient is 0: Slice's backward scatters g into zeros.",
  },
  plan([s], p): Planned<SliceScratch> | string {
    if (s.length === 0) return "x is a single number; Slice needs at least one axis";
    const axis = resolveAxis(p.axis, s.length);
    if (axis === null) return `axis ${p.axis} is out of range for x of shape ${formatShape(s)}`;
    const n = s[axis];
    const at = { outer: outerOf(s, axis), n, inner: innerOf(s, axis) };
    if (p.index !== null) {
      if (p.start !== null || p.stop !== null) return "give index (one step, the axis dropped) or start and stop (a range, the axis kept), not both";
      const i = p.index < 0 ? p.index + n : p.index;
      if (i < 0 || i >= n) return `index ${p.index} is out of range for axis ${axis} of size ${n} (x is ${formatShape(s)})`;
      return { shape: s.filter((_, k) => k !== axis), scratch: { ...at, from: i, count: 1 } };
    }
    // numpy's slice: negative bounds count from the end, and bounds past the ends are clipped
    const bound = (v: number | null, d: number) => (v === null ? d : Math.min(n, Math.max(0, v < 0 ? v + n : v)));
    const from = bound(p.start, 0), to = bound(p.stop, n);
    if (to <= from) return `${p.start ?? ""}:${p.stop ?? ""} takes nothing from axis ${axis} of size ${n} (x is ${formatShape(s)})`;
    return { shape: s.map((d, k) => (k === axis ? to - from : d)), scratch: { ...at, from, count: to - from } };
  },
  forward({ ins: [x], out, scratch: { outer, n, inner, from, count } }) {
    const xd = x.data, o = out.data;
    let k = 0;
    for (let a = 0; a < outer; a++) {
      const base = (a * n + from) * inner;
      for (let j = 0; j < count * inner; j++) o[k++] = xd[base + j];
    }
  },
  backward({ g, gIns: [dx], scratch: { outer, n, inner, from, count } }) {
    if (!dx) return;
    const gd = g.data, d = dx.data;
    d.fill(0);
    let k = 0;
    for (let a = 0; a < outer; a++) {
      const base = (a * n + from) * inner;
      for (let j = 0; j < count * inner; j++) d[base + j] = gd[k++];
    }
  },
});

/** a's na slices, then b's nb, along one axis, for each of `outer` blocks of `inner` numbers. */
interface JoinScratch {
  outer: number;
  na: number;
  nb: number;
  inner: number;
}

function joinForward(k: Kernel<JoinScratch>): void {
  const { outer, na, nb, inner } = k.scratch;
  const a = k.ins[0].data, b = k.ins[1].data, o = k.out.data;
  const sa = na * inner, sb = nb * inner;
  let q = 0;
  for (let r = 0; r < outer; r++) {
    for (let j = 0; j < sa; j++) o[q++] = a[r * sa + j];
    for (let j = 0; j < sb; j++) o[q++] = b[r * sb + j];
  }
}

function joinBackward(k: Kernel<JoinScratch>): void {
  const { outer, na, nb, inner } = k.scratch;
  const g = k.g.data, da = k.gIns[0]?.data, db = k.gIns[1]?.data;
  const sa = na * inner, sb = nb * inner;
  let q = 0;
  for (let r = 0; r < outer; r++) {
    if (da) for (let j = 0; j < sa; j++) da[r * sa + j] = g[q + j];
    q += sa;
    if (db) for (let j = 0; j < sb; j++) db[r * sb + j] = g[q + j];
    q += sb;
  }
}

const joinRule = (forward: string, forwardLatex: string, note: string) => ({
  forward,
  backward: { a: "g's slices where a went", b: "g's slices where b went" },
  note,
  // typeset by hand: the words mechanically converted would run together in math mode
  latex: { forward: forwardLatex, backward: { a: "g\\text{'s slices where } a \\text{ went}", b: "g\\text{'s slices where } b \\text{ went}" } },
});

export const Concat = defineOp({
  type: "Concat",
  group: "Shape",
  summary: "joins a and b along an axis they both have: (N, 2, H) and (N, 1, H) → (N, 3, H)",
  addition: true,
  inputs: [
    { name: "a", doc: "any shape" },
    { name: "b", doc: "a's shape except along the axis" },
  ],
  params: [{ name: "axis", kind: "axis", default: 0, doc: "the axis to join along" }],
  rule: joinRule("out = np.concatenate([a, b], axis)", "\\mathrm{out} = \\mathrm{np.concatenate}([a, b], \\mathrm{axis})", "Concat only places numbers side by side, so backward hands each input back its own part of g."),
  plan([a, b], p): Planned<JoinScratch> | string {
    if (a.length === 0 || b.length === 0) return `a is ${formatShape(a)} and b is ${formatShape(b)}: single numbers have no axis to join along (Stack makes one)`;
    if (a.length !== b.length) return `a is ${formatShape(a)} and b is ${formatShape(b)}: Concat needs the same number of axes (Stack adds one)`;
    const axis = resolveAxis(p.axis, a.length);
    if (axis === null) return `axis ${p.axis} is out of range for a of shape ${formatShape(a)}`;
    if (a.some((d, k) => k !== axis && d !== b[k])) return `a is ${formatShape(a)} and b is ${formatShape(b)}: they must agree on every axis but ${axis}`;
    return { shape: a.map((d, k) => (k === axis ? d + b[k] : d)), scratch: { outer: outerOf(a, axis), na: a[axis], nb: b[axis], inner: innerOf(a, axis) } };
  },
  forward: joinForward,
  backward: joinBackward,
});

export const Stack = defineOp({
  type: "Stack",
  group: "Shape",
  summary: "stacks a and b along a new axis: (N, H), (N, H) → (N, 2, H); then appends: (N, 2, H), (N, H) → (N, 3, H)",
  addition: true,
  inputs: [
    { name: "a", doc: "b's shape, or an earlier Stack: b's shape with the axis" },
    { name: "b", doc: "one more slice, e.g. h_t (N, H)" },
  ],
  params: [{ name: "axis", kind: "axis", default: 1, doc: "where the new axis goes in the result (1: (N, T, H))" }],
  rule: joinRule(
    "out = np.stack([a, b], axis), or a with b appended along the axis",
    "\\mathrm{out} = \\mathrm{np.stack}([a, b], \\mathrm{axis}) \\text{, or } a \\text{ with } b \\text{ appended along the axis}",
    "Stacking h_1 … h_T undoes Slice: each step gets back the gradient of its own slice of the result.",
  ),
  plan([a, b], p): Planned<JoinScratch> | string {
    // the result has one axis more than b, whichever form
    const axis = resolveAxis(p.axis, b.length + 1);
    if (axis === null) return `axis ${p.axis} is out of range for the result of stacking b of shape ${formatShape(b)} (it has ${b.length + 1} axes)`;
    const scratch = { outer: outerOf(b, axis), nb: 1, inner: sizeOf(b.slice(axis)) };
    if (a.length === b.length && a.every((d, k) => d === b[k])) return { shape: [...b.slice(0, axis), 2, ...b.slice(axis)], scratch: { ...scratch, na: 1 } };
    if (a.length === b.length + 1 && a.every((d, k) => k === axis || d === b[k < axis ? k : k - 1]))
      return { shape: a.map((d, k) => (k === axis ? d + 1 : d)), scratch: { ...scratch, na: a[axis] } };
    return `a is ${formatShape(a)} and b is ${formatShape(b)}: Stack needs a of b's shape (to stack them) or b's shape with axis ${axis} added (to append b to it)`;
  },
  forward: joinForward,
  backward: joinBackward,
});
