// The six notebook cases of ../shared/cases, through the file reader, compile and toRunResult,
// compared with what the notebooks printed; and the two random ones with numpy's full precision.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./executor";
import { parseGraph } from "./format";
import { toRunResult, type RunResult } from "./result";
import numpyCases from "./fixtures/cases.json";

const CASES = join(__dirname, "..", "..", "..", "shared", "cases");

interface Expect {
  nodes?: Record<string, { out?: unknown; grad?: unknown }>;
  edges?: Record<string, { grad?: unknown }>;
  loss?: number;
  atol?: number;
}

/** every mismatch as a line; null expected means null got */
function compare(got: unknown, want: unknown, atol: number, path: string, out: string[]): void {
  if (want === null) {
    if (got !== null) out.push(`${path}: ${JSON.stringify(got)}, expected null`);
  } else if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) out.push(`${path}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    else want.forEach((w, i) => compare(got[i], w, atol, `${path}[${i}]`, out));
  } else if (typeof got !== "number" || !(Math.abs(got - (want as number)) <= atol + 1e-12 * Math.abs(want as number))) {
    out.push(`${path}: ${JSON.stringify(got)}, expected ${want}`);
  }
}

function check(result: RunResult, want: Expect, atol: number): string[] {
  const out: string[] = [];
  for (const [id, w] of Object.entries(want.nodes ?? {})) {
    const n = result.nodes[id];
    if (!n) {
      out.push(`node ${id} missing`);
      continue;
    }
    expect(n.error, `node ${id}`).toBeNull();
    if ("out" in w) compare(n.outputs.out, w.out, atol, `nodes.${id}.out`, out);
    if ("grad" in w) compare(n.grads.out, w.grad, atol, `nodes.${id}.grad`, out);
  }
  for (const [id, w] of Object.entries(want.edges ?? {})) {
    if (!result.edges[id]) out.push(`edge ${id} missing`);
    else if ("grad" in w) compare(result.edges[id].grad, w.grad, atol, `edges.${id}.grad`, out);
  }
  if ("loss" in want) compare(result.loss, want.loss, atol, "loss", out);
  return out;
}

const names = readdirSync(CASES).filter((f) => f.endsWith(".json") && !f.endsWith(".expect.json")).map((f) => f.replace(/\.json$/, "")).sort();
const runCase = (name: string) => toRunResult(compile(parseGraph(readFileSync(join(CASES, `${name}.json`), "utf8"))).run());

describe("the notebook cases", () => {
  it("are the six of ../shared/cases", () => {
    expect(names).toEqual(["add-mul-div", "linear-backward", "linear-relu-celoss", "matmul-dout", "repeat-sum", "sigmoid"]);
  });

  for (const name of names) {
    it(`${name} gives the notebook's numbers`, () => {
      const want: Expect = JSON.parse(readFileSync(join(CASES, `${name}.expect.json`), "utf8"));
      // the notebooks print 8 digits in some cases (their expect file says so); otherwise 1e-9
      const problems = check(runCase(name), want, want.atol ?? 1e-9);
      expect(problems).toEqual([]);
    });
  }

  for (const [name, want] of Object.entries(numpyCases)) {
    it(`${name} equals numpy to 1e-12 (not just the printed digits)`, () => {
      expect(check(runCase(name), want as Expect, 1e-12)).toEqual([]);
    });
  }

  it("the randn inputs are numpy's to the last bit", () => {
    const x = runCase("linear-backward").nodes.x.outputs.out;
    expect(x).toEqual(numpyCases["linear-backward"].nodes.x.out);
  });
});
