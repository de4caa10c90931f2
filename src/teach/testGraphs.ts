// For the explanation builders' tests (explain.test.ts, latex.test.ts): small documents written
// out, and for each op of the registry one node fed by an Input per port, at shapes its plan accepts.
import { compile, resolveParams, type Program } from "../engine/executor";
import type { GraphDoc, GraphEdge, GraphNode } from "../engine/graph";
import type { OpSpec } from "../engine/ops";
import type { Shape } from "../engine/tensor";

export const node = (id: string, type: string, data: Record<string, unknown> = {}): GraphNode => ({ id, type, data });
export const edge = (id: string, source: string, target: string, targetHandle: string): GraphEdge => ({ id, source, target, targetHandle });
export const doc = (nodes: GraphNode[], edges: GraphEdge[], target?: string): GraphDoc => ({ format: "gradflow", version: 1, nodes, edges, ...(target ? { target } : {}) });

/** Numbers in (0.3, 0.85), different from each other: valid for Log, Div and a binary target, and no ReLU sits at 0. */
export function nested(shape: Shape, start: number): unknown {
  let k = start;
  const build = (axis: number): unknown => (axis === shape.length ? 0.3 + 0.05 * (k++ % 12) : Array.from({ length: shape[axis] }, () => build(axis + 1)));
  return build(0);
}

/** The first shapes (from the candidates) that the op accepts, found through its own plan. */
export function findShapes(op: OpSpec, candidates: Shape[]): Shape[] | null {
  const params = resolveParams(op, {});
  const pick: Shape[] = [];
  const search = (i: number): boolean => {
    if (i === op.inputs.length) return typeof op.plan(pick, params) !== "string";
    for (const s of candidates) {
      pick[i] = s;
      if (search(i + 1)) return true;
    }
    return false;
  };
  return search(0) ? pick.slice() : null;
}

/** One node `n` of this op fed by an Input per port: `in_<port>` → `n` (a node without inputs holds a value). */
export function tinyGraph(op: OpSpec, shapes: Shape[]): { doc: GraphDoc; p: Program } {
  const nodes = [node("n", op.type, op.inputs.length ? {} : { value: nested(shapes[0] ?? [2, 2], 0) })];
  const edges: GraphEdge[] = [];
  op.inputs.forEach((port, i) => {
    nodes.unshift(node(`in_${port.name}`, "Input", { value: nested(shapes[i], i * 5) }));
    edges.push(edge(`e_${port.name}`, `in_${port.name}`, "n", port.name));
  });
  const d = doc(nodes, edges);
  return { doc: d, p: compile(d).run() };
}

/** Shapes to try, in this order. */
export const TENSORS: Shape[] = [[2, 3], [3, 2], [3, 3], [2], [3], [1, 3], [2, 1], [3, 4]];
