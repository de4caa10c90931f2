// The graph document: what a file holds and the editor edits. Ids are user text, so every
// lookup keyed by id uses a Map (an id like "__proto__" or "toString" is an ordinary id).

export interface XY {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: string;
  position?: XY;
  data: Record<string, unknown>;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle?: string;
  target: string;
  targetHandle: string;
}

import type { OptimizerStateJson } from "./optimizerState";
export type { OptimizerStateJson };

export interface OptimizerSpec {
  type: string;
  state?: OptimizerStateJson;
  [hyper: string]: number | string | OptimizerStateJson | undefined;
}

/** A frame drawn around nodes; the engine ignores it. */
export interface GroupSpec {
  id: string;
  label: string;
  nodes: string[];
  collapsed: boolean;
}

/** A text in both of the interface's languages. */
export interface Texts {
  en: string;
  ja: string;
}

export interface LessonStep {
  text: Texts;
  /** node and edge ids */
  highlight?: string[];
  predict?: { edge: string; what: "value" | "grad" | "shape" };
  /** a bug hunt: the node the learner is asked to find (click) in a graph broken on purpose */
  find?: string;
}

export interface Lesson {
  title: Texts;
  steps: LessonStep[];
}

export interface Viewport extends XY {
  zoom: number;
}

export interface GraphDoc {
  format: "gradflow";
  version: 1;
  name?: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  optimizer?: OptimizerSpec;
  viewport?: Viewport;
  /** differentiate this node's output alone (FORMAT.md section 2, seeds) */
  target?: string;
  groups?: GroupSpec[];
  lesson?: Lesson;
}

export const OUT = "out";

export type TopoResult = { order: string[] } | { cycle: string[] };

/**
 * Kahn's algorithm. Ties go to the node that comes first in the document, so a learner
 * steps through nodes in the order they were added. A cycle comes back as the nodes on it,
 * in order, first node repeated at the end: ["a", "b", "a"].
 */
export function topoSort(nodes: readonly { id: string }[], edges: readonly { source: string; target: string }[]): TopoResult {
  const sorted = topoOrder(nodes, edges, new Map(nodes.map((n, i) => [n.id, i])));
  return "cycle" in sorted ? sorted : { order: Array.from(sorted.order, (i) => nodes[i].id) };
}

/**
 * topoSort by document positions: `index` maps each node's id to its position. With the order come
 * each edge's source and target positions (−1 for an edge to a node that is not there).
 */
export function topoOrder(nodes: readonly { id: string }[], edges: readonly { source: string; target: string }[], index: ReadonlyMap<string, number>): { order: Int32Array; from: Int32Array; to: Int32Array } | { cycle: string[] } {
  const n = nodes.length;
  // the edges out of each node, as compressed rows: next[start[s] … start[s + 1]]
  const indeg = new Int32Array(n), start = new Int32Array(n + 1);
  const from = new Int32Array(edges.length).fill(-1), to = new Int32Array(edges.length).fill(-1);
  for (let k = 0; k < edges.length; k++) {
    const s = index.get(edges[k].source), t = index.get(edges[k].target);
    if (s === undefined || t === undefined) continue;
    from[k] = s;
    to[k] = t;
    start[s + 1]++;
    indeg[t]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const next = new Int32Array(start[n]), fill = start.slice(0, n);
  for (let k = 0; k < edges.length; k++) if (from[k] >= 0) next[fill[from[k]]++] = to[k];
  // the ready nodes in a min-heap of document positions: n log n, where scanning a ready list
  // for its smallest was quadratic in the number of independent nodes
  const heap = new Int32Array(n);
  let size = 0;
  const push = (v: number) => {
    let i = size++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (heap[up] <= v) break;
      heap[i] = heap[up];
      i = up;
    }
    heap[i] = v;
  };
  const pop = (): number => {
    const top = heap[0], last = heap[--size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heap[c + 1] < heap[c]) c++;
      if (heap[c] >= last) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let i = 0; i < n; i++) if (indeg[i] === 0) push(i);
  const order = new Int32Array(n);
  let done = 0;
  while (size) {
    const i = pop();
    order[done++] = i;
    for (let e = start[i]; e < start[i + 1]; e++) if (--indeg[next[e]] === 0) push(next[e]);
  }
  if (done === n) return { order, from, to };
  const lists: number[][] = Array.from({ length: n }, (_, s) => Array.from(next.subarray(start[s], start[s + 1])));
  return { cycle: findCycle(n, lists, Array.from(indeg)).map((i) => nodes[i].id) };
}

/**
 * Every node Kahn's algorithm left has a predecessor that it left too, so walking backwards
 * through such predecessors must come round to a node already seen: that loop is a cycle.
 */
function findCycle(n: number, next: number[][], indeg: number[]): number[] {
  const prev: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++) for (const t of next[s]) prev[t].push(s);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  let v = indeg.findIndex((d) => d > 0);
  while (!seenAt.has(v)) {
    seenAt.set(v, path.length);
    path.push(v);
    v = prev[v].find((p) => indeg[p] > 0)!;
  }
  const loop = path.slice(seenAt.get(v)).reverse();
  return [...loop, loop[0]];
}

/** Would adding source → target close a cycle? (Is source reachable from target?) */
export function wouldCycle(edges: readonly { source: string; target: string }[], source: string, target: string): string[] | null {
  if (source === target) return [source, source];
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const l = out.get(e.source);
    if (l) l.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const prev = new Map<string, string>();
  const queue = [target];
  const seen = new Set([target]);
  while (queue.length) {
    const v = queue.shift()!;
    if (v === source) {
      const path = [source];
      let u = source;
      while (u !== target) {
        u = prev.get(u)!;
        path.unshift(u);
      }
      return [source, ...path];
    }
    for (const w of out.get(v) ?? []) if (!seen.has(w)) {
      seen.add(w);
      prev.set(w, v);
      queue.push(w);
    }
  }
  return null;
}
