import { describe, expect, it } from "vitest";
import { gemm, gemmPaths, gemmScratchSize, layerBackward, layerForward, matmulScratch, matmulScratchSize, packSize, transpose2d, wasmArena, wasmKernel } from "./linalg";
import { RandomState } from "./random";

/** C = A·B the obvious way: each C[i, j] summed over k in order, as every path of gemm sums it */
function naive(a: Float64Array, b: Float64Array, M: number, K: number, N: number, bT: boolean, aT = false): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (aT ? a[k * M + i] : a[i * K + k]) * (bT ? b[j * K + k] : b[k * N + j]);
      c[i * N + j] = s;
    }
  return c;
}

/** the first index where two arrays differ in any bit (NaN equal to NaN), or -1 (toEqual is slow on big arrays) */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

const rs = new RandomState(5);
const randn = (n: number) => Float64Array.from({ length: n }, () => rs.gauss());

/** a, b, c and the scratch in one WebAssembly arena, as a program's tensors are */
function inArena(a: Float64Array, b: Float64Array, M: number, K: number, N: number) {
  const sizes = [a.length, b.length, M * N, gemmScratchSize(M, K, N)];
  const arena = wasmArena(sizes.reduce((s, n) => s + n + 1, 1))!;
  let at = 1; // not at the arena's start, and at odd offsets: nothing may assume alignment
  const [ra, rb, rc, rp] = sizes.map((n) => arena.subarray(at, (at += n + 1) - 1));
  ra.set(a);
  rb.set(b);
  rc.fill(NaN);
  return { a: ra, b: rb, c: rc, pack: rp };
}

const transposes = [
  { name: "A·B", aT: false, bT: false },
  { name: "A·Bᵀ", aT: false, bT: true },
  { name: "Aᵀ·B", aT: true, bT: false },
];

describe("gemm", () => {
  it("has the WebAssembly SIMD kernel in Node", () => {
    expect(wasmKernel()).not.toBeNull();
  });

  // what gemm picks by size: tiny (plain loop), middling (JS kernel), large (WebAssembly, copied in)
  const sizes: [number, number, number][] = [[1, 1, 1], [4, 4, 4], [2, 3, 5], [7, 5, 3], [33, 17, 9], [9, 40, 6], [64, 128, 10], [129, 67, 131], [1, 300, 200], [200, 300, 1], [64, 784, 128]];
  for (const [M, K, N] of sizes)
    for (const { name, aT, bT } of transposes)
      it(`${M}×${K}×${N}, ${name}, equals the plain sum to the last bit`, () => {
        const a = randn(M * K), b = randn(K * N);
        const c = new Float64Array(M * N).fill(NaN); // C is overwritten, not accumulated into
        gemm(a, b, c, M, K, N, bT, new Float64Array(packSize(K, N)), aT);
        expect(firstDifference(c, naive(a, b, M, K, N, bT, aT))).toBe(-1);
      });

  // Every path on shapes that hit every edge of the WebAssembly kernel's blocking: M and N at each
  // remainder mod 4 (tiles of 1–3 rows, a pair and a single column), fewer than 4 rows or columns
  // (no full panel), M across its blocks of 128 rows, K = 1, odd K (the row packer's last k), K
  // around and across its blocks of 256 (784 = 4 blocks of 196), products in the kernel's memory
  // and copied into it.
  const edges: [number, number, number][] = [
    [1, 1, 1], [3, 2, 3], [4, 1, 4], [5, 3, 6], [6, 7, 7], [7, 9, 2], [2, 5, 9], [1, 33, 4], [4, 33, 1],
    [127, 5, 5], [128, 6, 8], [129, 3, 13], [131, 2, 4], [257, 4, 6],
    [9, 255, 7], [6, 256, 10], [5, 257, 11], [8, 512, 4], [7, 513, 6], [4, 784, 5], [66, 784, 130], [3, 1025, 3],
  ];
  for (const path of ["small", "js", "copied", "resident"] as const)
    describe(`path: ${path}`, () => {
      for (const [M, K, N] of edges)
        for (const { name, aT, bT } of transposes)
          it(`${M}×${K}×${N}, ${name}`, () => {
            const a = randn(M * K), b = randn(K * N);
            const want = naive(a, b, M, K, N, bT, aT);
            const ops = path === "resident" ? inArena(a, b, M, K, N) : { a, b, c: new Float64Array(M * N).fill(NaN), pack: new Float64Array(packSize(K, N)) };
            expect(gemmPaths[path](ops.a, ops.b, ops.c, M, K, N, bT, aT, ops.pack)).toBe(true);
            expect(firstDifference(ops.c, want)).toBe(-1);
          });
    });

  it("keeps the bits of signed zeros, infinities and NaN on every path", () => {
    const [M, K, N] = [6, 9, 7];
    const special = [0, -0, Infinity, -Infinity, NaN, 1e308, -1e308, 5e-324, 1];
    const a = Float64Array.from({ length: M * K }, (_, i) => special[(i * 7) % special.length] * (i % 3 ? 1 : -1));
    const b = Float64Array.from({ length: K * N }, (_, i) => special[(i * 5) % special.length]);
    for (const { aT, bT } of transposes) {
      const want = naive(a, b, M, K, N, bT, aT);
      for (const path of ["small", "js", "copied", "resident"] as const) {
        const ops = path === "resident" ? inArena(a, b, M, K, N) : { a, b, c: new Float64Array(M * N), pack: new Float64Array(packSize(K, N)) };
        gemmPaths[path](ops.a, ops.b, ops.c, M, K, N, bT, aT, ops.pack);
        expect(firstDifference(ops.c, want), `${path}`).toBe(-1);
      }
    }
  });

  it("a product in an arena reads and writes its tensors where they are", () => {
    const [M, K, N] = [64, 784, 12];
    const a = randn(M * K), b = randn(K * N);
    const ops = inArena(a, b, M, K, N);
    const before = [Float64Array.from(ops.a), Float64Array.from(ops.b)];
    gemm(ops.a, ops.b, ops.c, M, K, N, false, ops.pack);
    expect(firstDifference(ops.c, naive(a, b, M, K, N, false))).toBe(-1);
    // the operands are left as they were
    expect(firstDifference(ops.a, before[0])).toBe(-1);
    expect(firstDifference(ops.b, before[1])).toBe(-1);
  });

  it("K = 0 gives zeros", () => {
    const c = new Float64Array(6).fill(NaN);
    gemm(new Float64Array(0), new Float64Array(0), c, 2, 0, 3, false, new Float64Array(0));
    expect(Array.from(c)).toEqual([0, 0, 0, 0, 0, 0]);
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
    for (const [N, D, H] of [[5, 7, 3], [64, 784, 128]]) {
      const x = randn(N * D), W = randn(D * H), g = randn(N * H);
      const s = matmulScratch(N, D, H);
      expect(s.pack.length).toBe(matmulScratchSize(N, D, H));
      const y = new Float64Array(N * H), dx = new Float64Array(N * D), dW = new Float64Array(D * H);
      layerForward(x, W, y, s);
      layerBackward(x, W, g, dx, dW, s);
      expect(firstDifference(y, naive(x, W, N, D, H, false))).toBe(-1);
      expect(firstDifference(dx, naive(g, W, N, H, D, true))).toBe(-1);
      const xT = new Float64Array(D * N);
      transpose2d(x, N, D, xT);
      expect(firstDifference(dW, naive(xT, g, D, N, H, false))).toBe(-1);
    }
  });

  it("transposes", () => {
    const t = new Float64Array(6);
    transpose2d(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3, t);
    expect(Array.from(t)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
