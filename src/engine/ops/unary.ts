// Elementwise functions of one input x. Sigmoid, Tanh and Exp differentiate through their own
// output (as the notebooks' layers keep `self.out`); ReLU and Log need the input.
// Each is one Elementwise (its loops from offsets), which the executor runs on its arena and the
// op's kernels on a Kernel's arrays.
import { formatIndex, type Shape } from "../tensor";
import { reluElement } from "./elements";
import { defineOp, elementwiseBackward, elementwiseForward, type Elementwise, type PortSpec } from "./types";

const x: readonly PortSpec[] = [{ name: "x", doc: "any shape" }];
const sameShape = ([s]: readonly Shape[]) => ({ shape: s });

// the loops (see Elementwise), in the notebooks' expressions
const sigmoid: Elementwise = {
  forward(n, o, oi, a, ai) {
    for (let i = 0; i < n; i++) o[oi + i] = 1 / (1 + Math.exp(-a[ai + i]));
  },
  backward(n, g, gi, o, oi, _a, _ai, _b, _bi, d, di) {
    if (d) for (let i = 0; i < n; i++) d[di + i] = g[gi + i] * (1 - o[oi + i]) * o[oi + i];
  },
};
const tanh: Elementwise = {
  forward(n, o, oi, a, ai) {
    for (let i = 0; i < n; i++) o[oi + i] = Math.tanh(a[ai + i]);
  },
  backward(n, g, gi, o, oi, _a, _ai, _b, _bi, d, di) {
    if (d) for (let i = 0; i < n; i++) d[di + i] = g[gi + i] * (1 - o[oi + i] * o[oi + i]);
  },
};
const relu: Elementwise = {
  forward(n, o, oi, a, ai) {
    for (let i = 0; i < n; i++) o[oi + i] = a[ai + i] > 0 ? a[ai + i] : 0;
  },
  backward(n, g, gi, _o, _oi, a, ai, _b, _bi, d, di) {
    if (d) for (let i = 0; i < n; i++) d[di + i] = a[ai + i] > 0 ? g[gi + i] : 0;
  },
};
const exp: Elementwise = {
  forward(n, o, oi, a, ai) {
    for (let i = 0; i < n; i++) o[oi + i] = Math.exp(a[ai + i]);
  },
  backward(n, g, gi, o, oi, _a, _ai, _b, _bi, d, di) {
    if (d) for (let i = 0; i < n; i++) d[di + i] = g[gi + i] * o[oi + i];
  },
};
const log: Elementwise = {
  forward(n, o, oi, a, ai) {
    for (let i = 0; i < n; i++) o[oi + i] = Math.log(a[ai + i]);
  },
  backward(n, g, gi, _o, _oi, a, ai, _b, _bi, d, di) {
    if (d) for (let i = 0; i < n; i++) d[di + i] = g[gi + i] / a[ai + i];
  },
};

export const Sigmoid = defineOp({
  type: "Sigmoid",
  group: "Activations",
  summary: "1 / (1 + e^−x): squashes into (0, 1)",
  inputs: x,
  params: [],
  rule: { forward: "out = 1 / (1 + e^(−x))", backward: { x: "g ⊙ out ⊙ (1 − out)" }, note: "The gradient is largest at x = 0 and vanishes where the sigmoid saturates." },
  plan: sameShape,
  elementwise: sigmoid,
  forward(k) {
    elementwiseForward(sigmoid, k);
  },
  backward(k) {
    elementwiseBackward(sigmoid, k);
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
  elementwise: tanh,
  forward(k) {
    elementwiseForward(tanh, k);
  },
  backward(k) {
    elementwiseBackward(tanh, k);
  },
});

export const ReLU = defineOp({
  type: "ReLU",
  group: "Activations",
  summary: "max(0, x): passes positives, zeroes the rest",
  inputs: x,
  params: [],
  rule: {
    forward: "out = x where x > 0, else 0",
    backward: { x: "g where x > 0, else 0" },
    note: "ReLU is a gate: the gradient passes where the input was positive and stops elsewhere.",
    latex: { forward: "\\mathrm{out} = \\begin{cases} x & x > 0 \\\\ 0 & x \\le 0 \\end{cases}", backward: { x: "\\begin{cases} g & x > 0 \\\\ 0 & x \\le 0 \\end{cases}" } },
    element: reluElement,
  },
  plan: sameShape,
  elementwise: relu,
  forward(k) {
    elementwiseForward(relu, k);
  },
  backward(k) {
    elementwiseBackward(relu, k);
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
  elementwise: exp,
  forward(k) {
    elementwiseForward(exp, k);
  },
  backward(k) {
    elementwiseBackward(exp, k);
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
  elementwise: log,
  forward(k) {
    elementwiseForward(log, k);
  },
  backward(k) {
    elementwiseBackward(log, k);
  },
});
