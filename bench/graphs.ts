// The benchmarks' workloads as Gradflow documents, shared by bench/run.ts and profiling scripts.
import type { GraphDoc } from "../src/engine/graph";
import { RandomState } from "../src/engine/random";

type Node = GraphDoc["nodes"][number];
type Edge = GraphDoc["edges"][number];
const edge = (source: string, target: string, port: string): Edge => ({ id: `${source}>${target}.${port}`, source, sourceHandle: "out", target, targetHandle: port });

/** x(64,784) → Affine(784,128) → Sigmoid → Affine(128,10) → SoftmaxWithLoss */
export function mlpDoc(): GraphDoc {
  const labels = Array.from({ length: 64 }, (_, i) => (i * 7) % 10);
  const nodes: Node[] = [
    { id: "x", type: "Input", data: { value: { init: "randn", shape: [64, 784], seed: 0 } } },
    { id: "t", type: "Input", data: { value: labels } },
    { id: "W1", type: "Param", data: { value: { init: "randn", shape: [784, 128], seed: 1, scale: Math.sqrt(1 / 784) } } },
    { id: "b1", type: "Param", data: { value: { init: "zeros", shape: [128] } } },
    { id: "W2", type: "Param", data: { value: { init: "randn", shape: [128, 10], seed: 2, scale: Math.sqrt(1 / 128) } } },
    { id: "b2", type: "Param", data: { value: { init: "zeros", shape: [10] } } },
    { id: "a1", type: "Affine", data: {} },
    { id: "s1", type: "Sigmoid", data: {} },
    { id: "a2", type: "Affine", data: {} },
    { id: "L", type: "SoftmaxWithLoss", data: {} },
  ];
  const edges = [edge("x", "a1", "x"), edge("W1", "a1", "W"), edge("b1", "a1", "b"), edge("a1", "s1", "x"), edge("s1", "a2", "x"), edge("W2", "a2", "W"), edge("b2", "a2", "b"), edge("a2", "L", "x"), edge("t", "L", "t")];
  return { format: "gradflow", version: 1, nodes, edges, optimizer: { type: "SGD", lr: 0.1 } };
}

export interface RandomGraph {
  doc: GraphDoc;
  /** the same graph as a recipe for tfjs: each op node's type and the indexes of its inputs */
  recipe: { type: string; ins: number[] }[];
  sources: number;
}

/**
 * A random DAG with fan-out: `sources` Inputs, then op nodes that each read random earlier
 * nodes. Values are tracked while building (as scalars standing in for every element), so a
 * Div never divides by something near 0 and nothing overflows.
 */
export function randomGraph(total: number, sources: number, ops: string[], shape: number[], seed: number): RandomGraph {
  const rs = new RandomState(seed);
  const pick = (n: number) => Math.floor(rs.double() * n);
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const probe: number[] = [];
  const recipe: RandomGraph["recipe"] = [];
  for (let i = 0; i < sources; i++) {
    const v = 0.5 + rs.double();
    nodes.push({ id: `s${i}`, type: "Input", data: { value: shape.length ? { init: "full", shape, fill: v } : v } });
    probe.push(v);
  }
  for (let i = sources; i < total; i++) {
    // every source is read at least once (tfjs's grads insists), then mostly recent nodes, so
    // that the graph is deep as well as wide; b anywhere before, which makes fan-out
    const a = i - sources < sources ? i - sources : Math.max(0, i - 1 - pick(Math.min(i, 8))), b = pick(i);
    let type = ops[pick(ops.length)];
    if (type === "Div" && Math.abs(probe[b]) < 0.3) type = "Mul";
    // inputs are constant tensors (full), so every node's value is one number, tracked exactly
    const [x, y, n] = [probe[a], probe[b], shape[0] ?? 1];
    const valueOf: Record<string, number> = { Add: x + y, Sub: x - y, Mul: x * y, Div: x / y, MatMul: n * x * y, Tanh: Math.tanh(x), Sigmoid: 1 / (1 + Math.exp(-x)) };
    let v = valueOf[type];
    if (Math.abs(v) > 4) [type, v] = ["Tanh", Math.tanh(x)];
    probe.push(v);
    const ins = type === "Tanh" || type === "Sigmoid" ? [a] : [a, b];
    const id = `n${i}`;
    nodes.push({ id, type, data: {} });
    const ports = type === "MatMul" ? ["x", "W"] : ins.length === 1 ? ["x"] : ["a", "b"];
    ins.forEach((k, j) => edges.push(edge(nodes[k].id, id, ports[j])));
    recipe.push({ type, ins });
  }
  return { doc: { format: "gradflow", version: 1, nodes, edges }, recipe, sources };
}

export const scalarGraph = () => randomGraph(30, 4, ["Add", "Mul", "Div", "Tanh"], [], 7);
export const matrixGraph = () => randomGraph(1000, 10, ["Add", "Sub", "Mul", "Tanh", "Sigmoid", "MatMul"], [4, 4], 11);

