// The gradient check: central finite differences of the loss against the analytic gradient
// of every Input and Param, as a relative error per node.
import { compile } from "./executor";
import type { GraphDoc } from "./graph";
import { clone } from "./tensor";

export interface NodeCheck {
  /** max |analytic − numeric| over the checked elements, over the largest magnitude of either */
  relError: number | null;
  checked: number;
  size: number;
  pass: boolean;
  /** why a node was not checked */
  note?: string;
}

export interface CheckReport {
  tolerance: number;
  pass: boolean;
  nodes: Map<string, NodeCheck>;
}

export interface CheckOptions {
  /** the step of the central difference */
  h?: number;
  tolerance?: number;
  /** elements checked per node at most, spread evenly over it */
  maxPerNode?: number;
}

export function gradCheck(doc: GraphDoc, { h = 1e-5, tolerance = 1e-5, maxPerNode = 256 }: CheckOptions = {}): CheckReport {
  const p = compile(doc).run();
  const nodes = new Map<string, NodeCheck>();
  if (p.loss === null) return { tolerance, pass: false, nodes };
  // read every gradient first: the forward passes below clear them
  const grads = new Map(p.sourceIds.map((id) => [id, p.grad(id) && clone(p.grad(id)!)]));
  for (const id of p.sourceIds) {
    const gTensor = grads.get(id);
    if (p.status(id) !== "ok") continue;
    const value = p.paramValue(id).data;
    if (!gTensor) {
      nodes.set(id, { relError: null, checked: 0, size: value.length, pass: true, note: "no gradient reaches it" });
      continue;
    }
    const g = gTensor.data;
    const n = Math.min(value.length, maxPerNode);
    let diff = 0, scale = 0;
    for (let k = 0; k < n; k++) {
      const i = Math.floor((k * value.length) / n);
      const orig = value[i];
      value[i] = orig + h;
      p.forward();
      const up = p.loss!;
      value[i] = orig - h;
      p.forward();
      const down = p.loss!;
      value[i] = orig;
      const num = (up - down) / (2 * h);
      diff = Math.max(diff, Math.abs(num - g[i]));
      scale = Math.max(scale, Math.abs(num), Math.abs(g[i]));
    }
    const rel = scale === 0 ? 0 : diff / scale;
    nodes.set(id, { relError: rel, checked: n, size: value.length, pass: rel <= tolerance });
  }
  p.run();
  return { tolerance, pass: [...nodes.values()].every((c) => c.pass), nodes };
}
