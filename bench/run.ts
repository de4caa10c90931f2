// npm run bench: Gradflow's engine against @tensorflow/tfjs on its cpu backend, side by side in
// one process, on the four workloads of issue 2. Warm-up first, then medians over repeats.
// A benchmark, never a test: the numbers depend on the machine and on what else runs on it.
import { cpus, loadavg } from "node:os";
import { pathToFileURL } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { compile, type Program } from "../src/engine/executor";
import { gemm, packSize } from "../src/engine/linalg";
import { RandomState } from "../src/engine/random";
import { Trainer } from "../src/engine/train";
import { matrixGraph, mlpDoc, scalarGraph, type RandomGraph } from "./graphs";

const quick = process.argv.includes("--quick");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** a median, and the best repeat: on a busy machine the best shows what the code can do */
interface Timing {
  median: number;
  best: number;
}

/**
 * Time of one call in ms. Calls are timed in batches of `batch` (so that microsecond calls are
 * not lost in the timer's resolution), after `warmup` untimed calls.
 */
function timeIt(f: () => void, { warmup = 5, repeats = 20, batch = 1 } = {}): Timing {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let r = 0; r < (quick ? Math.max(3, repeats >> 2) : repeats); r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) f();
    times.push((performance.now() - t0) / batch);
  }
  return { median: median(times), best: Math.min(...times) };
}

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

// ---- the four measurements ------------------------------------------------------------------

interface Row {
  name: string;
  /** medians; GFLOP/s for the MatMul */
  gradflow: number;
  tfjs: number;
  /** Gradflow's best repeat, in the same unit */
  best: number;
  unit: string;
  bar: string;
  pass: boolean;
}

function benchMlp(): Row {
  const doc = mlpDoc();
  // tfjs starts from Gradflow's numbers, so both sides train the same network
  const start = compile(doc).run();
  const initial = (id: string) => Float32Array.from(start.value(id)!.data);
  const trainer = new Trainer(doc);
  const gf = timeIt(() => trainer.step(), { warmup: 5, repeats: 30 });

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
  const step = () => {
    const cost = opt.minimize(loss, true);
    cost!.dataSync();
    cost!.dispose();
  };
  const tfjs = timeIt(step, { warmup: 3, repeats: 15 }).median;
  return { name: "(1) SGD step, MLP 64×784→128→10", gradflow: gf.median, best: gf.best, tfjs, unit: "ms", bar: "≥ 5× faster than tfjs", pass: tfjs / gf.median >= 5 };
}

function benchMatMul(): Row {
  const n = 256;
  const rs = new RandomState(1);
  const a = Float64Array.from({ length: n * n }, () => rs.gauss());
  const b = Float64Array.from({ length: n * n }, () => rs.gauss());
  const c = new Float64Array(n * n);
  const pack = new Float64Array(packSize(n, n));
  const flops = 2 * n * n * n;
  const t = timeIt(() => gemm(a, b, c, n, n, n, false, pack), { warmup: 5, repeats: 30 });
  const ta = tf.tensor2d(Float32Array.from(a), [n, n]), tb = tf.tensor2d(Float32Array.from(b), [n, n]);
  const tfms = timeIt(() => {
    const tc = tf.matMul(ta, tb);
    tc.dataSync();
    tc.dispose();
  }, { warmup: 3, repeats: 10 }).median;
  const gflops = flops / (t.median * 1e6);
  return { name: "(2) MatMul 256×256×256", gradflow: gflops, best: flops / (t.best * 1e6), tfjs: flops / (tfms * 1e6), unit: "GFLOP/s", bar: "≥ 2.5 GFLOP/s", pass: gflops >= 2.5 };
}

function benchGraph(name: string, g: RandomGraph, unit: "µs" | "ms", limit: number, bar: string, batch: number): Row {
  const p: Program = compile(g.doc);
  p.run();
  for (const id of p.allIds) if (p.error(id)) throw new Error(`${name}: node ${id}: ${p.error(id)}`);
  const scale = unit === "µs" ? 1000 : 1;
  const gf = timeIt(() => p.run(), { warmup: 200, repeats: 25, batch });

  const shape = (g.doc.nodes[0].data.value as { shape?: number[] }).shape ?? [];
  const inputs = g.doc.nodes.slice(0, g.sources).map((n) => {
    const v = n.data.value as number | { fill: number };
    return tf.fill(shape, typeof v === "number" ? v : v.fill);
  });
  // the same graph, the same loss: checked once, so that the two sides compute the same thing
  const tfLoss = tf.tidy(() => tfGraphLoss(g, inputs).dataSync()[0]);
  if (!(Math.abs(tfLoss - p.loss!) <= 1e-4 * Math.max(1, Math.abs(p.loss!)))) throw new Error(`${name}: loss ${p.loss} in Gradflow but ${tfLoss} in tfjs`);
  const gradsOf = tf.grads((...xs: tf.Tensor[]) => tfGraphLoss(g, xs));
  const tfjs =
    timeIt(() => {
      const gs = gradsOf(inputs);
      for (const t of gs) t.dataSync();
      tf.dispose(gs);
    }, { warmup: 3, repeats: 10, batch: Math.max(1, batch / 200) }).median * scale;
  return { name, gradflow: gf.median * scale, best: gf.best * scale, tfjs, unit, bar, pass: gf.median * scale < limit };
}

async function main(): Promise<void> {
  await tf.setBackend("cpu");
  await tf.ready();
  console.log(`Gradflow engine vs @tensorflow/tfjs ${tf.version.tfjs} (backend: ${tf.getBackend()}), Node ${process.versions.node}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs${quick ? ", quick run" : ""}`);
  console.log("medians after warm-up; lower is better, except GFLOP/s\n");

  const rows: Row[] = [];
  const report = (r: Row) => {
    rows.push(r);
    console.log(`  measured ${r.name}`);
  };
  report(benchMlp());
  report(benchMatMul());
  const scalar = scalarGraph();
  report(benchGraph("(3) 30-node scalar graph, forward + backward", scalar, "µs", 2, "< 2 µs", 2000));
  const matrices = matrixGraph();
  report(benchGraph("(4) 1000-node graph of 4×4 ops, fwd + bwd", matrices, "ms", 1, "< 1 ms", 20));

  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  const cols = ["benchmark", "Gradflow", "(best)", "tfjs-cpu", "ratio", "bar", ""];
  const lines = rows.map((r) => {
    const ratio = r.unit === "GFLOP/s" ? r.gradflow / r.tfjs : r.tfjs / r.gradflow;
    return [r.name, `${fmt(r.gradflow)} ${r.unit}`, `(${fmt(r.best)})`, `${fmt(r.tfjs)} ${r.unit}`, `${fmt(ratio)}× faster`, r.bar, r.pass ? "PASS" : "MISS"];
  });
  const width = cols.map((c, i) => Math.max(c.length, ...lines.map((l) => l[i].length)));
  const row = (l: string[]) => l.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(width[i]) : c.padEnd(width[i]))).join("  ").trimEnd();
  console.log("\n" + row(cols));
  console.log(width.map((w) => "-".repeat(w)).join("  "));
  for (const l of lines) console.log(row(l));
  const missed = rows.filter((r) => !r.pass).length;
  console.log(`\n${rows.length - missed} of ${rows.length} bars met (on medians; "best" is the fastest repeat)`);
  const load = loadavg()[0];
  if (load > cpus().length) console.log(`note: the load average is ${load.toFixed(1)} on ${cpus().length} CPUs; other work slows every number above`);
}

// run when started as a script (npm run bench), not when a profiling script imports the graphs
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
