// Auto layout: elkjs's layered algorithm, left to right as values flow, in a worker so that the
// page keeps answering (elkjs is large, so it is loaded only when a layout is asked for). Past
// what elkjs handles (ELK_LIMIT nodes), or when it fails, nodes go in columns by topological depth
// (layered.ts), and the result says which happened and why.
import type { GraphDoc, XY } from "../engine/graph";
import { getOp } from "../engine/ops";
import { layeredLayout } from "./layered";

const W = 170, H_BASE = 62, H_PORT = 20;

/** elkjs overflows its stack on a 10,000-node graph and takes seconds past a few thousand: larger graphs go by depth */
export const ELK_LIMIT = 2000;

/** what a layout needs of a document */
export interface LayoutRequest {
  nodes: { id: string; type: string }[];
  edges: { id: string; source: string; target: string; targetHandle: string }[];
}

export type LayoutReply = { type: "done"; positions: [string, number, number][] } | { type: "error"; message: string };

export interface Layout {
  positions: Map<string, XY>;
  /** elk: elkjs's layered layout; depth: columns by topological depth */
  method: "elk" | "depth";
  /** why the nodes went by depth (too many for elkjs, or what elkjs said when it failed), else null */
  note: string | null;
}

export async function elkLayout(doc: LayoutRequest): Promise<Map<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  // each node's ports in the registry's order (inputs top to bottom on the west side, out on the
  // east), fixed: the sources are then stacked in the order of the ports they feed (x, W, b into
  // an Affine), and their wires and labels do not cross
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "110",
      "elk.spacing.nodeNode": "50",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
    },
    children: doc.nodes.map((n) => {
      const inputs = getOp(n.type)?.inputs ?? [];
      const height = H_BASE + H_PORT * Math.max(1, inputs.length);
      return {
        id: n.id,
        width: W,
        height,
        layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
        ports: [
          ...inputs.map((p, i) => ({ id: `${n.id}\u0000in\u0000${p.name}`, width: 1, height: 1, layoutOptions: { "elk.port.side": "WEST", "elk.port.index": String(inputs.length - 1 - i) } })),
          { id: `${n.id}\u0000out`, width: 1, height: 1, layoutOptions: { "elk.port.side": "EAST" } },
        ],
      };
    }),
    edges: doc.edges.map((e) => ({ id: e.id, sources: [`${e.source}\u0000out`], targets: [`${e.target}\u0000in\u0000${e.targetHandle}`] })),
  };
  const out = await elk.layout(graph);
  return new Map((out.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}

/** elkjs in a worker where there are workers (the page), else here (Node, tests) */
function elkAway(req: LayoutRequest): Promise<Map<string, XY>> {
  if (typeof Worker === "undefined") return elkLayout(req);
  let w: Worker;
  try {
    w = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return elkLayout(req); // workers forbidden by the page's policy
  }
  return new Promise((resolve, reject) => {
    w.onmessage = (e: MessageEvent<LayoutReply>) => {
      w.terminate();
      if (e.data.type === "done") resolve(new Map(e.data.positions.map(([id, x, y]) => [id, { x, y }])));
      else reject(new Error(e.data.message));
    };
    w.onerror = (e) => {
      e.preventDefault();
      w.terminate();
      reject(new Error(e.message || "the layout worker failed"));
    };
    w.postMessage(req);
  });
}

/**
 * Positions for every node of a document: elkjs's where it can, by depth past ELK_LIMIT nodes or
 * when elkjs fails. Never rejects. `onProgress` hears how far the depth layout is.
 */
export async function layoutDoc(doc: GraphDoc, onProgress?: (done: number, total: number) => void): Promise<Layout> {
  const req: LayoutRequest = {
    nodes: doc.nodes.map((n) => ({ id: n.id, type: n.type })),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, targetHandle: e.targetHandle })),
  };
  const byDepth = (note: string): Layout => ({ positions: layeredLayout(req.nodes, req.edges, { onProgress }), method: "depth", note });
  if (doc.nodes.length > ELK_LIMIT) return byDepth(`${doc.nodes.length.toLocaleString("en-US")} nodes are more than elkjs lays out (at most ${ELK_LIMIT.toLocaleString("en-US")})`);
  try {
    return { positions: await elkAway(req), method: "elk", note: null };
  } catch (e) {
    return byDepth(`elkjs could not lay it out (${String((e as Error)?.message ?? e).slice(0, 80)})`);
  }
}

/** Positions for every node (see layoutDoc). */
export async function autoLayout(doc: GraphDoc): Promise<Map<string, XY>> {
  return (await layoutDoc(doc)).positions;
}

/** Does a document need laying out (a file without positions)? */
export const needsLayout = (doc: GraphDoc) => doc.nodes.some((n) => !n.position);
