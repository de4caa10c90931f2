import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EXAMPLES, FIRST_EXAMPLE_ID, type Example } from "./index";
import { compile, type Program } from "../engine/executor";
import { parseGraph, withSeeds } from "../engine/format";
import { gradCheck } from "../engine/gradcheck";
import { tensorToJson } from "../engine/result";
import { Trainer } from "../engine/train";
import { materialize, type TensorValue } from "../engine/values";
import { fromNested, type Nested, type Tensor } from "../engine/tensor";
import { validateGraph } from "../engine/format";
import books from "../engine/fixtures/books.json";
import optimizerFixtures from "../engine/fixtures/optimizers.json";
import { raceOptimizers } from "../engine/race";
import { CHAPTER6_OPTIMIZERS } from "./index";

const example = (id: string): Example => {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) throw new Error(`no example "${id}"`);
  return ex;
};
const sourceValue = (ex: Example, id: string, field = "value"): Tensor =>
  materialize(ex.doc.nodes.find((n) => n.id === id)!.data[field] as TensorValue);

// ---- the notebooks' numbers, as /work/shared/cases/*.expect.json record them -------------

type Want = { out?: unknown; grad?: unknown };
interface Expect {
  nodes?: Record<string, Want>;
  edges?: Record<string, Want>;
  loss?: number;
  atol?: number;
}
const readExpect = (name: string): Expect =>
  JSON.parse(readFileSync(new URL(`../../../shared/cases/${name}.expect.json`, import.meta.url), "utf8")) as Expect;

/** The comparison ../shared/tools/check-cases.mjs makes. */
function closeTo(got: unknown, want: unknown, atol: number, rtol = 1e-12): boolean {
  if (want === null) return got === null || got === undefined;
  if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => closeTo(got[i], w, atol, rtol));
  return typeof got === "number" && Math.abs(got - (want as number)) <= atol + rtol * Math.abs(want as number);
}

function expectMatches(p: Program, want: Expect): void {
  const atol = want.atol ?? 1e-12;
  const check = (what: string, got: unknown, w: unknown) => {
    if (!closeTo(got, w, atol)) expect.fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(w)}`);
  };
  for (const [id, w] of Object.entries(want.nodes ?? {})) {
    if ("out" in w) check(`node ${id} value`, tensorToJson(p.value(id)), w.out);
    if ("grad" in w) check(`node ${id} gradient`, tensorToJson(p.grad(id)), w.grad);
  }
  for (const [id, w] of Object.entries(want.edges ?? {})) if ("grad" in w) check(`edge ${id} gradient`, tensorToJson(p.edgeGrad(id)), w.grad);
  if (want.loss !== undefined) check("loss", p.loss, want.loss);
}

describe("the examples", () => {
  it("have unique ids, one-line texts, and the first one exists", () => {
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
    expect(EXAMPLES.map((e) => e.id)).toContain(FIRST_EXAMPLE_ID);
    expect(EXAMPLES.map((e) => e.id).sort()).toEqual(
      ["add-mul-div", "affine", "affine-from-matmul-add", "linear-relu-celoss", "matmul", "mul", "optimizers-ch6", "repeat-sum", "rnn", "rnn-unrolled", "sigmoid", "spiral", "two-layer"].sort(),
    );
    for (const e of EXAMPLES) {
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.blurb.length).toBeGreaterThan(10);
      expect(e.blurb).not.toContain("\n");
      expect(e.blurb.length).toBeLessThan(160);
    }
  });

  for (const ex of EXAMPLES) {
    describe(ex.id, () => {
      it("is a graph file as the format reads it back, unchanged", () => {
        expect(parseGraph(JSON.stringify(ex.doc))).toEqual(ex.doc);
      });

      it("needs no seed picked: it gives the same numbers on every machine", () => {
        expect(withSeeds(ex.doc, () => expect.fail("a generator without a seed"))).toBe(ex.doc);
      });

      it("runs with no node error and a loss", () => {
        const p = compile(ex.doc).run();
        for (const id of p.allIds) expect([id, p.error(id)]).toEqual([id, null]);
        expect(p.order).toHaveLength(ex.doc.nodes.length);
        expect(Number.isFinite(p.loss)).toBe(true);
      });

      it("passes the gradient check on every Input and Param that a gradient reaches", () => {
        const report = gradCheck(ex.doc);
        expect(report.pass).toBe(true);
        const targets = new Set(ex.doc.edges.filter((e) => e.targetHandle === "t").map((e) => e.source));
        for (const n of ex.doc.nodes.filter((n) => n.type === "Input" || n.type === "Param")) {
          const c = report.nodes.get(n.id)!;
          if (targets.has(n.id)) expect(c.checked, n.id).toBe(0);
          else expect([n.id, c.checked, c.relError! <= report.tolerance]).toEqual([n.id, Math.min(c.size, 256), true]);
        }
      });

      it("reads left to right: every edge goes to a later column, no two nodes overlap", () => {
        const at = new Map(ex.doc.nodes.map((n) => [n.id, n.position!]));
        for (const e of ex.doc.edges) expect(at.get(e.target)!.x, `${e.id}`).toBeGreaterThan(at.get(e.source)!.x);
        const spots = ex.doc.nodes.map((n) => `${n.position!.x},${n.position!.y}`);
        expect(new Set(spots).size).toBe(spots.length);
        for (const n of ex.doc.nodes) expect(n.position!.x % 260).toBe(0);
      });
    });
  }
});

describe("the notebooks' numbers come out on the examples' edges", () => {
  it("mul: 10 · 20 = 200, dx = 20, dy = 10", () => {
    const p = compile(example("mul").doc).run();
    expect(tensorToJson(p.value("mul"))).toBe(200);
    expect(tensorToJson(p.edgeGrad("xm"))).toBe(20);
    expect(tensorToJson(p.edgeGrad("ym"))).toBe(10);
    expect(p.loss).toBe(200);
  });

  const cases: [string, string][] = [
    ["add-mul-div", "add-mul-div"],
    ["sigmoid", "sigmoid"],
    ["repeat-sum", "repeat-sum"],
    ["matmul", "matmul-dout"],
    ["linear-relu-celoss", "linear-relu-celoss"],
  ];
  for (const [id, name] of cases)
    it(`${id} matches cases/${name}.expect.json`, () => {
      expectMatches(compile(example(id).doc).run(), readExpect(name));
    });

  it("linear-relu-celoss carries the notebook's y1 and y2 on its edges", () => {
    const want = readExpect("linear-relu-celoss");
    const p = compile(example("linear-relu-celoss").doc).run();
    expect(closeTo(tensorToJson(p.edgeValue("ey1")), want.nodes!.lin.out, 5e-9)).toBe(true);
    expect(closeTo(tensorToJson(p.edgeValue("ey2")), want.nodes!.relu.out, 5e-9)).toBe(true);
    // the notebook printed y − t; the exact gradient divides by the batch size, 5
    const yMinusT = [[-0.24904416, 0.12452208, 0.12452208], [-0.47489362, 0.23744681, 0.23744681], [0.35433046, 0.19896769, -0.55329815], [0.28983192, 0.28983192, -0.57966385], [-0.72339481, 0.16877907, 0.55461573]];
    expect(closeTo(tensorToJson(p.edgeGrad("ey2")), yMinusT.map((r) => r.map((v) => v / 5)), 5e-9)).toBe(true);
  });

  it("affine: the notebook's shapes, and dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ rows dY", () => {
    const ex = example("affine");
    const p = compile(ex.doc).run();
    expect(p.value("affine")!.shape).toEqual([20, 10]);
    expect(p.edgeGrad("eX")!.shape).toEqual([20, 50]);
    expect(p.edgeGrad("eW")!.shape).toEqual([50, 10]);
    expect(p.edgeGrad("eb")!.shape).toEqual([10]);
    const X = sourceValue(ex, "X"), W = sourceValue(ex, "W"), b = sourceValue(ex, "b"), dY = sourceValue(ex, "o", "grad");
    expect(X.data[0]).toBe(0.5488135039273248); // np.random.seed(0); np.random.rand()
    const [N, D, H] = [20, 50, 10];
    for (let n = 0; n < N; n++)
      for (let h = 0; h < H; h++) {
        let y = b.data[h];
        for (let d = 0; d < D; d++) y += X.data[n * D + d] * W.data[d * H + h];
        expect(p.value("affine")!.data[n * H + h]).toBeCloseTo(y, 12);
      }
    for (let n = 0; n < N; n++)
      for (let d = 0; d < D; d++) {
        let dx = 0;
        for (let h = 0; h < H; h++) dx += dY.data[n * H + h] * W.data[d * H + h];
        expect(p.edgeGrad("eX")!.data[n * D + d]).toBeCloseTo(dx, 12);
      }
    for (let d = 0; d < D; d++)
      for (let h = 0; h < H; h++) {
        let dw = 0;
        for (let n = 0; n < N; n++) dw += X.data[n * D + d] * dY.data[n * H + h];
        expect(p.edgeGrad("eW")!.data[d * H + h]).toBeCloseTo(dw, 12);
      }
    for (let h = 0; h < H; h++) {
      let db = 0;
      for (let n = 0; n < N; n++) db += dY.data[n * H + h];
      expect(p.edgeGrad("eb")!.data[h]).toBeCloseTo(db, 12);
    }
  });

  it("rnn: the notebook's forward and its five backward formulas", () => {
    const ex = example("rnn");
    const p = compile(ex.doc).run();
    const x = sourceValue(ex, "x"), hp = sourceValue(ex, "h_prev"), Wx = sourceValue(ex, "Wx"), Wh = sourceValue(ex, "Wh"), b = sourceValue(ex, "b");
    const [N, D, H] = [2, 3, 4];
    // h_next = tanh(h_prev·Wh + x·Wx + b); dh_next = ones (the Output's default)
    const h = new Float64Array(N * H), dt = new Float64Array(N * H);
    for (let n = 0; n < N; n++)
      for (let j = 0; j < H; j++) {
        let s = b.data[j];
        for (let k = 0; k < H; k++) s += hp.data[n * H + k] * Wh.data[k * H + j];
        for (let d = 0; d < D; d++) s += x.data[n * D + d] * Wx.data[d * H + j];
        h[n * H + j] = Math.tanh(s);
        dt[n * H + j] = 1 - h[n * H + j] ** 2;
      }
    const matmulT = (a: ArrayLike<number>, rowsA: number, colsA: number, bT: ArrayLike<number>, rowsB: number) => {
      // a (rowsA, colsA) · bᵀ where b is (rowsB, colsA)
      const out = new Float64Array(rowsA * rowsB);
      for (let i = 0; i < rowsA; i++) for (let j = 0; j < rowsB; j++) for (let k = 0; k < colsA; k++) out[i * rowsB + j] += a[i * colsA + k] * bT[j * colsA + k];
      return out;
    };
    const tMatmul = (a: ArrayLike<number>, rows: number, colsA: number, c: ArrayLike<number>, colsC: number) => {
      // aᵀ · c where a is (rows, colsA) and c is (rows, colsC)
      const out = new Float64Array(colsA * colsC);
      for (let i = 0; i < colsA; i++) for (let j = 0; j < colsC; j++) for (let r = 0; r < rows; r++) out[i * colsC + j] += a[r * colsA + i] * c[r * colsC + j];
      return out;
    };
    const db = new Float64Array(H);
    for (let n = 0; n < N; n++) for (let j = 0; j < H; j++) db[j] += dt[n * H + j];
    const want: [string, Float64Array][] = [
      ["eo", h], // forward, read below as a value
      ["eb", db],
      ["eWh", tMatmul(hp.data, N, H, dt, H)],
      ["eh", matmulT(dt, N, H, Wh.data, H)],
      ["eWx", tMatmul(x.data, N, D, dt, H)],
      ["ex", matmulT(dt, N, H, Wx.data, D)],
    ];
    for (const [id, w] of want) {
      const got = id === "eo" ? p.edgeValue(id)! : p.edgeGrad(id)!;
      expect(got.data.length, id).toBe(w.length);
      got.data.forEach((v, i) => expect(v, `${id}[${i}]`).toBeCloseTo(w[i], 13));
    }
    // h_prev is not zeros, so dWh is not trivially zero
    expect(Math.max(...p.edgeGrad("eWh")!.data.map(Math.abs))).toBeGreaterThan(0.01);
  });
});

describe("two-layer trains", () => {
  it("holds a 3-class dataset of 30 points", () => {
    const ex = example("two-layer");
    expect(sourceValue(ex, "x").shape).toEqual([30, 2]);
    const t = Array.from(sourceValue(ex, "t").data);
    expect([0, 1, 2].map((c) => t.filter((v) => v === c).length)).toEqual([10, 10, 10]);
  });

  it("brings the loss well down within 300 steps of its optimizer and classifies the points", () => {
    const ex = example("two-layer");
    const trainer = new Trainer(ex.doc);
    for (let i = 0; i < 300; i++) trainer.step();
    const [first, last] = [trainer.losses[0], trainer.losses[299]];
    expect(first).toBeGreaterThan(0.9); // near ln 3: the untrained net guesses
    expect(last).toBeLessThan(first * 0.2);
    const p = trainer.program;
    p.run();
    const scores = p.value("affine2")!.data, t = sourceValue(ex, "t").data;
    let right = 0;
    for (let i = 0; i < 30; i++) {
      const row = Array.from(scores.slice(i * 3, i * 3 + 3));
      if (row.indexOf(Math.max(...row)) === t[i]) right++;
    }
    expect(right).toBeGreaterThanOrEqual(27);
  });
});

describe("rnn-unrolled: book 2's TimeRNN over T = 4, the loss on the last h", () => {
  const f = books.book2.time_rnn_last;
  const ex = example("rnn-unrolled");
  const close = (got: Tensor | null, want: Nested, what: string) => {
    const w = fromNested(want);
    expect(got!.shape, what).toEqual(w.shape);
    w.data.forEach((v, i) => expect(Math.abs(got!.data[i] - v) <= 1e-12 * Math.abs(v), `${what}[${i}]: ${got!.data[i]} vs ${v}`).toBe(true));
  };

  it("is the cell unrolled: 4 RNN steps in one group, sharing Wx, Wh and b, each x_t the next draws of the stream", () => {
    const steps = ex.doc.nodes.filter((n) => n.type === "RNN").map((n) => n.id);
    expect(steps).toHaveLength(4);
    expect(ex.doc.groups).toHaveLength(1);
    for (const w of ["Wx", "Wh", "b"]) expect(ex.doc.edges.filter((e) => e.source === w)).toHaveLength(4);
    const xs = ex.doc.nodes.filter((n) => n.type === "Input" && n.id.startsWith("x")).map((n) => n.data.value);
    expect(xs).toEqual(f.x);
  });

  it("gives numpy's TimeRNN: every h_t, every dx_t, dWx, dWh, db and dh_0", () => {
    const p = compile(ex.doc).run();
    const steps = ex.doc.nodes.filter((n) => n.type === "RNN").map((n) => n.id);
    const xs = ex.doc.nodes.filter((n) => n.type === "Input" && n.id.startsWith("x")).map((n) => n.id);
    steps.forEach((s, t) => close(p.value(s), f.hs[t], `h_${t + 1}`));
    xs.forEach((x, t) => close(p.grad(x), f.dxs[t], `dx_${t + 1}`));
    close(p.grad("Wx"), f.dWx, "dWx");
    close(p.grad("Wh"), f.dWh, "dWh");
    close(p.grad("b"), f.db, "db");
    close(p.grad("h0"), f.dh0, "dh_0");
  });
});

describe("optimizers-ch6: chapter 6's f(x, y) = x²/20 + y²", () => {
  const ex = example("optimizers-ch6");

  it("its gradient is the book's df, x / 10 and 2y, to the bit", () => {
    for (const [x, y] of [[-7, 2], [-6.335, -1.7999999999999998], [0.1, 3e-5], [123.456, -7.77]]) {
      const doc = { ...ex.doc, nodes: ex.doc.nodes.map((n) => (n.id === "x" ? { ...n, data: { value: x } } : n.id === "y" ? { ...n, data: { value: y } } : n)) };
      const p = compile(doc).run();
      expect(p.grad("x")!.data[0]).toBe(x / 10.0);
      expect(p.grad("y")!.data[0]).toBe(2.0 * y);
    }
  });

  it("trained by the book's four optimizers with its learning rates, follows numpy's paths to the bit", () => {
    const lanes = raceOptimizers(ex.doc, CHAPTER6_OPTIMIZERS, 30, { track: [{ id: "x" }, { id: "y" }] });
    for (const lane of lanes) {
      const want = optimizerFixtures.compare.runs.find((r) => r.type === lane.optimizer.type)!;
      expect(lane.optimizer.lr).toBe(want.lr);
      expect(lane.path).toEqual(want.path);
    }
    expect(lanes.map((l) => l.optimizer.type)).toEqual(["SGD", "Momentum", "AdaGrad", "Adam"]);
  });

  it("its own optimizer is the book's first, SGD with lr 0.95", () => {
    expect(ex.doc.optimizer).toEqual({ type: "SGD", lr: 0.95 });
    const trainer = new Trainer(ex.doc);
    const sgd = optimizerFixtures.compare.runs[0];
    for (let k = 1; k <= 30; k++) {
      trainer.step();
      expect([trainer.params().get("x")!.data[0], trainer.params().get("y")!.data[0]]).toEqual(sgd.path[k]);
    }
  });
});

describe("affine-from-matmul-add: a collapsed group whose numbers are the Affine op's", () => {
  const ex = example("affine-from-matmul-add");

  it("is MatMul and Add in one collapsed group", () => {
    expect(ex.doc.groups).toEqual([{ id: "affine-layer", label: "Affine layer", nodes: ["mm", "add"], collapsed: true }]);
  });

  it("gives the Affine layer's out, dx, dW and db to the bit", () => {
    const parts = compile(ex.doc).run();
    const affineDoc = validateGraph({
      format: "gradflow",
      version: 1,
      nodes: [...ex.doc.nodes.filter((n) => n.id !== "mm" && n.id !== "add"), { id: "aff", type: "Affine", data: {} }],
      edges: [
        { id: "ax", source: "x", target: "aff", targetHandle: "x" },
        { id: "aW", source: "W", target: "aff", targetHandle: "W" },
        { id: "ab", source: "b", target: "aff", targetHandle: "b" },
        { id: "ao", source: "aff", target: "o", targetHandle: "x" },
      ],
    });
    const whole = compile(affineDoc).run();
    expect(Array.from(parts.value("add")!.data)).toEqual(Array.from(whole.value("aff")!.data));
    for (const id of ["x", "W", "b"]) expect(Array.from(parts.grad(id)!.data), id).toEqual(Array.from(whole.grad(id)!.data));
    expect(tensorToJson(parts.value("add"))).toEqual([[9.1, 12.2, 15.3], [19.1, 26.2, 33.3]]);
    expect(tensorToJson(parts.grad("b"))).toEqual([5, 7, 9]);
  });
});
