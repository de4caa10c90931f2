// Runs a graph: plans every node once (shapes, errors, buffers), then forward in topological
// order, seeds, and backward in reverse with `+=` over fan-out. A Program is reusable: training
// runs it again and again on the same buffers, changing only the Param values.
import { getOp } from "./ops";
import type { Kernel, OpSpec, Params } from "./ops/types";
import { topoSort, type GraphDoc } from "./graph";
import { clone, zeros, type Shape, type Tensor } from "./tensor";
import { materialize, type TensorValue } from "./values";

export interface CompileOptions {
  /** Compute only the gradients that lead to a Param (training needs no dL/dx of data). */
  onlyParamGrads?: boolean;
}

export type NodeStatus = "ok" | "error" | "blocked";

interface CEdge {
  readonly id: string;
  readonly source: CNode;
  readonly target: CNode;
  readonly port: number;
  /** this edge's share of the source's gradient; null when no gradient flows here */
  share: Tensor | null;
  shareValid: boolean;
}

interface CNode {
  readonly id: string;
  readonly op: OpSpec;
  readonly params: Params;
  readonly ins: (CEdge | null)[];
  /** sorted by edge id, so that sums over fan-out do not depend on file order */
  readonly outs: CEdge[];
  /** an error found while planning (missing input, shapes); null when planned */
  planError: string | null;
  kernel: Kernel | null;
  seeded: boolean;
  status: NodeStatus;
  error: string | null;
  hasGrad: boolean;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Small LRU of materialized values: generators are the costly part of re-planning on every edit. */
const valueCache = new Map<string, Tensor>();
function materializeCached(v: TensorValue): Tensor {
  if (typeof v === "number") return materialize(v);
  const key = JSON.stringify(v);
  let t = valueCache.get(key);
  if (t) valueCache.delete(key);
  else t = materialize(v);
  valueCache.set(key, t);
  if (valueCache.size > 64) valueCache.delete(valueCache.keys().next().value!);
  return clone(t);
}

/** Parameters with defaults filled in and tensor values made. */
export function resolveParams(op: OpSpec, data: Record<string, unknown>): Params {
  const p: Params = {};
  for (const s of op.params) {
    const v = data[s.name];
    if (s.kind === "tensor") p[s.name] = v === undefined || v === null ? (s.optional ? undefined : materializeCached(s.default as TensorValue)) : materializeCached(v as TensorValue);
    else p[s.name] = v === undefined ? s.default : v;
  }
  return p;
}

export class Program {
  /** every node in topological order (including ones that err) */
  private readonly nodes: CNode[];
  private readonly nodeMap: Map<string, CNode>;
  private readonly edgeMap: Map<string, CEdge>;
  private readonly seededByID: CNode[];
  private readonly sinks: CNode[];
  loss: number | null = null;

  constructor(doc: GraphDoc, opts: CompileOptions = {}) {
    const sorted = topoSort(doc.nodes, doc.edges);
    if ("cycle" in sorted) throw new Error(`the graph has a cycle: ${sorted.cycle.join(" → ")}`);
    const docNode = new Map(doc.nodes.map((n) => [n.id, n]));
    this.nodeMap = new Map();
    this.nodes = sorted.order.map((id) => {
      const n = docNode.get(id)!;
      const op = getOp(n.type);
      if (!op) throw new Error(`unknown op "${n.type}"`);
      const node: CNode = { id, op, params: resolveParams(op, n.data), ins: op.inputs.map(() => null), outs: [], planError: null, kernel: null, seeded: false, status: "ok", error: null, hasGrad: false };
      this.nodeMap.set(id, node);
      return node;
    });
    this.edgeMap = new Map();
    for (const e of doc.edges) {
      const source = this.nodeMap.get(e.source)!, target = this.nodeMap.get(e.target)!;
      const port = target.op.inputs.findIndex((p) => p.name === e.targetHandle);
      const edge: CEdge = { id: e.id, source, target, port, share: null, shareValid: false };
      target.ins[port] = edge;
      source.outs.push(edge);
      this.edgeMap.set(e.id, edge);
    }
    for (const n of this.nodes) n.outs.sort(byId);

    // Where backward starts (FORMAT.md, "seeds")
    this.sinks = this.nodes.filter((n) => n.op.role === "sink");
    const losses = this.nodes.filter((n) => n.op.role === "loss" && n.outs.length === 0);
    const seeded = this.sinks.length || losses.length ? losses : this.nodes.filter((n) => n.op.role !== "sink" && n.outs.length === 0);
    for (const n of seeded) n.seeded = true;
    this.seededByID = [...seeded].sort(byId);

    this.plan(opts);
  }

  private plan(opts: CompileOptions): void {
    const shapes = new Map<CNode, Shape>();
    const needsGrad = new Set<CNode>();
    for (const n of this.nodes) {
      const missing = n.op.inputs.filter((_, i) => !n.ins[i]).map((p) => p.name);
      if (missing.length) {
        n.planError = `missing input${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
        continue;
      }
      const inShapes = n.ins.map((e) => shapes.get(e!.source));
      if (inShapes.some((s) => s === undefined)) continue; // downstream of an error: blocked
      const planned = n.op.plan(inShapes as Shape[], n.params);
      if (typeof planned === "string") {
        n.planError = `${n.op.type}: ${planned}`;
        continue;
      }
      shapes.set(n, planned.shape);
      if (!opts.onlyParamGrads || n.op.trainable || n.ins.some((e) => needsGrad.has(e!.source))) needsGrad.add(n);
      n.kernel = {
        ins: n.ins.map((e) => e!.source.kernel!.out),
        out: zeros(planned.shape),
        g: zeros(planned.shape),
        gIns: n.ins.map((e, i) => {
          if (n.op.inputs[i].noGrad || !needsGrad.has(e!.source)) return null;
          return (e!.share = zeros(shapes.get(e!.source)!));
        }),
        params: n.params,
        scratch: planned.scratch,
      };
    }
  }

  /** Forward, then backward; afterwards every accessor below reads this run. */
  run(): this {
    this.forward();
    this.backward();
    return this;
  }

  forward(): void {
    for (const n of this.nodes) {
      n.error = n.planError;
      n.hasGrad = false;
      if (n.planError) n.status = "error";
      else if (!n.kernel || n.ins.some((e) => e!.source.status !== "ok")) n.status = "blocked";
      else {
        const msg = n.op.forward(n.kernel);
        n.status = msg ? "error" : "ok";
        if (msg) n.error = `${n.op.type}: ${msg}`;
      }
    }
    this.loss = this.computeLoss();
  }

  backward(): void {
    for (const e of this.edgeMap.values()) e.shareValid = false;
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i];
      if (n.status !== "ok") continue;
      const k = n.kernel!;
      const g = k.g.data;
      let any = false;
      if (n.seeded) {
        g.fill(1);
        any = true;
      }
      for (const e of n.outs) {
        if (!e.shareValid) continue;
        const s = e.share!.data;
        if (!any) g.set(s);
        else for (let j = 0; j < g.length; j++) g[j] += s[j];
        any = true;
      }
      n.hasGrad = any;
      if (!any && n.op.role !== "sink") continue;
      n.op.backward(k);
      for (const e of n.ins) if (e!.share) e!.shareValid = true;
    }
  }

  /**
   * Σ over seeded outputs of sum(seed ⊙ value), in a fixed order. An Output's seed is what its
   * backward writes into its input's share, so that is run here too (it reads no gradient).
   */
  private computeLoss(): number | null {
    let loss = 0;
    let ran = false;
    for (const n of this.seededByID) {
      if (n.status !== "ok") continue;
      ran = true;
      for (const v of n.kernel!.out.data) loss += v;
    }
    for (const n of this.sinks) {
      const e = n.ins[0];
      if (n.status !== "ok" || !e?.share) continue;
      n.op.backward(n.kernel!);
      ran = true;
      const x = n.kernel!.ins[0].data, s = e.share.data;
      for (let j = 0; j < x.length; j++) loss += s[j] * x[j];
    }
    return ran ? loss : null;
  }

  // ---- reading a run -------------------------------------------------------------------

  /** node ids in topological order, errors included */
  get allIds(): string[] {
    return this.nodes.map((n) => n.id);
  }
  /** the forward order of the nodes that ran */
  get order(): string[] {
    return this.nodes.filter((n) => n.status === "ok").map((n) => n.id);
  }
  get edgeIds(): string[] {
    return [...this.edgeMap.keys()];
  }
  hasNode(id: string): boolean {
    return this.nodeMap.has(id);
  }
  status(id: string): NodeStatus {
    return this.node(id).status;
  }
  error(id: string): string | null {
    return this.node(id).error;
  }
  isSink(id: string): boolean {
    return this.node(id).op.role === "sink";
  }
  isSeeded(id: string): boolean {
    return this.node(id).seeded;
  }
  /** the forward value of a node's output (for an Output node: what it shows) */
  value(id: string): Tensor | null {
    const n = this.node(id);
    return n.status === "ok" ? n.kernel!.out : null;
  }
  /** dL/d(out) of a node, or null when no gradient reached it */
  grad(id: string): Tensor | null {
    const n = this.node(id);
    return n.status === "ok" && n.hasGrad && n.op.role !== "sink" ? n.kernel!.g : null;
  }
  edgeValue(id: string): Tensor | null {
    return this.value(this.edge(id).source.id);
  }
  edgeGrad(id: string): Tensor | null {
    const e = this.edge(id);
    return e.shareValid ? e.share : null;
  }
  /** ids of the edges leaving a node, sorted by id (the order gradients are summed in) */
  outEdges(id: string): string[] {
    return this.node(id).outs.map((e) => e.id);
  }
  /** ids of the edges into a node, by port (null: unconnected) */
  inEdges(id: string): (string | null)[] {
    return this.node(id).ins.map((e) => e?.id ?? null);
  }
  /** the buffer a Param's value lives in during training */
  paramValue(id: string): Tensor {
    return this.node(id).params.value as Tensor;
  }
  /** ids of the Input and Param nodes */
  get sourceIds(): string[] {
    return this.nodes.filter((n) => n.op.role === "source").map((n) => n.id);
  }
  /** ids of the Param nodes */
  get paramIds(): string[] {
    return this.nodes.filter((n) => n.op.trainable).map((n) => n.id);
  }
  private node(id: string): CNode {
    const n = this.nodeMap.get(id);
    if (!n) throw new Error(`no node "${id}"`);
    return n;
  }
  private edge(id: string): CEdge {
    const e = this.edgeMap.get(id);
    if (!e) throw new Error(`no edge "${id}"`);
    return e;
  }
}

export function compile(doc: GraphDoc, opts?: CompileOptions): Program {
  return new Program(doc, opts);
}
