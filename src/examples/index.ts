// The notebook examples, as graph documents. Each rebuilds one notebook cell (or a few) of
// /work/shared/notebooks, with the same numbers; node and edge ids follow the cases in
// /work/shared/cases so that the expected numbers can be read off the same ids.
import { OUT, type GraphDoc, type GraphEdge, type GraphNode, type OptimizerSpec } from "../engine/graph";
import { RandomState } from "../engine/random";

export interface Example {
  /** stable id, used in URLs and tests */
  id: string;
  title: string;
  /** one line: what a learner sees in it */
  blurb: string;
  doc: GraphDoc;
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

/** In teaching order: scalars first, then matrices, then layers, then a net that trains. */
export const EXAMPLES: Example[] = [mul, addMulDiv, sigmoid, repeatSum, matmul, affine, linearReluCeloss, twoLayer, rnn];

/** The example a first visit opens. */
export const FIRST_EXAMPLE_ID = "mul";
