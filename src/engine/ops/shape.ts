// Transpose, Repeat and Sum: ops that move or gather numbers without arithmetic on them.
// Repeat and Sum are each other's backward, the notebooks' point.
import { formatShape, sizeOf, stridesOf, type Shape } from "../tensor";
import { defineOp, type Planned } from "./types";
import { repeatElement, sumElement, transposeElement } from "./elements";

/** Normalizes a possibly negative axis; null when it is out of range. */
export function resolveAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return a >= 0 && a < rank ? a : null;
}

/** For each output element of a transpose, the input element it reads. */
function transposeIndex(shape: Shape, idx: Int32Array): Int32Array {
  const rank = shape.length;
  const outShape = [...shape].reverse();
  const inStrides = stridesOf(shape);
  const counter = new Array<number>(rank).fill(0);
  for (let k = 0; k < idx.length; k++) {
    let pos = 0;
    for (let ax = 0; ax < rank; ax++) pos += counter[ax] * inStrides[rank - 1 - ax];
    idx[k] = pos;
    for (let ax = rank - 1; ax >= 0; ax--) {
      if (++counter[ax] < outShape[ax]) break;
      counter[ax] = 0;
    }
  }
  return idx;
}

export const Transpose = defineOp({
  type: "Transpose",
  group: "Matrix",
  summary: "xᵀ: swaps rows and columns",
  inputs: [{ name: "x", doc: "any shape" }],
  params: [],
  rule: { forward: "out = xᵀ", backward: { x: "gᵀ" }, element: transposeElement },
  plan([s]): Planned<Int32Array> {
    return { shape: [...s].reverse(), scratchSize: sizeOf(s), makeScratch: (alloc) => transposeIndex(s, alloc.i32(sizeOf(s))) };
  },
  forward({ ins: [x], out, scratch: idx }) {
    for (let k = 0; k < idx.length; k++) out.data[k] = x.data[idx[k]];
  },
  backward({ g, gIns: [dx], scratch: idx }) {
    if (dx) for (let k = 0; k < idx.length; k++) dx.data[idx[k]] = g.data[k];
  },
});

/** A shape seen as (outer, axis, inner) around one axis. */
interface Around {
  outer: number;
  n: number;
  inner: number;
}
function around(shape: Shape, axis: number): Around {
  return { outer: sizeOf(shape.slice(0, axis)), n: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

export const Repeat = defineOp({
  type: "Repeat",
  group: "Shape",
  summary: "copies along an axis: (1, D) → (N, D)",
  inputs: [{ name: "x", doc: "e.g. (1, D)" }],
  params: [
    { name: "axis", kind: "int", default: 0, doc: "the axis to repeat along" },
    { name: "repeats", kind: "int", default: 2, min: 1, doc: "how many copies of each slice" },
  ],
  rule: {
    forward: "out = np.repeat(x, repeats, axis)",
    backward: { x: "Σ over the copies of g" },
    note: "Every copy used x, so x collects the sum of the copies' gradients: Repeat's backward is Sum.",
    latex: { forward: "\\mathrm{out} = \\mathrm{repeat}(x, \\mathrm{repeats}, \\mathrm{axis})", backward: { x: "\\textstyle\\sum_{r} g^{(r)}" } },
    element: repeatElement,
  },
  plan([s], p): Planned<Around & { repeats: number }> | string {
    if (s.length === 0) return `x is a single number; Repeat needs at least one axis`;
    const axis = resolveAxis(p.axis, s.length);
    if (axis === null) return `axis ${p.axis} is out of range for x of shape ${formatShape(s)}`;
    const repeats = p.repeats;
    const shape = s.map((d, i) => (i === axis ? d * repeats : d));
    return { shape, scratch: { ...around(s, axis), repeats } };
  },
  forward({ ins: [x], out, scratch: { outer, n, inner, repeats } }) {
    const xd = x.data, o = out.data;
    let k = 0;
    for (let a = 0; a < outer; a++)
      for (let i = 0; i < n; i++) {
        const base = (a * n + i) * inner;
        for (let r = 0; r < repeats; r++) for (let j = 0; j < inner; j++) o[k++] = xd[base + j];
      }
  },
  backward({ g, gIns: [dx], scratch: { outer, n, inner, repeats } }) {
    if (!dx) return;
    const gd = g.data, d = dx.data;
    d.fill(0);
    let k = 0;
    for (let a = 0; a < outer; a++)
      for (let i = 0; i < n; i++) {
        const base = (a * n + i) * inner;
        for (let r = 0; r < repeats; r++) for (let j = 0; j < inner; j++) d[base + j] += gd[k++];
      }
  },
});

export const Sum = defineOp({
  type: "Sum",
  group: "Shape",
  summary: "adds up along an axis: (N, D) → (1, D)",
  inputs: [{ name: "x", doc: "e.g. (N, D)" }],
  params: [
    { name: "axis", kind: "axis", default: 0, nullable: true, doc: "the axis to add along; empty for all axes" },
    { name: "keepdims", kind: "bool", default: true, doc: "keep the summed axis with size 1" },
  ],
  rule: {
    forward: "out = np.sum(x, axis, keepdims)",
    backward: { x: "g copied back along the axis" },
    note: "Each x contributed once to the sum, so each receives the same gradient: Sum's backward is Repeat.",
    latex: { forward: "\\mathrm{out} = \\sum_{\\mathrm{axis}} x", backward: { x: "\\mathrm{repeat}(g, \\mathrm{axis})" } },
    element: sumElement,
  },
  plan([s], p): Planned<Around> | string {
    if (p.axis === null) return { shape: p.keepdims ? s.map(() => 1) : [], scratch: { outer: 1, n: sizeOf(s), inner: 1 } };
    if (s.length === 0) return `x is a single number; give axis: none (all axes) to sum it`;
    const axis = resolveAxis(p.axis, s.length);
    if (axis === null) return `axis ${p.axis} is out of range for x of shape ${formatShape(s)}`;
    const shape = p.keepdims ? s.map((d, i) => (i === axis ? 1 : d)) : s.filter((_, i) => i !== axis);
    return { shape, scratch: around(s, axis) };
  },
  forward({ ins: [x], out, scratch: { outer, n, inner } }) {
    const xd = x.data, o = out.data;
    o.fill(0);
    for (let a = 0; a < outer; a++)
      for (let i = 0; i < n; i++) {
        const base = (a * n + i) * inner;
        for (let j = 0; j < inner; j++) o[a * inner + j] += xd[base + j];
      }
  },
  backward({ g, gIns: [dx], scratch: { outer, n, inner } }) {
    if (!dx) return;
    const gd = g.data, d = dx.data;
    for (let a = 0; a < outer; a++)
      for (let i = 0; i < n; i++) {
        const base = (a * n + i) * inner;
        for (let j = 0; j < inner; j++) d[base + j] = gd[a * inner + j];
      }
  },
});
