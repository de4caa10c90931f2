// The most float64 multiply-adds this machine's WebAssembly runs, as a reference for the MatMul
// rows of bench/run.ts: twelve independent f64x2 chains of acc = acc · b + c, one multiply and one
// addition each (no fused multiply-add: the kernel may not use one, as it rounds once where the plain
// loop rounds twice), with a load64_splat beside every other pair as the kernel has. Nothing but
// registers, so this is the rate of the multiply and add units themselves; the kernel, which must
// also load its operands, loop and keep a tile of C, cannot exceed it.
import { F64X2_ADD as ADD, F64X2_MUL as MUL, get, HEADER, load64Splat, section, set, SIMD, tee, text, uleb, vec } from "../src/engine/wasmAsm";

const CHAINS = 12;

/** (n, p): n rounds of the chains; p an address whose double is splatted (the loads stay in L1) */
function body(): number[] {
  const acc = (i: number) => 2 + i, B = 2 + CHAINS, C = 3 + CHAINS, S = 4 + CHAINS;
  const round: number[] = [];
  for (let i = 0; i < CHAINS; i++) {
    if (i % 2 === 0) round.push(...get(1), ...load64Splat(8 * i), ...set(S));
    round.push(...get(acc(i)), ...get(i % 2 ? B : S), ...MUL, ...get(C), ...ADD, ...set(acc(i)));
  }
  const init: number[] = [];
  // every local 1.0 (then acc · 1 + 1 grows by one a round: no overflow, no subnormals)
  for (let i = 0; i < CHAINS + 3; i++) init.push(0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, SIMD, 0x14, ...set(2 + i));
  const loop = [0x03, 0x40, ...round, ...get(0), 0x41, 1, 0x6b, ...tee(0), 0x0d, 0, 0x0b];
  // the chains are summed and stored, so that none of them is dead code
  const sum: number[] = [...get(acc(0))];
  for (let i = 1; i < CHAINS; i++) sum.push(...get(acc(i)), ...ADD);
  return [1, CHAINS + 3, 0x7b, ...init, ...loop, ...get(1), ...sum, SIMD, 0x0b, 4, 0, 0x0b];
}

/** GFLOP/s of one run of about `ms` milliseconds, or null where WebAssembly SIMD is missing */
export function simdCeiling(ms = 20): number | null {
  const code = body();
  const bytes = Uint8Array.from([
    ...HEADER,
    ...section(1, vec([[0x60, 2, 0x7f, 0x7f, 0]])),
    ...section(2, vec([[...text("env"), ...text("m"), 2, 0, 1]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...text("run"), 0, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
  if (!WebAssembly.validate(bytes)) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { m: memory } }).exports.run as (n: number, p: number) => void;
  new Float64Array(memory.buffer).fill(1, 0, 64);
  run(1000, 1024); // compiled by the optimizing tier
  // rounds for about `ms`: each does 4 flops (2 lanes × multiply and add) per chain
  let rounds = 1e5;
  for (;;) {
    const t0 = performance.now();
    run(rounds, 1024);
    const t = performance.now() - t0;
    if (t >= ms) return (rounds * CHAINS * 4) / (t * 1e6);
    rounds *= Math.min(100, Math.max(2, Math.ceil(ms / Math.max(t, 0.01))));
  }
}
