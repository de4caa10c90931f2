// The most float64 multiplies and adds this machine's WebAssembly runs, as a reference for the
// MatMul rows of bench/run.ts. Six pairs of independent f64x2 chains, p = p · b and s = s + p: a
// multiply and an addition a pair each round, and no chain waits on the other's result, so the
// multiply and add units are kept as busy as the processor lets them be. Nothing but registers (b is
// read from memory once, so that it cannot be folded away), so no loop that also loads its
// operands, as a matrix product must, can run faster. A product counts one multiply and one
// addition as 2 flops, as here; a fused multiply-add would not help, as it rounds once where the
// kernel must round twice, and on this machine it goes through half as many units.
//
// (The first version of this file ran twelve chains of acc = acc · b + c, each multiply waiting for
// the previous addition: it measured the units' latency as much as their throughput, about 80 % of
// what is measured here.)
import { F64X2_ADD as ADD, F64X2_MUL as MUL, get, HEADER, load64Splat, section, set, SIMD, tee, text, uleb, vec } from "../src/engine/wasmAsm";

/** pairs of chains: enough to cover the units' latency (five measured four fifths of what six do; seven, a little less than six) */
const PAIRS = 6;

/** (n, p): n rounds of the chains; p an address with the double 1.0 */
function body(): number[] {
  const prod = (i: number) => 2 + i, sum = (i: number) => 2 + PAIRS + i, B = 2 + 2 * PAIRS;
  const splat1 = [...get(1), ...load64Splat(0)];
  const init: number[] = [...splat1, ...set(B)];
  for (let i = 0; i < PAIRS; i++) init.push(...splat1, ...set(prod(i)), ...splat1, ...set(sum(i)));
  const round: number[] = [];
  for (let i = 0; i < PAIRS; i++) round.push(...get(prod(i)), ...get(B), ...MUL, ...set(prod(i)), ...get(sum(i)), ...get(prod(i)), ...ADD, ...set(sum(i)));
  const loop = [0x03, 0x40, ...round, ...get(0), 0x41, 1, 0x6b, ...tee(0), 0x0d, 0, 0x0b];
  // the sums are added up and stored, so that no chain is dead code
  const total: number[] = [...get(sum(0))];
  for (let i = 1; i < PAIRS; i++) total.push(...get(sum(i)), ...ADD);
  return [1, 2 * PAIRS + 1, 0x7b, ...init, ...loop, ...get(1), ...total, SIMD, 0x0b, 4, 16, 0x0b];
}

let run: ((n: number, p: number) => void) | null | undefined;

function compiled(): ((n: number, p: number) => void) | null {
  if (run !== undefined) return run;
  const code = body();
  const bytes = Uint8Array.from([
    ...HEADER,
    ...section(1, vec([[0x60, 2, 0x7f, 0x7f, 0]])),
    ...section(2, vec([[...text("env"), ...text("m"), 2, 0, 1]])),
    ...section(3, vec([[0]])),
    ...section(7, vec([[...text("run"), 0, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
  if (!WebAssembly.validate(bytes)) return (run = null);
  const memory = new WebAssembly.Memory({ initial: 1 });
  new Float64Array(memory.buffer)[0] = 1; // p · 1 = p exactly, and s grows by 1 a round: no overflow, no subnormals
  run = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { m: memory } }).exports.run as (n: number, p: number) => void;
  for (let i = 0; i < 2000; i++) run(100, 0); // compiled by the optimizing tier
  return run;
}

/** GFLOP/s of one run of about `ms` milliseconds, or null where WebAssembly SIMD is missing */
export function simdCeiling(ms = 20): number | null {
  const f = compiled();
  if (!f) return null;
  // rounds for about `ms`: each does 4 flops (2 lanes × a multiply and an addition) per pair
  let rounds = 1e5;
  for (;;) {
    const t0 = performance.now();
    f(rounds, 0);
    const t = performance.now() - t0;
    if (t >= ms) return (rounds * PAIRS * 4) / (t * 1e6);
    rounds *= Math.min(100, Math.max(2, Math.ceil(ms / Math.max(t, 0.01))));
  }
}
