// The command line as a learner runs it (FORMAT.md §3): JSON on stdout, or exit 1 with one
// line on stderr and nothing on stdout.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { compile } from "./engine/executor";
import { parseGraph } from "./engine/format";
import { toRunResult } from "./engine/result";

const ROOT = join(__dirname, "..");
const CASES = join(ROOT, "..", "shared", "cases");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const dir = mkdtempSync(join(tmpdir(), "gradflow-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// each test starts node with tsx (about half a second, more on a busy machine)
vi.setConfig({ testTimeout: 60_000 });

function cli(args: string[], stdin?: string) {
  const r = spawnSync(TSX, ["src/cli.ts", ...args], { cwd: ROOT, input: stdin, encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
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

  it("an unknown command", () => {
    const unknown = cli(["jog", matmulCase]);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/^gradflow: unknown command "jog"\. usage: [^\n]+\n$/);
  });

  it("train without --steps, or with bad options", () => {
    expectRefused(cli(["train", celossCase]), "train needs --steps N");
    expectRefused(cli(["train", celossCase, "--steps", "0"]), '--steps: expected a whole number ≥ 1, got "0"');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--lr", "-1"]), '--lr: expected a number > 0, got "-1"');
    expectRefused(cli(["train", celossCase, "--steps", "2", "--optimizer", "adam"]), '--optimizer: unknown optimizer "adam" (use one of SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)');
  });

  it("training a graph whose loss cannot be computed", () => {
    const doc = JSON.parse(readFileSync(celossCase, "utf8"));
    doc.nodes[2].data.value = [1, 2];
    expectRefused(cli(["train", file("untrainable.json", doc), "--steps", "1"]), 'cannot train: node "lin" errs: Affine: b is (2,) but W is (10,3): b needs (3,)');
  });
});

describe("gradflow train", () => {
  it("prints the loss before each update and the trained Params, and writes the trained graph", () => {
    const out = join(dir, "trained.json");
    const r = cli(["train", celossCase, "--steps", "4", "--optimizer", "Adam", "--lr", "0.05", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const { losses, params } = JSON.parse(r.stdout);
    expect(losses).toHaveLength(4);
    expect(losses[0]).toBeCloseTo(0.7776580427782468, 15);
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(Object.keys(params)).toEqual(["W", "b"]);
    const trained = parseGraph(readFileSync(out, "utf8"));
    expect(trained.optimizer).toEqual({ type: "Adam", lr: 0.05, beta1: 0.9, beta2: 0.999 });
    expect(trained.nodes.find((n) => n.id === "W")!.data.value).toEqual(params.W);
    // the written graph runs, and its loss continues from where training stopped
    const next = cli(["run", out]);
    expect(JSON.parse(next.stdout).loss).toBeLessThan(losses[3]);
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

  it("exits 1 where finite differences disagree (ReLU exactly at its kink)", () => {
    const doc = { format: "gradflow", version: 1, nodes: [{ id: "x", type: "Param", data: { value: [0, 1] } }, { id: "r", type: "ReLU", data: {} }], edges: [{ id: "e", source: "x", target: "r", targetHandle: "x" }] };
    const r = cli(["check", "-"], JSON.stringify(doc));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout);
    expect(report.pass).toBe(false);
    expect(report.nodes.x.relError).toBeCloseTo(0.5, 6);
  });
});

describe("the README's command", () => {
  it("npm run --silent cli -- run FILE prints only the JSON", () => {
    const r = spawnSync("npm", ["run", "--silent", "cli", "--", "run", join(CASES, "sigmoid.json")], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).nodes.s.outputs.out).toBe(0.9999546021312976);
  });
});
