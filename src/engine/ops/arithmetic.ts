// Add, Sub, Mul, Div with numpy broadcasting. Same-shaped inputs take a plain loop; otherwise
// each input reads through an index map planned once, and backward sums through the same map
// (the unbroadcast rule), so each gradient has its input's shape.
import { broadcastIndex, broadcastShapes, formatShape, sameShape, type Shape } from "../tensor";
import type { Kernel, OpSpec, Planned } from "./types";

/** null when both inputs already have the output's shape */
type Maps = { ia: Int32Array; ib: Int32Array } | null;

const inputs = [
  { name: "a", doc: "any shape" },
  { name: "b", doc: "broadcasts against a" },
];

function plan([a, b]: readonly Shape[]): Planned<Maps> | string {
  const shape = broadcastShapes(a, b);
  if (!shape) return `a ${formatShape(a)} and b ${formatShape(b)} cannot broadcast`;
  if (sameShape(a, shape) && sameShape(b, shape)) return { shape, scratch: null };
  return { shape, scratch: { ia: broadcastIndex(a, shape), ib: broadcastIndex(b, shape) } };
}

/** da/db buffers are zeroed before a broadcast backward adds into them. */
function zeroGrads(k: Kernel<Maps>): void {
  k.gIns[0]?.data.fill(0);
  k.gIns[1]?.data.fill(0);
}

export const Add: OpSpec<Maps> = {
  type: "Add",
  group: "Arithmetic",
  summary: "a + b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a + b", backward: { a: "g", b: "g" }, note: "Add passes the gradient through unchanged to both inputs." },
  plan,
  forward({ ins: [a, b], out, scratch: m }) {
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] + y[m.ib[i]];
  },
  backward(k) {
    const { g, gIns: [da, db], scratch: m } = k;
    if (!m) {
      da?.data.set(g.data);
      db?.data.set(g.data);
      return;
    }
    zeroGrads(k);
    const gd = g.data;
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i];
    if (db) for (let i = 0; i < gd.length; i++) db.data[m.ib[i]] += gd[i];
  },
};

export const Sub: OpSpec<Maps> = {
  type: "Sub",
  group: "Arithmetic",
  summary: "a − b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a − b", backward: { a: "g", b: "−g" } },
  plan,
  forward({ ins: [a, b], out, scratch: m }) {
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] - y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] - y[m.ib[i]];
  },
  backward(k) {
    const { g, gIns: [da, db], scratch: m } = k;
    const gd = g.data;
    if (!m) {
      da?.data.set(gd);
      if (db) for (let i = 0; i < gd.length; i++) db.data[i] = -gd[i];
      return;
    }
    zeroGrads(k);
    if (da) for (let i = 0; i < gd.length; i++) da.data[m.ia[i]] += gd[i];
    if (db) for (let i = 0; i < gd.length; i++) db.data[m.ib[i]] -= gd[i];
  },
};

export const Mul: OpSpec<Maps> = {
  type: "Mul",
  group: "Arithmetic",
  summary: "a ⊙ b, elementwise product",
  inputs,
  params: [],
  rule: { forward: "out = a ⊙ b", backward: { a: "g ⊙ b", b: "g ⊙ a" }, note: "Mul swaps its inputs: each one's gradient is g times the other." },
  plan,
  forward({ ins: [a, b], out, scratch: m }) {
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] * y[m.ib[i]];
  },
  backward(k) {
    const { ins: [a, b], g, gIns: [da, db], scratch: m } = k;
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
};

export const Div: OpSpec<Maps> = {
  type: "Div",
  group: "Arithmetic",
  summary: "a / b, elementwise",
  inputs,
  params: [],
  rule: { forward: "out = a / b", backward: { a: "g / b", b: "−g ⊙ a / b²" } },
  plan,
  forward({ ins: [a, b], out, scratch: m }) {
    const x = a.data, y = b.data, o = out.data;
    if (!m) for (let i = 0; i < o.length; i++) o[i] = x[i] / y[i];
    else for (let i = 0; i < o.length; i++) o[i] = x[m.ia[i]] / y[m.ib[i]];
  },
  backward(k) {
    const { ins: [a, b], g, gIns: [da, db], scratch: m } = k;
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
};

