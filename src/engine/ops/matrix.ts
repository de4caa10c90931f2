// MatMul, Affine and the RNN cell: the layers of the notebooks, on 2-D x and W.
import { checkSize, formatShape, sizeOf, type Shape } from "../tensor";
import { layerBackward, layerForward, matmulScratch, matmulScratchSize, wantsWasm, type MatMulScratch } from "../linalg";
import { defineOp, type Planned } from "./types";
import { affineElement, matmulElement, rnnElement } from "./elements";

/** Checks x (N, D) · W (D, H); returns [N, D, H] or what is wrong. */
function checkProduct(x: Shape, W: Shape, xName = "x", wName = "W"): [number, number, number] | string {
  if (x.length !== 2) return `${xName} must be 2-D (N, D), but it is ${formatShape(x)}`;
  if (W.length !== 2) return `${wName} must be 2-D (D, H), but it is ${formatShape(W)}`;
  if (x[1] !== W[0]) return `${xName} is ${formatShape(x)} but ${wName} is ${formatShape(W)}: inner sizes ${x[1]} and ${W[0]} differ`;
  // before the scratch, which has the result's size
  return checkSize([x[0], W[1]]) ?? [x[0], x[1], W[1]];
}

/** Checks a bias of H numbers: (H,) or (1, H). */
function checkBias(b: Shape, H: number, wName: string, w: Shape): string | null {
  if (sizeOf(b) === H && (b.length === 1 || (b.length === 2 && b[0] === 1))) return null;
  return `b is ${formatShape(b)} but ${wName} is ${formatShape(w)}: b needs (${H},)`;
}

/** db = Σ_rows g */
function sumRows(g: Float64Array, N: number, H: number, db: Float64Array): void {
  db.fill(0);
  for (let i = 0; i < N; i++) for (let j = 0; j < H; j++) db[j] += g[i * H + j];
}

export const MatMul = defineOp({
  type: "MatMul",
  group: "Matrix",
  summary: "x · W, the matrix product",
  inputs: [
    { name: "x", doc: "(N, D)" },
    { name: "W", doc: "(D, H)", feed: "Param" },
  ],
  params: [],
  rule: { forward: "out = x · W", backward: { x: "g · Wᵀ", W: "xᵀ · g" }, note: "Each gradient has the shape of its input: that is how to remember where the transposes go.", element: matmulElement },
  plan([x, W]): Planned<MatMulScratch> | string {
    const c = checkProduct(x, W);
    if (typeof c === "string") return c;
    const [N, D, H] = c;
    return { shape: [N, H], scratchSize: matmulScratchSize(N, D, H), makeScratch: (alloc) => matmulScratch(N, D, H, alloc.f64), wasm: wantsWasm(N, D, H) };
  },
  forward({ ins: [x, W], out, scratch }) {
    layerForward(x.data, W.data, out.data, scratch);
  },
  backward({ ins: [x, W], g, gIns: [dx, dW], scratch }) {
    layerBackward(x.data, W.data, g.data, dx?.data, dW?.data, scratch);
  },
});

export const Affine = defineOp({
  type: "Affine",
  group: "Layers",
  summary: "x · W + b, a fully connected layer",
  inputs: [
    { name: "x", doc: "(N, D)" },
    { name: "W", doc: "(D, H)", feed: "Param" },
    { name: "b", doc: "(H,)", feed: "Param" },
  ],
  params: [],
  rule: { forward: "out = x · W + b", backward: { x: "g · Wᵀ", W: "xᵀ · g", b: "Σ_rows g" }, note: "b was added to every row, so its gradient is the sum over the rows (Repeat's backward).", element: affineElement },
  plan([x, W, b]): Planned<MatMulScratch> | string {
    const c = checkProduct(x, W);
    if (typeof c === "string") return c;
    const [N, D, H] = c;
    const bad = checkBias(b, H, "W", W);
    if (bad) return bad;
    return { shape: [N, H], scratchSize: matmulScratchSize(N, D, H), makeScratch: (alloc) => matmulScratch(N, D, H, alloc.f64), wasm: wantsWasm(N, D, H) };
  },
  forward({ ins: [x, W, b], out, scratch }) {
    layerForward(x.data, W.data, out.data, scratch);
    const o = out.data, bd = b.data, H = scratch.H;
    for (let i = 0; i < o.length; i += H) for (let j = 0; j < H; j++) o[i + j] += bd[j];
  },
  backward({ ins: [x, W], g, gIns: [dx, dW, db], scratch }) {
    layerBackward(x.data, W.data, g.data, dx?.data, dW?.data, scratch);
    if (db) sumRows(g.data, scratch.N, scratch.H, db.data);
  },
});

interface RnnScratch {
  x: MatMulScratch;
  h: MatMulScratch;
  /** dt = g ⊙ (1 − h²) */
  dt: Float64Array;
}

export const RNN = defineOp({
  type: "RNN",
  group: "Layers",
  summary: "one step of a recurrent cell: h = tanh(h_prev·Wh + x·Wx + b)",
  inputs: [
    { name: "x", doc: "(N, D)" },
    { name: "h_prev", doc: "(N, H)" },
    { name: "Wx", doc: "(D, H)", feed: "Param" },
    { name: "Wh", doc: "(H, H)", feed: "Param" },
    { name: "b", doc: "(H,)", feed: "Param" },
  ],
  params: [],
  rule: {
    forward: "out = tanh(h_prev · Wh + x · Wx + b)",
    backward: { x: "dt · Wxᵀ", h_prev: "dt · Whᵀ", Wx: "xᵀ · dt", Wh: "h_prevᵀ · dt", b: "Σ_rows dt" },
    note: "dt = g ⊙ (1 − out²) is the gradient through tanh; the rest is two Affine layers sharing it.",
    element: rnnElement,
  },
  plan([x, h, Wx, Wh, b]): Planned<RnnScratch> | string {
    const cx = checkProduct(x, Wx, "x", "Wx");
    if (typeof cx === "string") return cx;
    const ch = checkProduct(h, Wh, "h_prev", "Wh");
    if (typeof ch === "string") return ch;
    const [N, D, H] = cx;
    if (ch[0] !== N) return `x has ${N} rows but h_prev has ${ch[0]}: they must be the same batch`;
    if (Wh[0] !== Wh[1] || Wh[1] !== H) return `Wh is ${formatShape(Wh)} but Wx is ${formatShape(Wx)}: Wh must be (${H}, ${H})`;
    const bad = checkBias(b, H, "Wx", Wx);
    if (bad) return bad;
    return {
      shape: [N, H],
      scratchSize: matmulScratchSize(N, D, H) + matmulScratchSize(N, H, H) + N * H,
      makeScratch: (alloc) => ({ x: matmulScratch(N, D, H, alloc.f64), h: matmulScratch(N, H, H, alloc.f64), dt: alloc.f64(N * H) }),
      wasm: wantsWasm(N, D, H) || wantsWasm(N, H, H),
    };
  },
  forward({ ins: [x, h, Wx, Wh, b], out, scratch }) {
    const o = out.data, t = scratch.dt, H = scratch.x.H;
    layerForward(h.data, Wh.data, t, scratch.h);
    layerForward(x.data, Wx.data, o, scratch.x);
    for (let i = 0; i < o.length; i += H) for (let j = 0; j < H; j++) o[i + j] = Math.tanh(t[i + j] + o[i + j] + b.data[j]);
  },
  backward({ ins: [x, h, Wx, Wh], out, g, gIns: [dx, dh, dWx, dWh, db], scratch }) {
    const o = out.data, gd = g.data, dt = scratch.dt;
    for (let i = 0; i < o.length; i++) dt[i] = gd[i] * (1 - o[i] * o[i]);
    if (db) sumRows(dt, scratch.x.N, scratch.x.H, db.data);
    layerBackward(h.data, Wh.data, dt, dh?.data, dWh?.data, scratch.h);
    layerBackward(x.data, Wx.data, dt, dx?.data, dWx?.data, scratch.x);
  },
});
