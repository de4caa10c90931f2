import { formatShape } from "../tensor";
import { defineOp, type Planned } from "./types";
import { softmaxElement } from "./elements";

/** Softmax of each run of `n` numbers starting at `start`, computed as e^(x − max) / Σ. */
export function softmaxRow(x: Float64Array, y: Float64Array, start: number, n: number): void {
  let max = -Infinity;
  for (let j = 0; j < n; j++) if (x[start + j] > max) max = x[start + j];
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const e = Math.exp(x[start + j] - max);
    y[start + j] = e;
    sum += e;
  }
  for (let j = 0; j < n; j++) y[start + j] /= sum;
}

export const Softmax = defineOp({
  type: "Softmax",
  group: "Activations",
  summary: "probabilities along the last axis",
  inputs: [{ name: "x", doc: "scores, (N, C) or (C,)" }],
  params: [],
  rule: {
    forward: "out = e^(x − max) / Σ e^(x − max), per row",
    backward: { x: "out ⊙ (g − Σ_row(g ⊙ out))" },
    latex: { forward: "\\mathrm{out} = \\frac{e^{x - \\max x}}{\\sum_{\\text{row}} e^{x - \\max x}}", backward: { x: "\\mathrm{out} \\odot \\left(g - \\sum_{\\text{row}} g \\odot \\mathrm{out}\\right)" } },
    element: softmaxElement,
  },
  plan([s]): Planned<number> | string {
    if (s.length === 0) return `x ${formatShape(s)} is a single number; softmax needs at least one axis`;
    return { shape: s, scratch: s[s.length - 1] };
  },
  forward({ ins: [x], out, scratch: n }) {
    for (let r = 0; r < out.data.length; r += n) softmaxRow(x.data, out.data, r, n);
  },
  backward({ out, g, gIns: [dx], scratch: n }) {
    if (!dx) return;
    const y = out.data, gd = g.data;
    for (let r = 0; r < y.length; r += n) {
      let dot = 0;
      for (let j = r; j < r + n; j++) dot += gd[j] * y[j];
      for (let j = r; j < r + n; j++) dx.data[j] = y[j] * (gd[j] - dot);
    }
  },
});
