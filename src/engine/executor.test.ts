// The executor against FORMAT.md section 2: seeds, fan-out, each edge's share, node errors
// that stop only what is downstream, ids that are ordinary strings, cycles, limits.
import { describe, expect, it } from "vitest";
import { compile, type Program } from "./executor";
import { validateGraph, FormatError } from "./format";
import type { GraphDoc } from "./graph";
import { topoSort, wouldCycle } from "./graph";
import { getOp } from "./ops";
import { BOOK_RUN } from "./ops/types";
import { toRunResult } from "./result";
import { toNested } from "./tensor";

type NodeSpec = [id: string, type: string, data?: Record<string, unknown>];

/** edges as "source -> target.port"; the string is the edge's id unless given as [id, spec] */
function doc(nodes: NodeSpec[], edges: (string | [string, string])[]): GraphDoc {
  return {
    format: "gradflow",
    version: 1,
    nodes: nodes.map(([id, type, data]) => ({ id, type, data: data ?? {} })),
    edges: edges.map((e) => {
      const [id, spec] = typeof e === "string" ? [e, e] : e;
      const [, source, target, port] = /^(.+) -> (.+)\.([^.]+)$/.exec(spec)!;
      return { id, source, target, targetHandle: port };
    }),
  };
}
const run = (nodes: NodeSpec[], edges: (string | [string, string])[]) => compile(doc(nodes, edges)).run();
const nested = (p: Program, id: string) => {
  const t = p.value(id);
  return t ? toNested(t) : null;
};
const g = (p: Program, id: string) => {
  const t = p.grad(id);
  return t ? toNested(t) : null;
};
const eg = (p: Program, id: string) => {
  const t = p.edgeGrad(id);
  return t ? toNested(t) : null;
};

describe("where backward starts (FORMAT.md §2, seeds)", () => {
  it("x * y alone: every dangling output is seeded with ones, so dx = y and dy = x", () => {
    const p = run([["x", "Input", { value: 3 }], ["y", "Input", { value: 5 }], ["m", "Mul"]], ["x -> m.a", "y -> m.b"]);
    expect(p.isSeeded("m")).toBe(true);
    expect(g(p, "m")).toBe(1);
    expect(g(p, "x")).toBe(5);
    expect(g(p, "y")).toBe(3);
    expect(p.loss).toBe(15);
  });

  it("without Output or loss, several dangling outputs are all seeded, and the loss sums them", () => {
    const p = run([["x", "Input", { value: [1, 2] }], ["e", "Exp"], ["n", "Sub"]], ["x -> e.x", ["e1", "x -> n.a"], ["e2", "x -> n.b"]]);
    expect(p.isSeeded("e") && p.isSeeded("n")).toBe(true);
    expect(p.loss).toBe(Math.exp(1) + Math.exp(2) + 0);
    expect(g(p, "x")).toEqual([Math.exp(1), Math.exp(2)]);
  });

  it("an Output seeds its input with its grad (ones by default); the loss is Σ grad ⊙ value", () => {
    const p = run([["x", "Input", { value: [[1, 2], [3, 4]] }], ["W", "Param", { value: [[1, 2, 3], [4, 5, 6]] }], ["mm", "MatMul"], ["o", "Output", { grad: [[1, 2, 3], [4, 5, 6]] }]], ["x -> mm.x", "W -> mm.W", "mm -> o.x"]);
    expect(p.loss).toBe(482);
    expect(g(p, "mm")).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(p.isSeeded("mm")).toBe(false);
    const ones = run([["x", "Input", { value: [2, 3] }], ["o", "Output"]], ["x -> o.x"]);
    expect(g(ones, "x")).toEqual([1, 1]);
    expect(ones.loss).toBe(5);
  });

  it("a loss whose output feeds nothing is seeded with 1", () => {
    const p = run([["x", "Param", { value: [1, 3] }], ["t", "Input", { value: [0, 1] }], ["L", "MSELoss"]], ["x -> L.x", "t -> L.t"]);
    expect(p.isSeeded("L")).toBe(true);
    expect(g(p, "L")).toBe(1);
    expect(p.loss).toBe(2.5);
    expect(g(p, "x")).toEqual([1, 2]);
  });

  it("with an Output or a loss, other dangling outputs get no seed", () => {
    const withOutput = run([["x", "Input", { value: 2 }], ["e", "Exp"], ["t", "Tanh"], ["o", "Output"]], ["x -> e.x", "x -> t.x", "t -> o.x"]);
    expect(withOutput.isSeeded("e")).toBe(false);
    expect(withOutput.value("e")).not.toBeNull();
    expect(g(withOutput, "e")).toBeNull();
    expect(eg(withOutput, "x -> e.x")).toBeNull();
    expect(g(withOutput, "x")).toBe(1 - Math.tanh(2) ** 2);
    expect(withOutput.loss).toBe(Math.tanh(2));

    const withLoss = run([["x", "Input", { value: [2] }], ["t", "Input", { value: [0] }], ["e", "Exp"], ["L", "MSELoss"]], ["x -> e.x", "x -> L.x", "t -> L.t"]);
    expect(withLoss.isSeeded("e")).toBe(false);
    expect(withLoss.loss).toBe(4);
    expect(g(withLoss, "x")).toEqual([4]);
  });

  it("a loss that feeds something is not a seed itself", () => {
    const p = run([["x", "Input", { value: [2] }], ["t", "Input", { value: [0] }], ["L", "MSELoss"], ["k", "Input", { value: 3 }], ["m", "Mul"]], ["x -> L.x", "t -> L.t", "L -> m.a", "k -> m.b"]);
    expect(p.isSeeded("L")).toBe(false);
    expect(p.isSeeded("m")).toBe(true);
    expect(p.loss).toBe(12);
    expect(g(p, "x")).toEqual([12]);
  });

  it("two Outputs add up, in the loss and in the gradients", () => {
    const p = run([["x", "Input", { value: 2 }], ["s", "Sigmoid"], ["o1", "Output", { grad: 3 }], ["o2", "Output", { grad: -1 }]], ["x -> s.x", "s -> o1.x", "x -> o2.x"]);
    const s = 1 / (1 + Math.exp(-2));
    expect(p.loss).toBe(3 * s + -1 * 2);
    expect(g(p, "x")).toBeCloseTo(3 * s * (1 - s) - 1, 15);
  });

  it("the loss is null when nothing ran, and for an empty graph", () => {
    const p = run([["x", "Input", { value: [1, 2] }], ["y", "Input", { value: [1, 2, 3] }], ["a", "Add"], ["o", "Output"]], ["x -> a.a", "y -> a.b", "a -> o.x"]);
    expect(p.loss).toBeNull();
    expect(toRunResult(p).loss).toBeNull();
    expect(compile(doc([], [])).run().loss).toBeNull();
  });
});

describe("fan-out: the source's gradient is the sum of its edges' shares (the Branch rule)", () => {
  it("x * x: each edge carries x, and dx = 2x", () => {
    const p = run([["x", "Input", { value: [3, -2] }], ["m", "Mul"]], [["ea", "x -> m.a"], ["eb", "x -> m.b"]]);
    expect(nested(p, "m")).toEqual([9, 4]);
    expect(eg(p, "ea")).toEqual([3, -2]);
    expect(eg(p, "eb")).toEqual([3, -2]);
    expect(g(p, "x")).toEqual([6, -4]);
    expect(p.outEdges("x")).toEqual(["ea", "eb"]);
    expect(p.inEdges("m")).toEqual(["ea", "eb"]);
  });

  it("three branches: each edge's own share, and their sum at the source", () => {
    const p = run(
      [["x", "Input", { value: 0.5 }], ["t", "Tanh"], ["e", "Exp"], ["s", "Sigmoid"], ["o1", "Output", { grad: 1 }], ["o2", "Output", { grad: 2 }], ["o3", "Output", { grad: 3 }]],
      [["b1", "x -> t.x"], ["b2", "x -> e.x"], ["b3", "x -> s.x"], "t -> o1.x", "e -> o2.x", "s -> o3.x"],
    );
    const th = Math.tanh(0.5), ex = Math.exp(0.5), sg = 1 / (1 + Math.exp(-0.5));
    const shares = ["b1", "b2", "b3"].map((id) => eg(p, id) as number);
    expect(shares[0]).toBeCloseTo(1 * (1 - th * th), 15);
    expect(shares[1]).toBeCloseTo(2 * ex, 15);
    expect(shares[2]).toBeCloseTo(3 * sg * (1 - sg), 15);
    expect(g(p, "x")).toBe(shares[0] + shares[1] + shares[2]);
    // every edge reports the value it carries
    expect(toNested(p.edgeValue("b2")!)).toBe(0.5);
  });

  it("sums shares in edge-id order, whatever order the file lists them in", () => {
    const nodes: NodeSpec[] = [["x", "Input", { value: 0.1 }], ["a", "Exp"], ["b", "Tanh"], ["c", "Sigmoid"]];
    const p1 = run(nodes, [["e1", "x -> a.x"], ["e2", "x -> b.x"], ["e3", "x -> c.x"]]);
    const p2 = run([...nodes].reverse(), [["e3", "x -> c.x"], ["e1", "x -> a.x"], ["e2", "x -> b.x"]]);
    expect(p2.outEdges("x")).toEqual(["e1", "e2", "e3"]);
    expect(Object.is(p1.grad("x")!.data[0], p2.grad("x")!.data[0])).toBe(true);
    expect(p1.loss).toBe(p2.loss);
  });

  it("a diamond: x → (a, b) → c accumulates both paths", () => {
    // c = (x + 1) * (x * 2) = 2x² + 2x → dc/dx = 4x + 2
    const p = run(
      [["x", "Input", { value: 1.5 }], ["one", "Input", { value: 1 }], ["two", "Input", { value: 2 }], ["a", "Add"], ["b", "Mul"], ["c", "Mul"]],
      ["x -> a.a", "one -> a.b", "x -> b.a", "two -> b.b", "a -> c.a", "b -> c.b"],
    );
    expect(p.isSeeded("c")).toBe(true);
    expect(g(p, "x")).toBe(4 * 1.5 + 2);
    expect(p.order).toEqual(["x", "one", "two", "a", "b", "c"]);
  });
});

describe("node errors stop only what is downstream", () => {
  it("an unconnected required input: missing input W; two: missing inputs x, W", () => {
    const p = run([["x", "Input", { value: [[1, 2]] }], ["mm", "MatMul"], ["m2", "MatMul"]], ["x -> mm.x"]);
    expect(p.error("mm")).toBe("missing input W");
    expect(p.error("m2")).toBe("missing inputs x, W");
    expect(p.status("mm")).toBe("error");
    expect(p.value("mm")).toBeNull();
    expect(p.order).toEqual(["x"]);
  });

  it("everything downstream of an error is blocked, with null values and no error of its own", () => {
    const p = run(
      [["x", "Input", { value: [[1, 2, 3]] }], ["W", "Param", { value: [[1, 2], [3, 4]] }], ["mm", "MatMul"], ["t", "Tanh"], ["o", "Output"], ["s", "Sigmoid"], ["o2", "Output"]],
      ["x -> mm.x", "W -> mm.W", "mm -> t.x", "t -> o.x", "x -> s.x", "s -> o2.x"],
    );
    expect(p.error("mm")).toBe("MatMul: x is (1,3) but W is (2,2): inner sizes 3 and 2 differ");
    for (const id of ["t", "o"]) {
      expect(p.status(id)).toBe("blocked");
      expect(p.error(id)).toBeNull();
      expect(p.value(id)).toBeNull();
    }
    // the other branch still runs, and x's gradient comes from it alone
    expect(p.status("s")).toBe("ok");
    const s = [1, 2, 3].map((v) => 1 / (1 + Math.exp(-v)));
    expect(g(p, "x")).toEqual([s.map((v) => v * (1 - v))]);
    expect(eg(p, "x -> mm.x")).toBeNull();
    expect(g(p, "W")).toBeNull();
    expect(p.order).toEqual(["x", "W", "s", "o2"]);
    expect(p.loss).toBe(s[0] + s[1] + s[2]);
    const r = toRunResult(p);
    expect(r.nodes.t).toEqual({ outputs: { out: null }, grads: { out: null }, error: null });
    expect(r.nodes.mm.error).toBe("MatMul: x is (1,3) but W is (2,2): inner sizes 3 and 2 differ");
    expect(r.edges["mm -> t.x"]).toEqual({ value: null, grad: null });
  });

  it("an error found in the numbers (a class index out of range) blocks downstream too", () => {
    const p = run([["x", "Input", { value: [[1, 2]] }], ["t", "Input", { value: [5] }], ["L", "SoftmaxWithLoss"], ["o", "Output"]], ["x -> L.x", "t -> L.t", "L -> o.x"]);
    expect(p.error("L")).toBe("SoftmaxWithLoss: t[0] is 5; a class index must be a whole number from 0 to 1");
    expect(p.status("o")).toBe("blocked");
    expect(p.loss).toBeNull();
  });

  it("a node recovers when the numbers are fixed and the same program runs again", () => {
    const p = compile(doc([["x", "Param", { value: [[1, 2]] }], ["t", "Input", { value: [0] }], ["L", "SoftmaxWithLoss"]], ["x -> L.x", "t -> L.t"]));
    p.run();
    expect(p.error("L")).toBeNull();
    const loss = p.loss!;
    p.paramValue("x").data[1] = 1;
    p.run();
    expect(p.loss).toBeCloseTo(-Math.log(0.5 + 1e-7), 15);
    expect(p.loss).not.toBe(loss);
  });
});

describe("ids are ordinary strings", () => {
  const tricky = ["__proto__", "toString", "constructor", "hasOwnProperty", "valueOf"];
  it.each(tricky)("a node and an edge called %s", (id) => {
    const file = JSON.stringify({
      format: "gradflow",
      version: 1,
      nodes: [
        { id, type: "Input", data: { value: [2, 3] } },
        { id: "y", type: "Input", data: { value: [4, 5] } },
        { id: "prototype", type: "Mul", data: {} },
      ],
      edges: [
        { id, source: id, target: "prototype", targetHandle: "a" },
        { id: "e", source: "y", target: "prototype", targetHandle: "b" },
      ],
    });
    const d = validateGraph(JSON.parse(file));
    const p = compile(d).run();
    expect(g(p, id)).toEqual([4, 5]);
    const r = JSON.parse(JSON.stringify(toRunResult(p)));
    expect(Object.keys(r.nodes)).toEqual([id, "y", "prototype"]);
    expect(Object.hasOwn(r.nodes, id)).toBe(true);
    expect(r.nodes[id].outputs.out).toEqual([2, 3]);
    expect(r.nodes[id].grads.out).toEqual([4, 5]);
    expect(r.edges[id]).toEqual({ value: [2, 3], grad: [4, 5] });
    expect(r.order).toEqual([id, "y", "prototype"]);
    // and nothing leaked onto Object.prototype
    expect(({} as Record<string, unknown>).outputs).toBeUndefined();
  });

  it("duplicate-looking ids that differ only in case are different nodes", () => {
    const p = run([["a", "Input", { value: 1 }], ["A", "Input", { value: 2 }], ["s", "Add"]], ["a -> s.a", "A -> s.b"]);
    expect(nested(p, "s")).toBe(3);
  });
});

describe("cycles", () => {
  /** a cycle may be named from any of its nodes: a → b → a or b → a → b */
  const rotations = (prefix: string, loop: string[]) => loop.map((_, i) => prefix + [...loop.slice(i), ...loop.slice(0, i), loop[i]].join(" → "));
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };

  it("the executor refuses a cycle, naming the nodes on it", () => {
    const d = doc([["x", "Input", { value: 1 }], ["a", "Add"], ["b", "Tanh"], ["c", "Exp"]], ["x -> a.a", "a -> b.x", "b -> c.x", "c -> a.b"]);
    expect(rotations("the graph has a cycle: ", ["a", "b", "c"])).toContain(thrown(() => compile(d)));
  });

  it("the file reader reports it as the file's error", () => {
    const d = doc([["x", "Input", { value: 1 }], ["a", "Add"], ["b", "Tanh"]], ["x -> a.a", "a -> b.x", "b -> a.b"]);
    expect(() => validateGraph(d)).toThrow(FormatError);
    expect(rotations("edges: the graph has a cycle: ", ["a", "b"])).toContain(thrown(() => validateGraph(d)));
  });

  it("a node wired into itself is a cycle of one", () => {
    const d = doc([["a", "Add"]], ["a -> a.a"]);
    expect(topoSort(d.nodes, d.edges)).toEqual({ cycle: ["a", "a"] });
  });

  it("finds the cycle past the nodes that merely hang off it", () => {
    const d = doc([["s", "Input"], ["p", "Add"], ["q", "Mul"], ["r", "Tanh"], ["after", "Exp"]], ["s -> p.a", "p -> q.a", "q -> r.x", "r -> p.b", "r -> after.x"]);
    const res = topoSort(d.nodes, d.edges);
    expect("cycle" in res).toBe(true);
    if ("cycle" in res) expect(rotations("", ["p", "q", "r"])).toContain(res.cycle.join(" → "));
  });

  it("orders ties by the document (Kahn's algorithm, first added first)", () => {
    const d = doc([["b", "Input"], ["a", "Input"], ["s", "Add"], ["c", "Input"]], ["a -> s.a", "b -> s.b"]);
    expect(topoSort(d.nodes, d.edges)).toEqual({ order: ["b", "a", "s", "c"] });
  });

  it("wouldCycle tells the editor which new edge closes a loop", () => {
    const edges = [{ source: "a", target: "b" }, { source: "b", target: "c" }];
    expect(wouldCycle(edges, "c", "a")).toEqual(["c", "a", "b", "c"]);
    expect(wouldCycle(edges, "a", "c")).toBeNull();
    expect(wouldCycle(edges, "a", "a")).toEqual(["a", "a"]);
  });
});

describe("limits", () => {
  it("a value too large is a node error, refused before any memory is taken", () => {
    const before = process.memoryUsage().arrayBuffers;
    const p = run([["x", "Input", { value: { init: "randn", shape: [100000, 100000], seed: 1 } }], ["t", "Tanh"], ["y", "Input", { value: 2 }]], ["x -> t.x"]);
    expect(p.error("x")).toBe("Input: value: 10000000000 elements is too large (limit 16777216)");
    expect(p.status("t")).toBe("blocked");
    expect(nested(p, "y")).toBe(2);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50e6);
  });

  it("an op whose result would be too large errs instead of allocating it", () => {
    const before = process.memoryUsage().arrayBuffers;
    const ones = (shape: number[]) => ({ value: { init: "ones", shape } });
    const p = run(
      [["x", "Input", ones([1000, 1000])], ["r", "Repeat", { repeats: 100000 }], ["a", "Input", ones([1000, 1, 1])], ["b", "Input", ones([1000, 1000])], ["s", "Add"], ["c", "Input", ones([100000, 1])], ["w", "Input", ones([1, 100000])], ["mm", "MatMul"]],
      ["x -> r.x", "a -> s.a", "b -> s.b", "c -> mm.x", "w -> mm.W"],
    );
    expect(p.error("r")).toBe("Repeat: the result would have 100000000000 elements, more than the limit 16777216");
    expect(p.error("s")).toBe("Add: the result would have 1000000000 elements, more than the limit 16777216");
    expect(p.error("mm")).toBe("MatMul: the result would have 10000000000 elements, more than the limit 16777216");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(100e6);
  });

  it("accepts a result of exactly the limit's size", () => {
    const p = run([["x", "Input", { value: { init: "zeros", shape: [4096, 2048] } }], ["r", "Repeat", { repeats: 2 }]], ["x -> r.x"]);
    expect(p.error("r")).toBeNull();
    expect(p.value("r")!.data.length).toBe(16_777_216);
  });
});

describe("a Program runs again and again on the same buffers", () => {
  it("gives identical results on a second run, and follows a changed Param", () => {
    const p = compile(doc([["x", "Input", { value: [[0.5, -1]] }], ["W", "Param", { value: [[1, 2], [3, 4]] }], ["mm", "MatMul"], ["t", "Tanh"]], ["x -> mm.x", "W -> mm.W", "mm -> t.x"]));
    const first = JSON.stringify(toRunResult(p.run()));
    expect(JSON.stringify(toRunResult(p.run()))).toBe(first);
    p.paramValue("W").data[0] = 0;
    expect(JSON.stringify(toRunResult(p.run()))).not.toBe(first);
  });

  it("onlyParamGrads skips the gradients that lead to no Param", () => {
    const d = doc([["x", "Input", { value: [[0.5, -1]] }], ["W", "Param", { value: [[1, 2], [3, 4]] }], ["mm", "MatMul"], ["t", "Tanh"]], ["x -> mm.x", "W -> mm.W", "mm -> t.x"]);
    const full = compile(d).run(), lean = compile(d, { onlyParamGrads: true }).run();
    expect(g(lean, "W")).toEqual(g(full, "W"));
    expect(g(full, "x")).not.toBeNull();
    expect(g(lean, "x")).toBeNull();
    expect(lean.edgeGrad("x -> mm.x")).toBeNull();
  });

  it("writes non-finite numbers as strings in the result", () => {
    const p = run([["x", "Input", { value: [0, -1, 1] }], ["l", "Log"]], ["x -> l.x"]);
    const r = JSON.parse(JSON.stringify(toRunResult(p)));
    expect(r.nodes.l.outputs.out).toEqual(["-Infinity", "NaN", 0]);
    expect(r.nodes.x.grads.out).toEqual(["Infinity", -1, 1]);
    expect(r.loss).toBe("NaN");
  });
});

describe("why a value is NaN or infinite", () => {
  const one = (type: string, inputs: Record<string, unknown>) =>
    compile(
      validateGraph({
        format: "gradflow",
        version: 1,
        nodes: [...Object.entries(inputs).map(([id, value]) => ({ id, type: "Input", data: { value } })), { id: "n", type, data: {} }],
        edges: Object.keys(inputs).map((id) => ({ id: `e${id}`, source: id, target: "n", targetHandle: id })),
      }),
    ).run();
  it("says where and why, at the node", () => {
    expect(one("Log", { x: [[1, -2]] }).nonFiniteReason("n")).toBe("out[0,1] is NaN: ln of a negative number is not a number: x[0,1] = -2");
    expect(one("Log", { x: 0 }).nonFiniteReason("n")).toBe("out is −∞: ln 0 is −∞: x = 0");
    expect(one("Div", { a: [1, 0], b: [0] }).nonFiniteReason("n")).toBe("out[0] is ∞: division by zero: b[0] = 0");
    expect(one("Exp", { x: [1, 800] }).nonFiniteReason("n")).toBe("out[1] is ∞: e^x overflows float64 for x above 709.78: x[1] = 800");
    expect(one("Mul", { a: 1e200, b: 1e200 }).nonFiniteReason("n")).toBe("out is ∞: the result is too large for float64 (beyond ±1.8e308)");
    expect(one("Div", { a: [0], b: [0] }).nonFiniteReason("n")).toBe("out[0] is NaN: 0 / 0 gives no number: b[0] = 0");
    expect(one("Log", { x: [1, 2] }).nonFiniteReason("n")).toBeNull();
    // downstream of a NaN: the input already held it
    const chain = compile(
      validateGraph({
        format: "gradflow", version: 1,
        nodes: [{ id: "x", type: "Input", data: { value: -1 } }, { id: "l", type: "Log", data: {} }, { id: "e", type: "Exp", data: {} }],
        edges: [{ id: "a", source: "x", target: "l", targetHandle: "x" }, { id: "b", source: "l", target: "e", targetHandle: "x" }],
      }),
    ).run();
    expect(chain.nonFiniteReason("e")).toBe("out is NaN: its input x already holds NaN or ∞");
  });
});

describe("one arena for the whole run", () => {
  /** the layer of the MLP benchmark: products large enough that its tensors go to WebAssembly memory */
  const layer = () =>
    compile(
      doc(
        [
          ["x", "Input", { value: { init: "randn", shape: [64, 784], seed: 3 } }],
          ["W", "Param", { value: { init: "randn", shape: [784, 130], seed: 4, scale: 0.03 } }],
          ["b", "Param", { value: { init: "randn", shape: [130], seed: 5 } }],
          ["a", "Affine"],
          ["s", "Sigmoid"],
          ["o", "Output", { grad: { init: "randn", shape: [64, 130], seed: 6 } }],
        ],
        ["x -> a.x", "W -> a.W", "b -> a.b", "a -> s.x", "s -> o.x"],
      ),
    ).run();

  /** C = A·B summed plainly, A (M×K) or read transposed */
  const product = (a: Float64Array, b: Float64Array, M: number, K: number, N: number, aT = false, bT = false) => {
    const c = new Float64Array(M * N);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += (aT ? a[k * M + i] : a[i * K + k]) * (bT ? b[j * K + k] : b[k * N + j]);
        c[i * N + j] = s;
      }
    return c;
  };
  const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

  it("keeps a layer's tensors in WebAssembly memory, and its products equal the plain sums to the bit", () => {
    const p = layer();
    const x = p.value("x")!.data, W = p.value("W")!.data, b = p.value("b")!.data;
    // every tensor of the run is a view of one buffer (a WebAssembly memory's, here: no copies in or out of the kernel)
    expect(new Set(["x", "W", "a", "s"].map((id) => p.value(id)!.data.buffer)).size).toBe(1);
    const xW = product(x, W, 64, 784, 130);
    for (let i = 0; i < xW.length; i++) xW[i] += b[i % 130];
    expect(same(p.value("a")!.data, xW)).toBe(true);
    const g = p.grad("a")!.data;
    expect(same(p.grad("W")!.data, product(x, g, 784, 64, 130, true))).toBe(true);
    expect(same(p.grad("x")!.data, product(g, W, 64, 130, 784, false, true))).toBe(true);
  });

  it("runs small layers on the arena by offsets, to the bits of the plain sums and of their ops' own kernels", () => {
    const p = compile(
      doc(
        [
          ["x", "Input", { value: { init: "randn", shape: [3, 4], seed: 3 } }],
          ["W", "Param", { value: { init: "randn", shape: [4, 5], seed: 4 } }],
          ["b", "Param", { value: { init: "randn", shape: [5], seed: 5 } }],
          ["a", "Affine"],
          ["m", "MatMul"],
          ["s", "Add"],
          ["o", "Output", { grad: { init: "randn", shape: [3, 5], seed: 6 } }],
        ],
        ["x -> a.x", "W -> a.W", "b -> a.b", "x -> m.x", "W -> m.W", "a -> s.a", "m -> s.b", "s -> o.x"],
      ),
    ).run();
    const x = p.value("x")!.data, W = p.value("W")!.data, b = p.value("b")!.data, g = p.grad("s")!.data;
    const xW = product(x, W, 3, 4, 5);
    expect(same(p.value("m")!.data, xW)).toBe(true);
    expect(same(p.value("a")!.data, xW.map((v, i) => v + b[i % 5]))).toBe(true);
    const dx = product(g, W, 3, 5, 4, false, true), dW = product(x, g, 4, 3, 5, true);
    expect(same(p.edgeGrad("x -> a.x")!.data, dx)).toBe(true);
    expect(same(p.edgeGrad("W -> m.W")!.data, dW)).toBe(true);
    expect(same(p.grad("x")!.data, dx.map((v) => v + v))).toBe(true);
    const db = new Float64Array(5);
    for (let i = 0; i < 15; i++) db[i % 5] += g[i];
    expect(same(p.grad("b")!.data, db)).toBe(true);
    // the op's own kernel, on arrays of its own, gives the same bits
    const op = getOp("Affine")!;
    const planned = op.plan([[3, 4], [4, 5], [5]], {});
    if (typeof planned === "string" || !("scratch" in planned)) throw new Error("a small Affine plans its scratch at once");
    const out = { shape: [3, 5], data: new Float64Array(15) }, gx = { shape: [3, 4], data: new Float64Array(12) };
    const k = { ins: [p.value("x")!, p.value("W")!, p.value("b")!], out, g: p.grad("a")!, gIns: [gx, null, null], params: {}, scratch: planned.scratch, run: BOOK_RUN };
    op.forward(k);
    op.backward(k);
    expect(same(out.data, p.value("a")!.data)).toBe(true);
    expect(same(gx.data, p.edgeGrad("x -> a.x")!.data)).toBe(true);
    // a node run by offsets still has its Kernel when an explanation asks
    expect(p.nonFiniteReason("a")).toBeNull();
  });

  it("gives the same bits run after run, and to a second program of the same graph", () => {
    const p = layer(), q = layer();
    const first = Float64Array.from(p.grad("W")!.data);
    p.run();
    expect(same(p.grad("W")!.data, first)).toBe(true);
    expect(same(q.grad("W")!.data, first)).toBe(true);
  });
});
