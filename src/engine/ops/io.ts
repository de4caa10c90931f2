// Where a graph starts (Input, Param) and where backward starts (Output).
import { broadcastIndex, broadcastShapes, copyInto, fillWith, formatShape, sameShape, sizeOf } from "../tensor";
import { defineOp, type Planned } from "./types";

function source(type: "Input" | "Param", summary: string, defaultValue: unknown, names: readonly string[]) {
  return defineOp({
    type,
    names,
    group: "Sources",
    summary,
    inputs: [],
    params: [{ name: "value", kind: "tensor", doc: "a number, a matrix [[1, 2], [3, 4]] or a generator randn(5, 10)", default: defaultValue }],
    role: "source",
    trainable: type === "Param",
    rule: { forward: "out = value", backward: {}, note: `The gradient that reaches ${type === "Param" ? "a Param is what an optimizer follows" : "an Input says how the result depends on it"}.` },
    plan(_, p) {
      return { shape: p.value.shape };
    },
    forward({ out, params }) {
      // the executor hands a source its value as its output; a caller that does not gets a copy
      const v = params.value.data;
      if (out.data !== v) copyInto(out.data, v);
    },
    backward() {},
  });
}

export const Input = source("Input", "a constant: data, targets, h_prev", 1, ["x", "y", "z"]);
// a Param made on its own is a weight (W, W2, …); one made for a `b` port is named b (see state/doc.ts nodeName)
export const Param = source("Param", "a trainable tensor, updated by training", { init: "randn", shape: [2, 2] }, ["W"]);

/** null when grad already has x's shape; otherwise the map that spreads grad over x */
type Spread = Int32Array | null;

export const Output = defineOp({
  type: "Output",
  group: "Output",
  summary: "marks a result and starts backward with grad (dout)",
  inputs: [{ name: "x", doc: "any shape" }],
  params: [{ name: "grad", kind: "tensor", optional: true, doc: "the gradient to start backward with (dout); empty means ones" }],
  role: "sink",
  rule: { forward: "shows x", backward: { x: "grad (ones unless given)" }, latex: { forward: "x", backward: { x: "\\mathrm{grad}" } }, note: "Backward starts here: the notebooks' dout." },
  plan([x], p): Planned<Spread> | string {
    const grad = p.grad;
    if (!grad || sameShape(grad.shape, x)) return { shape: x, scratch: null };
    const b = broadcastShapes(grad.shape, x);
    if (!b || !sameShape(b, x)) return `grad is ${formatShape(grad.shape)} but x is ${formatShape(x)}: grad must have x's shape, or one that broadcasts to it as in numpy`;
    return { shape: x, scratchSize: sizeOf(x), makeScratch: (alloc) => broadcastIndex(grad.shape, x, alloc.i32(sizeOf(x))) };
  },
  forward({ ins: [x], out }) {
    copyInto(out.data, x.data);
  },
  backward({ gIns: [dx], params, scratch }) {
    if (!dx) return;
    const grad = params.grad;
    if (!grad) fillWith(dx.data, 1);
    else if (!scratch) copyInto(dx.data, grad.data);
    else for (let i = 0; i < scratch.length; i++) dx.data[i] = grad.data[scratch[i]];
  },
});
