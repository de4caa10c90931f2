// The notebook examples, as graph documents. Each rebuilds one notebook cell (or a few) of
// /work/shared/notebooks, with the same numbers; node and edge ids follow the cases in
// /work/shared/cases so that the expected numbers can be read off the same ids.
import { OUT, type GraphDoc, type GraphEdge, type GraphNode, type OptimizerSpec } from "../engine/graph";
import { RandomState } from "../engine/random";
import { unrollRNN } from "../engine/transforms";

export interface Example {
  /** stable id, used in URLs and tests */
  id: string;
  title: string;
  /** one line: what a learner sees in it */
  blurb: string;
  doc: GraphDoc;
  /** what Compare optimizers races on this graph, when not every optimizer's defaults (examples/match.ts) */
  race?: { contestants: readonly OptimizerSpec[]; steps: number };
}

// Layout: columns left → right in data-flow order, rows for the inputs of one column.
const COL = 260;
const ROW = 140;

function node(id: string, type: string, col: number, row: number, data: Record<string, unknown> = {}): GraphNode {
  return { id, type, position: { x: col * COL, y: row * ROW }, data };
}

function edge(id: string, source: string, target: string, targetHandle: string): GraphEdge {
  return { id, source, sourceHandle: OUT, target, targetHandle };
}

function graph(name: string, nodes: GraphNode[], edges: GraphEdge[], optimizer?: OptimizerSpec): GraphDoc {
  const doc: GraphDoc = { format: "gradflow", version: 1, name, nodes, edges };
  if (optimizer) doc.optimizer = optimizer;
  return doc;
}

const mul: Example = {
  id: "mul",
  title: "Multiply: x · y",
  blurb: "The smallest graph: x = 10 times y = 20 sends back dx = y = 20 and dy = x = 10.",
  doc: graph(
    "Mul layer (x = 10, y = 20)",
    [node("x", "Input", 0, 0, { value: 10 }), node("y", "Input", 0, 1, { value: 20 }), node("mul", "Mul", 1, 0.5)],
    [edge("xm", "x", "mul", "a"), edge("ym", "y", "mul", "b")],
  ),
};

const addMulDiv: Example = {
  id: "add-mul-div",
  title: "Add, Mul and Div",
  blurb: "x = 10 and y = 20 feed three layers; each sends back its own local gradient, and x and y add up what reaches them.",
  doc: graph(
    "Add, Mul and Div layers (x = 10, y = 20)",
    [
      node("x", "Input", 0, 0.5, { value: 10 }),
      node("y", "Input", 0, 1.5, { value: 20 }),
      node("add", "Add", 1, 0),
      node("mul", "Mul", 1, 1),
      node("div", "Div", 1, 2),
    ],
    [
      edge("xa", "x", "add", "a"),
      edge("ya", "y", "add", "b"),
      edge("xm", "x", "mul", "a"),
      edge("ym", "y", "mul", "b"),
      edge("xd", "x", "div", "a"),
      edge("yd", "y", "div", "b"),
    ],
  ),
};

const sigmoid: Example = {
  id: "sigmoid",
  title: "Sigmoid at 10",
  blurb: "σ(10) = 0.99995, so the gradient out·(1 − out) is almost nothing: a saturated sigmoid barely learns.",
  doc: graph("Sigmoid layer at x = 10", [node("x", "Input", 0, 0, { value: 10 }), node("s", "Sigmoid", 1, 0)], [edge("e", "x", "s", "x")]),
};

const repeatSum: Example = {
  id: "repeat-sum",
  title: "Repeat and Sum",
  blurb: "Repeat copies a row 4 times and Sum adds the copies back: each one's backward is the other.",
  doc: graph(
    "Repeat and Sum are each other's backward",
    [
      node("x", "Input", 0, 0, { value: [[1, 2, 3]] }),
      node("r", "Repeat", 1, 0, { axis: 0, repeats: 4 }),
      node("s", "Sum", 2, 0, { axis: 0, keepdims: true }),
      node("o", "Output", 3, 0, { grad: [[1, 2, 3]], label: "dout" }),
    ],
    [edge("e1", "x", "r", "x"), edge("e2", "r", "s", "x"), edge("e3", "s", "o", "x")],
  ),
};

const matmul: Example = {
  id: "matmul",
  title: "MatMul with its dout",
  blurb: "x · W, and dout flowing back: dx = dout · Wᵀ and dW = xᵀ · dout.",
  doc: graph(
    "MatMul layer with dout",
    [
      node("x", "Input", 0, 0, { value: [[1, 2], [3, 4]] }),
      node("W", "Param", 0, 1, { value: [[1, 2, 3], [4, 5, 6]] }),
      node("mm", "MatMul", 1, 0.5),
      node("o", "Output", 2, 0.5, { grad: [[1, 2, 3], [4, 5, 6]], label: "dout" }),
    ],
    [edge("e1", "x", "mm", "x"), edge("e2", "W", "mm", "W"), edge("e3", "mm", "o", "x")],
  ),
};

// np.random.seed(0); X = rand(20, 50); W = rand(50, 10); b = rand(10); dY = rand(20, 10):
// one stream, so each tensor skips what the ones before it drew.
const affine: Example = {
  id: "affine",
  title: "Affine layer shapes",
  blurb: "X (20, 50) · W (50, 10) + b (10,) gives Y (20, 10); every gradient comes back in its input's shape.",
  doc: graph(
    "Affine layer: shapes of values and gradients",
    [
      node("X", "Input", 0, 0, { value: { init: "rand", shape: [20, 50], seed: 0 }, label: "X (N, D)" }),
      node("W", "Param", 0, 1, { value: { init: "rand", shape: [50, 10], seed: 0, skip: 1000 }, label: "W (D, H)" }),
      node("b", "Param", 0, 2, { value: { init: "rand", shape: [10], seed: 0, skip: 1500 }, label: "b (H,)" }),
      node("affine", "Affine", 1, 1),
      node("o", "Output", 2, 1, { grad: { init: "rand", shape: [20, 10], seed: 0, skip: 1510 }, label: "dY" }),
    ],
    [edge("eX", "X", "affine", "x"), edge("eW", "W", "affine", "W"), edge("eb", "b", "affine", "b"), edge("eY", "affine", "o", "x")],
  ),
};

// np.random.seed(1); x = randn(5, 10); Linear(10, 3) draws W = randn(10, 3) * sqrt(2/10) next.
const linearReluCeloss: Example = {
  id: "linear-relu-celoss",
  title: "Linear → ReLU → cross entropy",
  blurb: "Linear(10, 3) → ReLU → cross entropy under seed 1: loss 0.7776580427782468; edges show (y − t)/5, the notebook prints y − t.",
  doc: graph(
    "Linear(10, 3), ReLU and softmax cross entropy under np.random.seed(1)",
    [
      node("x", "Input", 0, 0, { value: { init: "randn", shape: [5, 10], seed: 1 } }),
      node("W", "Param", 0, 1, { value: { init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: Math.sqrt(2 / 10) } }),
      node("b", "Param", 0, 2, { value: { init: "zeros", shape: [3] } }),
      node("lin", "Affine", 1, 1, { label: "Linear" }),
      node("relu", "ReLU", 2, 1),
      node("t", "Input", 2, 2, { value: [[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 1], [1, 0, 0]], label: "t (one-hot)" }),
      node("loss", "SoftmaxWithLoss", 3, 1.5, { label: "CELoss" }),
    ],
    [
      edge("ex", "x", "lin", "x"),
      edge("eW", "W", "lin", "W"),
      edge("eb", "b", "lin", "b"),
      edge("ey1", "lin", "relu", "x"),
      edge("ey2", "relu", "loss", "x"),
      edge("et", "t", "loss", "t"),
    ],
  ),
};

/**
 * Three arms of a spiral, 10 points each (the book's `spiral.load_data`, smaller): radius grows
 * along an arm, the angle turns with it plus a little noise. Rounded so the inspector reads well.
 */
function spiral(perClass: number, classes: number, seed: number): { x: number[][]; t: number[] } {
  const rs = new RandomState(seed);
  const x: number[][] = [], t: number[] = [];
  const round = (v: number) => Math.round(v * 1000) / 1000 + 0; // + 0 turns -0 into 0
  for (let j = 0; j < classes; j++)
    for (let i = 0; i < perClass; i++) {
      const rate = i / perClass;
      const radius = 0.1 + 0.9 * rate;
      const theta = j * 4 + 4 * rate + rs.gauss() * 0.2;
      x.push([round(radius * Math.sin(theta)), round(radius * Math.cos(theta))]);
      t.push(j);
    }
  return { x, t };
}

const HIDDEN = 10;
const data = spiral(10, 3, 1984);
// Weights: randn · √(1 / fan-in) (Xavier, suited to a sigmoid), W2 continuing W1's stream.
const twoLayer: Example = {
  id: "two-layer",
  title: "A two-layer net learns a spiral",
  blurb: "Affine → Sigmoid → Affine → SoftmaxWithLoss on 30 spiral points: press Train and watch Adam bring the loss down.",
  doc: graph(
    "Two-layer net on a 3-class spiral",
    [
      node("x", "Input", 0, 0, { value: data.x, label: "x: 30 points (30, 2)" }),
      node("W1", "Param", 0, 1, { value: { init: "randn", shape: [2, HIDDEN], seed: 1, scale: Math.sqrt(1 / 2) } }),
      node("b1", "Param", 0, 2, { value: { init: "zeros", shape: [HIDDEN] } }),
      node("affine1", "Affine", 1, 1),
      node("sigmoid", "Sigmoid", 2, 1),
      node("W2", "Param", 2, 2, { value: { init: "randn", shape: [HIDDEN, 3], seed: 1, skip: 2 * HIDDEN, scale: Math.sqrt(1 / HIDDEN) } }),
      node("b2", "Param", 2, 3, { value: { init: "zeros", shape: [3] } }),
      node("affine2", "Affine", 3, 2, { label: "scores" }),
      node("t", "Input", 3, 3, { value: data.t, label: "t: classes 0, 1, 2" }),
      node("loss", "SoftmaxWithLoss", 4, 2.5),
    ],
    [
      edge("ex", "x", "affine1", "x"),
      edge("eW1", "W1", "affine1", "W"),
      edge("eb1", "b1", "affine1", "b"),
      edge("ea1", "affine1", "sigmoid", "x"),
      edge("eh", "sigmoid", "affine2", "x"),
      edge("eW2", "W2", "affine2", "W"),
      edge("eb2", "b2", "affine2", "b"),
      edge("es", "affine2", "loss", "x"),
      edge("et", "t", "loss", "t"),
    ],
    { type: "Adam", lr: 0.03 },
  ),
};

// Book 2's spiral (dataset/spiral.py: 3 arms of 100 points under np.random.seed(1984)) from the
// built-in dataset generator, and its two-layer net (TwoLayerNet: hidden 10, sigmoid); Adam at 0.05
// brings the loss under 0.1 in 300 steps. The Train panel draws its decision boundary.
const SPIRAL = { init: "spiral", shape: [300, 2], classes: 3, seed: 1984 };
const SPIRAL_HIDDEN = 10;
const spiralNet: Example = {
  id: "spiral",
  title: "Decision boundary on a spiral",
  blurb: "Book 2's 300-point spiral into Affine → Sigmoid → Affine → SoftmaxWithLoss: train and watch the regions of the 3 classes take shape.",
  doc: graph(
    "Two-layer net on book 2's spiral (300 points)",
    [
      node("x", "Input", 0, 0, { value: SPIRAL, label: "x: points (300, 2)" }),
      node("W1", "Param", 0, 1, { value: { init: "randn", shape: [2, SPIRAL_HIDDEN], seed: 1, scale: Math.sqrt(1 / 2) } }),
      node("b1", "Param", 0, 2, { value: { init: "zeros", shape: [SPIRAL_HIDDEN] } }),
      node("affine1", "Affine", 1, 1),
      node("sigmoid", "Sigmoid", 2, 1),
      node("W2", "Param", 2, 2, { value: { init: "randn", shape: [SPIRAL_HIDDEN, 3], seed: 1, skip: 2 * SPIRAL_HIDDEN, scale: Math.sqrt(1 / SPIRAL_HIDDEN) } }),
      node("b2", "Param", 2, 3, { value: { init: "zeros", shape: [3] } }),
      node("affine2", "Affine", 3, 2, { label: "scores" }),
      node("t", "Input", 3, 3, { value: { ...SPIRAL, shape: [300], part: "labels" }, label: "t: classes (300,)" }),
      node("loss", "SoftmaxWithLoss", 4, 2.5),
    ],
    [
      edge("ex", "x", "affine1", "x"),
      edge("eW1", "W1", "affine1", "W"),
      edge("eb1", "b1", "affine1", "b"),
      edge("ea1", "affine1", "sigmoid", "x"),
      edge("eh", "sigmoid", "affine2", "x"),
      edge("eW2", "W2", "affine2", "W"),
      edge("eb2", "b2", "affine2", "b"),
      edge("es", "affine2", "loss", "x"),
      edge("et", "t", "loss", "t"),
    ],
    { type: "Adam", lr: 0.05 },
  ),
};

// N = 2 sequences, D = 3 inputs, H = 4 hidden units; one seeded stream as in numpy.
const rnn: Example = {
  id: "rnn",
  title: "One RNN step",
  blurb: "h_next = tanh(h_prev · Wh + x · Wx + b): backward gives dx, dh_prev, dWx, dWh and db in one node.",
  doc: graph(
    "RNN layer: one time step",
    [
      node("x", "Input", 0, 0, { value: { init: "randn", shape: [2, 3], seed: 0 }, label: "x_t (N, D)" }),
      node("h_prev", "Input", 0, 1, { value: { init: "randn", shape: [2, 4], seed: 0, skip: 6, scale: 0.5 }, label: "h_prev (N, H)" }),
      node("Wx", "Param", 0, 2, { value: { init: "randn", shape: [3, 4], seed: 0, skip: 14, scale: Math.sqrt(1 / 3) } }),
      node("Wh", "Param", 0, 3, { value: { init: "randn", shape: [4, 4], seed: 0, skip: 26, scale: 0.5 } }),
      node("b", "Param", 0, 4, { value: { init: "zeros", shape: [4] } }),
      node("rnn", "RNN", 1, 2),
      node("o", "Output", 2, 2, { label: "h_next" }),
    ],
    [
      edge("ex", "x", "rnn", "x"),
      edge("eh", "h_prev", "rnn", "h_prev"),
      edge("eWx", "Wx", "rnn", "Wx"),
      edge("eWh", "Wh", "rnn", "Wh"),
      edge("eb", "b", "rnn", "b"),
      edge("eo", "rnn", "o", "x"),
    ],
  ),
};

// x (2, 2), W (2, 3), b (3,) and a dout, small enough to read every number.
const affineParts: Example = {
  id: "affine-from-matmul-add",
  title: "Affine from MatMul and Add",
  blurb: "The Affine layer is a MatMul and an Add: open the collapsed group to see x · W, then + b broadcast over the rows (db = Σ rows).",
  doc: {
    ...graph(
      "Affine layer built from MatMul and Add",
      [
        node("x", "Input", 0, 0, { value: [[1, 2], [3, 4]] }),
        node("W", "Param", 0, 1, { value: [[1, 2, 3], [4, 5, 6]] }),
        node("b", "Param", 0, 2, { value: [0.1, 0.2, 0.3] }),
        node("mm", "MatMul", 1, 0.5, { label: "x · W" }),
        node("add", "Add", 2, 0.5, { label: "+ b" }),
        node("o", "Output", 3, 0.5, { grad: [[1, 2, 3], [4, 5, 6]], label: "dout" }),
      ],
      [edge("ex", "x", "mm", "x"), edge("eW", "W", "mm", "W"), edge("emm", "mm", "add", "a"), edge("eb", "b", "add", "b"), edge("eo", "add", "o", "x")],
    ),
    groups: [{ id: "affine-layer", label: "Affine layer", nodes: ["mm", "add"], collapsed: true }],
  },
};

/**
 * Book 2's RNN cell (time_layers.py) unrolled over T = 4 by unrollRNN, as fixtures/books.json's
 * TimeRNN runs it: N = 2, D = 3, H = 4 under seed 209, h_0 = zeros, each x_t continuing the stream;
 * the loss on the last h alone (an Output seeded with a dh of the same stream).
 */
function unrolledRnn(): GraphDoc {
  const gen = (shape: number[], skip: number, scale?: number) => ({ init: "randn", shape, seed: 209, ...(skip ? { skip } : {}), ...(scale ? { scale } : {}) });
  const cell = graph(
    "An RNN cell over T = 4 (book 2's TimeRNN)",
    [
      node("x", "Input", 0, 0, { value: gen([2, 3], 32), label: "x_1 (N, D)" }),
      node("h0", "Input", 0, 1, { value: { init: "zeros", shape: [2, 4] }, label: "h_0" }),
      node("Wx", "Param", 0, 2, { value: gen([3, 4], 0, 0.5) }),
      node("Wh", "Param", 0, 3, { value: gen([4, 4], 12, 0.5) }),
      node("b", "Param", 0, 4, { value: gen([4], 28, 0.1) }),
      node("rnn", "RNN", 1, 1, { label: "RNN" }),
      node("o", "Output", 2, 1, { grad: gen([2, 4], 80), label: "dh_T" }),
    ],
    [edge("ex", "x", "rnn", "x"), edge("eh", "h0", "rnn", "h_prev"), edge("eWx", "Wx", "rnn", "Wx"), edge("eWh", "Wh", "rnn", "Wh"), edge("eb", "b", "rnn", "b"), edge("eo", "rnn", "o", "x")],
  );
  const u = unrollRNN(cell, "rnn", 4);
  if (!u.ok) throw new Error(`the RNN example does not unroll: ${u.reason}`);
  return u.doc;
}

const rnnOverTime: Example = {
  id: "rnn-unrolled",
  title: "RNN over T = 4",
  blurb: "One cell unrolled over 4 steps sharing Wx, Wh and b: each weight's gradient is the sum of its 4 shares, backprop through time.",
  doc: unrolledRnn(),
};

/**
 * All six optimizers on chapter 6's f, as Compare optimizers races them there: the book's four
 * learning rates, and 0.1 for Nesterov and RMSprop (fixtures/optimizers.json, the same paths).
 */
export const CHAPTER6_RACE: readonly OptimizerSpec[] = [
  { type: "SGD", lr: 0.95 },
  { type: "Momentum", lr: 0.1, momentum: 0.9 },
  { type: "Nesterov", lr: 0.1, momentum: 0.9 },
  { type: "AdaGrad", lr: 1.5 },
  { type: "RMSprop", lr: 0.1, decay_rate: 0.99 },
  { type: "Adam", lr: 0.3, beta1: 0.9, beta2: 0.999 },
];

// Chapter 6 of book 1 (optimizer_compare_naive.py): f(x, y) = x²/20 + y² from (−7, 2). Written so that
// backward gives the book's df, x / 10 and 2y, to the bit: x/10 · x · 0.5 sends x the two halves
// 0.5 · (x/10) and (0.5 · x)/10, which are the same double, so they add up to x/10 exactly; y · y
// sends y + y = 2y. (x · x / 20 would give 0.05 · x twice, which is not always the double x / 10.)
const chapter6: Example = {
  id: "optimizers-ch6",
  title: "Optimizers on x²/20 + y²",
  blurb: "Chapter 6's f(x, y) = x²/20 + y² from (−7, 2): Compare optimizers races all six, the book's four at its learning rates.",
  doc: graph(
    "f(x, y) = x²/20 + y² (chapter 6)",
    [
      node("x", "Param", 0, 0, { value: -7 }),
      node("ten", "Input", 0, 1, { value: 10 }),
      node("y", "Param", 0, 2.5, { value: 2 }),
      node("div", "Div", 1, 0.5, { label: "x / 10" }),
      node("half", "Input", 1, 1.5, { value: 0.5 }),
      node("xx", "Mul", 2, 0.5, { label: "x² / 10" }),
      node("yy", "Mul", 2, 2.5, { label: "y²" }),
      node("w", "Mul", 3, 1, { label: "x² / 20" }),
      node("f", "Add", 4, 1.5, { label: "f(x, y)" }),
    ],
    [
      edge("e1", "x", "div", "a"),
      edge("e2", "ten", "div", "b"),
      edge("e3", "div", "xx", "a"),
      edge("e4", "x", "xx", "b"),
      edge("e5", "xx", "w", "a"),
      edge("e6", "half", "w", "b"),
      edge("e7", "y", "yy", "a"),
      edge("e8", "y", "yy", "b"),
      edge("e9", "w", "f", "a"),
      edge("e10", "yy", "f", "b"),
    ],
    { type: "SGD", lr: 0.95 },
  ),
  race: { contestants: CHAPTER6_RACE, steps: 30 },
};

/** The book's learning rates for chapter 6's comparison (optimizer_compare_naive.py). */
export const CHAPTER6_OPTIMIZERS: readonly OptimizerSpec[] = [
  { type: "SGD", lr: 0.95 },
  { type: "Momentum", lr: 0.1 },
  { type: "AdaGrad", lr: 1.5 },
  { type: "Adam", lr: 0.3 },
];

/** In teaching order: scalars first, then matrices, then layers, then a net that trains. */
export const EXAMPLES: Example[] = [mul, addMulDiv, sigmoid, repeatSum, matmul, affine, affineParts, linearReluCeloss, twoLayer, spiralNet, chapter6, rnn, rnnOverTime];

/** The example a first visit opens. */
export const FIRST_EXAMPLE_ID = "mul";
