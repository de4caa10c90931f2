// MatMul, Affine and the RNN cell: the layers of the notebooks, on 2-D x and W.
import { checkSize, formatShape, sizeOf, type Shape } from "../tensor";
import { gemmSmall, isSmallProduct, layerBackward, layerForward, matmulScratch, matmulScratchSize, wantsWasm, type MatMulScratch } from "../linalg";
import { defineOp, type ByOffsets, type Planned } from "./types";
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

/** out += b on every row (N rows of H numbers from o; b from bi) */
function addBias(out: Float64Array, o: number, b: Float64Array, bi: number, N: number, H: number): void {
  for (let i = o, end = o + N * H; i < end; i += H) for (let j = 0; j < H; j++) out[i + j] += b[bi + j];
}

/** db = Σ_rows g (N rows of H numbers from gi; db from di) */
function sumRows(g: Float64Array, gi: number, N: number, H: number, db: Float64Array, di: number): void {
  for (let j = 0; j < H; j++) db[di + j] = 0;
  for (let i = 0; i < N; i++) for (let j = 0; j < H; j++) db[di + j] += g[gi + i * H + j];
}

// A small layer's products on the arena (see ByOffsets): the plain loop gemm runs them with, in the
// same order, so that a graph of thousands of 4×4 products needs no Kernel objects for them.
const matmulAt: ByOffsets = {
  forward(A, o, at, s, N, D, H) {
    gemmSmall(A, at[s], A, at[s + 1], A, o, N, D, H, false, false);
  },
  backward(A, g, _o, at, shareAt, s, N, D, H) {
    const dx = shareAt[s], dW = shareAt[s + 1];
    if (dx >= 0) gemmSmall(A, g, A, at[s + 1], A, dx, N, H, D, true, false);
    if (dW >= 0) gemmSmall(A, at[s], A, g, A, dW, D, N, H, false, true);
  },
};
const affineAt: ByOffsets = {
  forward(A, o, at, s, N, D, H) {
    matmulAt.forward(A, o, at, s, N, D, H);
    addBias(A, o, A, at[s + 2], N, H);
  },
  backward(A, g, o, at, shareAt, s, N, D, H) {
    matmulAt.backward(A, g, o, at, shareAt, s, N, D, H);
    const db = shareAt[s + 2];
    if (db >= 0) sumRows(A, g, N, H, A, db);
  },
};

/** A layer's plan: a small one runs by offsets and needs no pack scratch; a larger one packs, in WebAssembly memory when its products want the kernel. */
function planLayer(c: [number, number, number], byOffsets: ByOffsets): Planned<MatMulScratch> {
  const [N, D, H] = c;
  if (isSmallProduct(N, D, H)) return { shape: [N, H], scratch: matmulScratch(N, D, H), byOffsets, sizes: c };
  return { shape: [N, H], scratchSize: matmulScratchSize(N, D, H), makeScratch: (alloc) => matmulScratch(N, D, H, alloc.f64), wasm: wantsWasm(N, D, H) };
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
    return planLayer(c, matmulAt);
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
    const bad = checkBias(b, c[2], "W", W);
    if (bad) return bad;
    return planLayer(c, affineAt);
  },
  forward({ ins: [x, W, b], out, scratch }) {
    layerForward(x.data, W.data, out.data, scratch);
    addBias(out.data, 0, b.data, 0, scratch.N, scratch.H);
  },
  backward({ ins: [x, W], g, gIns: [dx, dW, db], scratch }) {
    layerBackward(x.data, W.data, g.data, dx?.data, dW?.data, scratch);
    if (db) sumRows(g.data, 0, scratch.N, scratch.H, db.data, 0);
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
    if (db) sumRows(dt, 0, scratch.x.N, scratch.x.H, db.data, 0);
    layerBackward(h.data, Wh.data, dt, dh?.data, dWh?.data, scratch.h);
    layerBackward(x.data, Wx.data, dt, dx?.data, dWx?.data, scratch.x);
  },
});
