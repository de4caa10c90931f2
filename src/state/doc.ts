// Edits of the graph document as pure functions: each takes a document and returns a new one
// (or an error message), so the store can keep every version for undo and never half-apply
// an edit. Nodes and edges are looked up through Maps: ids are user text.
import { getOp } from "../engine/ops";
import { OUT, wouldCycle, type GraphDoc, type GraphEdge, type GraphNode, type XY } from "../engine/graph";
import { withSeeds } from "../engine/format";
import { wireProblem } from "../engine/wiring";

export const emptyDoc = (name = "untitled"): GraphDoc => ({ format: "gradflow", version: 1, name, nodes: [], edges: [] });

/** A fresh id from a prefix: "mul", then "mul2", "mul3", …; "W" stays "W" (W2, W3). */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_]/g, "") || "n";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(base + i)) return base + i;
}

/**
 * The id a new node takes, as the notebooks name things: the registry's names first (x, y, z for an
 * Input; W for a Param; loss for a loss), else the op's type in lower case (relu, matmul, affine),
 * numbered when taken (W2, relu2). A node made to feed a port is named after the port: the W and b
 * of an Affine, the t of a loss, the h_prev of an RNN.
 */
export function nodeName(type: string, taken: ReadonlySet<string>, port?: string): string {
  const op = getOp(type);
  if (port && op?.role === "source") return freshId(port, taken);
  const names = op?.names ?? [];
  const free = names.find((n) => !taken.has(n));
  return free ?? freshId(names[0] ?? type.toLowerCase(), taken);
}

const idsOf = (doc: GraphDoc) => new Set([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id)]);

/** Adds a node of this op with its default parameters; random defaults get a seed. */
export function addNode(doc: GraphDoc, type: string, position: XY, port?: string): { doc: GraphDoc; id: string } {
  const op = getOp(type);
  if (!op) throw new Error(`unknown op "${type}"`);
  const taken = idsOf(doc);
  const id = nodeName(type, taken, port);
  const data: Record<string, unknown> = {};
  for (const p of op.params) if (p.kind === "tensor" && p.default !== undefined && !p.optional) data[p.name] = p.default;
  const node: GraphNode = { id, type, position: { x: Math.round(position.x), y: Math.round(position.y) }, data };
  return { doc: withSeeds({ ...doc, nodes: [...doc.nodes, node] }), id };
}

/** Removes nodes (and every wire touching them) and edges. */
export function removeItems(doc: GraphDoc, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): GraphDoc {
  const nodes = new Set(nodeIds), edges = new Set(edgeIds);
  if (!nodes.size && !edges.size) return doc;
  const out: GraphDoc = {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
  // a removed node that was differentiated: back to the loss
  if (doc.target !== undefined && nodes.has(doc.target)) delete out.target;
  // a removed node leaves its group; a group left empty goes
  if (doc.groups && nodes.size) {
    const groups = doc.groups.map((g) => ({ ...g, nodes: g.nodes.filter((n) => !nodes.has(n)) })).filter((g) => g.nodes.length);
    if (groups.length) out.groups = groups;
    else delete out.groups;
  }
  return out;
}

export interface Wire {
  source: string;
  target: string;
  targetHandle: string;
}

/**
 * Wires an output to an input. An input takes one wire: a new wire replaces the old one.
 * Returns a reason instead when the wire is impossible (a cycle, a port that does not exist).
 */
export function connect(doc: GraphDoc, w: Wire): GraphDoc | string {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const s = byId.get(w.source), t = byId.get(w.target);
  if (!s || !t) return "that node no longer exists";
  const bad = wireProblem(getOp(s.type)!, s.id, getOp(t.type)!, t.id, w.targetHandle);
  if (bad) return bad.message;
  const others = doc.edges.filter((e) => !(e.target === w.target && e.targetHandle === w.targetHandle));
  const cycle = wouldCycle(others, w.source, w.target);
  if (cycle) return `That wire would make a cycle (${cycle.join(" → ")}): values must flow one way.`;
  const id = freshId(`e_${w.source}_${w.target}`, idsOf(doc));
  const edge: GraphEdge = { id, source: w.source, sourceHandle: OUT, target: w.target, targetHandle: w.targetHandle };
  return { ...doc, edges: [...others, edge] };
}

export function setNodeData(doc: GraphDoc, id: string, key: string, value: unknown): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== id) return n;
      const data = { ...n.data };
      if (value === undefined || value === "") delete data[key];
      else data[key] = value;
      return { ...n, data };
    }),
  };
}

export function moveNodes(doc: GraphDoc, moves: ReadonlyMap<string, XY>): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (moves.has(n.id) ? { ...n, position: moves.get(n.id)! } : n)) };
}

/** What Ctrl+C keeps: the nodes and the wires between them. */
export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyItems(doc: GraphDoc, nodeIds: Iterable<string>): Clip | null {
  const ids = new Set(nodeIds);
  if (!ids.size) return null;
  return {
    nodes: structuredClone(doc.nodes.filter((n) => ids.has(n.id))),
    edges: structuredClone(doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target))),
  };
}

/** Pastes a clip with fresh ids, shifted by offset; returns the new nodes' ids. */
export function paste(doc: GraphDoc, clip: Clip, offset: XY): { doc: GraphDoc; ids: string[] } {
  const taken = idsOf(doc);
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.id.replace(/\d+$/, ""), taken);
    taken.add(id);
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    return { ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } };
  });
  const edges = clip.edges.map((e) => {
    const id = freshId(`e_${rename.get(e.source)}_${rename.get(e.target)}`, taken);
    taken.add(id);
    return { ...e, id, source: rename.get(e.source)!, target: rename.get(e.target)! };
  });
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}

/** Do two documents compute the same thing? (Positions and viewport aside.) */
export function sameComputation(a: GraphDoc, b: GraphDoc): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length || a.target !== b.target) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i], y = b.nodes[i];
    if (x.id !== y.id || x.type !== y.type || x.data !== y.data) return false;
  }
  return true;
}
