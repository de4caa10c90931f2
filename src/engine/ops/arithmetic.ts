// Add, Sub, Mul, Div with numpy broadcasting. Same-shaped inputs take a plain loop; otherwise
// each input reads through an index map planned once, and backward sums through the same map
// (the unbroadcast rule), so each gradient has its input's shape. Kernels index k.ins rather than
// destructure it (see unary.ts).
import { broadcastIndex, broadcastShapes, checkSize, fillWith, formatIndex, formatShape, sameShape, type Shape, sizeOf } from "../tensor";
import { defineOp, elementwiseBackward, elementwiseForward, type Elementwise, type Kernel, type Planned } from "./types";

/** null when both inputs already have the output's shape */
type Maps = { ia: Int32Array; ib: Int32Array } | null;

const inputs = [
  { name: "a", doc: "any shape" },
  { name: "b", doc: "broadcasts against a" },
];

function plan([a, b]: readonly Shape[]): Planned<Maps> | string {
  // most nodes of a large graph: the output takes a's shape itself, with no new array to make and keep
  if (sameShape(a, b)) return { shape: a, scratch: null };
  const shape = broadcastShapes(a, b);
  if (!shape) return `a ${formatShape(a)} and b ${formatShape(b)} cannot broadcast`;
  const big = checkSize(shape); // before the index maps, which have the result's size
  if (big) return big;
  if (sameShape(a, shape) && sameShape(b, shape)) return { shape, scratch: null };
  return { shape, scratchSize: 2 * sizeOf(shape), makeScratch: (alloc) => ({ ia: broadcastIndex(a, shape, alloc.i32(sizeOf(shape))), ib: broadcastIndex(b, shape, alloc.i32(sizeOf(shape))) }) };
}

// the loops on same-shaped inputs (see Elementwise), in the notebooks' expressions
const add: Elementwise = {
  forward(n, o, oi, a, ai, b, bi) {
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i] + b[bi + i];
  },
  backward(n, g, gi, _o, _oi, _a, _ai, _b, _bi, da, dai, db, dbi) {
    if (da) for (let i = 0; i < n; i++) da[dai + i] = g[gi + i];
    if (db) for (let i = 0; i < n; i++) db[dbi + i] = g[gi + i];
  },
};
const sub: Elementwise = {
  forward(n, o, oi, a, ai, b, bi) {
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i] - b[bi + i];
  },
  backward(n, g, gi, _o, _oi, _a, _ai, _b, _bi, da, dai, db, dbi) {
    if (da) for (let i = 0; i < n; i++) da[dai + i] = g[gi + i];
    if (db) for (let i = 0; i < n; i++) db[dbi + i] = -g[gi + i];
  },
};
const mul: Elementwise = {
  forward(n, o, oi, a, ai, b, bi) {
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i] * b[bi + i];
  },
  backward(n, g, gi, _o, _oi, a, ai, b, bi, da, dai, db, dbi) {
    if (da) for (let i = 0; i < n; i++) da[dai + i] = g[gi + i] * b[bi + i];
    if (db) for (let i = 0; i < n; i++) db[dbi + i] = g[gi + i] * a[ai + i];
  },
};
const div: Elementwise = {
  forward(n, o, oi, a, ai, b, bi) {
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i] / b[bi + i];
  },
  backward(n, g, gi, _o, _oi, a, ai, b, bi, da, dai, db, dbi) {
    if (da) for (let i = 0; i < n; i++) da[dai + i] = g[gi + i] / b[bi + i];
    if (db) for (let i = 0; i < n; i++) db[dbi + i] = g[gi + i] * (-a[ai + i] / (b[bi + i] * b[bi + i]));
  },
};

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
  elementwise: add,
  forward(k) {
    const m = k.scratch;
    if (!m) return elementwiseForward(add, k);
    const x = k.ins[0].data, y = k.ins[1].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] + y[m.ib[i]];
  },
  backward(k) {
    const g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    if (!m) return elementwiseBackward(add, k);
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
  elementwise: sub,
  forward(k) {
    const m = k.scratch;
    if (!m) return elementwiseForward(sub, k);
    const x = k.ins[0].data, y = k.ins[1].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] - y[m.ib[i]];
  },
  backward(k) {
    const g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    if (!m) return elementwiseBackward(sub, k);
    const gd = g.data;
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
  elementwise: mul,
  forward(k) {
    const m = k.scratch;
    if (!m) return elementwiseForward(mul, k);
    const x = k.ins[0].data, y = k.ins[1].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] * y[m.ib[i]];
  },
  backward(k) {
    const a = k.ins[0], b = k.ins[1], g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    if (!m) return elementwiseBackward(mul, k);
    const gd = g.data, x = a.data, y = b.data;
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
  elementwise: div,
  forward(k) {
    const m = k.scratch;
    if (!m) return elementwiseForward(div, k);
    const x = k.ins[0].data, y = k.ins[1].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] / y[m.ib[i]];
  },
  backward(k) {
    const a = k.ins[0], b = k.ins[1], g = k.g, da = k.gIns[0], db = k.gIns[1], m = k.scratch;
    if (!m) return elementwiseBackward(div, k);
    const gd = g.data, x = a.data, y = b.data;
    zeroGrads(k);
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i] / y[m.ib[i]];
    if (db) for (let i = 0; i < gd.length; i++) {
      const yb = y[m.ib[i]];
      db.data[m.ib[i]] += gd[i] * (-x[m.ia[i]] / (yb * yb));
    }
  },
});

