// Stepping through backprop: the sequence of steps a learner walks (forward in topological
// order, then backward in reverse) and what is on screen after k of them. Everything is read
// off a Program that has already run; stepping only decides what to reveal.
import type { Program } from "../engine/executor";

export interface Step {
  kind: "forward" | "backward";
  nodeId: string;
}

/** Does this node's backward do anything a learner should see? */
function takesPartInBackward(p: Program, id: string): boolean {
  if (p.grad(id) !== null || p.isSeeded(id)) return true;
  // an Output has no gradient of its own, but it seeds its input
  return p.isSink(id) && p.inEdges(id).some((e) => e !== null && p.edgeGrad(e) !== null);
}

export function buildSteps(p: Program): Step[] {
  const order = p.order;
  const steps: Step[] = order.map((nodeId) => ({ kind: "forward", nodeId }));
  for (let i = order.length - 1; i >= 0; i--) if (takesPartInBackward(p, order[i])) steps.push({ kind: "backward", nodeId: order[i] });
  return steps;
}

export interface Reveal {
  /** the node of the last step taken; null at the start */
  current: string | null;
  phase: "start" | "forward" | "backward" | "done";
  /** edge ids whose value is shown */
  values: Set<string>;
  /** edge ids whose gradient (this edge's share) is shown */
  grads: Set<string>;
  nodesWithValue: Set<string>;
  nodesWithGrad: Set<string>;
  /** node id → 1-based position in the forward order (every node that runs, from the start, so the order is visible before stepping) */
  badge: Map<string, number>;
}

/** What is shown after the first k steps (k is clamped to 0..steps.length; 0 is Reset). */
export function revealAt(p: Program, steps: readonly Step[], k: number): Reveal {
  const n = Math.max(0, Math.min(Math.floor(k), steps.length));
  const r: Reveal = {
    current: n > 0 ? steps[n - 1].nodeId : null,
    phase: n === 0 ? "start" : n === steps.length ? "done" : steps[n - 1].kind,
    values: new Set(),
    grads: new Set(),
    nodesWithValue: new Set(),
    nodesWithGrad: new Set(),
    badge: new Map(),
  };
  let pos = 0;
  for (const s of steps) if (s.kind === "forward") r.badge.set(s.nodeId, ++pos);
  for (let i = 0; i < n; i++) {
    const { kind, nodeId } = steps[i];
    if (kind === "forward") {
      r.nodesWithValue.add(nodeId);
      for (const e of p.outEdges(nodeId)) r.values.add(e);
    } else {
      if (p.grad(nodeId) !== null) r.nodesWithGrad.add(nodeId);
      for (const e of p.inEdges(nodeId)) if (e !== null && p.edgeGrad(e) !== null) r.grads.add(e);
    }
  }
  return r;
}
