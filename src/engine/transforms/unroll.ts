// Backprop through time, made visible: an RNN cell becomes T copies chained h_0 → h_1 → … → h_T,
// each reading the same Wx, Wh and b by fan-out, so the gradient of each weight is the sum over
// time of its steps' shares (the Branch rule: what BPTT is). `rollUp` folds them back into one.
//
// How each step gets its x: where the cell's x comes from decides.
//   - From a Slice (one index) of a sequence (N, T, D): step t takes the next index of the same
//     sequence, as TimeRNN reads xs[:, t, :].
//   - From an Input (N, D): each later step gets its own Input, a copy that a learner can edit; a
//     seeded randn or rand copy continues the first one's stream (skip), so step t draws the numbers
//     that would come next, as book 2's xs drawn time-major do (fixtures/books.json's TimeRNN).
// Anything else (x computed by another node) is refused with the reason. Step 1 stays the cell
// itself, with its own edges and inputs, and the last step takes over the cell's outgoing edges
// (the loss then sits on h_T), so rolling up gives back exactly the document that was unrolled.
// The steps and what was made for them form one group (FORMAT.md `groups`).
import type { Program } from "../executor";
import type { GraphDoc, GraphEdge, GraphNode, GroupSpec } from "../graph";
import { resolveAxis } from "../ops/shape";
import { isGenerator, shapeOfValue, type Generator } from "../values";
import { sizeOf } from "../tensor";
import { COL, edge, edgeInto, edgesFrom, groupName, groupOf, idMaker, nodeById, refuse, ROW, runOnce, shiftRightOf, type Refused } from "./common";

/** A bound on T, so that unrolling stays a picture a learner reads. */
export const MAX_STEPS = 64;
/** Steps are two columns apart: each step's own x sits in the column before it. */
const STEP = 2 * COL;
const WEIGHTS = ["Wx", "Wh", "b"] as const;

export interface UnrollOptions {
  /** also stack h_1 … h_T into hs (N, T, H) with a chain of Stack nodes, for a loss on every step */
  stack?: boolean;
}

export type Unrolled = {
  ok: true;
  doc: GraphDoc;
  /** the group holding the unrolled cell */
  groupId: string;
  /** the step nodes, h_1 … h_T in order (the first is the cell itself) */
  steps: string[];
  /** each step's x source, in order */
  inputs: string[];
  /** the last Stack, hs (N, T, H), when asked for */
  hs?: string;
};

/** The value of step t's own Input: a seeded random generator continues the stream, anything else is copied. */
function stepValue(v: unknown, t: number, perStep: number): unknown {
  if (!isGenerator(v)) return v;
  const g = v as Generator;
  if ((g.init === "randn" || g.init === "rand") && g.seed !== undefined) return { ...g, skip: (g.skip ?? 0) + (t - 1) * perStep };
  return { ...g };
}

export function unrollRNN(doc: GraphDoc, rnnId: string, T: number, opts: UnrollOptions = {}): Unrolled | Refused {
  const byId = nodeById(doc);
  const rnn = byId.get(rnnId);
  if (!rnn) return refuse(`there is no node "${rnnId}"`);
  if (rnn.type !== "RNN") return refuse(`"${rnnId}" is ${rnn.type === "Input" ? "an" : "a"} ${rnn.type} node: only an RNN cell unrolls`);
  if (!Number.isInteger(T) || T < 2 || T > MAX_STEPS) return refuse(`the number of steps T must be a whole number from 2 to ${MAX_STEPS}, not ${T}`);
  const inGroup = groupOf(doc, rnnId);
  if (inGroup) return refuse(`the RNN is in the group ${groupName(inGroup)}: take it out of the group first`);
  const ins = new Map<string, GraphEdge>();
  for (const port of ["x", "h_prev", ...WEIGHTS]) {
    const e = edgeInto(doc, rnnId, port);
    if (!e) return refuse(`wire the RNN's ${port} first: every step needs it`);
    ins.set(port, e);
  }
  const p = runOnce(doc);
  if (typeof p === "string") return refuse(`the graph cannot run: ${p}`);
  if (p.status(rnnId) !== "ok") return refuse(`the RNN has to run before it unrolls: ${p.error(rnnId) ?? "a node before it has an error"}`);

  const id = idMaker(doc);
  const x = byId.get(ins.get("x")!.source)!;
  const at = rnn.position;
  const pos = (dx: number, y: number) => (at ? { position: { x: at.x + dx, y } } : {});
  const label = (rnn.data.label as string | undefined) ?? rnnId;
  const newNodes: GraphNode[] = [], newEdges: GraphEdge[] = [];
  const inputs = [x.id], steps = [rnnId];

  // each later step's x
  let makeX: (t: number) => GraphNode;
  if (x.type === "Slice" && x.data.index !== null) {
    const seqEdge = edgeInto(doc, x.id, "x")!;
    const shape = p.value(seqEdge.source)!.shape;
    const axis = resolveAxis((x.data.axis as number | undefined) ?? 1, shape.length)!;
    const n = shape[axis], index = (x.data.index as number | undefined) ?? 0;
    const k = index < 0 ? index + n : index;
    if (k + T > n) return refuse(`the sequence "${seqEdge.source}" has ${n} steps along axis ${axis}; from index ${k} on there are ${n - k}, so T can be at most ${n - k}`);
    makeX = (t) => {
      const s: GraphNode = { id: id(`${x.id}_${t}`), type: "Slice", ...(x.position ? { position: { x: at ? at.x + (t - 1) * STEP - COL : x.position.x, y: x.position.y } } : {}), data: { ...x.data, index: k + t - 1, label: `x_${t}` } };
      newEdges.push(edge(id(`${seqEdge.id}_${t}`), seqEdge.source, s.id, "x"));
      return s;
    };
  } else if (x.type === "Input") {
    const perStep = sizeOf(shapeOfValue(x.data.value as never));
    makeX = (t) => ({
      id: id(`${x.id}_${t}`),
      type: "Input",
      ...(x.position ? { position: { x: at ? at.x + (t - 1) * STEP - COL : x.position.x, y: x.position.y } } : {}),
      data: { ...x.data, value: stepValue(x.data.value, t, perStep), label: `x_${t}` },
    });
  } else
    return refuse(`x comes from the ${x.type} node "${x.id}": to unroll, x must come from an Input (each step gets its own copy) or from a Slice of a sequence (each step takes the next index)`);

  for (let t = 2; t <= T; t++) {
    const xt = makeX(t);
    const step: GraphNode = { id: id(`${rnnId}_${t}`), type: "RNN", ...pos((t - 1) * STEP, at?.y ?? 0), data: { ...rnn.data, label: `${label} · t = ${t}` } };
    newNodes.push(xt, step);
    inputs.push(xt.id);
    newEdges.push(edge(id(`${step.id}.x`), xt.id, step.id, "x"), edge(id(`${step.id}.h_prev`), steps[t - 2], step.id, "h_prev"));
    for (const w of WEIGHTS) newEdges.push(edge(id(`${ins.get(w)!.id}@${t}`), ins.get(w)!.source, step.id, w));
    steps.push(step.id);
  }
  const last = steps[T - 1];

  let hs: string | undefined;
  if (opts.stack) {
    let prev = steps[0];
    for (let t = 2; t <= T; t++) {
      const s: GraphNode = { id: id(`${rnnId}_hs${t}`), type: "Stack", ...pos((t - 1) * STEP + COL, (at?.y ?? 0) + ROW), data: { axis: 1, label: t === T ? "hs (N, T, H)" : `h_1 … h_${t}` } };
      newNodes.push(s);
      newEdges.push(edge(id(`${s.id}.a`), prev, s.id, "a"), edge(id(`${s.id}.b`), steps[t - 1], s.id, "b"));
      prev = hs = s.id;
    }
  }

  // the cell's outgoing edges now leave the last step; the nodes right of the cell make room
  const edges = doc.edges.map((e) => (e.source === rnnId ? { ...e, source: last } : e));
  const nodes = at ? shiftRightOf(doc.nodes, at.x, (T - 1) * STEP) : doc.nodes;
  const group: GroupSpec = { id: id(`${rnnId}_unrolled`), label: `${label} over T = ${T}`, nodes: [rnnId, ...newNodes.map((n) => n.id)], collapsed: false };
  return {
    ok: true,
    doc: { ...doc, nodes: [...nodes, ...newNodes], edges: [...edges, ...newEdges], groups: [...(doc.groups ?? []), group] },
    groupId: group.id,
    steps,
    inputs,
    ...(hs ? { hs } : {}),
  };
}

export type RolledUp = { ok: true; doc: GraphDoc; rnnId: string };

/** The steps of an unrolled cell in time order (the chain of RNNs in the group, sharing their weights), or why it is not one. */
export function unrolledSteps(doc: GraphDoc, groupId: string): { ok: true; steps: string[] } | Refused {
  const group = doc.groups?.find((g) => g.id === groupId);
  if (!group) return refuse(`there is no group "${groupId}"`);
  const byId = nodeById(doc);
  const rnns = group.nodes.filter((n) => byId.get(n)?.type === "RNN");
  const notUnrolled = `the group ${groupName(group)} is not an unrolled RNN`;
  if (rnns.length < 2) return refuse(`${notUnrolled}: it has no chain of RNN steps`);
  const hPrev = (n: string) => edgeInto(doc, n, "h_prev")?.source;
  const firsts = rnns.filter((n) => !rnns.includes(hPrev(n) ?? ""));
  if (firsts.length !== 1) return refuse(`${notUnrolled}: its RNN steps are not one chain`);
  const steps = [firsts[0]];
  for (;;) {
    const next = rnns.filter((n) => hPrev(n) === steps[steps.length - 1]);
    if (next.length > 1) return refuse(`${notUnrolled}: h of "${steps[steps.length - 1]}" feeds ${next.length} steps`);
    if (!next.length) break;
    steps.push(next[0]);
  }
  if (steps.length !== rnns.length) return refuse(`${notUnrolled}: its RNN steps are not one chain`);
  for (const w of WEIGHTS) {
    const src = edgeInto(doc, steps[0], w)?.source;
    const other = steps.find((s) => edgeInto(doc, s, w)?.source !== src);
    if (other) return refuse(`the steps do not share one ${w} ("${other}" reads another): they are not one cell unrolled`);
  }
  return { ok: true, steps };
}

/**
 * |∂L/∂h_t| for each step of a run, in order: the length (L2 norm) of each step's gradient, or
 * null where none reaches it. Small and shrinking towards t = 1: vanishing gradients; growing:
 * exploding ones (as Wh's scale changes).
 */
export function gradientNormsOverTime(p: Program, steps: readonly string[]): (number | null)[] {
  return steps.map((s) => {
    const g = p.grad(s);
    if (!g) return null;
    let sum = 0;
    for (const v of g.data) sum += v * v;
    return Math.sqrt(sum);
  });
}

/** Folds an unrolled cell (the group unrollRNN made) back into its first step, the one cell. */
export function rollUp(doc: GraphDoc, groupId: string): RolledUp | Refused {
  const group = doc.groups?.find((g) => g.id === groupId);
  if (!group) return refuse(`there is no group "${groupId}"`);
  const found = unrolledSteps(doc, groupId);
  if (!found.ok) return found;
  const { steps } = found;
  const byId = nodeById(doc);
  const members = new Set(group.nodes);
  // what goes: the later steps, the x each read alone, the stack of their h
  const remove = new Set(steps.slice(1));
  for (const s of steps.slice(1)) {
    const x = edgeInto(doc, s, "x")!.source;
    const xn = byId.get(x)!;
    if (members.has(x) && (xn.type === "Input" || xn.type === "Slice") && edgesFrom(doc, x).every((e) => e.target === s)) remove.add(x);
  }
  const stacks = group.nodes.filter((n) => byId.get(n)?.type === "Stack");
  for (const s of stacks) remove.add(s);
  const first = steps[0], last = steps[steps.length - 1];
  for (const n of remove) {
    for (const e of edgesFrom(doc, n)) {
      if (remove.has(e.target)) continue;
      if (n === last) continue; // the last step's edges go back to the cell
      const type = byId.get(n)!.type;
      const what = type === "Stack" ? `the stacked h ("${n}")` : type === "RNN" ? `h of "${n}"` : `"${n}"`;
      return refuse(`${what} feeds "${e.target}": rolled up, only the last h would be left; remove that edge first`);
    }
  }
  for (const s of steps.slice(0, -1)) {
    const out = edgesFrom(doc, s).find((e) => !remove.has(e.target) && e.target !== steps[steps.indexOf(s) + 1]);
    if (out) return refuse(`h of "${s}" feeds "${out.target}": rolled up, only the last h would be left; remove that edge first`);
  }

  const edges = doc.edges.filter((e) => !remove.has(e.target) && (!remove.has(e.source) || e.source === last)).map((e) => (e.source === last ? { ...e, source: first } : e));
  const a = byId.get(first)!.position, b = byId.get(last)!.position;
  let nodes = doc.nodes.filter((n) => !remove.has(n.id));
  if (a && b) nodes = shiftRightOf(nodes, b.x, a.x - b.x);
  const groups = doc.groups!.filter((g) => g.id !== groupId);
  const out: GraphDoc = { ...doc, nodes, edges };
  if (groups.length) out.groups = groups;
  else delete out.groups;
  return { ok: true, doc: out, rnnId: first };
}
