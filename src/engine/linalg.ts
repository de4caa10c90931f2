// Matrix products on row-major Float64Arrays, three ways that give the same bits:
// - tiny products (a 4×4 layer): a plain loop, no packing, nothing to set up;
// - large ones: the WebAssembly SIMD kernel of gemmWasm.ts, several times faster than any JS loop
//   (bench/run.ts). A program's tensors live in WebAssembly memory when it has such products
//   (wasmArena), and then the kernel reads and writes them where they are: no copy in or out;
//   otherwise the operands are copied into the kernel's own memory and the result copied back;
// - otherwise, or where WebAssembly SIMD is missing: a register-tiled JS kernel (2 × 4).
// Every path sums each C[i, j] over k in order, one product then one addition at a time, so the
// result does not depend on the path taken. A may be read transposed (dW = xᵀ·g) and B too (dx =
// g·Wᵀ), by strides, so that no path makes a transposed copy of its own.
import { instantiate, newMemory, type Kernel, type WasmMemory } from "./gemmWasm";

/** Scratch that `gemm` needs for B's packed panels: K rows of N columns, padded to panels of 4. */
export function packSize(K: number, N: number): number {
  return K * 4 * ((N + 3) >> 2);
}

/** below this many multiply-adds, the plain loop beats anything that packs or copies */
const SMALL = 512;
/** from this many on, the WebAssembly kernel pays for its call (and, outside its memory, for the copies) */
const WASM_MIN = 32768;
/** the most of its own memory the kernel may take for copies (bytes); larger products stay in JS */
const WASM_MAX_BYTES = 512 * 1024 * 1024;
/**
 * K is cut into blocks of at most this many, so that a panel of B (KC × 4 doubles) and four rows of
 * A (4 × KC) stay in L1 (16 KiB of a 32–48 KiB L1d) while every block of rows runs over the panel.
 */
const KC = 256;
/** and M into blocks of this many rows, so that the rows of A that run over one panel of B stay in L2 (MC × KC doubles: 512 KiB) */
const MC = 128;

/** Is this product big enough for the WebAssembly kernel? (Ops ask to have their tensors in its memory.) */
export const wantsWasm = (M: number, K: number, N: number) => M * K * N >= WASM_MIN;

/**
 * C (M×N) = A (M×K) · B, where B is (K×N), or (N×K) read transposed when `bT`, and A is (M×K),
 * or (K×M) read transposed when `aT`. C is overwritten. `pack` holds at least packSize(K, N) numbers.
 */
export function gemm(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, pack: Float64Array, aT = false): void {
  const work = M * K * N;
  if (work === 0) c.fill(0, 0, M * N);
  else if (work <= SMALL) gemmSmall(a, 0, b, 0, c, 0, M, K, N, bT, aT);
  else if (work >= WASM_MIN && gemmWasm(a, b, c, M, K, N, bT, aT, pack)) return;
  else gemmJs(a, b, c, M, K, N, bT, aT, pack);
}

/** Does gemm run this product as its plain loop (which needs no pack scratch)? Every product of a layer has the same work, N·D·H. */
export const isSmallProduct = (M: number, K: number, N: number) => M * K * N <= SMALL;

/**
 * The plain loop, on operands that start at offsets (A at a[ao], B at b[bo], C at c[co]), so that
 * the executor may run a small product on its arena directly; gemm calls it with offsets 0. A
 * product of no work writes zeros, as gemm's fill does.
 */
export function gemmSmall(a: Float64Array, ao: number, b: Float64Array, bo: number, c: Float64Array, co: number, M: number, K: number, N: number, bT: boolean, aT: boolean): void {
  // A[i, k] is a[ao + i·ai + k·ak], B[k, j] is b[bo + k·bk + j·bj]
  const ai = aT ? 1 : K, ak = aT ? M : 1;
  const bk = bT ? 1 : N, bj = bT ? K : 1;
  for (let i = 0; i < M; i++) {
    const ci = co + i * N;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, p = ao + i * ai, q = bo + j * bj; k < K; k++, p += ak, q += bk) s += a[p] * b[q];
      c[ci + j] = s;
    }
  }
}

/**
 * B's columns in panels of 4, panel `from` on: dst[off + jp·K·4 + k·4 + c] = B[k, 4·jp + c]; a last
 * partial panel is padded with zeros.
 */
function packPanels(b: Float64Array, K: number, N: number, bT: boolean, dst: Float64Array, off: number, from = 0): void {
  const NP = (N + 3) >> 2;
  for (let jp = from; jp < NP; jp++) {
    const j0 = jp * 4;
    let d = off + jp * K * 4;
    if (j0 + 4 <= N) {
      if (bT) {
        const r0 = j0 * K, r1 = r0 + K, r2 = r1 + K, r3 = r2 + K;
        for (let k = 0; k < K; k++, d += 4) {
          dst[d] = b[r0 + k];
          dst[d + 1] = b[r1 + k];
          dst[d + 2] = b[r2 + k];
          dst[d + 3] = b[r3 + k];
        }
      } else {
        for (let k = 0, s = j0; k < K; k++, d += 4, s += N) {
          dst[d] = b[s];
          dst[d + 1] = b[s + 1];
          dst[d + 2] = b[s + 2];
          dst[d + 3] = b[s + 3];
        }
      }
    } else {
      for (let k = 0; k < K; k++, d += 4)
        for (let cc = 0; cc < 4; cc++) dst[d + cc] = j0 + cc < N ? (bT ? b[(j0 + cc) * K + k] : b[k * N + j0 + cc]) : 0;
    }
  }
}

function gemmJs(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, aT: boolean, pack: Float64Array): void {
  packPanels(b, K, N, bT, pack, 0);
  const NP = N >> 2;
  // A[i, k] is a[i·ai + k·ak]
  const ai = aT ? 1 : K, ak = aT ? M : 1;
  // B[k, j] for the columns that do not fill a panel is b[k·bk + j·bj]
  const bk = bT ? 1 : N, bj = bT ? K : 1;
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = i * ai, a1 = a0 + ai, c0 = i * N, c1 = c0 + N;
    for (let jp = 0; jp < NP; jp++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0, p = jp * K * 4, q = 0; k < K; k++, p += 4, q += ak) {
        const x0 = a[a0 + q], x1 = a[a1 + q];
        const b0 = pack[p], b1 = pack[p + 1], b2 = pack[p + 2], b3 = pack[p + 3];
        s00 += x0 * b0; s01 += x0 * b1; s02 += x0 * b2; s03 += x0 * b3;
        s10 += x1 * b0; s11 += x1 * b1; s12 += x1 * b2; s13 += x1 * b3;
      }
      const j = jp * 4;
      c[c0 + j] = s00; c[c0 + j + 1] = s01; c[c0 + j + 2] = s02; c[c0 + j + 3] = s03;
      c[c1 + j] = s10; c[c1 + j + 1] = s11; c[c1 + j + 2] = s12; c[c1 + j + 3] = s13;
    }
    for (let j = NP * 4; j < N; j++) {
      let s0 = 0, s1 = 0;
      for (let k = 0, p = j * bj, q = 0; k < K; k++, p += bk, q += ak) {
        s0 += a[a0 + q] * b[p];
        s1 += a[a1 + q] * b[p];
      }
      c[c0 + j] = s0;
      c[c1 + j] = s1;
    }
  }
  if (i < M) {
    const a0 = i * ai, c0 = i * N;
    for (let jp = 0; jp < NP; jp++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, p = jp * K * 4, q = a0; k < K; k++, p += 4, q += ak) {
        const x0 = a[q];
        s0 += x0 * pack[p]; s1 += x0 * pack[p + 1]; s2 += x0 * pack[p + 2]; s3 += x0 * pack[p + 3];
      }
      const j = jp * 4;
      c[c0 + j] = s0; c[c0 + j + 1] = s1; c[c0 + j + 2] = s2; c[c0 + j + 3] = s3;
    }
    for (let j = NP * 4; j < N; j++) {
      let s = 0;
      for (let k = 0, p = j * bj, q = a0; k < K; k++, p += bk, q += ak) s += a[q] * b[p];
      c[c0 + j] = s;
    }
  }
}

// ---- the WebAssembly kernel --------------------------------------------------------------------

/** Numbers of scratch the WebAssembly path packs A and B into (the JS path needs packSize(K, N) of it). */
export const gemmScratchSize = (M: number, K: number, N: number) => packSize(K, M) + packSize(K, N);

/** kernels by the memory buffer they work on: a program's arena (which never grows), or `shared`'s current buffer */
const kernels = new WeakMap<ArrayBufferLike, Kernel>();
let shared: Kernel | null | undefined;

/** The kernel that operands outside any arena are copied into; null where WebAssembly SIMD is missing. */
export function wasmKernel(): Kernel | null {
  if (shared !== undefined) return shared;
  const memory = newMemory(1);
  shared = memory && instantiate(memory);
  return shared;
}

/**
 * An arena of `numbers` doubles in a WebAssembly memory of its own, with a kernel on it, so that
 * products of tensors inside it copy nothing; null where WebAssembly SIMD is missing (use an
 * ordinary Float64Array then: the numbers are the same). The memory never grows, so views stay valid.
 */
export function wasmArena(numbers: number): Float64Array | null {
  const memory: WasmMemory | null = newMemory(8 * numbers);
  const k = memory && instantiate(memory);
  if (!k) return null;
  kernels.set(memory!.buffer, k);
  return new Float64Array(memory!.buffer, 0, numbers);
}

/**
 * Packs an operand into panels of 4 at dst (a double index in the kernel's memory): the columns of a
 * row-major K×n matrix at src, or (byRows) the rows of a row-major n×K one. WebAssembly packs the
 * full panels, this loop the last, partial one.
 */
function packInto(w: Kernel, mem: Float64Array, src: number, K: number, n: number, byRows: boolean, dst: number): void {
  const full = n >> 2;
  if (full) (byRows ? w.packRows : w.packCols)(8 * src, 8 * (byRows ? K : n), K, full, 8 * dst);
  if (n & 3) packPanels(mem.subarray(src), K, n, byRows, mem, dst, full);
}

/**
 * C = A·B with every operand in the kernel's memory (double indexes): A and B packed into panels at
 * pack, then the tiles run over them.
 */
function wasmProduct(w: Kernel, a: number, b: number, c: number, pack: number, M: number, K: number, N: number, bT: boolean, aT: boolean): void {
  const mem = new Float64Array(w.memory.buffer);
  // A's rows are B's columns: a row-major A packs by rows (as a transposed B does), an A read transposed by columns
  const ap = pack, bp = pack + packSize(K, M);
  packInto(w, mem, a, K, M, !aT, ap);
  packInto(w, mem, b, K, N, bT, bp);
  const crs = 8 * N, aps = 32 * K, bps = 32 * K;
  const M4 = M >> 2, mr = M & 3, N4 = N >> 2;
  const blocks = Math.ceil(K / KC), kc = Math.ceil(K / blocks);
  for (let k0 = 0; k0 < K; k0 += kc) {
    const kn = Math.min(kc, K - k0), first = k0 === 0 ? 1 : 0;
    for (let i0 = 0; i0 < M4; i0 += MC / 4) {
      // panels i0.. of A (the last one may hold fewer than 4 rows), K from k0
      const m4 = Math.min(MC / 4, M4 - i0), rest = i0 + m4 === M4 ? mr : 0;
      const ak = 8 * ap + i0 * aps + 32 * k0, bk = 8 * bp + 32 * k0, ci = 8 * c + 4 * i0 * crs;
      tileColumns(w, ak, aps, bk, bps, ci, crs, m4, rest, N4, N & 3, kn, first);
    }
    if (!M4) tileColumns(w, 8 * ap + 32 * k0, aps, 8 * bp + 32 * k0, bps, 8 * c, crs, 0, mr, N4, N & 3, kn, first);
  }
}

/** The tiles of m4 full panels of A, then one of `rest` rows, against N4 full panels of B, then a pair and a single column as `nr` says. */
function tileColumns(w: Kernel, a: number, aps: number, b: number, bps: number, c: number, crs: number, m4: number, rest: number, N4: number, nr: number, K: number, first: number): void {
  const run = (col: number, width: number, NB: number) => {
    const bj = b + (col >> 2) * bps + 8 * (col & 3), cj = c + 8 * col;
    if (m4) w.tile(4, width)(a, aps, bj, bps, cj, crs, m4, NB, K, first);
    if (rest) w.tile(rest, width)(a + m4 * aps, aps, bj, bps, cj + 4 * m4 * crs, crs, 1, NB, K, first);
  };
  if (N4) run(0, 4, N4);
  if (nr & 2) run(4 * N4, 2, 1);
  if (nr & 1) run(4 * N4 + (nr & 2), 1, 1);
}

function gemmWasm(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, aT: boolean, pack: Float64Array): boolean {
  return gemmResident(a, b, c, M, K, N, bT, aT, pack) || gemmCopied(a, b, c, M, K, N, bT, aT);
}

/** Everything already in one kernel's memory (a program's arena): no copy in or out. False when not. */
function gemmResident(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, aT: boolean, pack: Float64Array): boolean {
  const buf = c.buffer;
  const home = a.buffer === buf && b.buffer === buf && pack.buffer === buf ? kernels.get(buf) : undefined;
  if (!home || pack.length < gemmScratchSize(M, K, N)) return false;
  wasmProduct(home, a.byteOffset / 8, b.byteOffset / 8, c.byteOffset / 8, pack.byteOffset / 8, M, K, N, bT, aT);
  return true;
}

/** Operands copied into the shared kernel's memory, the result copied back. False without WebAssembly SIMD, or memory. */
function gemmCopied(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, aT: boolean): boolean {
  const w = wasmKernel();
  if (!w) return false;
  // in doubles: A and B as they are, their panels, then C
  const aLen = M * K, bLen = K * N, cLen = M * N;
  const bytes = 8 * (aLen + bLen + gemmScratchSize(M, K, N) + cLen);
  if (bytes > WASM_MAX_BYTES) return false;
  const have = w.memory.buffer.byteLength;
  if (have < bytes) {
    try {
      w.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false; // no memory to grow into: the JS kernel needs none
    }
  }
  const mem = new Float64Array(w.memory.buffer);
  mem.set(a.subarray(0, aLen), 0);
  mem.set(b.subarray(0, bLen), aLen);
  const cOff = aLen + bLen + gemmScratchSize(M, K, N);
  wasmProduct(w, 0, aLen, cOff, aLen + bLen, M, K, N, bT, aT);
  c.set(mem.subarray(cOff, cOff + cLen));
  return true;
}

/** Each path by itself, whatever the size, so that the tests hold every one to the same bits. */
type Path = (a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, aT: boolean, pack: Float64Array) => boolean;
export const gemmPaths: Record<"small" | "js" | "copied" | "resident", Path> = {
  small: (a, b, c, M, K, N, bT, aT) => (gemmSmall(a, 0, b, 0, c, 0, M, K, N, bT, aT), true),
  js: (a, b, c, M, K, N, bT, aT, pack) => (gemmJs(a, b, c, M, K, N, bT, aT, pack), true),
  copied: (a, b, c, M, K, N, bT, aT) => gemmCopied(a, b, c, M, K, N, bT, aT),
  resident: gemmResident,
};

// ---- layers ----------------------------------------------------------------------------------

/** dst (cols×rows) = srcᵀ for a row-major src (rows×cols). */
export function transpose2d(src: Float64Array, rows: number, cols: number, dst: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) dst[j * rows + i] = src[r + j];
  }
}

/** Scratch for the products of a layer y = x·W with x (N×D), W (D×H). */
export interface MatMulScratch {
  N: number;
  D: number;
  H: number;
  /** A's and B's panels, for whichever product runs */
  pack: Float64Array;
}

/**
 * How many numbers matmulScratch(N, D, H) holds: enough for any of the layer's three products, and
 * none for a small layer, whose products all run as the plain loop (a graph of thousands of 4×4
 * products then keeps its arena, the memory a run walks, to its tensors).
 */
export const matmulScratchSize = (N: number, D: number, H: number) =>
  isSmallProduct(N, D, H) ? 0 : Math.max(gemmScratchSize(N, D, H), gemmScratchSize(N, H, D), gemmScratchSize(D, N, H));

const NO_PACK = new Float64Array(0);

/** `alloc` gives the buffer (from a program's arena, so that the kernel packs where it reads); default a new array. */
export function matmulScratch(N: number, D: number, H: number, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): MatMulScratch {
  const size = matmulScratchSize(N, D, H);
  return { N, D, H, pack: size ? alloc(size) : NO_PACK };
}

/** y = x·W */
export function layerForward(x: Float64Array, W: Float64Array, y: Float64Array, s: MatMulScratch): void {
  gemm(x, W, y, s.N, s.D, s.H, false, s.pack);
}

/** dx = g·Wᵀ (when dx) and dW = xᵀ·g (when dW) */
export function layerBackward(x: Float64Array, W: Float64Array, g: Float64Array, dx: Float64Array | undefined, dW: Float64Array | undefined, s: MatMulScratch): void {
  if (dx) gemm(g, W, dx, s.N, s.H, s.D, true, s.pack);
  if (dW) gemm(x, g, dW, s.D, s.N, s.H, false, s.pack, true);
}
