// Auto layout with elkjs's layered algorithm, left to right as values flow. elkjs is large,
// so it is loaded only when a layout is asked for.
import type { GraphDoc, XY } from "../engine/graph";
import { getOp } from "../engine/ops";

const W = 170, H_BASE = 62, H_PORT = 20;

export async function autoLayout(doc: GraphDoc): Promise<Map<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const graph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "110",
      "elk.spacing.nodeNode": "50",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    },
    children: doc.nodes.map((n) => ({ id: n.id, width: W, height: H_BASE + H_PORT * Math.max(1, getOp(n.type)?.inputs.length ?? 1) })),
    edges: doc.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const out = await elk.layout(graph);
  return new Map((out.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}

/** Does a document need laying out (a file without positions)? */
export const needsLayout = (doc: GraphDoc) => doc.nodes.some((n) => !n.position);
