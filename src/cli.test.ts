// The command line as a learner runs it (FORMAT.md §3): JSON on stdout, or exit 1 with one
// line on stderr and nothing on stdout; exit 3 when training diverges. The tests run the `gradflow`
// bin (the bundle that `npm install` builds, built afresh here from the sources), as npx runs it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compile } from "./engine/executor";
import { exportCode } from "./engine/export";
import { parseGraph } from "./engine/format";
import { toRunResult } from "./engine/result";
import { compareWithRun, findPython, parseLines } from "./testing/python";

const ROOT = join(__dirname, "..");
const CASES = join(ROOT, "..", "shared", "cases");
const BIN = join(ROOT, "bin", "gradflow.mjs");
const dir = mkdtempSync(join(tmpdir(), "gradflow-cli-"));
beforeAll(() => void execFileSync("node", [join(ROOT, "scripts", "build-cli.mjs")]));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
vi.setConfig({ testTimeout: 60_000 });

function cli(args: string[], stdin?: string) {
  const r = spawnSync("node", [BIN, ...args], { cwd: ROOT, input: stdin, encoding: "utf8", timeout: 60_000, maxBuffer: 256 * 2 ** 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A shell pipeline from the project's root; its output, and what gradflow wrote on stderr. */
function pipeline(cmd: string) {
  const err = join(dir, `stderr-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync("bash", ["-c", `set -o pipefail; ${cmd.replace("gradflow", `node ${BIN}`).replace(" | ", ` 2>${err} | `)}`], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: readFileSync(err, "utf8") };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** a refused file: exit 1, one line on stderr, no stack trace, nothing on stdout */
function expectRefused(r: ReturnType<typeof cli>, line: string) {
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toBe(`gradflow: ${line}\n`);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

const matmulCase = join(CASES, "matmul-dout.json");
const celossCase = join(CASES, "linear-relu-celoss.json");

describe("gradflow run", () => {
  it("prints the result of FORMAT.md §2, the same as the engine in process", () => {
    const r = cli(["run", matmulCase]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const want = JSON.parse(JSON.stringify(toRunResult(compile(parseGraph(readFileSync(matmulCase, "utf8"))).run())));
    expect(JSON.parse(r.stdout)).toEqual(want);
    expect(JSON.parse(r.stdout).loss).toBe(482);
    expect(r.stdout.endsWith("\n")).toBe(true);
  });

  it("reads standard input for -", () => {
    const r = cli(["run", "-"], readFileSync(matmulCase, "utf8"));
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).nodes.mm.outputs.out).toEqual([[9, 12, 15], [19, 26, 33]]);
  });

  it("a shape error at a node is a result, not a failure", () => {
    const doc = JSON.parse(readFileSync(matmulCase, "utf8"));
    doc.nodes[1].data.value = [[1, 2], [3, 4], [5, 6]];
    const r = cli(["run", file("shape.json", doc)]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout).nodes.mm.error).toBe("MatMul: x is (2,2) but W is (3,2): inner sizes 2 and 3 differ");
  });
});

describe("bad files and arguments", () => {
  it("a file that is not JSON", () => {
    const path = file("bad.json", "{ not json");
    const r = cli(["run", path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^gradflow: ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not JSON: [^\\n]+\\n$`));
  });

  it("an unknown op, with its path and a did-you-mean", () => {
    const doc = JSON.parse(readFileSync(matmulCase, "utf8"));
    doc.nodes[2].type = "Matmul";
    const path = file("typo.json", doc);
    expectRefused(cli(["run", path]), `${path}: nodes[2].type: unknown op "Matmul" — did you mean "MatMul"?`);
  });

  it("a file of another version, from stdin", () => {
    expectRefused(cli(["check", "-"], JSON.stringify({ format: "gradflow", version: 2, nodes: [], edges: [] })), "stdin: version: 2 is newer than this Gradflow reads (1)");
  });

  it("a cycle", () => {
    const doc = {
      format: "gradflow",
      version: 1,
      nodes: [{ id: "a", type: "Tanh", data: {} }, { id: "b", type: "Exp", data: {} }],
      edges: [{ id: "1", source: "a", target: "b", targetHandle: "x" }, { id: "2", source: "b", target: "a", targetHandle: "x" }],
    };
    const r = cli(["run", "-"], JSON.stringify(doc));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^gradflow: stdin: edges: the graph has a cycle: (a → b → a|b → a → b)\n$/);
  });

  it("a missing file", () => {
    expectRefused(cli(["run", join(dir, "nothing.json")]), `cannot read ${join(dir, "nothing.json")}: no such file`);
  });

  it("an unknown command, with a did-you-mean", () => {
    expectRefused(cli(["jog", matmulCase]), 'unknown command "jog" (commands: run, train, check, export)');
    expectRefused(cli(["rnu", matmulCase]), 'unknown command "rnu" — did you mean "run"? (commands: run, train, check, export)');
  });

  it("no command: the usage on stderr, exit 1; --help: the usage on stdout, exit 0", () => {
    const none = cli([]);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/^gradflow: no command given\.\nusage: gradflow COMMAND FILE/);
    const help = cli(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe("");
    expect(help.stdout).toMatch(/^usage: gradflow COMMAND FILE/);
    for (const cmd of ["run", "train", "check", "export"]) {
      const h = cli([cmd, "--help"]);
      expect(h.status).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`^usage: gradflow ${cmd} FILE`));
    }
    expect(cli(["train", "--help"]).stdout).toContain("--decay-rate X");
  });

  it("train without --steps, or with bad options", () => {
    expectRefused(cli(["train", celossCase]), "train needs --steps N");
    expectRefused(cli(["train", celossCase, "--steps", "0"]), '--steps: expected a whole number from 1 to 10,000,000, got "0"');
    expectRefused(cli(["train", celossCase, "--steps", "1e9"]), '--steps: expected a whole number from 1 to 10,000,000, got "1e9"');
    expectRefused(cli(["train", celossCase, "--steps=2=junk"]), '--steps: expected a whole number from 1 to 10,000,000, got "2=junk"');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--lr", "-1"]), '--lr: expected a number in (0, 1000000], got "-1"');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--lr", "1e308"]), '--lr: expected a number in (0, 1000000], got "1e308"');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--optimizer", "adm"]), '--optimizer: unknown optimizer "adm" — did you mean "Adam"?');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--optimizer", "Adam", "--momentum", "0.5"]), "--momentum: Adam has no setting momentum (its settings: --lr, --beta1, --beta2)");
    expectRefused(cli(["train", celossCase, "--steps", "2", "--every", "2"]), "--every goes with --trace");
    expectRefused(cli(["train", celossCase, "--step", "2"]), "train: unknown option --step — did you mean --steps? (gradflow train --help lists them)");
    expectRefused(cli(["train", celossCase, "--steps", "2", "--steps", "3"]), "--steps is given twice");
    expectRefused(cli(["run", celossCase, "--trace"]), "run: unknown option --trace (gradflow run --help lists them)");
  });

  it("--out into a folder that does not exist is refused before training", () => {
    const missing = join(dir, "no", "such", "folder", "out.json");
    expectRefused(cli(["train", celossCase, "--steps", "2", "--out", missing]), `--out: the folder ${join(dir, "no", "such", "folder")} does not exist`);
  });

  it("a byte-order mark is read past; hostile nesting gets one line", () => {
    const r = cli(["run", "-"], "\ufeff" + readFileSync(matmulCase, "utf8"));
    expect(r.status).toBe(0);
    const deep = readFileSync(matmulCase, "utf8").replace('"data": {}', `"data": {"x": ${"[".repeat(200_000)}${"]".repeat(200_000)}}`);
    const d = cli(["run", "-"], deep);
    expect(d.status).toBe(1);
    expect(d.stdout).toBe("");
    expect(d.stderr).toMatch(/^gradflow: stdin: [^\n]{1,200}: nested deeper than a graph file can be \(more than 16 levels\)\n$/);
  });

  it("a graph over the run's memory budget is refused in one line", () => {
    const big = { format: "gradflow", version: 1, nodes: Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, type: "Input", data: { value: { init: "zeros", shape: [4096, 4096] } } })), edges: [] };
    expectRefused(cli(["run", "-"], JSON.stringify(big)), "the graph needs 1,342,177,280 numbers (10.0 GiB) in its tensors; the limit is 67,108,864");
  });

  it("training a graph whose loss cannot be computed", () => {
    const doc = JSON.parse(readFileSync(celossCase, "utf8"));
    doc.nodes[2].data.value = [1, 2];
    expectRefused(cli(["train", file("untrainable.json", doc), "--steps", "1"]), 'cannot train: node "lin" errs: Affine: b is (2,) but W is (10,3): b needs (3,)');
  });
});

describe("gradflow run, more", () => {
  it("--target differentiates one node: the loss is the sum of its output", () => {
    const r = cli(["run", matmulCase, "--target", "mm"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.loss).toBe(9 + 12 + 15 + 19 + 26 + 33);
    expect(out.nodes.mm.grads.out).toEqual([[1, 1, 1], [1, 1, 1]]);
    // dx = ones · Wᵀ
    expect(out.nodes.x.grads.out).toEqual([[6, 15], [6, 15]]);
    expectRefused(cli(["run", matmulCase, "--target", "nope"]), '--target: no node "nope"');
  });

  it("a result too large for one string comes out whole (16M numbers, streamed)", () => {
    const big = file("big.json", { format: "gradflow", version: 1, nodes: [{ id: "x", type: "Input", data: { value: { init: "zeros", shape: [4096, 4096] } } }, { id: "o", type: "Output", data: {} }], edges: [{ id: "e", source: "x", target: "o", targetHandle: "x" }] });
    const r = pipeline(`gradflow run ${big} | wc -c`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // x's value and gradient, and the edge's: four tensors of 4096² numbers "0" or "1" with commas
    expect(Number(r.stdout.trim())).toBeGreaterThan(4 * 2 * 4096 * 4096);
  });

  it("a closed pipe ends quietly, without an EPIPE trace", () => {
    const r = pipeline(`gradflow train ${celossCase} --steps 3000 --trace | head -c 100`);
    expect(r.stdout).toHaveLength(100);
    expect(r.stderr).toBe("");
  });
});

describe("gradflow train", () => {
  it("prints the loss before each update and the trained Params, and writes the trained graph with its state", () => {
    const out = join(dir, "trained.json");
    const r = cli(["train", celossCase, "--steps", "4", "--optimizer", "adam", "--lr", "0.05", "--beta1", "0.8", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { losses, params } = JSON.parse(r.stdout);
    expect(losses).toHaveLength(4);
    expect(losses[0]).toBeCloseTo(0.7776580427782468, 15);
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(Object.keys(params)).toEqual(["W", "b"]);
    const trained = parseGraph(readFileSync(out, "utf8"));
    const { state, ...settings } = trained.optimizer!;
    expect(settings).toEqual({ type: "Adam", lr: 0.05, beta1: 0.8, beta2: 0.999 });
    expect(state!.t).toBe(4);
    expect(Object.keys(state!.slots).sort()).toEqual(["W", "b"]);
    expect(trained.nodes.find((n) => n.id === "W")!.data.value).toEqual(params.W);
    // the written graph runs, and its loss continues from where training stopped
    const next = cli(["run", out]);
    expect(JSON.parse(next.stdout).loss).toBeLessThan(losses[3]);
  });

  it.each(["Adam", "Nesterov", "RMSprop"])("%s: training the written file one more step equals training the original one step longer, to the bit", (opt) => {
    const out = join(dir, `four-${opt}.json`);
    expect(cli(["train", celossCase, "--steps", "4", "--optimizer", opt, "--lr", "0.05", "--out", out]).status).toBe(0);
    const more = JSON.parse(cli(["train", out, "--steps", "1"]).stdout);
    const long = JSON.parse(cli(["train", celossCase, "--steps", "5", "--optimizer", opt, "--lr", "0.05"]).stdout);
    expect(more.params).toEqual(long.params);
    expect(more.losses[0]).toBe(long.losses[4]);
  });

  it("--trace gives every step's loss and params; --every K every K-th", () => {
    const all = JSON.parse(cli(["train", celossCase, "--steps", "3", "--trace"]).stdout);
    expect(all.trace.map((t: { step: number }) => t.step)).toEqual([1, 2, 3]);
    expect(all.trace.map((t: { loss: number }) => t.loss)).toEqual(all.losses);
    expect(all.trace[2].params).toEqual(all.params);
    const some = JSON.parse(cli(["train", celossCase, "--steps", "7", "--trace", "--every", "3"]).stdout);
    expect(some.trace.map((t: { step: number }) => t.step)).toEqual([3, 6, 7]);
  });

  it("training that diverges stops at the first step that is not finite: exit 3, the last finite state kept", () => {
    const out = join(dir, "diverged.json");
    // L = Σ W², so SGD multiplies W by (1 − 2·lr) each step: with lr 1e6 it overflows within 30 steps
    const square = file("square.json", {
      format: "gradflow", version: 1,
      nodes: [{ id: "W", type: "Param", data: { value: [0.5, -1] } }, { id: "sq", type: "Mul", data: {} }, { id: "L", type: "Sum", data: { axis: null, keepdims: false } }],
      edges: [{ id: "a", source: "W", target: "sq", targetHandle: "a" }, { id: "b", source: "W", target: "sq", targetHandle: "b" }, { id: "c", source: "sq", target: "L", targetHandle: "x" }],
    });
    const r = cli(["train", square, "--steps", "100", "--optimizer", "SGD", "--lr", "1000000", "--out", out]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^gradflow: training diverged at step (\d+): (loss is (NaN|Infinity)|\w+ became (NaN|-?Infinity)) \(.* holds the last finite state\)\n$/);
    const k = Number(/step (\d+)/.exec(r.stderr)![1]);
    const { losses, params } = JSON.parse(r.stdout);
    expect(losses).toHaveLength(k - 1);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    expect(JSON.stringify(params)).not.toMatch(/null|NaN|Infinity/);
    // the file is readable again, finite, and its state is the last finite step's
    const written = parseGraph(readFileSync(out, "utf8"));
    expect(written.optimizer!.state!.t).toBe(k - 1);
    expect(written.nodes.find((n) => n.id === "W")!.data.value).toEqual(params.W);
  });
});

describe("gradflow check", () => {
  it("passes a correct graph, with the max relative error per node", () => {
    const r = cli(["check", celossCase]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.pass).toBe(true);
    expect(Object.keys(report.nodes)).toEqual(["x", "W", "b", "t"]);
    expect(report.nodes.W.relError).toBeLessThan(1e-6);
  });

  it("exits 1 where finite differences disagree (ReLU exactly at its kink); --tolerance moves the bar", () => {
    const doc = { format: "gradflow", version: 1, nodes: [{ id: "x", type: "Param", data: { value: [0, 1] } }, { id: "r", type: "ReLU", data: {} }], edges: [{ id: "e", source: "x", target: "r", targetHandle: "x" }] };
    const r = cli(["check", "-"], JSON.stringify(doc));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.pass).toBe(false);
    expect(report.nodes.x.relError).toBeCloseTo(0.5, 6);
    expect(report.nodes.x.worst).toEqual({ index: 0, analytic: 0, numeric: 0.5 });
    expect(cli(["check", "-", "--tolerance", "0.6"], JSON.stringify(doc)).status).toBe(0);
    expectRefused(cli(["check", "-", "--tolerance", "2"], JSON.stringify(doc)), '--tolerance: expected a number between 0 and 1, got "2"');
  });

  it("with nothing to differentiate, exits 1 and says why", () => {
    const r = cli(["check", "-"], JSON.stringify({ format: "gradflow", version: 1, nodes: [{ id: "m", type: "MatMul", data: {} }], edges: [] }));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('gradflow: nothing to differentiate: node "m" errs (missing inputs x, W)\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ pass: false, reason: 'nothing to differentiate: node "m" errs (missing inputs x, W)' });
  });

  it("--target checks one node's output", () => {
    const r = cli(["check", celossCase, "--target", "lin"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).nodes.W.relError).toBeLessThan(1e-6);
  });
});

describe("gradflow export", () => {
  const numpyPython = findPython(["numpy"]);
  const torchPython = findPython(["numpy", "torch"]);
  if ("why" in numpyPython) console.warn(`SKIPPED: running a script that gradflow export --to numpy wrote — ${numpyPython.why}`);
  if ("why" in torchPython) console.warn(`SKIPPED: running a script that gradflow export --to pytorch wrote — ${torchPython.why}`);

  /** Runs a script as a learner would (python3 script.py) and compares its lines with gradflow run's. */
  function expectRunsLikeGradflow(python: string, script: string, graphFile: string, target?: string) {
    const r = spawnSync(python, [script], { encoding: "utf8", timeout: 60_000 });
    expect(r.stderr).toMatch(/^(autograd's gradients equal Gradflow's: \d+ nodes checked\n)?$/);
    expect(r.status).toBe(0);
    const doc = parseGraph(readFileSync(graphFile, "utf8"));
    const p = compile(target === undefined ? doc : { ...doc, target }).run();
    expect(compareWithRun(doc, parseLines(r.stdout), JSON.parse(JSON.stringify(toRunResult(p))), p.allIds)).toEqual([]);
  }

  it("writes the NumPy script to stdout, the same as the engine in process", () => {
    const r = cli(["export", celossCase, "--to", "numpy"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(exportCode(parseGraph(readFileSync(celossCase, "utf8")), "numpy"));
    expect(r.stdout).toMatch(/^#!\/usr\/bin\/env python3\n/);
    expect(r.stdout).toContain("class SoftmaxWithLoss:");
    // any case, as --optimizer takes names; and from standard input
    expect(cli(["export", "-", "--to", "NumPy"], readFileSync(celossCase, "utf8")).stdout).toBe(r.stdout);
  });

  it.skipIf(!numpyPython.python)("--out writes a script that python3 runs on its own and that prints run's numbers", () => {
    const out = join(dir, "celoss.py");
    const r = cli(["export", celossCase, "--to", "numpy", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
    expectRunsLikeGradflow(numpyPython.python!, out, celossCase);
    // with --target, what run --target gives
    const targeted = join(dir, "celoss-target.py");
    expect(cli(["export", celossCase, "--to", "numpy", "--target", "relu", "--out", targeted]).status).toBe(0);
    expectRunsLikeGradflow(numpyPython.python!, targeted, celossCase, "relu");
  });

  it.skipIf(!torchPython.python)("--to pytorch writes a script that runs on its own, prints run's numbers and checks its gradients", () => {
    const out = join(dir, "matmul.py");
    expect(cli(["export", matmulCase, "--to", "pytorch", "--out", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("torch.autograd.backward(");
    expectRunsLikeGradflow(torchPython.python!, out, matmulCase);
  });

  it("bad arguments: one line on stderr, nothing written", () => {
    expectRefused(cli(["export", celossCase]), "export needs --to numpy or --to pytorch");
    expectRefused(cli(["export", celossCase, "--to", "numpi"]), '--to: unknown language "numpi" — did you mean "numpy"? (use numpy or pytorch)');
    expectRefused(cli(["export", celossCase, "--to", "julia"]), '--to: unknown language "julia" (use numpy or pytorch)');
    expectRefused(cli(["export", celossCase, "--to"]), "--to needs a value: --to numpy|pytorch");
    expectRefused(cli(["export", celossCase, "--to", "numpy", "--target", "nope"]), '--target: no node "nope"');
    expectRefused(cli(["export", celossCase, "--to", "numpy", "--out", join(dir, "no", "such", "x.py")]), `--out: the folder ${join(dir, "no", "such")} does not exist`);
    expectRefused(cli(["export", celossCase, "--to", "numpy", "--steps", "2"]), "export: unknown option --steps (gradflow export --help lists them)");
  });

  it("a graph too large to write out as a script is refused in one line", () => {
    const big = { format: "gradflow", version: 1, nodes: [{ id: "x", type: "Input", data: { value: Array.from({ length: 1500 }, () => new Array(1500).fill(0.5)) } }], edges: [] };
    expectRefused(cli(["export", "-", "--to", "pytorch"], JSON.stringify(big)), "the script would write out 2,250,000 numbers, more than an exported script holds (2,000,000): use generators ({ \"init\": \"randn\", … }) for large tensors, or export the graph as a file");
  });
});

describe("the README's commands", () => {
  it("npx gradflow runs the bin", () => {
    const r = spawnSync("npx", ["gradflow", "run", join(CASES, "sigmoid.json")], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).nodes.s.outputs.out).toBe(0.9999546021312976);
  });

  it("npm run --silent cli -- run FILE prints only the JSON", () => {
    const r = spawnSync("npm", ["run", "--silent", "cli", "--", "run", join(CASES, "sigmoid.json")], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).nodes.s.outputs.out).toBe(0.9999546021312976);
  });
});
