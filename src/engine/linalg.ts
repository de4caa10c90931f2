// Matrix products on row-major Float64Arrays, three ways that give the same bits:
// - tiny products (a 4×4 layer): a plain loop, no packing, nothing to set up;
// - large ones: a WebAssembly SIMD kernel (4 rows × 4 columns of C in f64x2 registers) over a
//   packed copy of B, several times faster than any JS loop (measured in bench/run.ts);
// - otherwise, or where WebAssembly SIMD is missing: a register-tiled JS kernel (2 × 4).
// Every path sums each C[i, j] over k in order, one product then one addition at a time, so the
// result does not depend on the path taken.

/** Scratch that `gemm` needs for B's packed panels. */
export function packSize(K: number, N: number): number {
  return K * (N - (N % 4));
}

/** below this many multiply-adds, the plain loop beats anything that packs or copies */
const SMALL = 512;
/** from this many on, copying into WebAssembly memory pays for itself */
const WASM_MIN = 32768;
/** the most WebAssembly memory the kernel may take (bytes); larger products stay in JS */
const WASM_MAX_BYTES = 512 * 1024 * 1024;

/**
 * C (M×N) = A (M×K) · B, where B is (K×N), or (N×K) read transposed when `bT`.
 * C is overwritten. `pack` holds at least packSize(K, N) numbers.
 */
export function gemm(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, pack: Float64Array): void {
  const work = M * K * N;
  if (work <= SMALL) gemmSmall(a, b, c, M, K, N, bT);
  else if (work >= WASM_MIN && gemmWasm(a, b, c, M, K, N, bT)) return;
  else gemmJs(a, b, c, M, K, N, bT, pack);
}

function gemmSmall(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean): void {
  // B[k, j] is b[k·sk + j·sj]
  const sk = bT ? 1 : N, sj = bT ? K : 1;
  for (let i = 0; i < M; i++) {
    const ai = i * K, ci = i * N;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0, p = j * sj; k < K; k++, p += sk) s += a[ai + k] * b[p];
      c[ci + j] = s;
    }
  }
}

/** B's columns in panels of 4: dst[jp·K·4 + k·4 + c] = B[k, 4·jp + c]; a last partial panel is padded with zeros when `pad` */
function packPanels(b: Float64Array, K: number, N: number, bT: boolean, dst: Float64Array, off: number, pad: boolean): void {
  const NP = pad ? (N + 3) >> 2 : N >> 2;
  for (let jp = 0; jp < NP; jp++) {
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

function gemmJs(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean, pack: Float64Array): void {
  packPanels(b, K, N, bT, pack, 0, false);
  const NP = N >> 2;
  // B[k, j] for the columns that do not fill a panel is b[k·sk + j·sj]
  const sk = bT ? 1 : N, sj = bT ? K : 1;
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = i * K, a1 = a0 + K, c0 = i * N, c1 = c0 + N;
    for (let jp = 0; jp < NP; jp++) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0, p = jp * K * 4; k < K; k++, p += 4) {
        const x0 = a[a0 + k], x1 = a[a1 + k];
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
      for (let k = 0, p = j * sj; k < K; k++, p += sk) {
        s0 += a[a0 + k] * b[p];
        s1 += a[a1 + k] * b[p];
      }
      c[c0 + j] = s0;
      c[c1 + j] = s1;
    }
  }
  if (i < M) {
    const a0 = i * K, c0 = i * N;
    for (let jp = 0; jp < NP; jp++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0, p = jp * K * 4; k < K; k++, p += 4) {
        const x0 = a[a0 + k];
        s0 += x0 * pack[p]; s1 += x0 * pack[p + 1]; s2 += x0 * pack[p + 2]; s3 += x0 * pack[p + 3];
      }
      const j = jp * 4;
      c[c0 + j] = s0; c[c0 + j + 1] = s1; c[c0 + j + 2] = s2; c[c0 + j + 3] = s3;
    }
    for (let j = NP * 4; j < N; j++) {
      let s = 0;
      for (let k = 0, p = j * sj; k < K; k++, p += sk) s += a[a0 + k] * b[p];
      c[c0 + j] = s;
    }
  }
}

// ---- the WebAssembly kernel --------------------------------------------------------------------

/**
 * The little of WebAssembly this kernel uses. Node, browsers and workers all have it, but its types
 * come with the DOM library, which the engine is checked without (src/engine/tsconfig.json).
 */
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Instance {
    constructor(module: Module);
    readonly exports: object;
  }
  function validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}

interface WasmKernel {
  memory: WebAssembly.Memory;
  /** C (4·M4 rows × 4·NP columns) = A (4·M4 × K) · panels of B; pointers are byte offsets */
  gemm4x4: (a: number, b: number, c: number, M4: number, K: number, NP: number) => void;
}

let kernel: WasmKernel | null | undefined;

/**
 * The kernel, made on first use; null where WebAssembly or its SIMD is not available (or a page's
 * Content-Security-Policy forbids it). The module is under 1 KB, small enough to compile
 * synchronously even on a browser's main thread.
 */
export function wasmKernel(): WasmKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = assembleKernel();
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    kernel = instance.exports as unknown as WasmKernel;
  } catch {
    kernel = null;
  }
  return kernel;
}

function gemmWasm(a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number, bT: boolean): boolean {
  const w = wasmKernel();
  if (!w) return false;
  const M4 = (M + 3) >> 2, NP = (N + 3) >> 2;
  // layout (in doubles): A padded to 4·M4 rows, B's panels, C of 4·M4 × 4·NP
  const aLen = 4 * M4 * K, bLen = NP * K * 4, cLen = 4 * M4 * NP * 4;
  const bytes = 8 * (aLen + bLen + cLen);
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
  mem.set(a.subarray(0, M * K), 0);
  mem.fill(0, M * K, aLen);
  packPanels(b, K, N, bT, mem, aLen, true);
  w.gemm4x4(0, 8 * aLen, 8 * (aLen + bLen), M4, K, NP);
  const cOff = aLen + bLen, W = 4 * NP;
  if (W === N) c.set(mem.subarray(cOff, cOff + M * N));
  else for (let i = 0; i < M; i++) c.set(mem.subarray(cOff + i * W, cOff + i * W + N), i * N);
  return true;
}

/**
 * The kernel's bytes, assembled here so that no build step or binary file is needed.
 * gemm4x4(a, b, c, M4, K, NP): for each block of 4 rows and each panel of 4 columns, eight
 * f64x2 accumulators run over k: acc += splat(A[i, k]) · B[k, j..j+1], as the JS kernels do.
 */
function assembleKernel(): Uint8Array<ArrayBuffer> {
  const [a, b, c, M4, K, NP] = [0, 1, 2, 3, 4, 5];
  const [ib, jp, k, pa0, pa1, pa2, pa3, pb, rowBytes, cRow, cRowBytes] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const acc = [17, 18, 19, 20, 21, 22, 23, 24];
  const [b01, b23, x] = [25, 26, 27];
  const pa = [pa0, pa1, pa2, pa3];
  const SIMD = 0xfd;
  const get = (i: number) => [0x20, i], set = (i: number) => [0x21, i], tee = (i: number) => [0x22, i];
  const i32 = (v: number) => [0x41, ...sleb(v)];
  const add = 0x6a, mul = 0x6c, shl = 0x74, geU = 0x4f;
  const f64load = [0x2b, 3, 0];
  const v128load = (offset: number) => [SIMD, 0x00, 4, offset];
  const v128store = (offset: number) => [SIMD, 0x0b, 4, offset];
  const splat = [SIMD, 0x14], f64x2add = [SIMD, 0xf0, 0x01], f64x2mul = [SIMD, 0xf2, 0x01];
  const zero = [SIMD, 0x0c, ...new Array(16).fill(0)];
  const inc = (i: number, by: number) => [...get(i), ...i32(by), add, ...set(i)];
  /** for (v = 0; v < limit; v++) body — a block around a loop, as wasm spells it */
  const forLoop = (v: number, limit: number, body: number[]) => [...i32(0), ...set(v), 0x02, 0x40, 0x03, 0x40, ...get(v), ...get(limit), geU, 0x0d, 1, ...body, ...inc(v, 1), 0x0c, 0, 0x0b, 0x0b];

  const kBody: number[] = [...get(pb), ...v128load(0), ...set(b01), ...get(pb), ...v128load(16), ...set(b23)];
  for (let r = 0; r < 4; r++) {
    kBody.push(...get(pa[r]), ...f64load, ...splat, ...tee(x));
    kBody.push(...get(b01), ...f64x2mul, ...get(acc[2 * r]), ...f64x2add, ...set(acc[2 * r]));
    kBody.push(...get(x), ...get(b23), ...f64x2mul, ...get(acc[2 * r + 1]), ...f64x2add, ...set(acc[2 * r + 1]));
  }
  for (const p of pa) kBody.push(...inc(p, 8));
  kBody.push(...inc(pb, 32));

  const jBody: number[] = [];
  for (const r of acc) jBody.push(...zero, ...set(r));
  // pa0 = a + ib·4·rowBytes, and the next three rows; pb = b + jp·K·32
  jBody.push(...get(a), ...get(ib), ...get(rowBytes), mul, ...i32(2), shl, add, ...tee(pa0));
  jBody.push(...get(rowBytes), add, ...tee(pa1), ...get(rowBytes), add, ...tee(pa2), ...get(rowBytes), add, ...set(pa3));
  jBody.push(...get(b), ...get(jp), ...get(K), mul, ...i32(5), shl, add, ...set(pb));
  jBody.push(...forLoop(k, K, kBody));
  // cRow = c + ib·4·cRowBytes + jp·32; four rows of two stores
  jBody.push(...get(c), ...get(ib), ...get(cRowBytes), mul, ...i32(2), shl, add, ...get(jp), ...i32(5), shl, add, ...set(cRow));
  for (let r = 0; r < 4; r++) {
    jBody.push(...get(cRow), ...get(acc[2 * r]), ...v128store(0), ...get(cRow), ...get(acc[2 * r + 1]), ...v128store(16));
    if (r < 3) jBody.push(...get(cRow), ...get(cRowBytes), add, ...set(cRow));
  }

  const body = [
    ...get(K), ...i32(3), shl, ...set(rowBytes),
    ...get(NP), ...i32(5), shl, ...set(cRowBytes),
    ...forLoop(ib, M4, forLoop(jp, NP, jBody)),
    0x0b,
  ];
  // locals: 11 i32, 11 v128
  const func = [2, 11, 0x7f, 11, 0x7b, ...body];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = [...uleb(7), ...[..."gemm4x4"].map((ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]), // type: (i32 × 6) → ()
    ...section(3, [1, 0]), // one function of type 0
    ...section(5, [1, 0, 1]), // memory: at least one page, growable
    ...section(7, [2, ...name, 0, 0, ...uleb(6), ...[..."memory"].map((ch) => ch.charCodeAt(0)), 2, 0]),
    ...section(10, [1, ...uleb(func.length), ...func]),
  ]);
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

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
  pack: Float64Array;
  /** xᵀ, for dW = xᵀ·g */
  xT: Float64Array;
}

/** How many numbers matmulScratch(N, D, H) holds. */
export const matmulScratchSize = (N: number, D: number, H: number) => Math.max(packSize(D, H), packSize(H, D), packSize(N, H)) + N * D;

export function matmulScratch(N: number, D: number, H: number): MatMulScratch {
  const pack = new Float64Array(Math.max(packSize(D, H), packSize(H, D), packSize(N, H)));
  return { N, D, H, pack, xT: new Float64Array(N * D) };
}

/** y = x·W */
export function layerForward(x: Float64Array, W: Float64Array, y: Float64Array, s: MatMulScratch): void {
  gemm(x, W, y, s.N, s.D, s.H, false, s.pack);
}

/** dx = g·Wᵀ (when dx) and dW = xᵀ·g (when dW) */
export function layerBackward(x: Float64Array, W: Float64Array, g: Float64Array, dx: Float64Array | undefined, dW: Float64Array | undefined, s: MatMulScratch): void {
  if (dx) gemm(g, W, dx, s.N, s.H, s.D, true, s.pack);
  if (dW) {
    transpose2d(x, s.N, s.D, s.xT);
    gemm(s.xT, g, dW, s.D, s.N, s.H, false, s.pack);
  }
}
