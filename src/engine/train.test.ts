import { describe, expect, it } from "vitest";
import { validateGraph } from "./format";
import { Trainer, TrainError, withParams } from "./train";
import { compile } from "./executor";
import type { GraphDoc } from "./graph";

/** y = x·W fitted to targets made by a known W* = [[2], [-1]] */
function regression(optimizer?: Record<string, unknown>): GraphDoc {
  const xs = [[1, 0], [0, 1], [1, 1], [2, -1]];
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: [
      { id: "x", type: "Input", data: { value: xs } },
      { id: "W", type: "Param", data: { value: [[0], [0]] } },
      { id: "t", type: "Input", data: { value: xs.map(([a, b]) => [2 * a - b]) } },
      { id: "mm", type: "MatMul", data: {} },
      { id: "L", type: "MSELoss", data: {} },
    ],
    edges: [
      { id: "e1", source: "x", target: "mm", targetHandle: "x" },
      { id: "e2", source: "W", target: "mm", targetHandle: "W" },
      { id: "e3", source: "mm", target: "L", targetHandle: "x" },
      { id: "e4", source: "t", target: "L", targetHandle: "t" },
    ],
    ...(optimizer ? { optimizer } : {}),
  });
}

describe("Trainer", () => {
  it("moves the Params downhill until the fit is exact", () => {
    const trainer = new Trainer(regression({ type: "SGD", lr: 0.1 }));
    for (let i = 0; i < 300; i++) trainer.step();
    const W = Array.from(trainer.params().get("W")!.data);
    expect(W[0]).toBeCloseTo(2, 8);
    expect(W[1]).toBeCloseTo(-1, 8);
    expect(trainer.losses[0]).toBeGreaterThan(trainer.losses[10]);
    expect(trainer.losses.at(-1)!).toBeLessThan(1e-15);
  });

  it("uses SGD with its defaults when the file names no optimizer, and fills in defaults", () => {
    expect(new Trainer(regression()).optimizer).toEqual({ type: "SGD", lr: 0.01 });
    expect(new Trainer(regression({ type: "Adam", lr: 0.1 })).optimizer).toEqual({ type: "Adam", lr: 0.1, beta1: 0.9, beta2: 0.999 });
    expect(new Trainer(regression({ type: "Adam" }), { type: "Momentum" }).optimizer).toEqual({ type: "Momentum", lr: 0.01, momentum: 0.9 });
  });

  it("the first loss is the graph's loss before any update; the document is not changed", () => {
    const doc = regression();
    const before = JSON.stringify(doc);
    const trainer = new Trainer(doc);
    expect(trainer.step()).toBe(compile(doc).run().loss);
    trainer.step();
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("refuses a graph without a Param, and explains a graph that gives no loss", () => {
    const noParam = regression();
    noParam.nodes[1] = { ...noParam.nodes[1], type: "Input" };
    expect(() => new Trainer(noParam)).toThrow(new TrainError("nothing to train: the graph has no Param node"));
    const broken = regression();
    broken.nodes[1] = { ...broken.nodes[1], data: { value: [[0, 0, 0]] } };
    const t = new Trainer(broken);
    expect(() => t.step()).toThrow('cannot train: node "mm" errs: MatMul: x is (4,2) but W is (1,3): inner sizes 2 and 1 differ');
  });

  it("withParams writes trained values and the optimizer into a document that reads back", () => {
    const doc = regression();
    const trainer = new Trainer(doc, { type: "SGD", lr: 0.1 });
    for (let i = 0; i < 5; i++) trainer.step();
    const out = withParams(doc, trainer.params(), trainer.optimizer);
    const again = validateGraph(JSON.parse(JSON.stringify(out)));
    expect(again.optimizer).toEqual({ type: "SGD", lr: 0.1 });
    expect(again.nodes[1].data.value).toEqual([[trainer.params().get("W")!.data[0]], [trainer.params().get("W")!.data[1]]]);
    expect(again.nodes[0]).toEqual(doc.nodes[0]);
    // training on from the written file continues the same trajectory (SGD keeps no state)
    const next = new Trainer(again);
    expect(next.step()).toBe(trainer.step());
  });
});

describe("Trainer's loss", () => {
  it("counts an Output that no Param reaches, as a run does", () => {
    const doc = regression();
    doc.nodes.push({ id: "k", type: "Input", data: { value: [3, 4] } }, { id: "o", type: "Output", data: { grad: [1, 2] } });
    doc.edges.push({ id: "e5", source: "k", target: "o", targetHandle: "x" });
    const p = compile(doc).run();
    expect(p.loss).toBe(p.value("L")!.data[0] + 11);
    expect(new Trainer(doc).step()).toBe(p.loss);
  });

  it("is the Output's alone when the Param hangs loose (nothing to learn, but a loss to show)", () => {
    const doc = regression();
    doc.edges = doc.edges.filter((e) => e.id !== "e4" && e.id !== "e3");
    doc.nodes = doc.nodes.filter((n) => n.id !== "L");
    doc.nodes.push({ id: "o", type: "Output", data: {} });
    doc.edges.push({ id: "e5", source: "x", target: "o", targetHandle: "x" });
    expect(new Trainer(doc).step()).toBe(1 + 1 + 2 + 1); // Σ x
  });
});
