// Add, Sub, Mul, Div with numpy broadcasting. Same-shaped inputs take a plain loop; otherwise
// each input reads through an index map planned once, and backward sums through the same map
// (the unbroadcast rule), so each gradient has its input's shape. Kernels index k.ins rather than
// destructure it (see unary.ts).
import { broadcastIndex, broadcastShapes, checkSize, copyInto, fillWith, formatIndex, formatShape, sameShape, type Shape, sizeOf } from "../tensor";
import { defineOp, type Kernel, type Planned } from "./types";

/** null when both inputs already have the output's shape */
type Maps = { ia: Int32Array; ib: Int32Array } | null;

const inputs = [
  { name: "a", doc: "any shape" },
  { name: "b", doc: "broadcasts against a" },
];

function plan([a, b]: readonly Shape[]): Planned<Maps> | string {
  const shape = broadcastShapes(a, b);
  if (!shape) return `a ${formatShape(a)} and b ${formatShape(b)} cannot broadcast`;
  const big = checkSize(shape); // before the index maps, which have the result's size
  if (big) return big;
  if (sameShape(a, shape) && sameShape(b, shape)) return { shape, scratch: null };
  return { shape, scratchSize: 2 * sizeOf(shape), makeScratch: () => ({ ia: broadcastIndex(a, shape), ib: broadcastIndex(b, shape) }) };
}

/** da/db buffers are zeroed before a broadcast backward adds into them. */
function zeroGrads(k: Kernel<Maps>): void {
  if (k.gIns[0]) fillWith(k.gIns[0].data, 0);
  if (k.gIns[1]) fillWith(k.gIns[1].data, 0);
}

export const Add = defineOp({
  type: "Add",
  group: "Arithmetic",
  summary: "a + b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a + b", backward: { a: "g", b: "g" }, note: "Add passes the gradient through unchanged to both inputs." },
  plan,
  forward(k) {
    const a = k.ins[0], b = k.ins[1], out = k.out, m = k.scratch;
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] + y[m.ib[i]];
  },
  backward(k) {
    const g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    if (!m) {
      if (da) copyInto(da.data, g.data);
      if (db) copyInto(db.data, g.data);
      return;
    }
    zeroGrads(k);
    const gd = g.data;
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i];
    if (db) for (let i = 0; i < gd.length; i++) db.data[m.ib[i]] += gd[i];
  },
});

export const Sub = defineOp({
  type: "Sub",
  group: "Arithmetic",
  summary: "a − b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a − b", backward: { a: "g", b: "−g" } },
  plan,
  forward(k) {
    const a = k.ins[0], b = k.ins[1], out = k.out, m = k.scratch;
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] - y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] - y[m.ib[i]];
  },
  backward(k) {
    const g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    const gd = g.data;
    if (!m) {
      if (da) copyInto(da.data, gd);
      if (db) for (let i = 0; i < gd.length; i++) db.data[i] = -gd[i];
      return;
    }
    zeroGrads(k);
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i];
    if (db) for (let i = 0; i < gd.length; i++) db.data[m.ib[i]] -= gd[i];
  },
});

export const Mul = defineOp({
  type: "Mul",
  group: "Arithmetic",
  summary: "a ⊙ b, elementwise product",
  inputs,
  params: [],
  rule: { forward: "out = a ⊙ b", backward: { a: "g ⊙ b", b: "g ⊙ a" }, note: "Mul swaps its inputs: each one's gradient is g times the other." },
  plan,
  forward(k) {
    const a = k.ins[0], b = k.ins[1], out = k.out, m = k.scratch;
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] * y[m.ib[i]];
  },
  backward(k) {
    const a = k.ins[0], b = k.ins[1], g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    const gd = g.data, x = a.data, y = b.data;
    if (!m) {
      if (da) for (let i = 0; i < gd.length; i++) da.data[i] = gd[i] * y[i];
      if (db) for (let i = 0; i < gd.length; i++) db.data[i] = gd[i] * x[i];
      return;
    }
    zeroGrads(k);
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i] * y[m.ib[i]];
    if (db) for (let i = 0; i < gd.length; i++) db.data[m.ib[i]] += gd[i] * x[m.ia[i]];
  },
});

export const Div = defineOp({
  type: "Div",
  group: "Arithmetic",
  summary: "a / b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a / b", backward: { a: "g / b", b: "−g ⊙ a / b²" } },
  plan,
  whyNonFinite(k, i) {
    const j = k.scratch ? k.scratch.ib[i] : i, ia = k.scratch ? k.scratch.ia[i] : i;
    if (k.ins[1].data[j] !== 0) return null;
    const at = `b${formatIndex(k.ins[1].shape, j)} = 0`;
    return k.ins[0].data[ia] === 0 ? `0 / 0 gives no number: ${at}` : `division by zero: ${at}`;
  },
  forward(k) {
    const a = k.ins[0], b = k.ins[1], out = k.out, m = k.scratch;
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] / y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] / y[m.ib[i]];
  },
  backward(k) {
    const a = k.ins[0], b = k.ins[1], g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    const gd = g.data, x = a.data, y = b.data;
    if (!m) {
      if (da) for (let i = 0; i < gd.length; i++) da.data[i] = gd[i] / y[i];
      if (db) for (let i = 0; i < gd.length; i++) db.data[i] = gd[i] * (-x[i] / (y[i] * y[i]));
      return;
    }
    zeroGrads(k);
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i] / y[m.ib[i]];
    if (db) for (let i = 0; i < gd.length; i++) {
      const yb = y[m.ib[i]];
      db.data[m.ib[i]] += gd[i] * (-x[m.ia[i]] / (yb * yb));
    }
  },
});

