// What the document transforms share: their result (a new document, or a learner's reason why
// not), fresh ids, and small reads of a document. Transforms never change the document they are
// given; the editor puts what they return through its history, so Undo takes it back.
import { compile, type Program } from "../executor";
import { OUT, type GraphDoc, type GraphEdge, type GraphNode } from "../graph";

export type Refused = { ok: false; reason: string };
export const refuse = (reason: string): Refused => ({ ok: false, reason });

/** The editor's grid: transforms place what they add on it. */
export const COL = 260;
export const ROW = 140;

/** Ids not yet used by any node, edge or group of the document (nor by what was made since). */
export function idMaker(doc: GraphDoc): (base: string) => string {
  const used = new Set<string>([...doc.nodes.map((n) => n.id), ...doc.edges.map((e) => e.id), ...(doc.groups ?? []).map((g) => g.id)]);
  return (base) => {
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}~${k}`;
    used.add(id);
    return id;
  };
}

export function edgeInto(doc: GraphDoc, target: string, port: string): GraphEdge | undefined {
  return doc.edges.find((e) => e.target === target && e.targetHandle === port);
}

export const edgesFrom = (doc: GraphDoc, source: string) => doc.edges.filter((e) => e.source === source);

export function nodeById(doc: GraphDoc): Map<string, GraphNode> {
  return new Map(doc.nodes.map((n) => [n.id, n]));
}

export const edge = (id: string, source: string, target: string, targetHandle: string): GraphEdge => ({ id, source, sourceHandle: OUT, target, targetHandle });

/** The document run once (forward and backward), or why it cannot run at all. */
export function runOnce(doc: GraphDoc): Program | string {
  try {
    return compile(doc).run();
  } catch (e) {
    return (e as Error).message;
  }
}

/** The group a node is in, if any. */
export const groupOf = (doc: GraphDoc, id: string) => doc.groups?.find((g) => g.nodes.includes(id));

/** A group's name as a learner reads it. */
export const groupName = (g: { id: string; label: string }) => `"${g.label || g.id}"`;

/** Moves every node right of x (strictly) by dx, leaving `keep` where it is. */
export function shiftRightOf(nodes: GraphNode[], x: number, dx: number, keep: ReadonlySet<string> = new Set()): GraphNode[] {
  if (dx === 0) return nodes;
  return nodes.map((n) => (n.position && n.position.x > x && !keep.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y } } : n));
}
