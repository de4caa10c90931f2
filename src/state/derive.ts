// Results are derived from the document by the engine, never computed in a component: one
// compile + run per change of the computation, then a view per node and per edge that the
// canvas reads. Stepping masks the view down to what the learner has revealed so far.
import { compile, type Program } from "../engine/executor";
import type { GraphDoc } from "../engine/graph";
import { formatShape, type Tensor } from "../engine/tensor";
import type { Reveal } from "../teach/steps";

export interface NodeView {
  status: "ok" | "error" | "blocked";
  error: string | null;
  /** why the output holds a NaN or ±∞ (ln of a negative number, …), or null */
  warning: string | null;
  shape: string | null;
  value: Tensor | null;
  grad: Tensor | null;
  /** 1-based position in the forward order while stepping */
  badge: number | null;
  current: boolean;
}

export interface EdgeView {
  value: Tensor | null;
  grad: Tensor | null;
  current: boolean;
}

export interface Derived {
  program: Program | null;
  /** a problem with the whole graph (the executor refused it) */
  graphError: string | null;
  nodes: Map<string, NodeView>;
  edges: Map<string, EdgeView>;
  loss: number | null;
  /** how long compile + forward + backward took, ms */
  ms: number;
}

export function runDoc(doc: GraphDoc): { program: Program | null; graphError: string | null; ms: number } {
  const t0 = performance.now();
  try {
    const program = compile(doc).run();
    return { program, graphError: null, ms: performance.now() - t0 };
  } catch (e) {
    return { program: null, graphError: (e as Error).message, ms: performance.now() - t0 };
  }
}

const blank: NodeView = { status: "blocked", error: null, warning: null, shape: null, value: null, grad: null, badge: null, current: false };

/** Same numbers in the same shape (NaN equals NaN): a re-run that changed nothing shows nothing new. */
export function sameTensor(a: Tensor | null, b: Tensor | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.shape.length !== b.shape.length || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  const x = a.data, y = b.data;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && !(x[i] !== x[i] && y[i] !== y[i])) return false;
  return true;
}

/** sameTensor with the verdicts of one derivation remembered: a node's value is also on each of its wires */
function tensorComparer() {
  const verdicts = new Map<Tensor, { old: Tensor; same: boolean }>();
  return (old: Tensor | null, next: Tensor | null): boolean => {
    if (old === next) return true;
    if (!old || !next) return false;
    const v = verdicts.get(next);
    if (v?.old === old) return v.same;
    const same = sameTensor(old, next);
    verdicts.set(next, { old, same });
    return same;
  };
}

/**
 * The views of the previous derivation. A view that shows the same thing as before is handed out
 * again as the same object, so the canvas's memoized nodes and edges skip re-rendering: an edit
 * repaints only what it changed, and a drag (same run) repaints nothing but the moved wires.
 */
let previous: { nodes: Map<string, NodeView>; edges: Map<string, EdgeView> } | null = null;

/** The view of a run, or of the part of it a stepping learner has revealed. */
export function deriveView(doc: GraphDoc, run: { program: Program | null; graphError: string | null; ms: number }, reveal: Reveal | null): Derived {
  const { program: p, graphError, ms } = run;
  const nodes = new Map<string, NodeView>();
  const edges = new Map<string, EdgeView>();
  const same = tensorComparer();
  const keepNode = (id: string, v: NodeView) => {
    const o = previous?.nodes.get(id);
    const keep = o && o.status === v.status && o.error === v.error && o.warning === v.warning && o.shape === v.shape && o.badge === v.badge && o.current === v.current && same(o.value, v.value) && same(o.grad, v.grad);
    nodes.set(id, keep ? o : v);
  };
  const keepEdge = (id: string, v: EdgeView) => {
    const o = previous?.edges.get(id);
    edges.set(id, o && o.current === v.current && same(o.value, v.value) && same(o.grad, v.grad) ? o : v);
  };
  for (const n of doc.nodes) {
    if (!p || !p.hasNode(n.id)) {
      keepNode(n.id, { ...blank, status: "error", error: graphError });
      continue;
    }
    const value = p.value(n.id);
    const showValue = !reveal || reveal.nodesWithValue.has(n.id);
    const showGrad = !reveal || reveal.nodesWithGrad.has(n.id);
    keepNode(n.id, {
      status: p.status(n.id),
      error: p.error(n.id),
      warning: showValue ? p.nonFiniteReason(n.id) : null,
      // a scalar has no shape to show ("()" reads as nothing to a learner)
      shape: value && value.shape.length ? formatShape(value.shape) : null,
      value: showValue ? value : null,
      grad: showGrad ? p.grad(n.id) : null,
      badge: reveal?.badge.get(n.id) ?? null,
      current: reveal?.current === n.id,
    });
  }
  for (const e of doc.edges) {
    if (!p) {
      keepEdge(e.id, { value: null, grad: null, current: false });
      continue;
    }
    keepEdge(e.id, {
      value: !reveal || reveal.values.has(e.id) ? p.edgeValue(e.id) : null,
      grad: !reveal || reveal.grads.has(e.id) ? p.edgeGrad(e.id) : null,
      current: !!reveal && (reveal.current === e.source || reveal.current === e.target),
    });
  }
  previous = { nodes, edges };
  const loss = p && (!reveal || reveal.phase === "backward" || reveal.phase === "done") ? p.loss : null;
  return { program: p, graphError, nodes, edges, loss, ms };
}
