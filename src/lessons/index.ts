// The built-in lessons: one object per lesson, one list, following the notebooks in
// /work/shared/notebooks chapter by chapter. Each is a graph file with FORMAT.md's `lesson`, most
// on an example's graph (src/examples), opened as that example opens. Every number a text quotes is
// declared with the place the engine computes it (`q`), and lessons.test.ts runs each graph and
// holds every quoted number, in both languages, to the engine's.
import type { GraphDoc, GraphEdge, GraphNode, Lesson, LessonStep, Texts } from "../engine/graph";
import { OUT } from "../engine/graph";
import { EXAMPLES } from "../examples";

/**
 * Where a quoted number comes from: `<edge or node id>.value|grad|shape`, optionally an element
 * `[i, j]` (default the first), optionally `*k` (the engine's number times k: (y − t) is N times the
 * edge's (y − t)/N); `loss`; or `train:<optimizer>:<lr>:<steps>:<param>` (a Param after that many steps).
 */
export type Ref = string;

export interface StepSource extends LessonStep {
  /** each number (or shape) the texts quote, written as in the texts, with where the engine computes it */
  q?: Record<string, Ref>;
}

export interface LessonSource {
  id: string;
  /** a bug hunt's graph as it should be: `fixed:` refs read their numbers off it */
  fixed?: GraphDoc;
  /** the example whose graph (with its translated labels) the lesson opens, if any */
  example?: string;
  doc: GraphDoc;
  title: Texts;
  steps: StepSource[];
  /** numbers in the texts that nothing computes: counts, sizes named in prose, indices */
  plain: string[];
}

export interface BuiltinLesson {
  id: string;
  example?: string;
  /** the graph file, with its lesson */
  doc: GraphDoc;
  source: LessonSource;
}

const COL = 260;
const ROW = 140;
const node = (id: string, type: string, col: number, row: number, data: Record<string, unknown> = {}): GraphNode => ({ id, type, position: { x: col * COL, y: row * ROW }, data });
const edge = (id: string, source: string, target: string, targetHandle: string): GraphEdge => ({ id, source, sourceHandle: OUT, target, targetHandle });
const graph = (name: string, nodes: GraphNode[], edges: GraphEdge[]): GraphDoc => ({ format: "gradflow", version: 1, name, nodes, edges });

function exampleDoc(id: string): GraphDoc {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) throw new Error(`lessons: no example "${id}"`);
  return structuredClone(ex.doc);
}

/** The graph file a lesson source makes: its graph with the lesson (the quotes stay in the source). */
function build(src: LessonSource): BuiltinLesson {
  const steps = src.steps.map(({ q: _q, ...step }): LessonStep => step);
  const lesson: Lesson = { title: src.title, steps };
  return { id: src.id, example: src.example, doc: { ...src.doc, name: src.title.en, lesson }, source: src };
}

// ---- 1. the computational graph: Add, Mul and Div ---------------------------------------------

const computationalGraph: LessonSource = {
  id: "computational-graph",
  example: "add-mul-div",
  doc: exampleDoc("add-mul-div"),
  title: { en: "The computational graph: Add, Mul and Div", ja: "計算グラフ: 加算・乗算・除算" },
  plain: ["3"],
  steps: [
    {
      text: {
        en: "x = 10 and y = 20 feed three layers. Forward, each computes its output: Add gives 30, Mul gives 200, Div gives 0.5.",
        ja: "x = 10 と y = 20 が 3 つのレイヤに入ります。順伝播では、それぞれが出力を計算します。加算は 30、乗算は 200、除算は 0.5 です。",
      },
      highlight: ["x", "y", "add", "mul", "div"],
      q: { "10": "x.value", "20": "y.value", "30": "add.value", "200": "mul.value", "0.5": "div.value" },
    },
    {
      text: {
        en: "Backward starts with dout = 1 at each output. Add passes it on unchanged: dx = dout · 1 = 1 and dy = 1.",
        ja: "逆伝播は各出力の dout = 1 から始まります。加算はそれをそのまま流します: dx = dout · 1 = 1、dy = 1 です。",
      },
      highlight: ["add", "xa", "ya"],
      q: { "1": "xa.grad" },
    },
    {
      text: {
        en: "Mul swaps its inputs: dx = dout · y. What gradient does Mul send back to x?",
        ja: "乗算は入力を入れ替えて掛けます: dx = dout · y。乗算から x に戻る勾配はいくつでしょう？",
      },
      highlight: ["mul"],
      predict: { edge: "xm", what: "grad" },
    },
    {
      text: {
        en: "dx = 1 · 20 = 20, and dy = dout · x = 10. Div sends back dx = dout / y = 0.05 and dy = −dout · x / y² = −0.025.",
        ja: "dx = 1 · 20 = 20、dy = dout · x = 10 です。除算は dx = dout / y = 0.05、dy = −dout · x / y² = −0.025 を返します。",
      },
      highlight: ["mul", "div", "xm", "ym", "xd", "yd"],
      q: { "1": "mul.grad", "20": "xm.grad", "10": "ym.grad", "0.05": "xd.grad", "−0.025": "yd.grad" },
    },
    {
      text: {
        en: "x feeds all three layers, so its gradient is the sum of the three shares: 1 + 20 + 0.05 = 21.05. For y: 1 + 10 − 0.025 = 10.975.",
        ja: "x は 3 つのレイヤすべてに入るので、その勾配は 3 つの分け前の和です: 1 + 20 + 0.05 = 21.05。y は 1 + 10 − 0.025 = 10.975 です。",
      },
      highlight: ["x", "y"],
      q: { "1": "xa.grad", "20": "xm.grad", "0.05": "xd.grad", "21.05": "x.grad", "10": "ym.grad", "0.025": "yd.grad*-1", "10.975": "y.grad" },
    },
  ],
};

// ---- 2. the Branch rule ----------------------------------------------------------------------

const branch: LessonSource = {
  id: "branch",
  doc: graph(
    "Branch: one value, two uses",
    [
      node("x", "Input", 0, 0.5, { value: 3 }),
      node("w", "Input", 0, 1.5, { value: 4 }),
      node("c", "Input", 0, 2.5, { value: 10 }),
      node("mul", "Mul", 1, 0.5, { label: "x · w" }),
      node("add", "Add", 1, 2, { label: "x + c" }),
    ],
    [edge("xm", "x", "mul", "a"), edge("wm", "w", "mul", "b"), edge("xa", "x", "add", "a"), edge("ca", "c", "add", "b")],
  ),
  title: { en: "The Branch rule: why gradients add", ja: "分岐ノード: 勾配はなぜ足し合わされるのか" },
  plain: ["1", "2"],
  steps: [
    {
      text: {
        en: "x = 3 is used twice: by Mul (x · 4 = 12) and by Add (x + 10 = 13). One value on two wires is a branch (fan-out).",
        ja: "x = 3 は 2 か所で使われます。乗算 (x · 4 = 12) と加算 (x + 10 = 13) です。1 つの値が 2 本の辺に分かれるのが分岐です。",
      },
      highlight: ["x", "xm", "xa"],
      q: { "3": "x.value", "4": "w.value", "12": "mul.value", "10": "c.value", "13": "add.value" },
    },
    {
      text: {
        en: "Mul sends back dout · w. What gradient flows back along the wire from x into Mul?",
        ja: "乗算は dout · w を返します。x から乗算への辺を逆向きに流れる勾配はいくつでしょう？",
      },
      highlight: ["mul"],
      predict: { edge: "xm", what: "grad" },
    },
    {
      text: {
        en: "4 comes back from Mul. Add passes dout on as it is. What flows back along the wire into Add?",
        ja: "乗算からは 4 が戻ります。加算は dout をそのまま流します。加算への辺を逆向きに流れる勾配は？",
      },
      highlight: ["add"],
      q: { "4": "xm.grad" },
      predict: { edge: "xa", what: "grad" },
    },
    {
      text: {
        en: "x gets both shares: 4 + 1 = 5. Nudging x by a small ε moves the product by 4ε and the sum by 1ε, so the total effect is their sum: that is the Branch rule.",
        ja: "x には両方の分け前が届きます: 4 + 1 = 5。x を小さな ε だけ動かすと、積は 4ε、和は 1ε だけ動くので、全体への影響はその和になります。これが分岐のルールです。",
      },
      highlight: ["x"],
      q: { "4": "xm.grad", "1": "xa.grad", "5": "x.grad" },
    },
  ],
};

// ---- 3. Repeat and Sum -----------------------------------------------------------------------

const repeatSum: LessonSource = {
  id: "repeat-sum",
  example: "repeat-sum",
  doc: exampleDoc("repeat-sum"),
  title: { en: "Repeat and Sum: each is the other's backward", ja: "Repeat と Sum: 互いが互いの逆伝播" },
  plain: ["0", "4"],
  steps: [
    {
      text: {
        en: "Repeat copies the row x = [1, 2, 3] 4 times: the shape (1, 3) becomes (4, 3). Sum adds the 4 rows back into one.",
        ja: "Repeat は行 x = [1, 2, 3] を 4 回コピーします。形状 (1, 3) が (4, 3) になります。Sum は 4 行を足して 1 行に戻します。",
      },
      highlight: ["r", "s"],
      q: { "1": "e1.value[0, 0]", "2": "e1.value[0, 1]", "3": "e1.value[0, 2]", "(1, 3)": "e1.shape", "(4, 3)": "e2.shape" },
    },
    {
      text: {
        en: "dout = [1, 2, 3] comes into Sum. Sum's backward copies it to every row it added: a Repeat. Predict the shape of the gradient into Sum.",
        ja: "Sum に dout = [1, 2, 3] が入ってきます。Sum の逆伝播は、足し合わせた各行にそれをコピーします。つまり Repeat です。Sum への入力の勾配の形状を予想しましょう。",
      },
      highlight: ["s", "o"],
      q: { "1": "e3.grad[0, 0]", "2": "e3.grad[0, 1]", "3": "e3.grad[0, 2]" },
      predict: { edge: "e2", what: "shape" },
    },
    {
      text: {
        en: "(4, 3): each row is [1, 2, 3]. Repeat's backward adds its copies up: a Sum. Predict element [0, 0] of dx.",
        ja: "(4, 3) で、どの行も [1, 2, 3] です。Repeat の逆伝播はコピーを足し合わせます。つまり Sum です。dx の要素 [0, 0] を予想しましょう。",
      },
      highlight: ["r"],
      q: { "(4, 3)": "e2.shape", "1": "e2.grad[0, 0]", "2": "e2.grad[0, 1]", "3": "e2.grad[0, 2]" },
      predict: { edge: "e1", what: "grad" },
    },
    {
      text: {
        en: "dx = [4, 8, 12]: 4 copies of [1, 2, 3] added up. Forward Repeat is backward Sum, and forward Sum is backward Repeat.",
        ja: "dx = [4, 8, 12] で、[1, 2, 3] の 4 つのコピーの和です。順伝播の Repeat は逆伝播の Sum、順伝播の Sum は逆伝播の Repeat です。",
      },
      highlight: ["x", "e1"],
      q: { "4": "e1.grad[0, 0]", "8": "e1.grad[0, 1]", "12": "e1.grad[0, 2]", "1": "e3.grad[0, 0]", "2": "e3.grad[0, 1]", "3": "e3.grad[0, 2]" },
    },
  ],
};

// ---- 4. MatMul and its transposes --------------------------------------------------------------

const matmul: LessonSource = {
  id: "matmul",
  example: "matmul",
  doc: exampleDoc("matmul"),
  title: { en: "MatMul: where the transposes go", ja: "MatMul: 転置はどこに入るか" },
  plain: ["0"],
  steps: [
    {
      text: {
        en: "x is (2, 2) and W is (2, 3), so y = x · W is (2, 3): x's columns meet W's rows. dout has y's shape, (2, 3).",
        ja: "x は (2, 2)、W は (2, 3) なので、y = x · W は (2, 3) です。x の列と W の行が対応します。dout は y と同じ形状 (2, 3) です。",
      },
      highlight: ["x", "W", "mm"],
      q: { "(2, 2)": "e1.shape", "(2, 3)": "e3.shape" },
    },
    {
      text: {
        en: "A gradient always has the shape of what it is the gradient of. Predict the shape of dx.",
        ja: "勾配は、それを微分した変数と同じ形状になります。dx の形状を予想しましょう。",
      },
      highlight: ["x"],
      predict: { edge: "e1", what: "shape" },
    },
    {
      text: {
        en: "(2, 2). Out of dout (2, 3) and W (2, 3), only dout · Wᵀ gives (2, 2): the transpose makes the inner sizes meet. dx[0, 0] = 1·1 + 2·2 + 3·3 = 14.",
        ja: "(2, 2) です。dout (2, 3) と W (2, 3) から (2, 2) を作れるのは dout · Wᵀ だけです。転置で内側の大きさがそろいます。dx[0, 0] = 1·1 + 2·2 + 3·3 = 14。",
      },
      highlight: ["e1", "W"],
      q: { "(2, 2)": "e1.shape", "(2, 3)": "e3.shape", "1": "e3.grad[0, 0]", "2": "e3.grad[0, 1]", "3": "e3.grad[0, 2]", "14": "e1.grad[0, 0]" },
    },
    {
      text: {
        en: "For W, the shapes decide again: dW must be (2, 3), and xᵀ (2, 2) · dout (2, 3) gives it. Predict dW's element [0, 0].",
        ja: "W でも形状が決め手です。dW は (2, 3) でなければならず、xᵀ (2, 2) · dout (2, 3) がそれを与えます。dW の要素 [0, 0] を予想しましょう。",
      },
      highlight: ["W", "e2"],
      q: { "(2, 3)": "e2.shape", "(2, 2)": "e1.shape" },
      predict: { edge: "e2", what: "grad" },
    },
    {
      text: {
        en: "dW[0, 0] = 1·1 + 3·4 = 13: row 0 of xᵀ is column 0 of x (1 and 3), against column 0 of dout (1 and 4).",
        ja: "dW[0, 0] = 1·1 + 3·4 = 13。xᵀ の 0 行目は x の 0 列目（1 と 3）で、それに dout の 0 列目（1 と 4）を掛けて足します。",
      },
      highlight: ["W"],
      q: { "1": "e1.value[0, 0]", "3": "e1.value[1, 0]", "4": "e3.grad[1, 0]", "13": "e2.grad[0, 0]" },
    },
  ],
};

// ---- 5. Sigmoid and Tanh -----------------------------------------------------------------------

const sigmoidTanh: LessonSource = {
  id: "sigmoid-tanh",
  doc: graph(
    "Sigmoid at 10, tanh at 1",
    [node("x", "Input", 0, 0, { value: 10 }), node("s", "Sigmoid", 1, 0), node("u", "Input", 0, 1.2, { value: 1 }), node("tanh", "Tanh", 1, 1.2)],
    [edge("es", "x", "s", "x"), edge("et", "u", "tanh", "x")],
  ),
  title: { en: "Sigmoid and Tanh: how much gradient gets through", ja: "Sigmoid と Tanh: 勾配はどれだけ通るか" },
  plain: ["0", "0.25", "4"],
  steps: [
    {
      text: {
        en: "σ(10) = 0.99995: a large input pushes the sigmoid almost to 1. Its backward is dx = dout · out · (1 − out).",
        ja: "σ(10) = 0.99995。大きな入力でシグモイドはほぼ 1 になります。その逆伝播は dx = dout · out · (1 − out) です。",
      },
      highlight: ["s"],
      q: { "10": "es.value", "0.99995": "s.value", "1": "s.grad" },
    },
    {
      text: {
        en: "With dout = 1 and out = 0.99995, what gradient reaches x?",
        ja: "dout = 1、out = 0.99995 のとき、x に届く勾配はいくつでしょう？",
      },
      highlight: ["es"],
      q: { "1": "s.grad", "0.99995": "s.value" },
      predict: { edge: "es", what: "grad" },
    },
    {
      text: {
        en: "Only 0.00004540. out · (1 − out) is at most 0.25 (at x = 0); a saturated sigmoid lets almost no gradient through, and the layers below it barely learn.",
        ja: "わずか 0.00004540 です。out · (1 − out) は最大でも 0.25（x = 0 のとき）で、飽和したシグモイドは勾配をほとんど通さず、その下のレイヤはほとんど学習しません。",
      },
      highlight: ["x"],
      q: { "0.00004540": "es.grad", "1": "s.grad" },
    },
    {
      text: {
        en: "tanh(1) = 0.7616. Its backward is dx = dout · (1 − out²). Predict the gradient into tanh.",
        ja: "tanh(1) = 0.7616。その逆伝播は dx = dout · (1 − out²) です。tanh に入る勾配を予想しましょう。",
      },
      highlight: ["tanh"],
      q: { "1": "et.value", "0.7616": "tanh.value" },
      predict: { edge: "et", what: "grad" },
    },
    {
      text: {
        en: "1 − 0.7616² = 0.41997. Near 0, tanh's slope is 1, four times the sigmoid's 0.25, so more gradient gets through.",
        ja: "1 − 0.7616² = 0.41997。0 の近くでの tanh の傾きは 1 で、シグモイドの 0.25 の 4 倍なので、より多くの勾配が通ります。",
      },
      highlight: ["u", "et"],
      q: { "1": "tanh.grad", "0.7616": "tanh.value", "0.41997": "et.grad" },
    },
  ],
};

// ---- 6. Affine -----------------------------------------------------------------------------------

const affineDoc = exampleDoc("affine-from-matmul-add");
// the lesson points at the MatMul and the Add inside: the group is drawn open
affineDoc.groups = affineDoc.groups?.map((g) => ({ ...g, collapsed: false }));

const affine: LessonSource = {
  id: "affine",
  example: "affine-from-matmul-add",
  doc: affineDoc,
  title: { en: "Affine: a MatMul and a broadcast Add", ja: "Affine: MatMul とブロードキャストされる加算" },
  plain: ["0", "2"],
  steps: [
    {
      text: {
        en: "Affine is x · W + b. x · W is (2, 3); b is (3,), and the Add adds it to both rows (broadcasting): b is used twice.",
        ja: "Affine は x · W + b です。x · W は (2, 3)、b は (3,) で、加算は b を 2 行の両方に足します（ブロードキャスト）。つまり b は 2 回使われます。",
      },
      highlight: ["mm", "add", "b"],
      q: { "(2, 3)": "emm.shape", "(3,)": "eb.shape" },
    },
    {
      text: {
        en: "A value used in two rows gets the sum of both rows' gradients (the Branch rule). Predict the shape of db.",
        ja: "2 行で使われた値には、両方の行の勾配の和が届きます（分岐のルール）。db の形状を予想しましょう。",
      },
      highlight: ["b"],
      predict: { edge: "eb", what: "shape" },
    },
    {
      text: {
        en: "(3,), like b. dout is [[1, 2, 3], [4, 5, 6]]. Predict db's element [0].",
        ja: "b と同じ (3,) です。dout は [[1, 2, 3], [4, 5, 6]] です。db の要素 [0] を予想しましょう。",
      },
      highlight: ["o", "eb"],
      q: { "(3,)": "eb.shape", "1": "eo.grad[0, 0]", "2": "eo.grad[0, 1]", "3": "eo.grad[0, 2]", "4": "eo.grad[1, 0]", "5": "eo.grad[1, 1]", "6": "eo.grad[1, 2]" },
      predict: { edge: "eb", what: "grad" },
    },
    {
      text: {
        en: "db = [5, 7, 9]: each column of dout summed over the rows, 1 + 4, 2 + 5, 3 + 6. dx and dW are MatMul's: dout · Wᵀ and xᵀ · dout.",
        ja: "db = [5, 7, 9]。dout の各列を行方向に足したもの（1 + 4、2 + 5、3 + 6）です。dx と dW は MatMul と同じく dout · Wᵀ と xᵀ · dout です。",
      },
      highlight: ["b", "x", "W"],
      q: { "5": "eb.grad[0]", "7": "eb.grad[1]", "9": "eb.grad[2]", "1": "eo.grad[0, 0]", "2": "eo.grad[0, 1]", "3": "eo.grad[0, 2]", "4": "eo.grad[1, 0]", "6": "eo.grad[1, 2]" },
    },
  ],
};

// ---- 7. Softmax with cross entropy ---------------------------------------------------------------

const softmax: LessonSource = {
  id: "softmax-cross-entropy",
  example: "linear-relu-celoss",
  doc: exampleDoc("linear-relu-celoss"),
  title: { en: "Softmax with cross entropy: why (y − t)/N", ja: "Softmax と交差エントロピー: なぜ (y − t)/N なのか" },
  plain: ["0", "1"],
  steps: [
    {
      text: {
        en: "5 samples, 3 classes. Linear(10, 3) and ReLU give scores (5, 3); SoftmaxWithLoss turns each row into probabilities y, compares them with the one-hot t and averages: loss 0.7777.",
        ja: "5 サンプル、3 クラスです。Linear(10, 3) と ReLU がスコア (5, 3) を出し、SoftmaxWithLoss が各行を確率 y に変え、one-hot の t と比べて平均します。損失は 0.7777 です。",
      },
      highlight: ["lin", "relu", "loss"],
      q: { "5": "ey2.shape[0]", "3": "ey2.shape[1]", "(10, 3)": "eW.shape", "(5, 3)": "ey2.shape", "0.7777": "loss" },
    },
    {
      text: {
        en: "The backward of softmax plus cross entropy is just (y − t)/N, with N = 5 rows. Row 0's class is 0 (t[0, 0] = 1). Predict the gradient's element [0, 0].",
        ja: "Softmax と交差エントロピーをまとめた逆伝播は (y − t)/N だけで、N = 5 行です。0 行目の正解クラスは 0（t[0, 0] = 1）です。勾配の要素 [0, 0] を予想しましょう。",
      },
      highlight: ["loss", "t"],
      q: { "5": "ey2.shape[0]" },
      predict: { edge: "ey2", what: "grad" },
    },
    {
      text: {
        en: "−0.04981: y − t = −0.2490 there, divided by N = 5. The notebook prints y − t; Gradflow's loss is the mean over the rows, so every gradient carries the /N.",
        ja: "−0.04981 です。そこでの y − t = −0.2490 を N = 5 で割った値です。ノートブックは y − t を表示しますが、Gradflow の損失は行の平均なので、どの勾配にも /N が付きます。",
      },
      highlight: ["ey2"],
      q: { "−0.04981": "ey2.grad[0, 0]", "−0.2490": "ey2.grad[0, 0]*5", "5": "ey2.shape[0]" },
    },
    {
      text: {
        en: "The wrong classes get y/N (t = 0): 0.02490 and 0.02490. The correct class is pushed up and the others down, and each row's gradients add up to 0.",
        ja: "不正解のクラスには y/N（t = 0）が届きます: 0.02490 と 0.02490。正解のクラスは押し上げられ、ほかは押し下げられ、各行の勾配の和は 0 になります。",
      },
      highlight: ["ey2"],
      q: { "0.02490": "ey2.grad[0, 1]" },
    },
  ],
};

// ---- 8. training the two-layer net ------------------------------------------------------------------

const twoLayer: LessonSource = {
  id: "two-layer",
  example: "two-layer",
  doc: exampleDoc("two-layer"),
  title: { en: "Training the two-layer net", ja: "2 層ニューラルネットワークを学習する" },
  plain: ["2", "3", "0.03"],
  steps: [
    {
      text: {
        en: "30 spiral points x (30, 2) go through Affine → Sigmoid → Affine → SoftmaxWithLoss, 3 classes. With random weights the loss is 1.120.",
        ja: "渦巻き状の 30 点 x (30, 2) が Affine → Sigmoid → Affine → SoftmaxWithLoss を通ります。クラスは 3 つです。重みがランダムなうちは損失は 1.120 です。",
      },
      highlight: ["x", "affine1", "sigmoid", "affine2", "loss"],
      q: { "30": "ex.shape[0]", "(30, 2)": "ex.shape", "1.120": "loss" },
    },
    {
      text: {
        en: "W2 maps 10 hidden units to 3 scores. Every Param gets a gradient of its own shape: predict the shape of dW2.",
        ja: "W2 は 10 個の隠れユニットを 3 つのスコアに写します。どの Param にも自分と同じ形状の勾配が届きます。dW2 の形状を予想しましょう。",
      },
      highlight: ["W2"],
      q: { "10": "eW2.shape[0]" },
      predict: { edge: "eW2", what: "shape" },
    },
    {
      text: {
        en: "(10, 3). Now open Train in the toolbar and press Start: Adam (lr 0.03) moves every Param a little against its gradient, step after step, and the loss falls.",
        ja: "(10, 3) です。ツールバーの「学習」を開いて開始を押しましょう。Adam（lr 0.03）が各 Param を勾配と逆向きに少しずつ動かし、ステップごとに損失が下がっていきます。",
      },
      highlight: ["W1", "b1", "W2", "b2"],
      q: { "(10, 3)": "eW2.shape" },
    },
    {
      text: {
        en: "When the curve flattens, stop, and step through backward again: where the net is already right, the gradients have become small.",
        ja: "曲線が平らになったら止めて、もう一度逆伝播をステップ実行してみましょう。ネットワークがすでに正しく分類している所では、勾配が小さくなっています。",
      },
      highlight: ["loss"],
    },
  ],
};

// ---- 9. the six optimizers ------------------------------------------------------------------------

const optimizers: LessonSource = {
  id: "optimizers",
  example: "optimizers-ch6",
  doc: exampleDoc("optimizers-ch6"),
  title: { en: "The six optimizers on x²/20 + y²", ja: "6 つの最適化手法と x²/20 + y²" },
  plain: ["1", "2", "6", "20", "0.95", "(0, 0)"],
  steps: [
    {
      text: {
        en: "f(x, y) = x²/20 + y², starting from x = −7, y = 2: f = 6.45. The graph computes x²/20 as (x / 10) · x · 0.5.",
        ja: "f(x, y) = x²/20 + y² を x = −7、y = 2 から始めます。f = 6.45 です。グラフでは x²/20 を (x / 10) · x · 0.5 として計算します。",
      },
      highlight: ["x", "y", "f"],
      q: { "−7": "x.value", "2": "y.value", "6.45": "f.value", "10": "ten.value", "0.5": "half.value" },
    },
    {
      text: {
        en: "x is used twice, in x / 10 and in · x. Predict the share of the gradient flowing back along x → xx.",
        ja: "x は x / 10 と · x の 2 か所で使われます。x → xx の辺を逆向きに流れる勾配の分け前を予想しましょう。",
      },
      highlight: ["x", "e4"],
      q: { "10": "ten.value" },
      predict: { edge: "e4", what: "grad" },
    },
    {
      text: {
        en: "−0.35, and the same along x → div. x gets −0.35 + (−0.35) = −0.7 = x/10, and y gets 2 + 2 = 4 = 2y.",
        ja: "−0.35 で、x → div の辺でも同じです。x には −0.35 + (−0.35) = −0.7 = x/10、y には 2 + 2 = 4 = 2y が届きます。",
      },
      highlight: ["x", "y"],
      q: { "−0.35": "e4.grad", "−0.7": "x.grad", "10": "ten.value", "2": "e7.grad", "4": "y.grad" },
    },
    {
      text: {
        en: "SGD moves x by −lr · dx: with lr 0.95, x becomes −7 − 0.95 · (−0.7) = −6.335. Momentum, Nesterov, AdaGrad, RMSprop and Adam use the same gradients but remember past steps.",
        ja: "SGD は x を −lr · dx だけ動かします。lr 0.95 なら x は −7 − 0.95 · (−0.7) = −6.335 になります。Momentum、Nesterov、AdaGrad、RMSprop、Adam も同じ勾配を使いますが、過去のステップを覚えています。",
      },
      highlight: ["x"],
      q: { "−7": "x.value", "−0.7": "x.grad", "−6.335": "train:SGD:0.95:1:x" },
    },
    {
      text: {
        en: "Open Train, choose each optimizer in turn and run it: SGD zigzags along y, Momentum rolls past the valley and swings back, AdaGrad takes smaller and smaller steps, Adam swings less than Momentum on its way to the minimum at (0, 0).",
        ja: "「学習」を開き、最適化手法を 1 つずつ選んで実行してみましょう。SGD は y 方向にジグザグに進み、Momentum は谷を行き過ぎては戻り、AdaGrad は歩幅がだんだん小さくなり、Adam は Momentum より揺れが少なく最小点 (0, 0) へ向かいます。",
      },
      highlight: ["x", "y"],
    },
  ],
};

// ---- 10. the RNN cell ---------------------------------------------------------------------------------

const rnn: LessonSource = {
  id: "rnn",
  example: "rnn",
  doc: exampleDoc("rnn"),
  title: { en: "The RNN cell", ja: "RNN のセル" },
  plain: ["0", "1", "2", "4"],
  steps: [
    {
      text: {
        en: "One RNN step: h_next = tanh(h_prev · Wh + x · Wx + b). Here x is (2, 3) and h_prev is (2, 4): 2 sequences, 3 inputs, 4 hidden units.",
        ja: "RNN の 1 ステップ: h_next = tanh(h_prev · Wh + x · Wx + b)。ここで x は (2, 3)、h_prev は (2, 4) で、系列が 2 本、入力が 3 個、隠れユニットが 4 個です。",
      },
      highlight: ["rnn", "x", "h_prev"],
      q: { "(2, 3)": "ex.shape", "(2, 4)": "eh.shape", "2": "ex.shape[0]", "3": "ex.shape[1]", "4": "eh.shape[1]" },
    },
    {
      text: {
        en: "Backward first undoes the tanh: dt = dh_next · (1 − h_next²), with dh_next = 1 everywhere here. Then it is MatMul and Add again. Predict the shape of dWh.",
        ja: "逆伝播ではまず tanh を戻します: dt = dh_next · (1 − h_next²)。ここでは dh_next はすべて 1 です。あとは MatMul と加算の繰り返しです。dWh の形状を予想しましょう。",
      },
      highlight: ["Wh"],
      predict: { edge: "eWh", what: "shape" },
    },
    {
      text: {
        en: "(4, 4) = h_prevᵀ (4, 2) · dt (2, 4). b is added to both rows, so db sums dt over them. Predict db's element [0].",
        ja: "(4, 4) = h_prevᵀ (4, 2) · dt (2, 4) です。b は 2 行の両方に足されるので、db は dt を行方向に足したものです。db の要素 [0] を予想しましょう。",
      },
      highlight: ["b"],
      q: { "(4, 4)": "eWh.shape", "(4, 2)": "eh.shapeT", "(2, 4)": "eo.shape" },
      predict: { edge: "eb", what: "grad" },
    },
    {
      text: {
        en: "db[0] = 1.281. Unrolled over time (the example “RNN over T = 4”), the same Wx, Wh and b are used at every step, so each one's gradient is the sum of its shares: backprop through time.",
        ja: "db[0] = 1.281 です。時間方向に展開すると（例「RNN over T = 4」）、同じ Wx、Wh、b がすべてのステップで使われるので、それぞれの勾配は分け前の和になります。これが通時的誤差逆伝播法（BPTT）です。",
      },
      highlight: ["b", "Wx", "Wh"],
      q: { "1.281": "eb.grad[0]" },
    },
  ],
};

// ---- bug hunts: a graph broken on purpose; the learner finds the node ------------------------------------

const bugOutputGrad: LessonSource = {
  id: "bug-output-grad",
  doc: graph(
    "Bug hunt: dL/dW for L = sum(x · W)",
    [
      node("x", "Input", 0, 0, { value: [[1, 2], [3, 4]] }),
      node("W", "Param", 0, 1, { value: [[1, 2, 3], [4, 5, 6]] }),
      node("mm", "MatMul", 1, 0.5),
      node("o", "Output", 2, 0.5, { grad: [[1, 1, 1], [1, 1, 2]], label: "L = sum" }),
    ],
    [edge("ex", "x", "mm", "x"), edge("eW", "W", "mm", "W"), edge("eo", "mm", "o", "x")],
  ),
  title: { en: "Bug hunt: a wrong gradient at the Output", ja: "バグ探し: 出力の勾配がおかしい" },
  plain: ["0", "1", "2"],
  steps: [
    {
      text: {
        en: "This graph should give the gradients of L = sum(x · W), so every gradient into the Output should be 1. Yet dW's last column is [7, 10] where the others are [4, 6]. The ops are right; something in the graph is not. Click the node where the wrong gradient starts.",
        ja: "このグラフは L = sum(x · W) の勾配を求めるはずなので、出力に入る勾配はすべて 1 のはずです。ところが dW の最後の列は [7, 10] で、ほかの列は [4, 6] です。演算は正しく、おかしいのはグラフのどこかです。間違った勾配が始まっているノードをクリックしましょう。",
      },
      highlight: ["eW"],
      find: "o",
      q: { "7": "eW.grad[0, 2]", "10": "eW.grad[1, 2]", "4": "eW.grad[0, 0]", "6": "eW.grad[1, 0]" },
    },
    {
      text: {
        en: "It is the Output: its grad (the seed of backward) has a 2 at [1, 2] instead of 1. Every gradient below inherits it; MatMul only passes on what it is given.",
        ja: "原因は出力ノードです。その grad（逆伝播の種）は [1, 2] の位置が 1 ではなく 2 になっています。その下の勾配はすべてこれを受け継ぎます。MatMul は受け取ったものを伝えているだけです。",
      },
      highlight: ["o"],
      q: { "2": "eo.grad[1, 2]", "1": "eo.grad[0, 0]" },
    },
  ],
};

const bugParamShape: LessonSource = {
  id: "bug-param-shape",
  doc: graph(
    "Bug hunt: an Affine layer from 2 inputs to 3",
    [
      node("x", "Input", 0, 0, { value: [[1, 2], [3, 4]] }),
      node("W", "Param", 0, 1, { value: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]] }),
      node("b", "Param", 0, 2, { value: [0, 0, 0] }),
      node("aff", "Affine", 1, 1),
      node("o", "Output", 2, 1),
    ],
    [edge("ex", "x", "aff", "x"), edge("eW", "W", "aff", "W"), edge("eb", "b", "aff", "b"), edge("eo", "aff", "o", "x")],
  ),
  title: { en: "Bug hunt: a Param of the wrong shape", ja: "バグ探し: 形状の違う Param" },
  plain: ["2", "3", "(2, 3)"],
  steps: [
    {
      text: {
        en: "This Affine layer should take 2 inputs to 3 outputs, but it shows an error and no gradient comes back. Affine itself is right. Click the node that is wrong.",
        ja: "この Affine レイヤは 2 入力を 3 出力に変えるはずですが、エラーが出て勾配が返ってきません。Affine 自体は正しく動きます。間違っているノードをクリックしましょう。",
      },
      highlight: ["aff"],
      find: "W",
    },
    {
      text: {
        en: "It is W: it is (3, 3), but x · W needs as many rows in W as x (2, 2) has columns. Select W and type a (2, 3) value in the inspector: the error goes and the gradients appear.",
        ja: "原因は W です。W は (3, 3) ですが、x · W では W の行数が x (2, 2) の列数と同じでなければなりません。W を選んでインスペクターに (2, 3) の値を入力すると、エラーが消えて勾配が現れます。",
      },
      highlight: ["W"],
      q: { "(3, 3)": "eW.shape", "(2, 2)": "ex.shape" },
    },
  ],
};

const bugMissingWire: LessonSource = {
  id: "bug-missing-wire",
  doc: graph(
    "Bug hunt: f = x · y + z",
    [
      node("x", "Input", 0, 0, { value: 3 }),
      node("y", "Input", 0, 1, { value: 5 }),
      node("z", "Input", 0, 2, { value: 2 }),
      node("mul", "Mul", 1, 0.5),
      node("add", "Add", 2, 1.2, { label: "f" }),
    ],
    [edge("xm", "x", "mul", "a"), edge("za", "z", "add", "b"), edge("ma", "mul", "add", "a")],
  ),
  title: { en: "Bug hunt: a missing wire", ja: "バグ探し: つながっていない辺" },
  plain: [],
  steps: [
    {
      text: {
        en: "f should be x · y + z = 3 · 5 + 2, with df/dx = y = 5. But nothing is computed: Mul says an input is missing. Click the node whose wire is missing.",
        ja: "f は x · y + z = 3 · 5 + 2 で、df/dx = y = 5 になるはずです。ところが何も計算されず、乗算は入力が足りないと言っています。辺がつながっていないノードをクリックしましょう。",
      },
      highlight: ["mul"],
      find: "y",
      q: { "3": "x.value", "5": "y.value", "2": "z.value" },
    },
    {
      text: {
        en: "It is y: it feeds nothing, so Mul's input b is empty. Drag from y's out to Mul's b: f becomes 17 and dx becomes 5.",
        ja: "原因は y です。y はどこにもつながっておらず、乗算の入力 b が空になっています。y の out から乗算の b へドラッグしてつなぐと、f は 17、dx は 5 になります。",
      },
      highlight: ["y", "mul"],
      q: { "17": "fixed:add.value", "5": "fixed:xm.grad" },
    },
  ],
};

// the graphs as they should be, for the numbers the bug hunts promise once fixed
bugOutputGrad.fixed = { ...bugOutputGrad.doc, nodes: bugOutputGrad.doc.nodes.map((n) => (n.id === "o" ? { ...n, data: { ...n.data, grad: [[1, 1, 1], [1, 1, 1]] } } : n)) };
bugParamShape.fixed = { ...bugParamShape.doc, nodes: bugParamShape.doc.nodes.map((n) => (n.id === "W" ? { ...n, data: { value: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]] } } : n)) };
bugMissingWire.fixed = { ...bugMissingWire.doc, edges: [...bugMissingWire.doc.edges, edge("ym", "y", "mul", "b")] };

/** In the notebooks' order: scalars, fan-out, tensors, layers, losses, training, optimizers, RNN; then the bug hunts. */
export const LESSON_SOURCES: readonly LessonSource[] = [
  computationalGraph,
  branch,
  repeatSum,
  matmul,
  sigmoidTanh,
  affine,
  softmax,
  twoLayer,
  optimizers,
  rnn,
  bugOutputGrad,
  bugParamShape,
  bugMissingWire,
];

export const LESSONS: readonly BuiltinLesson[] = LESSON_SOURCES.map(build);

export const getLesson = (id: string) => LESSONS.find((l) => l.id === id);
