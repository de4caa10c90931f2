// Test support for the code export: finds a Python that has the modules a test needs, runs many
// exported scripts in one Python process (starting Python, and above all importing torch, once),
// and compares the JSON lines they print with Gradflow's run. Node only; tests import it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphDoc } from "../engine/graph";
import { NOISE_FLOOR, RELATIVE_TOLERANCE } from "../engine/export/python";
import type { JsonTensor, RunResult } from "../engine/result";

/** Debian's interpreter first (CI installs python3-numpy and python3-torch for it), then whatever python3 is on PATH. */
const CANDIDATES = ["/usr/bin/python3", "python3"];

export type Found = { python: string; version: string } | { python: null; why: string };

/** The first interpreter that imports every module, or why there is none (each candidate's answer). */
export function findPython(modules: readonly string[]): Found {
  const why: string[] = [];
  for (const c of CANDIDATES) {
    const r = spawnSync(c, ["-c", `import sys, ${modules.join(", ")}; print(sys.version.split()[0])`], { encoding: "utf8", timeout: 60_000 });
    if (r.status === 0) return { python: c, version: r.stdout.trim() };
    const err = r.error ? (r.error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : r.error.message : (r.stderr.trim().split("\n").pop() ?? `exit ${r.status}`);
    why.push(`${c}: ${err}`);
  }
  return { python: null, why: `no python3 imports ${modules.join(" and ")} (${why.join("; ")})` };
}

export interface ScriptRun {
  /** what the script printed on stdout */
  stdout: string;
  /** the traceback when it raised (an AssertionError, a SystemExit), else null */
  error: string | null;
}

const DRIVER = `import contextlib, io, json, runpy, sys, traceback, warnings
warnings.simplefilter("ignore")  # numpy's RuntimeWarnings (log of a negative number) are expected here
results = {}
for path in sys.argv[1:]:
    out = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(path, run_name="__main__")
    except BaseException:
        error = traceback.format_exc(limit=4)
    results[path] = {"stdout": out.getvalue(), "error": error}
sys.__stdout__.write(json.dumps(results))
`;

/** Runs every script (name → Python source) in one Python process, each as __main__, as `python3 script.py` would. */
export function runScripts(python: string, scripts: ReadonlyMap<string, string>): Map<string, ScriptRun> {
  const dir = mkdtempSync(join(tmpdir(), "gradflow-export-"));
  try {
    const paths = new Map<string, string>();
    let i = 0;
    for (const [name, code] of scripts) {
      const path = join(dir, `g${i++}.py`);
      writeFileSync(path, code);
      paths.set(name, path);
    }
    writeFileSync(join(dir, "driver.py"), DRIVER);
    const r = spawnSync(python, [join(dir, "driver.py"), ...paths.values()], { encoding: "utf8", timeout: 600_000, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`the Python driver failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
    const results = JSON.parse(r.stdout) as Record<string, ScriptRun>;
    return new Map([...paths].map(([name, path]) => [name, results[path]]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Line {
  id: string;
  value: JsonTensor | null;
  grad: JsonTensor | null;
}

/** The JSON lines of a script's output; throws when a line is not one. */
export function parseLines(stdout: string): Line[] {
  return stdout.split("\n").filter((l) => l !== "").map((l) => {
    const o = JSON.parse(l) as Line;
    if (typeof o.id !== "string" || !("value" in o) || !("grad" in o) || Object.keys(o).length !== 3) throw new Error(`not a node's line: ${l.slice(0, 200)}`);
    return o;
  });
}

/** The largest finite magnitude in some tensors: the scale below which a number is rounding noise. */
export function largest(ts: Iterable<JsonTensor | null | undefined>): number {
  let m = 0;
  const walk = (t: JsonTensor | null | undefined): void => {
    if (Array.isArray(t)) t.forEach(walk);
    else if (typeof t === "number" && Number.isFinite(t)) m = Math.max(m, Math.abs(t));
  };
  for (const t of ts) walk(t);
  return m;
}

/**
 * Where `got` differs from `want`, or null: the same nesting, the same strings for non-finite
 * numbers, and each number equal (`exact`) or within RELATIVE_TOLERANCE of the larger of the two,
 * where both below NOISE_FLOOR · scale count as equal.
 */
export function difference(got: unknown, want: JsonTensor | null | undefined, opts: { exact: boolean; scale: number }, path = ""): string | null {
  if (want === null || want === undefined) return got === null ? null : `${path}: got ${JSON.stringify(got)?.slice(0, 80)}, want null`;
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${path}: got ${JSON.stringify(got)?.slice(0, 80)}, want a list of ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = difference(got[i], want[i], opts, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof want === "string") return got === want ? null : `${path}: got ${JSON.stringify(got)}, want ${want}`;
  if (typeof got !== "number") return `${path}: got ${JSON.stringify(got)?.slice(0, 80)}, want ${want}`;
  if (got === want) return null;
  if (!opts.exact) {
    const big = Math.max(Math.abs(got), Math.abs(want));
    if (Math.abs(got - want) <= RELATIVE_TOLERANCE * big) return null;
    if (big <= NOISE_FLOOR * opts.scale) return null;
  }
  return `${path}: got ${got}, want ${want} (${opts.exact ? "exactly" : `relative difference ${(Math.abs(got - want) / Math.max(Math.abs(got), Math.abs(want))).toExponential(2)}`})`;
}

/**
 * What is wrong with an exported script's lines, compared with Gradflow's run of the same graph:
 * one line per node in the run's order; a node's value and gradient as run gives them (an Output's
 * line: the value and the gradient of the edge into it). Sources' values must be exact (generators
 * are numpy's own draws); with `exact`, every number must be.
 */
export function compareWithRun(doc: GraphDoc, lines: Line[], run: RunResult, allIds: readonly string[], exact = false): string[] {
  const problems: string[] = [];
  const ids = lines.map((l) => l.id);
  if (JSON.stringify(ids) !== JSON.stringify(allIds)) return [`lines for ${JSON.stringify(ids).slice(0, 300)}, want ${JSON.stringify(allIds).slice(0, 300)}`];
  const type = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const into = new Map(doc.edges.map((e) => [e.target, e.id]));
  const values = Object.values(run.nodes).map((n) => n.outputs.out);
  const grads = Object.values(run.nodes).map((n) => n.grads.out);
  const scale = { value: largest(values), grad: largest(grads) };
  for (const l of lines) {
    let want: { value: JsonTensor | null | undefined; grad: JsonTensor | null | undefined };
    if (type.get(l.id) === "Output") {
      const e = into.get(l.id);
      want = e === undefined ? { value: null, grad: null } : run.edges[e];
    } else want = { value: run.nodes[l.id].outputs.out, grad: run.nodes[l.id].grads.out };
    const source = type.get(l.id) === "Input" || type.get(l.id) === "Param";
    const dv = difference(l.value, want.value, { exact: exact || source, scale: scale.value });
    if (dv) problems.push(`${l.id} value${dv}`);
    const dg = difference(l.grad, want.grad, { exact, scale: scale.grad });
    if (dg) problems.push(`${l.id} grad${dg}`);
  }
  return problems;
}
