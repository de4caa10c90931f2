import { describe, expect, it } from "vitest";
import { gemm, layerBackward, layerForward, matmulScratch, packSize, transpose2d, wasmKernel } from "./linalg";
import { RandomState } from "./random";

/** C = A·B the obvious way: each C[i, j] summed over k in order, as every path of gemm sums it */
function naive(a: Float64Array, b: Float64Array, M: number, K: number, N: number, bT: boolean): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k] * (bT ? b[j * K + k] : b[k * N + j]);
      c[i * N + j] = s;
    }
  return c;
}

/** the first index where two arrays differ in any bit, or -1 (toEqual is slow on big arrays) */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const rs = new RandomState(5);
const randn = (n: number) => Float64Array.from({ length: n }, () => rs.gauss());

describe("gemm", () => {
  it("has the WebAssembly SIMD kernel in Node", () => {
    expect(wasmKernel()).not.toBeNull();
  });

  // tiny (plain loop), middling (JS kernel), large (WebAssembly), odd sizes for every remainder path
  const sizes: [number, number, number][] = [[1, 1, 1], [4, 4, 4], [2, 3, 5], [7, 5, 3], [33, 17, 9], [9, 40, 6], [64, 128, 10], [129, 67, 131], [1, 300, 200], [200, 300, 1], [64, 784, 128]];
  for (const [M, K, N] of sizes)
    for (const bT of [false, true])
      it(`${M}×${K} · ${bT ? `(${N}×${K})ᵀ` : `${K}×${N}`} equals the plain sum to the last bit`, () => {
        const a = randn(M * K), b = randn(K * N);
        const c = new Float64Array(M * N).fill(NaN); // C is overwritten, not accumulated into
        gemm(a, b, c, M, K, N, bT, new Float64Array(packSize(K, N)));
        expect(firstDifference(c, naive(a, b, M, K, N, bT))).toBe(-1);
      });

  it("keeps working after its WebAssembly memory grows", () => {
    const [M, K, N] = [300, 400, 300];
    const a = randn(M * K), b = randn(K * N), c = new Float64Array(M * N);
    gemm(a, b, c, M, K, N, false, new Float64Array(packSize(K, N)));
    expect(firstDifference(c, naive(a, b, M, K, N, false))).toBe(-1);
    const small = [randn(64 * 64), randn(64 * 64)];
    const c2 = new Float64Array(64 * 64);
    gemm(small[0], small[1], c2, 64, 64, 64, false, new Float64Array(packSize(64, 64)));
    expect(firstDifference(c2, naive(small[0], small[1], 64, 64, 64, false))).toBe(-1);
  });
});

describe("layers", () => {
  it("forward x·W, backward g·Wᵀ and xᵀ·g", () => {
    const [N, D, H] = [5, 7, 3];
    const x = randn(N * D), W = randn(D * H), g = randn(N * H);
    const s = matmulScratch(N, D, H);
    const y = new Float64Array(N * H), dx = new Float64Array(N * D), dW = new Float64Array(D * H);
    layerForward(x, W, y, s);
    layerBackward(x, W, g, dx, dW, s);
    expect(y).toEqual(naive(x, W, N, D, H, false));
    expect(dx).toEqual(naive(g, W, N, H, D, true));
    const xT = new Float64Array(D * N);
    transpose2d(x, N, D, xT);
    expect(dW).toEqual(naive(xT, g, D, N, H, false));
  });

  it("transposes", () => {
    const t = new Float64Array(6);
    transpose2d(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3, t);
    expect(Array.from(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
