// A canvas node's rectangle as React Flow has measured it, or a typical node's size before it is:
// one place for the camera, the label placement, the palette's placement and the arrange buttons.
import type { Node } from "@xyflow/react";
import { DEFAULT_NODE_SIZE, type Sizes } from "../state/edit";

export const nodeRect = (n: Node) => ({
  x: n.position.x,
  y: n.position.y,
  width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
  height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
});

/** Every node's measured size, by id (for state/edit.ts's placement and alignment). */
export const nodeSizes = (nodes: readonly Node[]): Sizes => new Map(nodes.map((n) => [n.id, nodeRect(n)]));
