// The node editor's gestures as pure document edits (issue 11): where a new node goes, duplicate,
// align and distribute, splice a node into a wire, delete a node and keep the wire through it,
// groups. Each takes a document and returns a new one (or a learner's reason), so the store can
// make it one undo step.
import type { GraphDoc, GroupSpec, XY } from "../engine/graph";
import { getOp } from "../engine/ops";
import { addNode, connect, copyItems, paste, removeItems, type Wire } from "./doc";

/** A node's size on the canvas (measured; a typical node when not yet measured). */
export type Sizes = ReadonlyMap<string, { width: number; height: number }>;
export const DEFAULT_NODE_SIZE = { width: 150, height: 80 };
const DEFAULT = DEFAULT_NODE_SIZE;
const size = (sizes: Sizes, id: string) => sizes.get(id) ?? DEFAULT;

const GAP = 60;

/**
 * Where a node added by a click or Enter goes: right of `anchor` (the selected node) when there is
 * one, else at `fallback`; moved down, then right, until it covers no other node.
 */
export function placeNode(doc: GraphDoc, sizes: Sizes, fallback: XY, anchor?: string): XY {
  const a = anchor ? doc.nodes.find((n) => n.id === anchor) : undefined;
  const start = a?.position ? { x: a.position.x + size(sizes, a.id).width + GAP, y: a.position.y } : fallback;
  const free = (p: XY) =>
    doc.nodes.every((n) => {
      if (!n.position) return true;
      const s = size(sizes, n.id);
      return p.x + DEFAULT.width + 16 <= n.position.x || n.position.x + s.width + 16 <= p.x || p.y + DEFAULT.height + 16 <= n.position.y || n.position.y + s.height + 16 <= p.y;
    });
  for (let col = 0; col < 8; col++)
    for (let row = 0; row < 12; row++) {
      const p = { x: Math.round(start.x + col * (DEFAULT.width + GAP)), y: Math.round(start.y + row * (DEFAULT.height + 24)) };
      if (free(p)) return p;
    }
  return start;
}

/** Copies of these nodes and the wires among them, a little below and to the right; returns the copies' ids. */
export function duplicate(doc: GraphDoc, ids: readonly string[]): { doc: GraphDoc; ids: string[] } | null {
  const clip = copyItems(doc, ids);
  return clip ? paste(doc, clip, { x: 40, y: 40 }) : null;
}

export type Align = "left" | "right" | "top" | "bottom" | "middle" | "center";

/** Lines the nodes up on one edge or centre line of their bounding box. */
export function align(doc: GraphDoc, ids: readonly string[], how: Align, sizes: Sizes): GraphDoc {
  const set = new Set(ids);
  const nodes = doc.nodes.filter((n) => set.has(n.id) && n.position);
  if (nodes.length < 2) return doc;
  const box = (n: (typeof nodes)[number]) => ({ ...n.position!, ...size(sizes, n.id) });
  const xs = nodes.map(box);
  const left = Math.min(...xs.map((b) => b.x)), right = Math.max(...xs.map((b) => b.x + b.width));
  const top = Math.min(...xs.map((b) => b.y)), bottom = Math.max(...xs.map((b) => b.y + b.height));
  const at = new Map(
    nodes.map((n) => {
      const b = box(n);
      const p = { ...n.position! };
      if (how === "left") p.x = left;
      if (how === "right") p.x = right - b.width;
      if (how === "center") p.x = Math.round((left + right) / 2 - b.width / 2);
      if (how === "top") p.y = top;
      if (how === "bottom") p.y = bottom - b.height;
      if (how === "middle") p.y = Math.round((top + bottom) / 2 - b.height / 2);
      return [n.id, p];
    }),
  );
  return { ...doc, nodes: doc.nodes.map((n) => (at.has(n.id) ? { ...n, position: at.get(n.id)! } : n)) };
}

/** Spaces the nodes evenly between the first and the last, across (horizontal) or down (vertical). */
export function distribute(doc: GraphDoc, ids: readonly string[], axis: "horizontal" | "vertical", sizes: Sizes): GraphDoc {
  const set = new Set(ids);
  const key = axis === "horizontal" ? "x" : "y", dim = axis === "horizontal" ? "width" : "height";
  const nodes = doc.nodes.filter((n) => set.has(n.id) && n.position).sort((a, b) => a.position![key] - b.position![key]);
  if (nodes.length < 3) return doc;
  const first = nodes[0], last = nodes[nodes.length - 1];
  const span = last.position![key] + size(sizes, last.id)[dim] - first.position![key];
  const filled = nodes.reduce((s, n) => s + size(sizes, n.id)[dim], 0);
  const gap = (span - filled) / (nodes.length - 1);
  const at = new Map<string, XY>();
  let cursor = first.position![key];
  for (const n of nodes) {
    at.set(n.id, { ...n.position!, [key]: Math.round(cursor) });
    cursor += size(sizes, n.id)[dim] + gap;
  }
  return { ...doc, nodes: doc.nodes.map((n) => (at.has(n.id) ? { ...n, position: at.get(n.id)! } : n)) };
}

/**
 * Splices a new node of `type` into a wire: source → new node's first input, new node's out → the
 * wire's target port. A reason instead when the op cannot sit on a wire (no input, or no output).
 */
export function insertOnEdge(doc: GraphDoc, edgeId: string, type: string, at: XY): { doc: GraphDoc; id: string } | string {
  const e = doc.edges.find((x) => x.id === edgeId);
  const op = getOp(type);
  if (!e || !op) return "that wire no longer exists";
  if (!op.inputs.length) return `${type} takes no input, so it cannot sit on a wire`;
  if (op.role === "sink") return `${type} has no output, so it cannot sit on a wire`;
  const added = addNode(removeItems(doc, [], [e.id]), type, at);
  const port = op.inputs[0].name;
  const wires: Wire[] = [
    { source: e.source, target: added.id, targetHandle: port },
    { source: added.id, target: e.target, targetHandle: e.targetHandle },
  ];
  let d: GraphDoc | string = added.doc;
  for (const w of wires) {
    d = connect(d, w);
    if (typeof d === "string") return d;
  }
  return { doc: d, id: added.id };
}

/** Splices an existing, unwired node into a wire (a node dragged onto it): the ports chosen by the registry. */
export function spliceNode(doc: GraphDoc, edgeId: string, nodeId: string): GraphDoc | string {
  const e = doc.edges.find((x) => x.id === edgeId);
  const n = doc.nodes.find((x) => x.id === nodeId);
  const op = n && getOp(n.type);
  if (!e || !n || !op) return "that wire no longer exists";
  if (doc.edges.some((x) => x.source === nodeId || x.target === nodeId)) return `${nodeId} is wired already: only a free node can be dropped into a wire`;
  if (!op.inputs.length || op.role === "sink") return `${n.type} cannot sit on a wire`;
  let d: GraphDoc | string = removeItems(doc, [], [e.id]);
  for (const w of [
    { source: e.source, target: nodeId, targetHandle: op.inputs[0].name },
    { source: nodeId, target: e.target, targetHandle: e.targetHandle },
  ]) {
    d = connect(d, w);
    if (typeof d === "string") return d;
  }
  return d;
}

/** Deletes a node with one wire in and wires out, and joins what fed it to what it fed. */
export function removeKeepingWire(doc: GraphDoc, id: string): GraphDoc | string {
  const ins = doc.edges.filter((e) => e.target === id);
  const outs = doc.edges.filter((e) => e.source === id);
  if (ins.length !== 1) return `the node has ${ins.length} wires in: only a node with one input can be removed keeping its wire`;
  let d: GraphDoc | string = removeItems(doc, [id]);
  for (const o of outs) {
    d = connect(d, { source: ins[0].source, target: o.target, targetHandle: o.targetHandle });
    if (typeof d === "string") return d;
  }
  return d;
}

// ---- groups (FORMAT.md `groups`): frames around nodes; the engine ignores them ------------

const groupsOf = (doc: GraphDoc): GroupSpec[] => doc.groups ?? [];

/** Frames the nodes as a new group (taking them out of any group they were in); returns its id. */
export function group(doc: GraphDoc, ids: readonly string[], label: string): { doc: GraphDoc; id: string } | string {
  const set = new Set(ids.filter((id) => doc.nodes.some((n) => n.id === id)));
  if (!set.size) return "select the nodes to group first";
  const taken = new Set(groupsOf(doc).map((g) => g.id));
  let k = 1;
  while (taken.has(`g${k}`)) k++;
  const id = `g${k}`;
  const rest = groupsOf(doc)
    .map((g) => ({ ...g, nodes: g.nodes.filter((n) => !set.has(n)) }))
    .filter((g) => g.nodes.length);
  return { doc: { ...doc, groups: [...rest, { id, label, nodes: [...set], collapsed: false }] }, id };
}

export function ungroup(doc: GraphDoc, id: string): GraphDoc {
  const groups = groupsOf(doc).filter((g) => g.id !== id);
  const out: GraphDoc = { ...doc, groups };
  if (!groups.length) delete out.groups;
  return out;
}

export function updateGroup(doc: GraphDoc, id: string, change: Partial<Pick<GroupSpec, "label" | "collapsed">>): GraphDoc {
  return { ...doc, groups: groupsOf(doc).map((g) => (g.id === id ? { ...g, ...change } : g)) };
}

/** The wires that cross a group's border: what its collapsed box shows. */
export function crossing(doc: GraphDoc, id: string): { into: string[]; out: string[] } {
  const g = groupsOf(doc).find((x) => x.id === id);
  if (!g) return { into: [], out: [] };
  const inside = new Set(g.nodes);
  return {
    into: doc.edges.filter((e) => !inside.has(e.source) && inside.has(e.target)).map((e) => e.id),
    out: doc.edges.filter((e) => inside.has(e.source) && !inside.has(e.target)).map((e) => e.id),
  };
}

/**
 * Values for the Params that feed an op's layer ports (W, b; Wx, Wh), shaped from the registry's
 * port docs ("(D, H)", "(H,)") with the sizes read off the inputs already wired: x (N, D) binds N
 * and D, and a size nothing binds (H) takes D's. Weights are randn · √(1/fan-in) (as the notebooks
 * start a layer), biases zeros.
 */
export function paramValuesFor(type: string, known: ReadonlyMap<string, readonly number[]>): Map<string, unknown> {
  const op = getOp(type);
  const out = new Map<string, unknown>();
  if (!op) return out;
  const dims = (doc: string) => /^\(([^)]*)\)/.exec(doc)?.[1].split(",").map((d) => d.trim()).filter(Boolean) ?? null;
  const size = new Map<string, number>();
  for (const p of op.inputs) {
    const shape = known.get(p.name), names = dims(p.doc);
    if (shape && names && names.length === shape.length) names.forEach((n, i) => size.set(n, shape[i]));
  }
  const fallback = size.get("D") ?? [...size.values()][0] ?? 2;
  for (const p of op.inputs) {
    if (p.feed !== "Param" || known.has(p.name)) continue;
    const names = dims(p.doc);
    if (!names) continue;
    const shape = names.map((n) => (/^\d+$/.test(n) ? Number(n) : (size.get(n) ?? fallback)));
    out.set(p.name, shape.length === 1 ? { init: "zeros", shape } : { init: "randn", shape, scale: Math.sqrt(1 / shape[0]) });
  }
  return out;
}
