// A Param's scale, for the |∂L/∂h_t| chart: how the gradient through time changes as Wh is
// multiplied by s. `scaledValue` is the value times s (a generator keeps its seed and gets its
// scale multiplied, so the file stays a short generator); `normsAtScale` runs the document with
// the Param scaled, without changing it, and gives |∂L/∂h_t| for each step.
import { compile } from "../executor";
import type { GraphDoc } from "../graph";
import { toNested } from "../tensor";
import { isGenerator, materialize, INITS, type TensorValue } from "../values";
import { gradientNormsOverTime, unrolledSteps } from "./unroll";

/** The slider's range: from no recurrence at all (0) to three times the weight. */
export const SCALE_MIN = 0;
export const SCALE_MAX = 3;

/** v · s, as a value of the same kind where it can be (a generator's scale, nested numbers). */
export function scaledValue(v: TensorValue, s: number): TensorValue {
  if (s === 1) return v;
  if (isGenerator(v) && (INITS as readonly string[]).includes(v.init)) {
    const { scale: was, ...rest } = v;
    const scale = (was ?? 1) * s;
    return scale === 1 ? rest : { ...rest, scale };
  }
  // a dataset's labels cannot be scaled as a generator: its numbers are
  const t = materialize(v);
  for (let i = 0; i < t.data.length; i++) t.data[i] *= s;
  return toNested(t) as TensorValue;
}

/** The document with one Param's value multiplied by s (the same document when s is 1). */
export function scaleParam(doc: GraphDoc, paramId: string, s: number): GraphDoc {
  if (s === 1) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === paramId ? { ...n, data: { ...n.data, value: scaledValue(n.data.value as TensorValue, s) } } : n)),
  };
}

/** |∂L/∂h_t| for each step with the Param scaled by s; null where no gradient reaches (or the graph does not run). */
export function normsAtScale(doc: GraphDoc, steps: readonly string[], paramId: string, s: number): (number | null)[] {
  try {
    return gradientNormsOverTime(compile(scaleParam(doc, paramId, s)).run(), steps);
  } catch {
    return steps.map(() => null);
  }
}

/** How the gradient changes from the last step back to the first: |∂L/∂h_1| / |∂L/∂h_T|, or null. */
export function firstToLastRatio(norms: readonly (number | null)[]): number | null {
  const first = norms[0], last = norms[norms.length - 1];
  if (first === null || last === null || first === undefined || last === undefined || last === 0) return null;
  return first / last;
}

/**
 * The unrolled cell a node belongs to (its group holds a chain of RNN steps sharing Wx, Wh, b), or
 * that it feeds from outside (a shared weight), with the shared Params; else null.
 */
export function unrolledAt(doc: GraphDoc, nodeId: string): { groupId: string; steps: string[]; weights: { port: string; param: string }[] } | null {
  const groupOf = (id: string) => doc.groups?.find((g) => g.nodes.includes(id));
  const fed = doc.edges.filter((e) => e.source === nodeId).map((e) => groupOf(e.target));
  const group = groupOf(nodeId) ?? fed.find((g) => g !== undefined);
  if (!group) return null;
  const found = unrolledSteps(doc, group.id);
  if (!found.ok) return null;
  const weights = (["Wx", "Wh", "b"] as const).flatMap((port) => {
    const e = doc.edges.find((x) => x.target === found.steps[0] && x.targetHandle === port);
    return e ? [{ port, param: e.source }] : [];
  });
  return { groupId: group.id, steps: found.steps, weights };
}
