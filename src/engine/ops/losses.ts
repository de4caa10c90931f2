// Losses: a scalar out, seeded with 1 when nothing consumes it. The target t gets no gradient.
import { formatShape, sameShape, sizeOf } from "../tensor";
import { softmaxRow } from "./softmax";
import { defineOp, type Planned, type PortSpec } from "./types";
import { mseElement, sigmoidLossElement, softmaxLossElement } from "./elements";

/** The notebooks' guard against ln(0). */
const GUARD = 1e-7;

/** ln(1 + eˣ) without overflow, and without losing digits for large |x| */
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** ln softmax(row)[c] = row[c] − max − ln Σ e^(row − max): exact where softmax would round to 0 */
function logSoftmaxAt(x: Float64Array, off: number, C: number, c: number): number {
  let max = -Infinity;
  for (let j = 0; j < C; j++) if (x[off + j] > max) max = x[off + j];
  let s = 0;
  for (let j = 0; j < C; j++) s += Math.exp(x[off + j] - max);
  return x[off + c] - max - Math.log(s);
}

interface SoftmaxLossScratch {
  N: number;
  C: number;
  /** t holds class indices (N,) rather than one-hot rows */
  indices: boolean;
  /** softmax(x), kept for backward */
  y: Float64Array;
  /** each row's class */
  cls: Int32Array;
}

interface SigmoidLossScratch {
  N: number;
  /** sigmoid(x), kept for backward */
  y: Float64Array;
}

function ports(x: string, t: string): readonly PortSpec[] {
  return [
    { name: "x", doc: x },
    { name: "t", doc: t, noGrad: true },
  ];
}

export const SoftmaxWithLoss = defineOp({
  type: "SoftmaxWithLoss",
  group: "Losses",
  summary: "softmax, then cross entropy with targets t",
  inputs: ports("scores (N, C)", "one-hot (N, C) or class indices (N,)"),
  params: [],
  role: "loss",
  classTargets: "softmax",
  names: ["loss"],
  rule: {
    forward: "y = softmax(x); out = −(1/N) Σ ln(y[i, tᵢ] + 1e-7)",
    backward: { x: "g ⊙ (y − onehot(t)) / N" },
    note: "Softmax and cross entropy together have the simplest gradient: prediction minus target.",
    latex: {
      forward: "y = \\mathrm{softmax}(x);\\ \\mathrm{out} = -\\frac{1}{N}\\sum_i \\ln\\left(y_{i,t_i} + 10^{-7}\\right)",
      backward: { x: "\\frac{g \\odot (y - \\mathrm{onehot}(t))}{N}" },
    },
    element: softmaxLossElement,
  },
  plan([x, t]): Planned<SoftmaxLossScratch> | string {
    if (x.length !== 1 && x.length !== 2) return `x must be (N, C) or (C,), but it is ${formatShape(x)}`;
    const N = x.length === 2 ? x[0] : 1;
    const C = x[x.length - 1];
    const oneHot = sameShape(x, t);
    const indices = !oneHot && sizeOf(t) === N && t.length <= 1 && (t.length === 1 || x.length === 1);
    if (!oneHot && !indices)
      return `t is ${formatShape(t)} but x is ${formatShape(x)}: t must be one-hot ${formatShape(x)} or class indices (${N},)`;
    return { shape: [], scratchSize: N * C + N, makeScratch: (alloc) => ({ N, C, indices, y: alloc.f64(N * C), cls: alloc.i32(N) }) };
  },
  forward({ ins: [x, t], out, scratch: { N, C, indices, y, cls }, run: { exactLoss } }) {
    const td = t.data;
    for (let i = 0; i < N; i++) {
      if (indices) {
        const c = td[i];
        if (!Number.isInteger(c) || c < 0 || c >= C)
          return `t[${i}] is ${c}; a class index must be a whole number from 0 to ${C - 1}`;
        cls[i] = c;
      } else {
        let best = 0;
        for (let j = 1; j < C; j++) if (td[i * C + j] > td[i * C + best]) best = j;
        cls[i] = best;
      }
    }
    let L = 0;
    for (let i = 0; i < N; i++) {
      softmaxRow(x.data, y, i * C, C);
      L += exactLoss ? logSoftmaxAt(x.data, i * C, C, cls[i]) : Math.log(y[i * C + cls[i]] + GUARD);
    }
    out.data[0] = -L / N;
  },
  backward({ g, gIns: [dx], scratch: { N, C, y, cls } }) {
    if (!dx) return;
    const gv = g.data[0], d = dx.data;
    for (let i = 0; i < N * C; i++) d[i] = y[i];
    for (let i = 0; i < N; i++) d[i * C + cls[i]] -= 1;
    // in the notebook's order, (y − t) · dout / N, so the numbers agree to the last bit
    for (let i = 0; i < N * C; i++) d[i] = (d[i] * gv) / N;
  },
});

export const SigmoidWithLoss = defineOp({
  type: "SigmoidWithLoss",
  group: "Losses",
  summary: "sigmoid, then binary cross entropy with targets t",
  inputs: ports("scores (N,) or (N, 1)", "targets in [0, 1], x's size"),
  params: [],
  role: "loss",
  classTargets: "sigmoid",
  names: ["loss"],
  rule: {
    forward: "y = sigmoid(x); out = −(1/N) Σ [t ln(y + 1e-7) + (1 − t) ln(1 − y + 1e-7)]",
    backward: { x: "g ⊙ (y − t) / N" },
    latex: {
      forward: "y = \\sigma(x);\\ \\mathrm{out} = -\\frac{1}{N}\\sum \\left[t \\ln(y + 10^{-7}) + (1 - t)\\ln(1 - y + 10^{-7})\\right]",
      backward: { x: "\\frac{g \\odot (y - t)}{N}" },
    },
    element: sigmoidLossElement,
  },
  plan([x, t]): Planned<SigmoidLossScratch> | string {
    const ok = x.length === 0 || x.length === 1 || (x.length === 2 && x[1] === 1);
    if (!ok) return `x must be (N,) or (N, 1), but it is ${formatShape(x)}`;
    const n = sizeOf(x);
    if (sizeOf(t) !== n) return `t is ${formatShape(t)} but x is ${formatShape(x)}: t needs ${n} numbers`;
    return { shape: [], scratchSize: n, makeScratch: (alloc) => ({ N: n, y: alloc.f64(n) }) };
  },
  forward({ ins: [x, t], out, scratch: { N, y }, run: { exactLoss } }) {
    const td = t.data;
    let L = 0;
    for (let i = 0; i < N; i++) {
      if (!(td[i] >= 0 && td[i] <= 1)) return `t[${i}] is ${td[i]}; targets must lie between 0 and 1`;
      const xi = x.data[i], yi = 1 / (1 + Math.exp(-xi));
      y[i] = yi;
      // ln σ(x) = −softplus(−x), ln(1 − σ(x)) = −softplus(x)
      L += exactLoss ? -(td[i] * softplus(-xi) + (1 - td[i]) * softplus(xi)) : td[i] * Math.log(yi + GUARD) + (1 - td[i]) * Math.log(1 - yi + GUARD);
    }
    out.data[0] = -L / N;
  },
  backward({ ins: [, t], g, gIns: [dx], scratch: { N, y } }) {
    if (!dx) return;
    const gv = g.data[0];
    for (let i = 0; i < N; i++) dx.data[i] = ((y[i] - t.data[i]) * gv) / N;
  },
});

export const MSELoss = defineOp({
  type: "MSELoss",
  group: "Losses",
  summary: "mean squared error between x and t",
  inputs: ports("predictions", "targets, x's shape"),
  params: [],
  role: "loss",
  names: ["loss"],
  rule: {
    forward: "out = mean((x − t)²)",
    backward: { x: "g ⊙ 2 (x − t) / n" },
    latex: { forward: "\\mathrm{out} = \\frac{1}{n}\\sum (x - t)^2", backward: { x: "\\frac{2\\,g \\odot (x - t)}{n}" } },
    element: mseElement,
  },
  plan([x, t]): Planned<number> | string {
    if (!sameShape(x, t)) return `t is ${formatShape(t)} but x is ${formatShape(x)}: they must have the same shape`;
    return { shape: [], scratch: sizeOf(x) };
  },
  forward({ ins: [x, t], out, scratch: n }) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const d = x.data[i] - t.data[i];
      s += d * d;
    }
    out.data[0] = s / n;
  },
  backward({ ins: [x, t], g, gIns: [dx], scratch: n }) {
    if (!dx) return;
    const s = (2 * g.data[0]) / n;
    for (let i = 0; i < n; i++) dx.data[i] = (x.data[i] - t.data[i]) * s;
  },
});
