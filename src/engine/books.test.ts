// The books' own numbers through Gradflow graphs. fixtures/books.py transcribes the classes of
// "Deep Learning from Scratch" 1 and 2 (Koki Saitoh) and runs them under np.random.seed; every randn
// tensor it used is written as the FORMAT.md generator that makes it, so the graphs below draw the
// same numbers themselves. Each value and gradient must agree to 1e-12 relative (element by element);
// where the books compute something else, a comment says why the expectation differs.
// The last part checks the numbers that the notebooks of /work/shared/notebooks print.
import { afterAll, describe, expect, it } from "vitest";
import { compile, type Program } from "./executor";
import { validateGraph } from "./format";
import type { GraphDoc } from "./graph";
import { Trainer } from "./train";
import { fromNested, scalar, toNested, type Nested, type Tensor } from "./tensor";
import books from "./fixtures/books.json";

const RTOL = 1e-12;
const { book1, book2 } = books;

// ---- building graphs --------------------------------------------------------------------------

type NodeSpec = [id: string, type: string, data?: Record<string, unknown>];

/**
 * A graph file as the file reader sees it. Edges are "source -> target.port"; that string is the
 * edge's id unless one is given before it: "id: source -> target.port".
 */
function graph(nodes: NodeSpec[], edges: string[], optimizer?: GraphDoc["optimizer"]): GraphDoc {
  return validateGraph({
    format: "gradflow",
    version: 1,
    nodes: nodes.map(([id, type, data]) => ({ id, type, data: data ?? {} })),
    edges: edges.map((e) => {
      const m = /^(?:(.+): )?(.+) -> (.+)\.(.+)$/.exec(e);
      if (!m) throw new Error(`bad edge "${e}"`);
      return { id: m[1] ?? e, source: m[2], sourceHandle: "out", target: m[3], targetHandle: m[4] };
    }),
    ...(optimizer ? { optimizer } : {}),
  });
}

function run(doc: GraphDoc): Program {
  const p = compile(doc).run();
  for (const id of p.allIds) expect(p.error(id), id).toBeNull();
  return p;
}

// ---- comparing -------------------------------------------------------------------------------

/** the largest relative difference seen, per group, for the report printed at the end */
const worst = new Map<string, number>();

/** |got − want| / |want| for every element must be ≤ rtol (want 0 needs got 0); records the largest. */
function expectClose(group: string, what: string, got: Tensor | number | null | undefined, want: Nested, rtol = RTOL): void {
  expect(got, `${what}: no value`).not.toBeNull();
  expect(got, `${what}: no value`).not.toBeUndefined();
  const g = typeof got === "number" ? scalar(got) : got!;
  const w = fromNested(want);
  expect(g.shape, `${what}: shape`).toEqual(w.shape);
  let max = 0, at = -1;
  for (let i = 0; i < w.data.length; i++) {
    const d = Math.abs(g.data[i] - w.data[i]);
    const rel = d === 0 ? 0 : w.data[i] === 0 ? Infinity : d / Math.abs(w.data[i]);
    if (!(rel <= max)) [max, at] = [rel, i];
  }
  worst.set(group, Math.max(worst.get(group) ?? 0, max));
  if (!(max <= rtol)) expect.fail(`${what}[${at}]: got ${g.data[at]}, want ${w.data[at]} (relative difference ${max.toExponential(2)} > ${rtol})`);
}

afterAll(() => {
  const rows = [...worst].map(([g, m]) => `  ${m === 0 ? "0 (bit for bit)" : m.toExponential(2)}  ${g}`);
  console.log(`largest relative difference per group:\n${rows.join("\n")}`);
});

const nested = (t: Tensor | null): Nested => toNested(t!) as Nested;

// ---- book 1 -------------------------------------------------------------------------------------

describe("book 1, ch05/layer_naive.py: MulLayer and AddLayer buy apples", () => {
  const G = "book 1: MulLayer, AddLayer (buy_apple, buy_apple_orange)";

  it("buy_apple.py: price 220, dApple 2.2, dApple_num 110, dTax 200 (the last bits included)", () => {
    const f = book1.buy_apple;
    // no Output and no loss: the dangling price is seeded with 1, the script's dprice = 1
    const p = run(
      graph(
        [["apple", "Input", { value: f.in.apple }], ["apple_num", "Input", { value: f.in.apple_num }], ["tax", "Input", { value: f.in.tax }], ["mul_apple", "Mul"], ["mul_tax", "Mul"]],
        ["apple -> mul_apple.a", "apple_num -> mul_apple.b", "mul_apple -> mul_tax.a", "tax -> mul_tax.b"],
      ),
    );
    expectClose(G, "apple_price", p.value("mul_apple"), f.apple_price);
    expectClose(G, "price", p.value("mul_tax"), f.price);
    expectClose(G, "dapple_price", p.edgeGrad("mul_apple -> mul_tax.a"), f.dapple_price);
    expectClose(G, "dtax", p.grad("tax"), f.dtax);
    expectClose(G, "dapple", p.grad("apple"), f.dapple);
    expectClose(G, "dapple_num", p.grad("apple_num"), f.dapple_num);
  });

  it("buy_apple_orange.py: price 715, dApple 2.2, dOrange 3.3000000000000003, dTax 650", () => {
    const f = book1.buy_apple_orange;
    const p = run(
      graph(
        [
          ["apple", "Input", { value: f.in.apple }],
          ["apple_num", "Input", { value: f.in.apple_num }],
          ["orange", "Input", { value: f.in.orange }],
          ["orange_num", "Input", { value: f.in.orange_num }],
          ["tax", "Input", { value: f.in.tax }],
          ["mul_apple", "Mul"],
          ["mul_orange", "Mul"],
          ["add_apple_orange", "Add"],
          ["mul_tax", "Mul"],
        ],
        ["apple -> mul_apple.a", "apple_num -> mul_apple.b", "orange -> mul_orange.a", "orange_num -> mul_orange.b", "mul_apple -> add_apple_orange.a", "mul_orange -> add_apple_orange.b", "add_apple_orange -> mul_tax.a", "tax -> mul_tax.b"],
      ),
    );
    expectClose(G, "apple_price", p.value("mul_apple"), f.apple_price);
    expectClose(G, "orange_price", p.value("mul_orange"), f.orange_price);
    expectClose(G, "all_price", p.value("add_apple_orange"), f.all_price);
    expectClose(G, "price", p.value("mul_tax"), f.price);
    expectClose(G, "dall_price", p.grad("add_apple_orange"), f.dall_price);
    expectClose(G, "dtax", p.grad("tax"), f.dtax);
    expectClose(G, "dapple_price", p.grad("mul_apple"), f.dapple_price);
    expectClose(G, "dorange_price", p.grad("mul_orange"), f.dorange_price);
    for (const k of ["apple", "apple_num", "orange", "orange_num"] as const) expectClose(G, `d${k}`, p.grad(k), f[`d${k}`]);
  });
});

/** x → op → Output(grad = dout): a layer's forward and the backward of a given dout */
function layerGraph(type: string, x: unknown, dout: unknown): Program {
  return run(graph([["x", "Input", { value: x }], ["op", type], ["o", "Output", { grad: dout }]], ["x -> op.x", "op -> o.x"]));
}

describe("book 1, common/layers.py: Relu, Sigmoid, Affine, SoftmaxWithLoss", () => {
  it("Relu (3, 4): out and dx", () => {
    const f = book1.relu;
    const p = layerGraph("ReLU", f.x, f.dout);
    expectClose("book 1: Relu", "out", p.value("op"), f.out);
    expectClose("book 1: Relu", "dx", p.grad("x"), f.dx);
  });

  it("Sigmoid (3, 4) on 2·randn: out and dx = dout ⊙ (1 − out) ⊙ out", () => {
    const f = book1.sigmoid;
    const p = layerGraph("Sigmoid", f.x, f.dout);
    expectClose("book 1: Sigmoid", "out", p.value("op"), f.out);
    expectClose("book 1: Sigmoid", "dx", p.grad("x"), f.dx);
  });

  it("Affine x (4, 3), W (3, 2), b (2,): out, dx, dW, db", () => {
    const f = book1.affine;
    const G = "book 1: Affine";
    const p = run(
      graph([["x", "Input", { value: f.x }], ["W", "Param", { value: f.W }], ["b", "Param", { value: f.b }], ["affine", "Affine"], ["o", "Output", { grad: f.dout }]], ["x -> affine.x", "W -> affine.W", "b -> affine.b", "affine -> o.x"]),
    );
    expectClose(G, "out", p.value("affine"), f.out);
    expectClose(G, "dx", p.grad("x"), f.dx);
    expectClose(G, "dW", p.grad("W"), f.dW);
    expectClose(G, "db", p.grad("b"), f.db);
  });

  describe("SoftmaxWithLoss x (4, 3) on 2·randn", () => {
    const f = book1.softmax_with_loss;
    const G = "book 1: softmax, SoftmaxWithLoss";
    const lossGraph = (t: unknown, x: unknown = f.x) => run(graph([["x", "Input", { value: x }], ["t", "Input", { value: t }], ["loss", "SoftmaxWithLoss"]], ["x -> loss.x", "t -> loss.t"]));

    it("functions.py's softmax, as the Softmax op", () => {
      const p = run(graph([["x", "Input", { value: f.x }], ["sm", "Softmax"]], ["x -> sm.x"]));
      expectClose(G, "softmax(x)", p.value("sm"), f.y);
    });

    // The book's backward has two branches: (y − t) / N for one-hot t, y.copy(); dx[i, t_i] −= 1; / N
    // for labels. The loss node is seeded with 1, the book's dout = 1 (which its backward ignores).
    for (const [name, t, want] of [
      ["one-hot", f.t_onehot, f.with_onehot],
      ["labels", f.t_labels, f.with_labels],
    ] as const)
      it(`with t as ${name}: loss and dx`, () => {
        const p = lossGraph(t);
        expectClose(G, "loss", p.value("loss"), want.loss);
        expectClose(G, "run loss", p.loss, want.loss);
        expectClose(G, "dx", p.grad("x"), want.dx);
        expect(p.edgeGrad("t -> loss.t")).toBeNull();
      });

    it("one sample as a vector (C,): the exact gradient y − t, where the book's backward gives (y − t)/C", () => {
      // cross_entropy_error reshapes a vector to a batch of 1 and divides by 1, but the backward divides
      // by batch_size = t.shape[0], which for a vector t is C = 3. OPS.md: N = 1 when x is 1-D, and the
      // exact gradient of the forward wins. (Book 2's one-hot conversion, t.argmax(axis=1), fails on a
      // vector, so only book 1 has this case.)
      const v = book1.softmax_with_loss_1d;
      const p = lossGraph(v.t, v.x);
      expect(p.value("loss")!.shape).toEqual([]);
      expectClose(G, "loss (1-D)", p.value("loss"), v.loss);
      expectClose(G, "dx (1-D), exact", p.grad("x"), v.dx_exact);
      // and the book's number is that divided by C (a check of the fixture's story, to rounding)
      expectClose("book 1: SoftmaxWithLoss 1-D, the book's dx × C", "dx_book · 3", fromNested(v.dx_book.map((d) => d * 3)), v.dx_exact, 1e-15);
    });
  });
});

/** x → Affine → (ReLU | Sigmoid) → Affine → SoftmaxWithLoss with t: the two books' TwoLayerNet */
function twoLayerNet(f: typeof book1.two_layer_net | typeof book2.two_layer_net, activation: "ReLU" | "Sigmoid"): GraphDoc {
  const [, H, O] = f.sizes;
  return graph(
    [
      ["x", "Input", { value: f.x }],
      ["W1", "Param", { value: f.W1 }],
      ["b1", "Param", { value: { init: "zeros", shape: [H] } }],
      ["affine1", "Affine"],
      ["act", activation],
      ["W2", "Param", { value: f.W2 }],
      ["b2", "Param", { value: { init: "zeros", shape: [O] } }],
      ["affine2", "Affine"],
      ["t", "Input", { value: f.t }],
      ["loss", "SoftmaxWithLoss"],
    ],
    ["x -> affine1.x", "W1 -> affine1.W", "b1 -> affine1.b", "affine1 -> act.x", "act -> affine2.x", "W2 -> affine2.W", "b2 -> affine2.b", "affine2 -> loss.x", "t -> loss.t"],
    { type: "SGD", lr: f.lr },
  );
}

const PARAMS = ["W1", "b1", "W2", "b2"] as const;

describe("book 1, ch05/two_layer_net.py: TwoLayerNet(4, 5, 3), a batch of 10", () => {
  const f = book1.two_layer_net;
  const G = "book 1: TwoLayerNet gradient (backprop)";
  const T = "book 1: TwoLayerNet, 3 SGD steps (train_neuralnet.py)";

  it("gradient(x, t): every layer's output, the loss, dx and the four gradients", () => {
    const p = run(twoLayerNet(f, "ReLU"));
    expectClose(G, "Affine1", p.value("affine1"), f.first.affine1);
    expectClose(G, "Relu1", p.value("act"), f.first.relu);
    expectClose(G, "Affine2 (scores)", p.value("affine2"), f.first.scores);
    expectClose(G, "loss", p.value("loss"), f.first.loss);
    expectClose(G, "dx", p.grad("x"), f.first.dx);
    for (const k of PARAMS) expectClose(G, `grads['${k}']`, p.grad(k), f.first.grads[k]);
  });

  it("SGD (lr 0.1): the loss before each step, the params after it, and the book's train_loss_list", () => {
    const trainer = new Trainer(twoLayerNet(f, "ReLU"));
    f.params_after.forEach((after, k) => {
      expectClose(T, `loss before step ${k}`, trainer.step(), f.loss_before[k]);
      const params = trainer.params();
      for (const id of PARAMS) expectClose(T, `${id} after step ${k}`, params.get(id), after[id]);
    });
    // the book appends the loss after each update: Gradflow's loss before the next step, and at the end a run
    const after = [...trainer.losses.slice(1), trainer.program.run().loss];
    expectClose(T, "train_loss_list", fromNested(after as Nested), f.train_loss_list);
  });
});

// ---- book 2 -------------------------------------------------------------------------------------

describe("book 2, common/layers.py: MatMul, Softmax, SoftmaxWithLoss, SigmoidWithLoss", () => {
  it("MatMul x (3, 4), W (4, 2): out, dx, dW", () => {
    const f = book2.matmul;
    const G = "book 2: MatMul";
    const p = run(graph([["x", "Input", { value: f.x }], ["W", "Param", { value: f.W }], ["mm", "MatMul"], ["o", "Output", { grad: f.dout }]], ["x -> mm.x", "W -> mm.W", "mm -> o.x"]));
    expectClose(G, "out", p.value("mm"), f.out);
    expectClose(G, "dx", p.grad("x"), f.dx);
    expectClose(G, "dW", p.grad("W"), f.dW);
  });

  it("Softmax (3, 4) on 2·randn: out, and dx", () => {
    // The book computes dx = out ⊙ dout − out ⊙ Σ(out ⊙ dout); Gradflow out ⊙ (dout − Σ(out ⊙ dout)).
    // The same function, rounded in another order: agreement to 1e-12 holds here because no row
    // has dout close to its Σ(out ⊙ dout) (that would be cancellation, where either order loses digits).
    const f = book2.softmax;
    const p = layerGraph("Softmax", f.x, f.dout);
    expectClose("book 2: Softmax", "out", p.value("op"), f.out);
    expectClose("book 2: Softmax", "dx", p.grad("x"), f.dx);
  });

  it("SoftmaxWithLoss x (4, 3), t labels, dout = 0.5 (an Output's grad): loss and dx = (y − t)·dout/N", () => {
    const f = book2.softmax_with_loss;
    const G = "book 2: SoftmaxWithLoss";
    const p = run(graph([["x", "Input", { value: f.x }], ["t", "Input", { value: f.labels }], ["loss", "SoftmaxWithLoss"], ["o", "Output", { grad: f.dout }]], ["x -> loss.x", "t -> loss.t", "loss -> o.x"]));
    expectClose(G, "loss", p.value("loss"), f.loss);
    expectClose(G, "dx", p.grad("x"), f.dx);
  });

  it("SigmoidWithLoss x (6,), t labels 0/1: loss (cross entropy of np.c_[1 − y, y]) and dx", () => {
    // The book's loss picks ln(y + 1e-7) or ln(1 − y + 1e-7) by the label; Gradflow's
    // t·ln(y + 1e-7) + (1 − t)·ln(1 − y + 1e-7) is the same number when t is 0 or 1.
    const f = book2.sigmoid_with_loss;
    const G = "book 2: SigmoidWithLoss";
    const p = run(graph([["x", "Input", { value: f.x }], ["t", "Input", { value: f.labels }], ["loss", "SigmoidWithLoss"]], ["x -> loss.x", "t -> loss.t"]));
    expectClose(G, "loss", p.value("loss"), f.loss);
    expectClose(G, "dx", p.grad("x"), f.dx);
  });
});

describe("book 2, section 1.3.4: the Repeat and Sum nodes, D = 8, N = 7", () => {
  it("Repeat: y = np.repeat(x, N, axis=0), dx = np.sum(dy, axis=0, keepdims=True)", () => {
    const f = book2.repeat;
    const p = run(graph([["x", "Input", { value: f.x }], ["r", "Repeat", { axis: 0, repeats: f.N }], ["o", "Output", { grad: f.dy }]], ["x -> r.x", "r -> o.x"]));
    expectClose("book 2: Repeat", "y", p.value("r"), f.y);
    expectClose("book 2: Repeat", "dx", p.grad("x"), f.dx);
  });

  it("Sum: y = np.sum(x, axis=0, keepdims=True), dx = np.repeat(dy, N, axis=0)", () => {
    const f = book2.sum;
    const p = run(graph([["x", "Input", { value: f.x }], ["s", "Sum", { axis: 0, keepdims: true }], ["o", "Output", { grad: f.dy }]], ["x -> s.x", "s -> o.x"]));
    expectClose("book 2: Sum", "y", p.value("s"), f.y);
    expectClose("book 2: Sum", "dx", p.grad("x"), f.dx);
  });
});

describe("book 2, ch01/two_layer_net.py: Affine → Sigmoid → Affine → SoftmaxWithLoss, (2, 4, 3), a batch of 9", () => {
  const f = book2.two_layer_net;
  const G = "book 2: TwoLayerNet backward";
  const T = "book 2: TwoLayerNet, 3 SGD steps (train_custom_loop.py, lr 1.0)";

  it("forward and backward: every layer's output, the loss, dx and the four gradients", () => {
    const p = run(twoLayerNet(f, "Sigmoid"));
    expectClose(G, "Affine", p.value("affine1"), f.first.affine1);
    expectClose(G, "Sigmoid", p.value("act"), f.first.sigmoid);
    expectClose(G, "Affine (scores)", p.value("affine2"), f.first.scores);
    expectClose(G, "loss", p.value("loss"), f.first.loss);
    expectClose(G, "dx", p.grad("x"), f.first.dx);
    for (const k of PARAMS) expectClose(G, `grads ${k}`, p.grad(k), f.first.grads[k]);
  });

  it("SGD (lr 1.0): the loss of each step and the params after it", () => {
    const trainer = new Trainer(twoLayerNet(f, "Sigmoid"));
    f.params_after.forEach((after, k) => {
      expectClose(T, `loss at step ${k}`, trainer.step(), f.loss_before[k]);
      const params = trainer.params();
      for (const id of PARAMS) expectClose(T, `${id} after step ${k}`, params.get(id), after[id]);
    });
  });
});

describe("book 2, common/time_layers.py: RNN and TimeRNN", () => {
  it("RNN, one step, N 2, D 3, H 4: h_next and dx, dh_prev, dWx, dWh, db", () => {
    const f = book2.rnn;
    const G = "book 2: RNN (one step)";
    const p = run(
      graph(
        [["x", "Input", { value: f.x }], ["h_prev", "Input", { value: f.h_prev }], ["Wx", "Param", { value: f.Wx }], ["Wh", "Param", { value: f.Wh }], ["b", "Param", { value: f.b }], ["rnn", "RNN"], ["o", "Output", { grad: f.dh_next }]],
        ["x -> rnn.x", "h_prev -> rnn.h_prev", "Wx -> rnn.Wx", "Wh -> rnn.Wh", "b -> rnn.b", "rnn -> o.x"],
      ),
    );
    expectClose(G, "h_next", p.value("rnn"), f.h_next);
    expectClose(G, "dx", p.grad("x"), f.dx);
    expectClose(G, "dh_prev", p.grad("h_prev"), f.dh_prev);
    expectClose(G, "dWx", p.grad("Wx"), f.dWx);
    expectClose(G, "dWh", p.grad("Wh"), f.dWh);
    expectClose(G, "db", p.grad("b"), f.db);
  });

  describe("TimeRNN(stateful=True), N 2, T 4, D 3, H 4, two calls of forward and backward", () => {
    const f = book2.time_rnn;
    const [N, T, , H] = f.sizes;
    const G = "book 2: TimeRNN (float64 hs, dxs; h carried between calls)";
    const G32 = "book 2: TimeRNN hs, dxs as the book stores them (float32)";

    /**
     * T RNN nodes chained through h_prev, all reading the same three Params (fan-out); an Output per
     * step seeds h_t with dhs[:, t, :]. The Params' edge ids sort in reversed time, so that Gradflow
     * sums the shares in the order TimeRNN.backward adds its layers' grads (t = T−1 first).
     */
    function block(b: (typeof f.blocks)[number], h0: unknown): GraphDoc {
      const nodes: NodeSpec[] = [["h0", "Input", { value: h0 }], ["Wx", "Param", { value: f.Wx }], ["Wh", "Param", { value: f.Wh }], ["b", "Param", { value: f.b }]];
      const edges: string[] = [];
      for (let t = 0; t < T; t++) {
        nodes.push([`x${t}`, "Input", { value: b.x[t] }], [`rnn${t}`, "RNN"], [`o${t}`, "Output", { grad: b.dh[t] }]);
        edges.push(`x${t} -> rnn${t}.x`, `${t === 0 ? "h0" : `rnn${t - 1}`} -> rnn${t}.h_prev`, `rnn${t} -> o${t}.x`);
        for (const w of ["Wx", "Wh", "b"]) edges.push(`${w}@${T - 1 - t}: ${w} -> rnn${t}.${w}`);
      }
      return graph(nodes, edges);
    }

    function check(p: Program, b: (typeof f.blocks)[number], k: number): void {
      for (let t = 0; t < T; t++) {
        expectClose(G, `block ${k} hs[:, ${t}]`, p.value(`rnn${t}`), b.hs[t]);
        expectClose(G, `block ${k} dxs[:, ${t}]`, p.grad(`x${t}`), b.dxs[t]);
        // The book stores hs and dxs with dtype='f': its numbers are float32 roundings of the float64
        // ones above (h itself, and every gradient, stay float64 in the book too). So Gradflow's
        // float64 results, rounded to float32, must be the book's numbers exactly (and so lie within
        // float32's unit roundoff, 2^-24, of them; the bound below leaves room for the float64 rounding).
        const round = (v: Tensor | null) => Array.from(v!.data, Math.fround);
        expect(round(p.value(`rnn${t}`)), `block ${k} hs (float32)`).toEqual(b.hs_book[t].flat());
        expect(round(p.grad(`x${t}`)), `block ${k} dxs (float32)`).toEqual(b.dxs_book[t].flat());
        for (const [got, want] of [[p.value(`rnn${t}`), b.hs_book[t]], [p.grad(`x${t}`), b.dxs_book[t]]] as const) expectClose(G32, "float32", got, want, 2 ** -23);
      }
      expectClose(G, `block ${k} dWx`, p.grad("Wx"), b.dWx);
      expectClose(G, `block ${k} dWh`, p.grad("Wh"), b.dWh);
      expectClose(G, `block ${k} db`, p.grad("b"), b.db);
      expectClose(G, `block ${k} dh (TimeRNN.dh)`, p.grad("h0"), b.dh0);
      expectClose(G, `block ${k} h at the end (TimeRNN.h)`, p.value(`rnn${T - 1}`), b.h_end);
    }

    it("the first call starts from h = zeros; the second from the h the first left, with no gradient crossing back (truncated BPTT)", () => {
      const [b1, b2] = f.blocks;
      expect(b1.h_start).toBeNull();
      const p1 = run(block(b1, { init: "zeros", shape: [N, H] }));
      check(p1, b1, 1);
      // stateful: the second block's h_prev is the first block's last h, carried as a value (an Input)
      const carried = nested(p1.value(`rnn${T - 1}`));
      expectClose(G, "h carried into block 2", fromNested(carried), b2.h_start!);
      const p2 = run(block(b2, carried));
      check(p2, b2, 2);
    });
  });
});

// ---- the numbers the notebooks print ------------------------------------------------------------
//
// Every number printed in /work/shared/notebooks that the engine computes, and where it is checked:
//
// add-mul-div-sigmoid-tanh-matmul-rnn.txt
//   Add 30 (1 1), Mul 200 (20 10), Div 0.5 (0.05 −0.025)   cases.test.ts (cases/add-mul-div), ops.test.ts, examples.test.ts
//   Sigmoid(10) 0.9999546021312976, dx 4.5395807735907655e-05  ops.test.ts (bit for bit), cases.test.ts (cases/sigmoid)
//   MatMul y [[9 12 15] [19 26 33]], dx [[14 32] [32 77]]     ops.test.ts, cases.test.ts (cases/matmul-dout), examples.test.ts
//   (Tanh and RNN cells print no numbers; their formulas: ops.test.ts, examples.test.ts, and book 2 above)
// affine-shapes.txt
//   A.T and B.T, B.T.shape (5, 2)                              ops.test.ts (Transpose)
//   A.T.shape (3, 3); the cell Y = np.dot(X, W) + b with dX, dW, db by hand: (20, 10), (20, 50), (50, 10), (10,)   here
//   the Affine class's Y, dX, dW, db shapes                     ops.test.ts, examples.test.ts
//   (print(layer.x) → None is not a computation)
// computation-graph-and-optimizers.txt
//   Repeat: y from the printed x; Sum: y and dx from the printed x and dy   here (ops.test.ts takes a corner of them)
//   (the Repeat cell's dx is cut off in the file; the optimizer cells print nothing)
// linear-relu-celoss.txt
//   y1 and y2 (8 decimals)                                     cases.test.ts (cases/linear-relu-celoss, within 5e-9)
//   model.db [5. 5. 5.]                                        cases.test.ts (cases/linear-backward)
//   relu.backward(1), the mask                                 ops.test.ts (on the printed y1)
//   loss 0.7776580427782468                                    cases.test.ts (to 1e-12 relative); here every printed digit
//   x (8 decimals)                                             cases.test.ts (against numpy's bits, not the print); here the print
//   model.dw, y − t (8 decimals)                               cases.test.ts within 5e-8, examples.test.ts (y − t)/5 within 5e-9:
//                                                              looser than the print; here to half a unit of the 8th decimal
//   model.backward(np.ones((5,3))).shape (5, 10)               here
// repeat-sum-matmul-sigmoid-affine-sgd.txt
//   dx of the Repeat cell: it sums a dy = randn(N, D) drawn without a seed and never printed, so no
//   program can reproduce it (no seed in 0..199999 gives the printed x of the other notebook either).

describe("the notebooks' printed numbers", () => {
  /** |got − printed| ≤ half a unit of the last printed decimal (8) plus what the inputs' own rounding allows */
  function expectPrinted(what: string, got: Tensor | null, printed: Nested, atol: number): void {
    const w = fromNested(printed);
    expect(got!.shape, `${what}: shape`).toEqual(w.shape);
    got!.data.forEach((v, i) => {
      if (!(Math.abs(v - w.data[i]) <= atol)) expect.fail(`${what}[${i}]: got ${v}, printed ${w.data[i]} (more than ${atol} apart)`);
    });
  }
  const HALF = 5e-9 + 1e-15; // half a unit of the 8th decimal, and the float64 rounding of the decimals and of our sums

  describe("computation-graph-and-optimizers.txt, 1.3.4.3 Repeat and 1.3.4.4 Sum (D = 8, N = 7)", () => {
    it("Repeat: y is the printed x, 7 times, to every printed digit", () => {
      const x = [[1.95483672, 0.77489131, 0.26713495, 1.41444588, -0.48027678, -0.77894386, 1.19416766, -0.45450741]];
      const p = run(graph([["x", "Input", { value: x }], ["r", "Repeat", { axis: 0, repeats: 7 }]], ["x -> r.x"]));
      // numpy prints the same 8 decimals for each copy: the copies are the numbers themselves
      expect(nested(p.value("r"))).toEqual(Array.from({ length: 7 }, () => x[0]));
    });

    it("Sum: y from the printed x, and dx = np.repeat(dy, N, axis=0) from the printed dy", () => {
      const x = [
        [0.51508121, 0.29003736, 0.42900966, -0.49818843, -0.37028231, -1.44660693, -1.95696758, 0.10767352],
        [-1.06022734, -1.06835591, 0.01333767, 0.82094468, -0.39445195, -0.6912514, 0.22374962, -0.34125034],
        [0.43767875, -2.16004108, 0.76272881, 0.85319377, 0.40110396, 0.17212696, 0.82244438, 0.38426659],
        [1.23347096, 1.31467389, 0.50216413, -0.52750641, -0.37798191, 0.27052371, 0.03309953, 0.18289856],
        [0.34142316, 1.49135943, 0.54762872, 1.83318555, 1.25830794, -0.58098627, -0.24456501, -0.25168757],
        [1.0913231, 1.48800177, 0.23052024, 1.62312557, -0.36053911, -0.1086271, -1.29462005, -1.32395419],
        [0.0613258, 0.95575305, 0.57256438, -2.18571073, 0.08369243, -0.26954473, 1.02159193, 0.10833606],
      ];
      const y = [[2.62007564, 2.31142849, 3.05795361, 1.919044, 0.23984905, -2.65436575, -1.39526718, -1.13371737]];
      const dy = [[-0.86079817, -0.06423127, -0.26390105, -0.94597227, 1.18503516, -0.51447055, -0.25379368, -1.08943648]];
      // the first row of dx as far as the file shows it
      const dxShown = [-0.86079817, -0.06423127, -0.26390105, -0.94597227, 1.18503516, -0.51447055];
      const p = run(graph([["x", "Input", { value: x }], ["s", "Sum", { axis: 0, keepdims: true }], ["o", "Output", { grad: dy }]], ["x -> s.x", "s -> o.x"]));
      // the notebook summed the unrounded x: 7 inputs each off by up to half a unit, and y's own rounding
      expectPrinted("y", p.value("s"), y, 8 * HALF);
      const dx = nested(p.grad("x")) as number[][];
      expect(dx[0].slice(0, dxShown.length)).toEqual(dxShown);
      expect(dx).toEqual(Array.from({ length: 7 }, () => dy[0]));
    });
  });

  describe("linear-relu-celoss.txt, under np.random.seed(1)", () => {
    const doc = graph(
      [
        ["x", "Input", { value: { init: "randn", shape: [5, 10], seed: 1 } }],
        // Linear(10, 3): np.random.randn(10, 3) * np.sqrt(2/10), drawn after x
        ["W", "Param", { value: { init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: Math.sqrt(2 / 10) } }],
        ["b", "Param", { value: { init: "zeros", shape: [3] } }],
        ["lin", "Affine"],
        ["relu", "ReLU"],
        ["t", "Input", { value: [[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]] }],
        ["loss", "SoftmaxWithLoss"],
      ],
      ["x -> lin.x", "W -> lin.W", "b -> lin.b", "lin -> relu.x", "relu -> loss.x", "t -> loss.t"],
    );
    const linear = graph(
      [["x", "Input", { value: { init: "randn", shape: [5, 10], seed: 1 } }], ["W", "Param", { value: { init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: Math.sqrt(2 / 10) } }], ["b", "Param", { value: { init: "zeros", shape: [3] } }], ["lin", "Affine"], ["o", "Output", { grad: { init: "ones", shape: [5, 3] } }]],
      ["x -> lin.x", "W -> lin.W", "b -> lin.b", "lin -> o.x"],
    );
    const x = [
      [1.62434536, -0.61175641, -0.52817175, -1.07296862, 0.86540763, -2.3015387, 1.74481176, -0.7612069, 0.3190391, -0.24937038],
      [1.46210794, -2.06014071, -0.3224172, -0.38405435, 1.13376944, -1.09989127, -0.17242821, -0.87785842, 0.04221375, 0.58281521],
      [-1.10061918, 1.14472371, 0.90159072, 0.50249434, 0.90085595, -0.68372786, -0.12289023, -0.93576943, -0.26788808, 0.53035547],
      [-0.69166075, -0.39675353, -0.6871727, -0.84520564, -0.67124613, -0.0126646, -1.11731035, 0.2344157, 1.65980218, 0.74204416],
      [-0.19183555, -0.88762896, -0.74715829, 1.6924546, 0.05080775, -0.63699565, 0.19091548, 2.10025514, 0.12015895, 0.61720311],
    ];
    const dw = [1.10233782, -2.8115559, -1.38332923, -0.10727968, 2.27959464, -4.73481807, 0.52309847, -0.24016392, 1.87332589, 2.22304758].map((v) => [v, v, v]);
    const yMinusT = [[-0.24904416, 0.12452208, 0.12452208], [-0.47489362, 0.23744681, 0.23744681], [0.35433046, 0.19896769, -0.55329815], [0.28983192, 0.28983192, -0.57966385], [-0.72339481, 0.16877907, 0.55461573]];

    it("x, model.dw and the shape of model.backward(np.ones((5,3)))", () => {
      const p = run(linear);
      expectPrinted("x", p.value("x"), x, HALF);
      expectPrinted("model.dw", p.grad("W"), dw, HALF);
      expect(p.grad("x")!.shape).toEqual([5, 10]);
    });

    it("the loss 0.7776580427782468 to its last printed digit, and y − t", () => {
      const p = run(doc);
      expect(p.value("loss")!.data[0]).toBe(0.7776580427782468);
      // CELoss.backward printed y − t; its forward divided by len(y) = 5, so the exact gradient is
      // (y − t)/5 (OPS.md), and 5 times it is the printed y − t
      const dx = p.grad("relu")!;
      expectPrinted("5 · dL/dy2", { shape: dx.shape, data: dx.data.map((v) => 5 * v) }, yMinusT, HALF);
    });
  });

  describe("affine-shapes.txt", () => {
    it("A.T.shape is (3, 3)", () => {
      const p = run(graph([["A", "Input", { value: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] }], ["T", "Transpose"]], ["A -> T.x"]));
      expect(p.value("T")!.shape).toEqual([3, 3]);
    });

    it("Y = np.dot(X, W) + b is (20, 10); dX = dY·Wᵀ (20, 50), dW = Xᵀ·dY (50, 10), db = Σ dY (10,)", () => {
      // the cell's own arithmetic as MatMul and a broadcasting Add (no Affine node)
      const p = run(
        graph(
          [
            ["X", "Input", { value: { init: "rand", shape: [20, 50], seed: 0 } }],
            ["W", "Param", { value: { init: "rand", shape: [50, 10], seed: 0, skip: 1000 } }],
            ["b", "Param", { value: { init: "rand", shape: [10], seed: 0, skip: 1500 } }],
            ["XW", "MatMul"],
            ["Y", "Add"],
            ["o", "Output", { grad: { init: "rand", shape: [20, 10], seed: 0, skip: 1510 } }],
          ],
          ["X -> XW.x", "W -> XW.W", "XW -> Y.a", "b -> Y.b", "Y -> o.x"],
        ),
      );
      expect(p.value("Y")!.shape).toEqual([20, 10]);
      expect(p.grad("X")!.shape).toEqual([20, 50]);
      expect(p.grad("W")!.shape).toEqual([50, 10]);
      expect(p.grad("b")!.shape).toEqual([10]);
    });
  });
});
