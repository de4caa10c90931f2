// npm run bench: Gradflow's engine side by side with its references in one run — @tensorflow/tfjs
// on its cpu backend (in this process) and numpy on one thread (a python3 subprocess, bench/
// reference.py; its column is skipped, saying why, when python3 or numpy is missing). Each figure is
// measured in trials that take turns with its reference's, so that a machine shared with other work
// slows both alike; it is given as the median [min–max] of the trials, and as the ratio of each
// trial to its reference's neighbour. A benchmark, never a test: the numbers depend on the machine
// and on what else runs on it. `--quick` runs fewer trials; `--only=mlp,matmul,graphs,scaling` some parts.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { compile, type Program } from "../src/engine/executor";
import { gemm, gemmScratchSize } from "../src/engine/linalg";
import { RandomState } from "../src/engine/random";
import { Trainer } from "../src/engine/train";
import { matrixGraph, mlpDoc, randomGraph, scalarGraph, type RandomGraph } from "./graphs";
import { simdCeiling } from "./ceiling";

const quick = process.argv.includes("--quick");
/** --only=mlp,matmul,graphs,scaling: the parts to run (default all) */
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",") ?? null;
const want = (part: string) => !only || only.includes(part);
const TRIALS = quick ? 5 : 15;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
function median(xs: number[]): number {
  const s = sorted(xs), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));
/** "12.3 [11.0–13.1]" */
const spread = (xs: number[]) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;

/** ms per call of f, over a batch of `batch` calls (so that microsecond calls are not lost in the timer's resolution) */
function timeBatch(f: () => void, batch = 1): number {
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) f();
  return (performance.now() - t0) / batch;
}

// ---- numpy, in a subprocess that answers one command at a time -------------------------------

interface Numpy {
  ask(cmd: string): Promise<{ ms: number; loss?: number }>;
  close(): void;
}

/** numpy on one thread, or why there is none */
async function startNumpy(): Promise<Numpy | string> {
  const script = fileURLToPath(new URL("./reference.py", import.meta.url));
  const one = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1", VECLIB_MAXIMUM_THREADS: "1" };
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawn("python3", [script], { env: { ...process.env, ...one } });
  } catch (e) {
    return `python3 could not be started (${(e as Error).message})`;
  }
  const failed = new Promise<string>((resolve) => {
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => resolve(`python3 could not be started (${e.message})`));
    child.on("exit", (code) => resolve(/No module named .?numpy/.test(err) ? "numpy is not installed for python3" : `python3 exited (${code}): ${err.trim().split("\n").at(-1) ?? ""}`));
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (cmd: string) => {
    child.stdin.write(cmd + "\n");
    const line = await Promise.race([lines.next(), failed.then((why) => Promise.reject(new Error(why)))]);
    const out = JSON.parse((line as IteratorResult<string>).value) as { ms: number; loss?: number; error?: string };
    if (out.error) throw new Error(out.error);
    return out;
  };
  try {
    await ask("matmul 8 1");
  } catch (e) {
    child.kill();
    return (e as Error).message;
  }
  return { ask, close: () => child.kill() };
}

// ---- rows of the report ------------------------------------------------------------------------

interface Reference {
  name: string;
  /** one value per trial, in `unit`, or why there are none */
  values: number[] | string;
  /** a bound rather than a competitor: Gradflow's trials are given as a share of it */
  bound?: boolean;
}

interface Row {
  name: string;
  unit: string;
  /** "lower" for times, "higher" for rates */
  better: "lower" | "higher";
  gradflow: number[];
  refs: Reference[];
  /** what the bar asks, and whether the medians meet it */
  bar: string;
  pass: boolean;
}

const rows: Row[] = [];
function report(r: Row): void {
  rows.push(r);
  console.log(`  measured ${r.name}`);
}

/** Gradflow's trials against a reference's, trial by trial: how many times faster Gradflow is */
function faster(r: Row, ref: number[]): number[] {
  return r.gradflow.map((g, i) => (r.better === "lower" ? ref[i] / g : g / ref[i]));
}

// ---- the measurements --------------------------------------------------------------------------

/** The random graph in tfjs: the loss is the sum of every output that feeds nothing, as Gradflow seeds it. */
function tfGraphLoss(g: RandomGraph, inputs: tf.Tensor[]): tf.Scalar {
  const vals: tf.Tensor[] = [...inputs];
  const used = new Array(g.sources + g.recipe.length).fill(false);
  for (const { type, ins } of g.recipe) {
    const [a, b] = ins.map((k) => vals[k]);
    ins.forEach((k) => (used[k] = true));
    vals.push(
      type === "Add" ? tf.add(a, b) : type === "Sub" ? tf.sub(a, b) : type === "Mul" ? tf.mul(a, b) : type === "Div" ? tf.div(a, b) : type === "MatMul" ? tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D) : type === "Tanh" ? tf.tanh(a) : tf.sigmoid(a),
    );
  }
  const dangling = vals.filter((_, i) => i >= g.sources && !used[i]);
  return dangling.map((t) => tf.sum(t)).reduce((s, t) => tf.add(s, t)) as tf.Scalar;
}

async function benchMlp(numpy: Numpy | string): Promise<void> {
  const doc = mlpDoc();
  // tfjs starts from Gradflow's numbers, so both sides train the same network
  const start = compile(doc).run();
  const initial = (id: string) => Float32Array.from(start.value(id)!.data);
  const trainer = new Trainer(doc);
  const x = tf.tensor2d(initial("x"), [64, 784]);
  const t = tf.oneHot(tf.tensor1d(Array.from(start.value("t")!.data), "int32"), 10);
  const W1 = tf.variable(tf.tensor2d(initial("W1"), [784, 128]));
  const b1 = tf.variable(tf.tensor1d(initial("b1")));
  const W2 = tf.variable(tf.tensor2d(initial("W2"), [128, 10]));
  const b2 = tf.variable(tf.tensor1d(initial("b2")));
  const loss = () => tf.losses.softmaxCrossEntropy(t, tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, W1), b1)), W2), b2)) as tf.Scalar;
  const tfLoss = tf.tidy(() => loss().dataSync()[0]);
  if (!(Math.abs(tfLoss - start.loss!) < 1e-4)) throw new Error(`MLP: loss ${start.loss} in Gradflow but ${tfLoss} in tfjs`);
  const opt = tf.train.sgd(0.1);
  const tfStep = () => {
    const cost = opt.minimize(loss, true);
    cost!.dataSync();
    cost!.dispose();
  };
  if (typeof numpy !== "string") {
    // the same network: numpy's seeds make the same numbers, so the first losses agree to rounding
    const first = (await numpy.ask("mlp 1")).loss!;
    if (!(Math.abs(first - start.loss!) <= 1e-9 * Math.abs(start.loss!))) throw new Error(`MLP: loss ${start.loss} in Gradflow but ${first} in numpy`);
  }
  for (let i = 0; i < 10; i++) trainer.step();
  tfStep();
  const gf: number[] = [], np: number[] = [], tfs: number[] = [];
  for (let r = 0; r < TRIALS; r++) {
    gf.push(timeBatch(() => trainer.step(), 20));
    if (typeof numpy !== "string") np.push((await numpy.ask("mlp 20")).ms);
    tfs.push(timeBatch(tfStep, 2));
  }
  const row: Row = {
    name: "(1) SGD step, MLP 64×784→128→10",
    unit: "ms",
    better: "lower",
    gradflow: gf,
    refs: [
      { name: "numpy", values: typeof numpy === "string" ? numpy : np },
      { name: "tfjs", values: tfs },
    ],
    bar: "≤ 2× numpy; ≥ 5× faster than tfjs",
    pass: false,
  };
  const vsTf = median(faster(row, tfs));
  row.pass = vsTf >= 5 && (typeof numpy === "string" || median(gf.map((g, i) => g / np[i])) <= 2);
  report(row);
}

async function benchMatMul(n: number, numpy: Numpy | string, withTfjs: boolean): Promise<void> {
  const rs = new RandomState(n);
  const a = Float64Array.from({ length: n * n }, () => rs.gauss());
  const b = Float64Array.from({ length: n * n }, () => rs.gauss());
  const c = new Float64Array(n * n);
  const pack = new Float64Array(gemmScratchSize(n, n, n));
  const gflops = (ms: number) => (2 * n * n * n) / (ms * 1e6);
  const reps = n <= 256 ? 20 : 2;
  const ta = tf.tensor2d(Float32Array.from(a), [n, n]), tb = tf.tensor2d(Float32Array.from(b), [n, n]);
  const tfMul = () => {
    const tc = tf.matMul(ta, tb);
    tc.dataSync();
    tc.dispose();
  };
  for (let i = 0; i < 3; i++) gemm(a, b, c, n, n, n, false, pack);
  if (withTfjs) tfMul();
  for (let i = 0; i < 5; i++) simdCeiling(); // its loop compiled by the optimizing tier
  const gf: number[] = [], np: number[] = [], tfs: number[] = [], top: number[] = [];
  for (let r = 0; r < TRIALS; r++) {
    gf.push(gflops(timeBatch(() => gemm(a, b, c, n, n, n, false, pack), reps)));
    if (typeof numpy !== "string") np.push(gflops((await numpy.ask(`matmul ${n} ${reps}`)).ms));
    if (withTfjs) tfs.push(gflops(timeBatch(tfMul, 1)));
    top.push(simdCeiling() ?? NaN);
  }
  const refs: Reference[] = [{ name: "numpy", values: typeof numpy === "string" ? numpy : np }];
  refs.push({ name: "tfjs", values: withTfjs ? tfs : "not timed at this size (float32 at under 1 GFLOP/s: seconds a product)" });
  // what the multiply and add units give WebAssembly's f64x2 at all (bench/ceiling.ts): 30 GFLOP/s can only be met where this exceeds it
  refs.push({ name: "SIMD ceiling", values: top.some(Number.isNaN) ? "no WebAssembly SIMD" : top, bound: true });
  report({ name: `(2) MatMul ${n}×${n}×${n}, float64`, unit: "GFLOP/s", better: "higher", gradflow: gf, refs, bar: "≥ 30 GFLOP/s", pass: median(gf) >= 30 });
}

function benchGraph(name: string, g: RandomGraph, unit: "µs" | "ms", limit: number, bar: string, batch: number): void {
  const p: Program = compile(g.doc);
  p.run();
  for (const id of p.allIds) if (p.error(id)) throw new Error(`${name}: node ${id}: ${p.error(id)}`);
  const scale = unit === "µs" ? 1000 : 1;
  const shape = (g.doc.nodes[0].data.value as { shape?: number[] }).shape ?? [];
  const inputs = g.doc.nodes.slice(0, g.sources).map((n) => {
    const v = n.data.value as number | { fill: number };
    return tf.fill(shape, typeof v === "number" ? v : v.fill);
  });
  // the same graph, the same loss: checked once, so that the two sides compute the same thing
  const tfLoss = tf.tidy(() => tfGraphLoss(g, inputs).dataSync()[0]);
  if (!(Math.abs(tfLoss - p.loss!) <= 1e-4 * Math.max(1, Math.abs(p.loss!)))) throw new Error(`${name}: loss ${p.loss} in Gradflow but ${tfLoss} in tfjs`);
  const gradsOf = tf.grads((...xs: tf.Tensor[]) => tfGraphLoss(g, xs));
  const tfRun = () => {
    const gs = gradsOf(inputs);
    for (const t of gs) t.dataSync();
    tf.dispose(gs);
  };
  for (let i = 0; i < 200; i++) p.run();
  tfRun();
  const gf: number[] = [], tfs: number[] = [];
  for (let r = 0; r < TRIALS; r++) {
    gf.push(timeBatch(() => p.run(), batch) * scale);
    tfs.push(timeBatch(tfRun, Math.max(1, batch / 200)) * scale);
  }
  report({ name, unit, better: "lower", gradflow: gf, refs: [{ name: "tfjs", values: tfs }], bar, pass: median(gf) < limit });
}

/**
 * Forward + backward per node on random graphs of 4×4 ops (the mix of (4)) at 100 to 30,000 nodes,
 * the sizes taking turns trial by trial; the reference of each size is the 100-node graph's trial
 * beside it. Then compiling 10,000 nodes.
 */
function benchScaling(): void {
  const ops = ["Add", "Sub", "Mul", "Tanh", "Sigmoid", "MatMul"];
  const sizes = [100, 1000, 10_000, 30_000];
  const programs = sizes.map((n) => compile(randomGraph(n, 10, ops, [4, 4], 11).doc));
  for (const p of programs) for (let i = 0; i < 20; i++) p.run();
  const perNode = sizes.map(() => [] as number[]);
  for (let r = 0; r < TRIALS; r++)
    programs.forEach((p, k) => {
      // about 3 ms of work a trial, whatever the size
      const batch = Math.max(1, Math.round(30_000 / sizes[k]));
      perNode[k].push((timeBatch(() => p.run(), batch) * 1000) / sizes[k]);
    });
  sizes.forEach((n, k) => {
    if (k === 0) return;
    const ratio = perNode[k].map((v, i) => v / perNode[0][i]);
    report({
      name: `(5) fwd + bwd per node, ${n.toLocaleString("en-US")} nodes of 4×4 ops`,
      unit: "µs",
      better: "lower",
      gradflow: perNode[k],
      refs: [{ name: "100 nodes", values: perNode[0] }],
      bar: k === sizes.length - 1 ? "≤ 1.5× the 100-node cost" : "(how it grows)",
      pass: median(ratio) <= 1.5,
    });
  });

  const big = randomGraph(10_000, 10, ops, [4, 4], 11).doc, small = randomGraph(100, 10, ops, [4, 4], 11).doc;
  for (let i = 0; i < 3; i++) compile(big);
  const ms: number[] = [], perNodeSmall: number[] = [];
  for (let r = 0; r < TRIALS; r++) {
    ms.push(timeBatch(() => compile(big)));
    // per node, scaled to 10,000 nodes: what compiling would take if it stayed as cheap per node as at 100
    perNodeSmall.push(timeBatch(() => compile(small), 20) * 100);
  }
  report({ name: "(6) compile 10,000 nodes of 4×4 ops", unit: "ms", better: "lower", gradflow: ms, refs: [{ name: "100 nodes ×100", values: perNodeSmall }], bar: "< 16 ms", pass: median(ms) < 16 });
}

async function main(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
  const numpy = await startNumpy();
  console.log(`Gradflow engine vs numpy ${typeof numpy === "string" ? "(none: " + numpy + ")" : "(one thread)"} and @tensorflow/tfjs ${tf.version.tfjs} (backend: ${tf.getBackend()}), Node ${process.versions.node}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs${quick ? ", quick run" : ""}`);
  console.log(`${TRIALS} trials of each, taking turns with their references'; median [min–max] of the trials\n`);
  try {
    if (want("mlp")) await benchMlp(numpy);
    if (want("matmul")) {
      await benchMatMul(256, numpy, true);
      await benchMatMul(1024, numpy, false);
    }
    if (want("graphs")) {
      benchGraph("(3) 30-node scalar graph, forward + backward", scalarGraph(), "µs", 2, "< 2 µs", 2000);
      benchGraph("(4) 1000-node graph of 4×4 ops, fwd + bwd", matrixGraph(), "ms", 1, "< 1 ms", 20);
    }
    if (want("scaling")) benchScaling();
  } finally {
    if (typeof numpy !== "string") numpy.close();
  }

  console.log("");
  for (const r of rows) {
    console.log(`${r.name}: Gradflow ${spread(r.gradflow)} ${r.unit}   bar ${r.bar}: ${r.pass ? "PASS" : "MISS"}`);
    for (const ref of r.refs) {
      if (typeof ref.values === "string") {
        console.log(`    ${ref.name}: skipped: ${ref.values}`);
        continue;
      }
      const times = faster(r, ref.values);
      if (ref.bound) {
        console.log(`    ${ref.name.padEnd(15)} ${spread(ref.values)} ${r.unit}   Gradflow at ${spread(times.map((v) => 100 * v))}% of it`);
        continue;
      }
      const word = median(times) >= 1 ? "faster" : "slower";
      const shown = word === "faster" ? times : times.map((v) => 1 / v);
      console.log(`    ${ref.name.padEnd(15)} ${spread(ref.values)} ${r.unit}   Gradflow ${spread(shown)}× ${word}`);
    }
  }
  const missed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - missed} of ${rows.length} bars met (on medians)`);
  const load = loadavg()[0];
  if (load > cpus().length) console.log(`note: the load average is ${load.toFixed(1)} on ${cpus().length} CPUs; other work slows every number above`);
}

// run when started as a script (npm run bench), not when a profiling script imports it
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
