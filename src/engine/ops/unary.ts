// Elementwise functions of one input x. Sigmoid, Tanh and Exp differentiate through their own
// output (as the notebooks' layers keep `self.out`); ReLU and Log need the input.
// Kernels read k.ins[0] rather than destructure ({ ins: [a] }): destructuring an array runs an
// iterator on every call, measurable on graphs of small tensors (bench/run.ts).
import { formatIndex, type Shape } from "../tensor";
import { defineOp, type PortSpec } from "./types";

const x: readonly PortSpec[] = [{ name: "x", doc: "any shape" }];
const sameShape = ([s]: readonly Shape[]) => ({ shape: s });

export const Sigmoid = defineOp({
  type: "Sigmoid",
  group: "Activations",
  summary: "1 / (1 + e^−x): squashes into (0, 1)",
  inputs: x,
  params: [],
  rule: { forward: "out = 1 / (1 + e^(−x))", backward: { x: "g ⊙ out ⊙ (1 − out)" }, note: "The gradient is largest at x = 0 and vanishes where the sigmoid saturates." },
  plan: sameShape,
  forward(k) {
    const i0 = k.ins[0].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-i0[i]));
  },
  backward(k) {
    const dx = k.gIns[0];
    if (!dx) return;
    const o = k.out.data, gd = k.g.data, d = dx.data;
    for (let i = 0; i < o.length; i++) d[i] = gd[i] * (1 - o[i]) * o[i];
  },
});

export const Tanh = defineOp({
  type: "Tanh",
  group: "Activations",
  summary: "tanh x: squashes into (−1, 1)",
  inputs: x,
  params: [],
  rule: { forward: "out = tanh x", backward: { x: "g ⊙ (1 − out²)" } },
  plan: sameShape,
  forward(k) {
    const i0 = k.ins[0].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = Math.tanh(i0[i]);
  },
  backward(k) {
    const dx = k.gIns[0];
    if (!dx) return;
    const o = k.out.data, gd = k.g.data, d = dx.data;
    for (let i = 0; i < o.length; i++) d[i] = gd[i] * (1 - o[i] * o[i]);
  },
});

export const ReLU = defineOp({
  type: "ReLU",
  group: "Activations",
  summary: "max(0, x): passes positives, zeroes the rest",
  inputs: x,
  params: [],
  rule: { forward: "out = x where x > 0, else 0", backward: { x: "g where x > 0, else 0" }, note: "ReLU is a gate: the gradient passes where the input was positive and stops elsewhere." },
  plan: sameShape,
  forward(k) {
    const i0 = k.ins[0].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = i0[i] > 0 ? i0[i] : 0;
  },
  backward(k) {
    const dx = k.gIns[0];
    if (!dx) return;
    const i0 = k.ins[0].data, gd = k.g.data, d = dx.data;
    for (let i = 0; i < gd.length; i++) d[i] = i0[i] > 0 ? gd[i] : 0;
  },
});

export const Exp = defineOp({
  type: "Exp",
  group: "Arithmetic",
  summary: "e^x, elementwise",
  inputs: x,
  params: [],
  rule: { forward: "out = e^x", backward: { x: "g ⊙ out" } },
  plan: sameShape,
  whyNonFinite(k, i) {
    const v = k.ins[0].data[i];
    return v > 709 ? `e^x overflows float64 for x above 709.78: x${formatIndex(k.ins[0].shape, i)} = ${v}` : null;
  },
  forward(k) {
    const i0 = k.ins[0].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = Math.exp(i0[i]);
  },
  backward(k) {
    const dx = k.gIns[0];
    if (!dx) return;
    const o = k.out.data, gd = k.g.data, d = dx.data;
    for (let i = 0; i < o.length; i++) d[i] = gd[i] * o[i];
  },
});

export const Log = defineOp({
  type: "Log",
  group: "Arithmetic",
  summary: "ln x, elementwise",
  inputs: x,
  params: [],
  rule: { forward: "out = ln x", backward: { x: "g / x" } },
  plan: sameShape,
  whyNonFinite(k, i) {
    const v = k.ins[0].data[i], at = `x${formatIndex(k.ins[0].shape, i)} = ${v}`;
    if (v < 0) return `ln of a negative number is not a number: ${at}`;
    if (v === 0) return `ln 0 is −∞: ${at}`;
    return null;
  },
  forward(k) {
    const i0 = k.ins[0].data, o = k.out.data;
    for (let i = 0; i < o.length; i++) o[i] = Math.log(i0[i]);
  },
  backward(k) {
    const dx = k.gIns[0];
    if (!dx) return;
    const i0 = k.ins[0].data, gd = k.g.data, d = dx.data;
    for (let i = 0; i < gd.length; i++) d[i] = gd[i] / i0[i];
  },
});
