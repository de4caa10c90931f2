// Auto layout with elkjs's layered algorithm, left to right as values flow. elkjs is large,
// so it is loaded only when a layout is asked for.
import type { GraphDoc, XY } from "../engine/graph";
import { getOp } from "../engine/ops";

const W = 170, H_BASE = 62, H_PORT = 20;

export async function autoLayout(doc: GraphDoc): Promise<Map<string, XY>> {
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

/** Does a document need laying out (a file without positions)? */
export const needsLayout = (doc: GraphDoc) => doc.nodes.some((n) => !n.position);
