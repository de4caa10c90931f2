// Files made to break the reader or exhaust the machine: each gets one short, clear line, before
// any large amount of memory is taken, and never a stack overflow or an "internal error".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BudgetError, compile, MAX_RUN_NUMBERS } from "./executor";
import { FormatError, parseGraph, validateGraph } from "./format";
import { jsonSyntaxProblem, quote, scanJson } from "./jsonText";

const file = (over: Record<string, unknown> = {}) => ({
  format: "gradflow",
  version: 1,
  nodes: [
    { id: "x", type: "Input", data: { value: 2 } },
    { id: "y", type: "Input", data: { value: 3 } },
    { id: "m", type: "Mul", data: {} },
  ],
  edges: [
    { id: "e1", source: "x", target: "m", targetHandle: "a" },
    { id: "e2", source: "y", target: "m", targetHandle: "b" },
  ],
  ...over,
});

/** The reader's message for a text, which must be a FormatError of one short line. */
function refusal(text: string): string {
  try {
    parseGraph(text);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    const m = (e as Error).message;
    expect(m).not.toContain("\n");
    expect(m.length).toBeLessThan(240);
    return m;
  }
  throw new Error("the file was accepted");
}

describe("nesting", () => {
  it("200,000 levels deep in a value: one line with the path, no stack overflow", () => {
    const deep = "[".repeat(200_000) + "1" + "]".repeat(200_000);
    const text = JSON.stringify(file()).replace('"value":2', `"value":${deep}`);
    expect(refusal(text)).toMatch(/^nodes\[0\]\.data\.value(\[0\])+…?|^…(\[0\])+: nested deeper than a graph file can be/);
  });

  it("1,000 levels deep in any field, as text or as an object", () => {
    const deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    const text = JSON.stringify(file()).replace('"data":{}', `"data":{"note":${deep}}`);
    expect(refusal(text)).toContain("nested deeper than a graph file can be");
    const obj = JSON.parse(text);
    expect(() => validateGraph(obj)).toThrow(/nested deeper than a graph file can be/);
    const m = (() => {
      try {
        validateGraph(obj);
      } catch (e) {
        return (e as Error).message;
      }
    })()!;
    expect(m.length).toBeLessThan(240);
  });

  it("the deepest a real file goes (a tensor of 8 axes in optimizer state) is not refused for depth", () => {
    const t8 = [[[[[[[[1]]]]]]]];
    expect(scanJson(JSON.stringify({ optimizer: { state: { slots: { W: { v: t8 } } } } }))).toBeNull();
    expect(() => parseGraph(JSON.stringify(file({ nodes: [{ id: "x", type: "Input", data: { value: t8 } }], edges: [] })))).not.toThrow();
  });
});

describe("what JSON.parse lets through", () => {
  it("a key written twice is refused with the object's path", () => {
    const text = JSON.stringify(file()).replace('"type":"Mul"', '"type":"Mul","type":"Add"');
    expect(refusal(text)).toBe('nodes[2]: the key "type" appears twice (a key may be written once)');
    expect(refusal('{"format":"gradflow","format":"gradflow","version":1,"nodes":[],"edges":[]}')).toBe('the file: the key "format" appears twice (a key may be written once)');
    // the same key in two objects, and escaped keys equal to plain ones
    expect(() => parseGraph(JSON.stringify(file()))).not.toThrow();
    expect(refusal(JSON.stringify(file()).replace('"type":"Mul"', '"type":"Mul","t\\u0079pe":"Add"'))).toContain('the key "type" appears twice');
  });

  it("strings with brackets and escaped quotes do not confuse the scan", () => {
    const doc = file({ name: 'a "quoted" [name] {with} braces, and \\ backslash' });
    expect(parseGraph(JSON.stringify(doc)).name).toBe((doc as { name?: string }).name);
  });

  it("a byte-order mark is read past, as the editor does", () => {
    expect(parseGraph("\ufeff" + JSON.stringify(file())).nodes).toHaveLength(3);
  });

  it("invisible characters in a message are shown escaped", () => {
    const m = refusal(JSON.stringify(file()).replace('"type":"Mul"', '"type":"Mul\\u200b"'));
    expect(m).toBe('nodes[2].type: unknown op "Mul\\u200b" — did you mean "Mul"?');
  });
});

describe("what JSON.parse refuses", () => {
  it("is located and explained by our own reader whenever JSON.parse refuses it, and only then (a graph file cut, typed over, joined)", () => {
    const text = JSON.stringify(file(), null, 2);
    const edit = fc.record({ at: fc.nat({ max: text.length }), cut: fc.nat({ max: 4 }), put: fc.constantFrom("", ",", "}", "]", "{", "[", '"', "'", ":", " ", "\n", "x", "1", "-", ".", "\\", "//", "tru", "NaN") });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        let t = text;
        for (const e of edits) t = t.slice(0, Math.min(e.at, t.length)) + e.put + t.slice(Math.min(e.at, t.length) + e.cut);
        let parses = true;
        try {
          JSON.parse(t);
        } catch {
          parses = false;
        }
        const problem = jsonSyntaxProblem(t);
        expect(problem === null, `${JSON.stringify(t.slice(0, 200))}: ${problem}`).toBe(parses);
        // "line L, column C: …", L and C an existing place of the text
        if (problem && problem !== "the file is empty") {
          const m = /^line (\d+), column (\d+): \S/.exec(problem);
          expect(m, problem).not.toBeNull();
          const lines = t.split("\n");
          expect(+m![1]).toBeLessThanOrEqual(lines.length);
          expect(+m![2]).toBeLessThanOrEqual([...lines[+m![1] - 1]].length + 1);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("is found in a file of a million characters and one deeply nested, quickly and without a stack overflow", () => {
    const big = JSON.stringify(file({ name: "x".repeat(1_000_000) })).slice(0, -1);
    expect(jsonSyntaxProblem(big)).toMatch(/^line 1, column \d+: the file ends too early \(a "\}" is missing/);
    expect(jsonSyntaxProblem("[".repeat(200_000))).toBe('line 1, column 200001: the file ends too early (a "]" is missing, or the file was cut short)');
  });
});

describe("messages quote at most 80 characters of the file", () => {
  const long = "x".repeat(1_000_000);
  it.each([
    ["an unknown op", (t: string) => t.replace('"type":"Mul"', `"type":"${long}"`)],
    ["a duplicate id", (t: string) => t.replaceAll('"id":"x"', `"id":"${long}"`).replaceAll('"id":"y"', `"id":"${long}"`)],
    ["a wrong format", (t: string) => t.replace('"format":"gradflow"', `"format":"${long}"`)],
    ["a bad number", (t: string) => t.replace('"value":2', `"value":"${long}"`)],
    ["a key written twice", (t: string) => t.replace('"type":"Mul"', `"${long}":1,"${long}":2,"type":"Mul"`)],
    ["a malformed file", (t: string) => t.replace('"type":"Mul"', `"type":${long}`)],
  ])("%s", (_, make) => {
    expect(refusal(make(JSON.stringify(file()))).length).toBeLessThan(200);
  });

  it("quote cuts and marks the cut", () => {
    expect(quote("abc")).toBe('"abc"');
    const q = quote(long);
    expect(q).toHaveLength(80);
    expect(q.endsWith("…")).toBe(true);
  });
});

describe("a whole run's memory budget", () => {
  const zeros = (id: string, n: number) => ({ id, type: "Input", data: { value: { init: "zeros", shape: [n, n] } } });

  it("40 tensors of 16M elements are refused before any is made, with what they would need", () => {
    const doc = validateGraph(file({ nodes: Array.from({ length: 40 }, (_, i) => zeros(`x${i}`, 4096)), edges: [] }));
    const before = process.memoryUsage().arrayBuffers;
    expect(() => compile(doc)).toThrow(BudgetError);
    expect(() => compile(doc)).toThrow(/^the graph needs 1,342,177,280 numbers \(10\.0 GiB\) in its tensors; the limit is 67,108,864$/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 2 ** 20);
  });

  it("a 4096³ MatMul is refused at once", () => {
    const doc = validateGraph(
      file({
        nodes: [zeros("x", 4096), { ...zeros("W", 4096), type: "Param" }, { id: "m", type: "MatMul", data: {} }],
        edges: [
          { id: "e1", source: "x", target: "m", targetHandle: "x" },
          { id: "e2", source: "W", target: "m", targetHandle: "W" },
        ],
      }),
    );
    // x, W, their gradients, the product and its gradient, and the kernel's packing buffers
    expect(() => compile(doc)).toThrow("the graph needs 134,217,728 numbers (1.0 GiB) in its tensors; the limit is 67,108,864");
  });

  it("scratch is counted before it is made: a chain of Transposes of a 2048² Input is refused without allocating", () => {
    const nodes: unknown[] = [zeros("x", 2048)];
    const edges: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      nodes.push({ id: `t${i}`, type: "Transpose", data: {} });
      edges.push({ id: `e${i}`, source: i ? `t${i - 1}` : "x", target: `t${i}`, targetHandle: "x" });
    }
    const doc = validateGraph(file({ nodes, edges }));
    const before = process.memoryUsage().arrayBuffers;
    expect(() => compile(doc)).toThrow(BudgetError);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it("a graph inside the budget runs and says what it holds", () => {
    const p = compile(validateGraph(file())).run();
    expect(p.loss).toBe(6);
    // three values' worth of out and g each, two Input values
    expect(p.numbers).toBeGreaterThan(0);
    expect(p.numbers).toBeLessThan(MAX_RUN_NUMBERS);
  });
});

describe("generators", () => {
  it("a scale that would make infinities is refused", () => {
    const gen = (g: Record<string, unknown>) => refusal(JSON.stringify(file()).replace('"value":2', `"value":${JSON.stringify(g)}`));
    expect(gen({ init: "randn", shape: [2], seed: 1, scale: 1e308 })).toBe("nodes[0].data.value.scale: 1e+308 makes numbers too large to be finite");
    expect(gen({ init: "full", shape: [2], fill: 1e200, scale: 1e200 })).toContain("too large to be finite");
    expect(() => parseGraph(JSON.stringify(file()).replace('"value":2', '"value":{"init":"randn","shape":[2],"seed":1,"scale":1e300}'))).not.toThrow();
  });
});
