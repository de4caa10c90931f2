// "Expand to scalars": a MatMul, Affine, Sigmoid or Softmax node with small inputs becomes the
// micrograd-style graph of scalar Mul, Add, Exp and Div nodes computing the same thing, so that a
// learner sees the matrix rules (dW = xᵀ · g) come out of the Branch rule on single numbers.
//
// Inputs are split into elements with Slice nodes (x → its rows → their elements), not replaced
// by Inputs of their own: the sources stay what they were (a Param stays one trainable tensor),
// and each element's gradient reaches them through Slice's backward (g scattered into zeros) and
// fan-out, so the expanded graph trains exactly as the tensor op did. The scalar results are put
// back into the op's shape with Stack chains (and a Mul by ones where an axis has size 1, which
// changes no bit), in a node that keeps the op's id, so every edge leaving the op still leaves it.
// All of it is one group (FORMAT.md `groups`), collapsible to one box.
//
// Numbers: Sigmoid's forward is the op's to the bit (1 / (1 + e^(−x)) in the same operations); a
// product's sum is added in the order k = 0, 1, …; Softmax is written e^x / Σ e^x, as a textbook
// writes it, where the op subtracts the row's maximum first (for large scores): values agree to
// rounding, and gradients everywhere to rounding (the order of a sum, a quotient rule instead of
// out ⊙ (1 − out)).
import type { GraphDoc, GraphEdge, GraphNode, GroupSpec } from "../graph";
import { formatShape, sizeOf, type Shape } from "../tensor";
import { COL, edge, edgeInto, groupName, groupOf, idMaker, nodeById, refuse, ROW, runOnce, shiftRightOf, type Refused } from "./common";

/** The ops that expand, and their input ports. */
export const EXPANDABLE: Readonly<Record<string, readonly string[]>> = {
  MatMul: ["x", "W"],
  Affine: ["x", "W", "b"],
  Sigmoid: ["x"],
  Softmax: ["x"],
};

/** The most numbers an input or the result may hold: 3 × 3, a picture a learner can follow. */
export const MAX_SCALAR_ELEMENTS = 9;
/** e^x overflows above this: the expanded Softmax does not subtract the maximum */
const EXP_LIMIT = 709;

export type Expanded = {
  ok: true;
  doc: GraphDoc;
  groupId: string;
  /** the node that now holds the op's result (the op's own id) */
  out: string;
};

const sub = (i: number) => String(i);

/** Builds the scalar graph: nodes with a column (for the layout) and their edges. */
class Builder {
  readonly nodes: (GraphNode & { col: number })[] = [];
  readonly edges: GraphEdge[] = [];
  private readonly colOf = new Map<string, number>();
  private readonly consts = new Map<string, string>();

  constructor(
    private readonly id: (base: string) => string,
    private readonly prefix: string,
  ) {}

  add(base: string, type: string, data: Record<string, unknown>, ins: Record<string, string>, fixedId?: string): string {
    const nid = fixedId ?? this.id(`${this.prefix}.${base}`);
    const col = 1 + Math.max(0, ...Object.values(ins).map((s) => this.colOf.get(s) ?? 0));
    this.colOf.set(nid, col);
    this.nodes.push({ id: nid, type, data, col });
    for (const [port, src] of Object.entries(ins)) this.edges.push(edge(this.id(`${nid}.${port}`), src, nid, port));
    return nid;
  }

  /** A constant Input, made once and shared by fan-out. */
  constant(name: string, value: unknown): string {
    let c = this.consts.get(name);
    if (!c) {
      c = this.id(`${this.prefix}.${name}`);
      this.colOf.set(c, 1);
      this.nodes.push({ id: c, type: "Input", data: { value, label: name }, col: 1 });
      this.consts.set(name, c);
    }
    return c;
  }

  /** Gives a node made here another id (the op's, for a result that is a single number). */
  rename(from: string, to: string): void {
    const n = this.nodes.find((x) => x.id === from)!;
    n.id = to;
    this.colOf.set(to, this.colOf.get(from)!);
    for (const e of this.edges) {
      if (e.source === from) e.source = to;
      if (e.target === from) e.target = to;
    }
  }

  /** The elements of a tensor, row-major, as scalar nodes: Slices of its rows, then of their elements. */
  elements(src: string, name: string, shape: Shape): string[] {
    if (shape.length === 0) return [src];
    if (shape.length === 1) return Array.from({ length: shape[0] }, (_, k) => this.add(`${name}[${sub(k)}]`, "Slice", { axis: 0, index: k, label: `${name}[${k}]` }, { x: src }));
    const out: string[] = [];
    for (let i = 0; i < shape[0]; i++) {
      const row = this.add(`${name}[${sub(i)}]`, "Slice", { axis: 0, index: i, label: `${name}[${i}]` }, { x: src });
      for (let k = 0; k < shape[1]; k++) out.push(this.add(`${name}[${sub(i)},${sub(k)}]`, "Slice", { axis: 0, index: k, label: `${name}[${i},${k}]` }, { x: row }));
    }
    return out;
  }

  /** Scalars (row-major) put back into `shape`; the last node made takes `finalId`. */
  assemble(items: string[], shape: Shape, finalId: string, label: string): string {
    if (shape.length === 0) return items[0];
    const line = (xs: string[], name: string, fixed?: string): string => {
      if (xs.length === 1) {
        // (1,): a Mul by ones(1,) changes no bit (x · 1 = x, −0 included) and passes g through
        const ones = this.constant("ones(1)", [1]);
        return this.add(name, "Mul", { label: `${label} ${name}` }, { a: xs[0], b: ones }, fixed);
      }
      let acc = xs[0];
      for (let k = 1; k < xs.length; k++) acc = this.add(`${name}:${k + 1}`, "Stack", { axis: 0, label: k === xs.length - 1 ? `${label} ${name}` : `${name}[0…${k}]` }, { a: acc, b: xs[k] }, k === xs.length - 1 ? fixed : undefined);
      return acc;
    };
    if (shape.length === 1) return line(items, "out", finalId);
    const [n, m] = shape;
    const rows = Array.from({ length: n }, (_, i) => line(items.slice(i * m, (i + 1) * m), `out[${i}]`));
    if (n === 1) {
      const ones = this.constant(`ones(1,${m})`, [Array.from({ length: m }, () => 1)]);
      return this.add("out", "Mul", { label }, { a: rows[0], b: ones }, finalId);
    }
    let acc = rows[0];
    for (let i = 1; i < n; i++) acc = this.add(`out:${i + 1}`, "Stack", { axis: 0, label: i === n - 1 ? label : `rows 0…${i}` }, { a: acc, b: rows[i] }, i === n - 1 ? finalId : undefined);
    return acc;
  }
}

/** x (N, D) · W (D, H) [+ b], one Mul per product and an Add chain per sum, k in order. */
function expandProduct(B: Builder, ins: Map<string, { src: string; shape: Shape }>, withBias: boolean): { items: string[]; shape: Shape } {
  const x = ins.get("x")!, W = ins.get("W")!;
  const [N, D] = x.shape, H = W.shape[1];
  const xe = B.elements(x.src, "x", x.shape), we = B.elements(W.src, "W", W.shape);
  const b = withBias ? ins.get("b")! : null;
  const be = b ? B.elements(b.src, "b", b.shape) : [];
  const items: string[] = [];
  for (let i = 0; i < N; i++)
    for (let j = 0; j < H; j++) {
      let acc = "";
      for (let k = 0; k < D; k++) {
        const p = B.add(`x${i}${k}W${k}${j}`, "Mul", { label: `x[${i},${k}]·W[${k},${j}]` }, { a: xe[i * D + k], b: we[k * H + j] });
        acc = k === 0 ? p : B.add(`sum${i}${j}:${k + 1}`, "Add", { label: `Σ k ≤ ${k} [${i},${j}]` }, { a: acc, b: p });
      }
      if (b) acc = B.add(`y${i}${j}`, "Add", { label: `+ b[${j}]` }, { a: acc, b: be[j] });
      items.push(acc);
    }
  return { items, shape: [N, H] };
}

/** 1 / (1 + e^(−x)) per element: the Sigmoid op's own operations. */
function expandSigmoid(B: Builder, x: { src: string; shape: Shape }): { items: string[]; shape: Shape } {
  const one = B.constant("1", 1), minus = B.constant("-1", -1);
  const items = B.elements(x.src, "x", x.shape).map((e, i) => {
    const neg = B.add(`neg${i}`, "Mul", { label: "−x" }, { a: minus, b: e });
    const ex = B.add(`exp${i}`, "Exp", { label: "e^(−x)" }, { x: neg });
    const den = B.add(`den${i}`, "Add", { label: "1 + e^(−x)" }, { a: one, b: ex });
    return B.add(`sig${i}`, "Div", { label: "σ" }, { a: one, b: den });
  });
  return { items, shape: x.shape };
}

/** e^x / Σ e^x along the last axis. */
function expandSoftmax(B: Builder, x: { src: string; shape: Shape }): { items: string[]; shape: Shape } {
  const C = x.shape[x.shape.length - 1], rows = sizeOf(x.shape) / C;
  const ex = B.elements(x.src, "x", x.shape).map((e, i) => B.add(`exp${i}`, "Exp", { label: "e^x" }, { x: e }));
  const items: string[] = [];
  for (let r = 0; r < rows; r++) {
    let s = ex[r * C];
    for (let j = 1; j < C; j++) s = B.add(`sum${r}:${j + 1}`, "Add", { label: j === C - 1 ? "Σ e^x" : `Σ j ≤ ${j}` }, { a: s, b: ex[r * C + j] });
    for (let j = 0; j < C; j++) items.push(B.add(`p${r}${j}`, "Div", { label: "e^x / Σ" }, { a: ex[r * C + j], b: s }));
  }
  return { items, shape: x.shape };
}

/**
 * Expands a MatMul, Affine, Sigmoid or Softmax node whose inputs and result have at most
 * MAX_SCALAR_ELEMENTS numbers into scalar nodes, grouped; or says why not.
 */
export function expandToScalars(doc: GraphDoc, nodeId: string): Expanded | Refused {
  const byId = nodeById(doc);
  const node = byId.get(nodeId);
  if (!node) return refuse(`there is no node "${nodeId}"`);
  const ports = EXPANDABLE[node.type];
  if (!ports) return refuse(`${node.type} does not expand to scalars: MatMul, Affine, Sigmoid and Softmax do`);
  const inGroup = groupOf(doc, nodeId);
  if (inGroup) return refuse(`"${nodeId}" is in the group ${groupName(inGroup)}: take it out of the group first`);
  const p = runOnce(doc);
  if (typeof p === "string") return refuse(`the graph cannot run: ${p}`);
  const ins = new Map<string, { src: string; shape: Shape; edge: string }>();
  for (const port of ports) {
    const e = edgeInto(doc, nodeId, port);
    if (!e) return refuse(`wire ${nodeId}'s ${port} first`);
    const v = p.value(e.source);
    if (!v) return refuse(`"${nodeId}" has to run before it expands: its ${port} has no value`);
    ins.set(port, { src: e.source, shape: v.shape, edge: e.id });
  }
  const out = p.value(nodeId);
  if (!out) return refuse(`"${nodeId}" has to run before it expands: ${p.error(nodeId) ?? "a node before it has an error"}`);
  for (const [port, { shape }] of [...ins, ["the result", { shape: out.shape }] as const]) {
    const n = sizeOf(shape);
    if (n > MAX_SCALAR_ELEMENTS)
      return refuse(`${port === "the result" ? "the result" : port} is ${formatShape(shape)}: ${n} numbers; expanding to scalars takes at most ${MAX_SCALAR_ELEMENTS} (3×3), so that the picture stays one a learner can follow`);
  }
  if (node.type === "Softmax") {
    if (out.shape.length === 0 || out.shape.length > 2) return refuse(`Softmax expands on (C,) or (N, C) scores, not ${formatShape(out.shape)}`);
    const big = Math.max(...p.value(ins.get("x")!.src)!.data);
    if (big > EXP_LIMIT) return refuse(`a score is ${big}: the scalar graph computes e^x without subtracting the maximum, and e^x overflows above ${EXP_LIMIT}`);
  }
  const removed = new Set([...ins.values()].map((i) => i.edge));
  const lessonEdge = doc.lesson?.steps.flatMap((s) => [...(s.highlight ?? []), ...(s.predict ? [s.predict.edge] : [])]).find((x) => removed.has(x));
  if (lessonEdge) return refuse(`the lesson refers to the edge "${lessonEdge}", which expanding would remove`);

  const id = idMaker({ ...doc, nodes: doc.nodes.filter((n) => n.id !== nodeId) });
  const B = new Builder(id, nodeId);
  const label = (node.data.label as string | undefined) ?? nodeId;
  const built =
    node.type === "MatMul" || node.type === "Affine" ? expandProduct(B, ins, node.type === "Affine") : node.type === "Sigmoid" ? expandSigmoid(B, ins.get("x")!) : expandSoftmax(B, ins.get("x")!);
  const result = B.assemble(built.items, built.shape, nodeId, label);
  // a single number is its own node already: it takes the op's id, as an assembled result does
  if (result !== nodeId) B.rename(result, nodeId);

  // lay the scalar graph out in columns where the node was, and move what is right of it along
  const at = node.position;
  const cols = Math.max(...B.nodes.map((n) => n.col));
  const perCol = new Map<number, number>();
  const placed = B.nodes.map(({ col, ...n }) => {
    if (!at) return n;
    const row = perCol.get(col) ?? 0;
    perCol.set(col, row + 1);
    return { ...n, position: { x: at.x + (col - 1) * COL, y: at.y + row * ROW } };
  });
  const nodes = at ? shiftRightOf(doc.nodes, at.x, (cols - 1) * COL) : doc.nodes;
  const group: GroupSpec = { id: id(`${nodeId}_scalars`), label: `${label} as scalars`, nodes: placed.map((n) => n.id), collapsed: false };
  return {
    ok: true,
    doc: {
      ...doc,
      nodes: [...nodes.filter((n) => n.id !== nodeId), ...placed],
      edges: [...doc.edges.filter((e) => !removed.has(e.id)), ...B.edges],
      groups: [...(doc.groups ?? []), group],
    },
    groupId: group.id,
    out: nodeId,
  };
}
