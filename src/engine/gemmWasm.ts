// The WebAssembly SIMD kernel behind linalg.ts's gemm, assembled here byte by byte so that no build
// step or binary file is needed.
//
// Both operands are first packed into panels of 4 (two pack functions, below): a panel holds, for
// each k in turn, 4 numbers in 32 bytes — four rows of A (A[i..i+3, k]) or four columns of B
// (B[k, j..j+3]). The tile functions then keep a tile of C of mr rows × nr columns (mr 1–4, nr 4, 2
// or 1) in registers while k runs, reading both panels front to back through one pointer each:
//   acc[r] += splat(A[i + r, k]) · B[k, j..j+nr]
// v128.load64_splat reads A[i + r, k] into both lanes in one instruction (f64.load + f64x2.splat
// took two), and with two pointers V8 keeps the whole loop in registers: 26 instructions per k,
// 16 of them the multiplies and adds.
//
// Each C[i, j] is summed over k in order, one product then one addition (f64x2 lanes are IEEE
// doubles, like JS numbers), so the result is bit for bit the plain loop's. The caller blocks K: a
// tile starts from zeros on the first block (`first`) and from what C holds after that, which changes
// no bit, as a double is stored and loaded exactly.

import { F64X2_ADD, F64X2_MUL, get, HEADER, load64Splat, section, set, SIMD, sleb, tee, text, uleb, vec, type Code } from "./wasmAsm";

/** The little of WebAssembly used here. Its types come with the DOM library, which the engine is checked without. */
declare namespace WebAssembly {
  class Memory {
    constructor(d: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array<ArrayBuffer>);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
  function validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}
export type WasmMemory = WebAssembly.Memory;

/**
 * One tile function, all pointers and strides in bytes: for each of NB panels of B (at b, bps
 * apart) and, inside, each of MB panels of A (at a, aps apart), C's tile at c + 8·nr·jp + 4·crs·ib
 * (+)= A's panel · B's panel over K values of k.
 */
export type TileFn = (a: number, aps: number, b: number, bps: number, c: number, crs: number, MB: number, NB: number, K: number, first: number) => void;
/**
 * A pack function: panels of 4 from a row-major matrix at src with rows srs bytes apart, K numbers
 * along each panel, NP panels to dst (K·32 bytes each). `packCols` takes 4 columns (K rows of them),
 * `packRows` 4 rows (K columns of them).
 */
export type PackFn = (src: number, srs: number, K: number, NP: number, dst: number) => void;

const ROWS = [1, 2, 3, 4] as const;
const COLS = [4, 2, 1] as const;
const tileName = (mr: number, nr: number) => `tile${mr}x${nr}`;

export interface Kernel {
  readonly memory: WebAssembly.Memory;
  /** the tile function of mr rows × nr columns */
  tile(mr: number, nr: number): TileFn;
  readonly packCols: PackFn;
  readonly packRows: PackFn;
}

// ---- control flow and memory access, on wasmAsm.ts's basics ------------------------------------

const i32 = (v: number): Code => [0x41, ...sleb(v)];
const I32_ADD = 0x6a, I32_SUB = 0x6b, I32_SHL = 0x74, I32_SHR_U = 0x76, I32_AND = 0x71;
/** local l += the value `by` leaves */
const addTo = (l: number, by: Code): Code => [...get(l), ...by, I32_ADD, ...set(l)];
/** runs body, then counts local l down, until it is 0 (it must start ≥ 1) */
const countDown = (l: number, body: Code): Code => [0x03, 0x40, ...body, ...get(l), ...i32(1), I32_SUB, ...tee(l), 0x0d, 0, 0x0b];
/** when local l ≠ 0: countDown(l, body) */
const repeat = (l: number, body: Code): Code => [...get(l), 0x04, 0x40, ...countDown(l, body), 0x0b];
/** if (local l ≠ 0) then … else … */
const ifElse = (l: number, then: Code, otherwise: Code): Code => [...get(l), 0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];

// memory access: [opcode…, log2(alignment), offset]
const v128Load = (off: number): Code => [SIMD, 0x00, 4, ...uleb(off)];
const v128Store = (off: number): Code => [SIMD, 0x0b, 4, ...uleb(off)];
const f64Load = (off: number): Code => [0x2b, 3, ...uleb(off)];
const f64Store = (off: number): Code => [0x39, 3, ...uleb(off)];
const V128_ZERO: Code = [SIMD, 0x0c, ...new Array(16).fill(0)];
const F64_ZERO: Code = [0x44, 0, 0, 0, 0, 0, 0, 0, 0];
const F64_ADD: Code = [0xa0], F64_MUL: Code = [0xa2];
/** i8x16.shuffle of two f64x2: the low doubles of both (a₀, b₀), or the high ones (a₁, b₁) */
const range = (from: number) => Array.from({ length: 8 }, (_, i) => from + i);
const LOWS: Code = [SIMD, 0x0d, ...range(0), ...range(16)];
const HIGHS: Code = [SIMD, 0x0d, ...range(8), ...range(24)];

// ---- the tile function -----------------------------------------------------------------------

// locals: the 10 parameters, then i32 work locals, then the register tile
const [a, aps, b, bps, c, crs, MB, NB, K, first] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [ib, jp, k, pa, pb, pc, aBlk, cBlk, bPan, cPan] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
const I32_LOCALS = 10;
const V = 20; // first vector (or double) local: acc[r][h] = V + 2r + h, then bv[0], bv[1], x
const acc = (r: number, h: number) => V + 2 * r + h;
const bv = (h: number) => V + 8 + h;
const x = V + 10;
const VEC_LOCALS = 11;

function tileFunction(mr: number, nr: number): Code {
  // nr 4: two f64x2 per row; nr 2: one; nr 1: a plain double per row
  const halves = nr === 4 ? 2 : 1;
  const scalar = nr === 1;
  const load = scalar ? f64Load : v128Load, store = scalar ? f64Store : v128Store;
  const ADD = scalar ? F64_ADD : F64X2_ADD, MUL = scalar ? F64_MUL : F64X2_MUL;
  const rows = Array.from({ length: mr }, (_, r) => r);
  const hs = Array.from({ length: halves }, (_, h) => h);

  // one k: B's nr numbers, then for each row A[i + r, k] (in both lanes) times them, added in
  const kStep: Code = [];
  for (const h of hs) kStep.push(...get(pb), ...load(16 * h), ...set(bv(h)));
  for (const r of rows) {
    kStep.push(...get(pa), ...(scalar ? f64Load(8 * r) : load64Splat(8 * r)), ...set(x));
    for (const h of hs) kStep.push(...get(x), ...get(bv(h)), ...MUL, ...get(acc(r, h)), ...ADD, ...set(acc(r, h)));
  }
  kStep.push(...addTo(pa, i32(32)), ...addTo(pb, i32(32)));

  // C's tile at cBlk: row r at cBlk + r·crs
  const tileRows = (each: (r: number) => Code): Code => {
    const out: Code = [...get(cBlk), ...set(pc)];
    for (const r of rows) out.push(...each(r), ...(r < mr - 1 ? addTo(pc, get(crs)) : []));
    return out;
  };
  const zeroTile: Code = rows.flatMap((r) => hs.flatMap((h) => [...(scalar ? F64_ZERO : V128_ZERO), ...set(acc(r, h))]));
  const loadTile = tileRows((r) => hs.flatMap((h) => [...get(pc), ...load(16 * h), ...set(acc(r, h))]));
  const storeTile = tileRows((r) => hs.flatMap((h) => [...get(pc), ...get(acc(r, h)), ...store(16 * h)]));

  const block: Code = [
    ...ifElse(first, zeroTile, loadTile),
    ...get(aBlk), ...set(pa),
    ...get(bPan), ...set(pb),
    ...get(K), ...set(k),
    ...countDown(k, kStep),
    ...storeTile,
    ...addTo(aBlk, get(aps)),
    ...addTo(cBlk, [...get(crs), ...i32(2), I32_SHL]), // 4 rows down
  ];
  // panels of B outside, of A inside: a panel of B (K-blocked to fit L1 beside A's) is read from
  // L1 for every panel of A
  const panel: Code = [
    ...get(a), ...set(aBlk),
    ...get(cPan), ...set(cBlk),
    ...get(MB), ...set(ib),
    ...countDown(ib, block),
    ...addTo(bPan, get(bps)),
    ...addTo(cPan, i32(8 * nr)),
  ];
  return [
    // local declarations: (count, type) pairs
    2, I32_LOCALS, 0x7f, VEC_LOCALS, scalar ? 0x7c : 0x7b,
    ...get(b), ...set(bPan),
    ...get(c), ...set(cPan),
    ...get(NB), ...set(jp),
    ...countDown(jp, panel),
    0x0b,
  ];
}

// ---- the pack functions ----------------------------------------------------------------------

// parameters (src, srs, K, NP, dst) and locals
const [src, srs, Kp, NP, dst] = [0, 1, 2, 3, 4];
const [j, kk, ps, pd, pan] = [5, 6, 7, 8, 9];
const row = [10, 11, 12, 13];

/** packCols: for each panel, for each k, the 32 bytes of row k (4 columns) copied */
function packColsFunction(): Code {
  const kLoop: Code = [
    ...get(pd), ...get(ps), ...v128Load(0), ...v128Store(0),
    ...get(pd), ...get(ps), ...v128Load(16), ...v128Store(16),
    ...addTo(ps, get(srs)), ...addTo(pd, i32(32)),
  ];
  const panel: Code = [...get(pan), ...set(ps), ...get(Kp), ...set(kk), ...countDown(kk, kLoop), ...addTo(pan, i32(32))];
  return [1, 5, 0x7f, ...get(src), ...set(pan), ...get(dst), ...set(pd), ...get(NP), ...set(j), ...countDown(j, panel), 0x0b];
}

/**
 * packRows: for each panel of 4 rows, two k at a time, a pair of numbers from each row, turned into
 * the four numbers of k and the four of k + 1 by lane shuffles; an odd last k one number at a time.
 */
function packRowsFunction(): Code {
  const pairs = [
    [0, 1],
    [2, 3],
  ];
  const twoK: Code = [];
  for (const [lanes, off] of [[LOWS, 0], [HIGHS, 32]] as const)
    for (const [p, [r0, r1]] of pairs.entries())
      twoK.push(...get(pd), ...get(row[r0]), ...v128Load(0), ...get(row[r1]), ...v128Load(0), ...lanes, ...v128Store(off + 16 * p));
  for (const r of row) twoK.push(...addTo(r, i32(16)));
  twoK.push(...addTo(pd, i32(64)));
  const lastK: Code = [];
  for (let r = 0; r < 4; r++) lastK.push(...get(pd), ...get(row[r]), ...f64Load(0), ...f64Store(8 * r));
  lastK.push(...addTo(pd, i32(32)));
  const panel: Code = [
    ...get(pan), ...set(row[0]),
    ...[1, 2, 3].flatMap((r) => [...get(row[r - 1]), ...get(srs), I32_ADD, ...set(row[r])]),
    ...get(Kp), ...i32(1), I32_SHR_U, ...set(kk),
    ...repeat(kk, twoK),
    ...get(Kp), ...i32(1), I32_AND, ...set(kk),
    ...repeat(kk, lastK),
    ...addTo(pan, [...get(srs), ...i32(2), I32_SHL]), // 4 rows down
  ];
  return [1, 9, 0x7f, ...get(src), ...set(pan), ...get(dst), ...set(pd), ...get(NP), ...set(j), ...countDown(j, panel), 0x0b];
}

function assemble(): Uint8Array<ArrayBuffer> {
  const fns: { name: string; type: number; code: Code }[] = [];
  for (const mr of ROWS) for (const nr of COLS) fns.push({ name: tileName(mr, nr), type: 0, code: tileFunction(mr, nr) });
  fns.push({ name: "packCols", type: 1, code: packColsFunction() }, { name: "packRows", type: 1, code: packRowsFunction() });
  const fnType = (n: number) => [0x60, n, ...new Array(n).fill(0x7f), 0]; // (i32 × n) → ()
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec([fnType(10), fnType(5)])),
    ...section(2, vec([[...text("env"), ...text("memory"), 0x02, 0x00, 0x00]])), // memory imported, no minimum
    ...section(3, vec(fns.map((f) => [f.type]))),
    ...section(7, vec(fns.map((f, i) => [...text(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => [...uleb(f.code.length), ...f.code]))),
  ]);
}

// ---- instances ---------------------------------------------------------------------------------

let module: WebAssembly.Module | null | undefined;

/** The compiled module (a few KB: compiled synchronously, even on a page's main thread); null where WebAssembly or its SIMD is missing, or a page's policy forbids it. */
function wasmModule(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = assemble();
    if (WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
  } catch {
    module = null;
  }
  return module;
}

export const PAGE = 65536;

/** The kernel over a memory (a program's arena, or the shared one that operands are copied into). */
export function instantiate(memory: WebAssembly.Memory): Kernel | null {
  const m = wasmModule();
  if (!m) return null;
  const exports = new WebAssembly.Instance(m, { env: { memory } }).exports as Record<string, TileFn & PackFn>;
  const tiles = new Map(ROWS.flatMap((mr) => COLS.map((nr) => [tileName(mr, nr), exports[tileName(mr, nr)]] as const)));
  return { memory, tile: (mr, nr) => tiles.get(tileName(mr, nr))!, packCols: exports.packCols, packRows: exports.packRows };
}

/** A new WebAssembly memory of at least `bytes` bytes, or null (no WebAssembly, or no memory to give). */
export function newMemory(bytes: number): WebAssembly.Memory | null {
  if (!wasmModule()) return null;
  try {
    return new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
  } catch {
    return null;
  }
}
