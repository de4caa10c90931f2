// Runs a graph: plans every node once (shapes, errors, buffers), then forward in topological
// order, seeds, and backward in reverse with `+=` over fan-out. A Program is reusable: training
// runs it again and again on the same buffers, changing only the Param values.
import { getOp } from "./ops";
import { BOOK_RUN, type Kernel, type OpSpec, type Params, type Planned, type RunSettings } from "./ops/types";
import { topoSort, type GraphDoc } from "./graph";
import { checkSize, clone, copyInto, fillWith, formatIndex, sizeOf, zeros, type Shape, type Tensor } from "./tensor";
import { checkValue, materialize, shapeOfValue, type TensorValue } from "./values";

export interface CompileOptions {
  /** Compute only the gradients that lead to a Param (training needs no dL/dx of data). */
  onlyParamGrads?: boolean;
  /** Differentiate this node's output instead of the file's seeds (null: the seeds, even if the file names a target). */
  target?: string | null;
  /** Losses without the notebooks' 1e-7 guard (see RunSettings): the gradient check's runs. */
  exactLoss?: boolean;
}

export type NodeStatus = "ok" | "error" | "blocked";

/** FORMAT.md section 1: a whole run holds at most this many numbers (512 MiB of float64). */
export const MAX_RUN_NUMBERS = 67_108_864;

/** A graph too large to run: refused before its tensors are made. */
export class BudgetError extends Error {
  override name = "BudgetError";
}

interface CEdge {
  readonly id: string;
  readonly source: CNode;
  readonly target: CNode;
  readonly port: number;
  /** this edge's share of the source's gradient (valid when the target ran backward); null when no gradient flows here */
  share: Tensor | null;
}

interface CNode {
  readonly id: string;
  readonly op: OpSpec;
  readonly data: Record<string, unknown>;
  params: Params;
  readonly ins: (CEdge | null)[];
  /** sorted by edge id, so that sums over fan-out do not depend on file order */
  readonly outs: CEdge[];
  /** an error found while planning (missing input, shapes); null when planned */
  planError: string | null;
  shape: Shape | null;
  /** what plan gave: the scratch itself, or how to make it and its size */
  planned: Planned | null;
  scratch: unknown;
  kernel: Kernel | null;
  seeded: boolean;
  /** an Output that seeds backward (not when a target is differentiated instead) */
  readonly seedsInput: boolean;
  /** the op's functions, read from one kind of object on every run (the ops are objects of several shapes) */
  readonly fwd: OpSpec["forward"];
  readonly bwd: OpSpec["backward"];
  status: NodeStatus;
  error: string | null;
  hasGrad: boolean;
  /** backward ran at this node in the current pass, so its input edges' shares hold this run's numbers */
  ranBackward: boolean;
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

/** What is wrong with a node's tensor parameters ("Input: value: ..."), checked before any is made. */
function badTensorParam(op: OpSpec, data: Record<string, unknown>): string | null {
  for (const s of op.params) {
    const v = data[s.name];
    if (s.kind !== "tensor" || v === undefined || v === null) continue;
    const msg = checkValue(v, s.name);
    if (msg) return `${op.type}: ${msg}`;
  }
  return null;
}

/**
 * Parameters with defaults filled in and tensor values made. With `shapesOnly`, tensors are
 * stand-ins with their shape and no numbers: enough to plan, nothing allocated.
 */
export function resolveParams(op: OpSpec, data: Record<string, unknown>, shapesOnly = false): Params {
  const p: Params = {};
  const make = (v: TensorValue): Tensor => (shapesOnly ? { shape: shapeOfValue(v), data: NO_NUMBERS } : materializeCached(v));
  for (const s of op.params) {
    const v = data[s.name];
    if (s.kind === "tensor") p[s.name] = v === undefined || v === null ? (s.optional ? undefined : make(s.default as TensorValue)) : make(v as TensorValue);
    else p[s.name] = v === undefined ? s.default : v;
  }
  return p;
}

const NO_NUMBERS = new Float64Array(0);

/** "671,088,640 numbers (5.0 GiB)" */
export function describeNumbers(n: number): string {
  const bytes = n * 8;
  const size = bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${n.toLocaleString("en-US")} numbers (${size})`;
}

export class Program {
  /** every node in topological order (including ones that err) */
  private readonly nodes: CNode[];
  private readonly nodeMap: Map<string, CNode>;
  private readonly edgeMap: Map<string, CEdge>;
  /** the seeded nodes and the seeding Outputs, by id: the loss adds them up in an order that does not depend on the file's */
  private readonly seededByID: CNode[];
  private readonly sinks: CNode[];
  /** the node differentiated instead of the loss (FORMAT.md, seeds), or null */
  readonly target: string | null;
  /** how many numbers the run's tensors hold */
  readonly numbers: number;
  loss: number | null = null;

  constructor(doc: GraphDoc, opts: CompileOptions = {}) {
    const sorted = topoSort(doc.nodes, doc.edges);
    if ("cycle" in sorted) throw new Error(`the graph has a cycle: ${sorted.cycle.join(" → ")}`);
    const target = opts.target !== undefined ? opts.target : (doc.target ?? null);
    const docNode = new Map(doc.nodes.map((n) => [n.id, n]));
    if (target !== null && !docNode.has(target)) throw new Error(`target: no node "${target}"`);
    this.target = target;
    this.nodeMap = new Map();
    this.nodes = sorted.order.map((id) => {
      const n = docNode.get(id)!;
      const op = getOp(n.type);
      if (!op) throw new Error(`unknown op "${n.type}"`);
      // a document that did not come through the file reader (the editor's) may hold a value too large to make
      const badValue = badTensorParam(op, n.data);
      const node: CNode = {
        id, op, data: n.data, params: badValue ? {} : resolveParams(op, n.data, true), ins: op.inputs.map(() => null), outs: [],
        planError: badValue, shape: null, planned: null, scratch: undefined, kernel: null, seeded: false, seedsInput: op.role === "sink" && target === null,
        fwd: op.forward, bwd: op.backward, status: "ok", error: null, hasGrad: false, ranBackward: false,
      };
      this.nodeMap.set(id, node);
      return node;
    });
    this.edgeMap = new Map();
    for (const e of doc.edges) {
      const source = this.nodeMap.get(e.source)!, target = this.nodeMap.get(e.target)!;
      const port = target.op.inputs.findIndex((p) => p.name === e.targetHandle);
      const edge: CEdge = { id: e.id, source, target, port, share: null };
      target.ins[port] = edge;
      source.outs.push(edge);
      this.edgeMap.set(e.id, edge);
    }
    for (const n of this.nodes) n.outs.sort(byId);

    // Where backward starts (FORMAT.md, "seeds")
    let seeded: CNode[];
    if (target !== null) {
      seeded = [this.nodeMap.get(target)!];
      this.sinks = [];
    } else {
      this.sinks = this.nodes.filter((n) => n.seedsInput).sort(byId);
      const losses = this.nodes.filter((n) => n.op.role === "loss" && n.outs.length === 0);
      seeded = this.sinks.length || losses.length ? losses : this.nodes.filter((n) => n.op.role !== "sink" && n.outs.length === 0);
    }
    for (const n of seeded) n.seeded = true;
    this.seededByID = [...seeded].sort(byId);

    const needsGrad = this.planShapes(opts);
    this.numbers = this.count(needsGrad);
    if (this.numbers > MAX_RUN_NUMBERS)
      throw new BudgetError(`the graph needs ${describeNumbers(this.numbers)} in its tensors; the limit is ${MAX_RUN_NUMBERS.toLocaleString("en-US")}`);
    this.allocate(opts, needsGrad);
  }

  /** Shapes and errors of every node, from stand-in parameters; returns the nodes whose gradient is needed. */
  private planShapes(opts: CompileOptions): Set<CNode> {
    const needsGrad = new Set<CNode>();
    for (const n of this.nodes) {
      if (n.planError) continue;
      const missing = n.op.inputs.filter((_, i) => !n.ins[i]).map((p) => p.name);
      if (missing.length) {
        n.planError = `missing input${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`;
        continue;
      }
      const inShapes = n.ins.map((e) => e!.source.shape);
      if (inShapes.some((s) => s === null)) continue; // downstream of an error: blocked
      let planned = n.op.plan(inShapes as Shape[], n.params);
      if (typeof planned !== "string") planned = checkSize(planned.shape) ?? planned;
      if (typeof planned === "string") {
        n.planError = `${n.op.type}: ${planned}`;
        continue;
      }
      n.shape = planned.shape;
      n.planned = planned;
      if (!opts.onlyParamGrads || n.op.trainable || n.ins.some((e) => needsGrad.has(e!.source))) needsGrad.add(n);
    }
    return needsGrad;
  }

  /** The gradient buffer of an edge: none, the source's own gradient (its only edge, unseeded), or one of its own. */
  private shareKind(n: CNode, i: number, needsGrad: Set<CNode>): "none" | "source" | "own" {
    const e = n.ins[i]!;
    // a sink's seed is written into its share even when no gradient is needed there: the loss reads it
    if (n.op.inputs[i].noGrad || (!needsGrad.has(e.source) && n.op.role !== "sink")) return "none";
    return e.source.outs.length === 1 && !e.source.seeded ? "source" : "own";
  }

  /** Numbers of every value, output, gradient, share and scratch the run will hold. */
  private count(needsGrad: Set<CNode>): number {
    let total = 0;
    for (const n of this.nodes) {
      for (const s of n.op.params) {
        const t = n.params[s.name] as Tensor | undefined;
        if (s.kind === "tensor" && t) total += sizeOf(t.shape);
      }
      if (!n.shape) continue;
      if (n.planned && "scratchSize" in n.planned) total += n.planned.scratchSize;
      // a source's output is its value itself (see allocate)
      total += (n.op.role === "source" ? 1 : 2) * sizeOf(n.shape);
      for (let i = 0; i < n.ins.length; i++) if (this.shareKind(n, i, needsGrad) === "own") total += sizeOf(n.ins[i]!.source.shape!);
    }
    return total;
  }

  private allocate(opts: CompileOptions, needsGrad: Set<CNode>): void {
    const run: RunSettings = opts.exactLoss ? { exactLoss: true } : BOOK_RUN;
    for (const n of this.nodes) {
      if (!n.shape) continue;
      n.params = resolveParams(n.op, n.data);
      const planned = n.planned!;
      n.scratch = "makeScratch" in planned ? planned.makeScratch() : planned.scratch;
      const value = n.op.role === "source" ? (n.params.value as Tensor) : null;
      n.kernel = {
        ins: n.ins.map((e) => e!.source.kernel!.out),
        // a source's output is its value: no copy to make on every run, and an optimizer's update is seen at once
        out: value ?? zeros(n.shape),
        g: zeros(n.shape),
        gIns: n.ins.map((e, i) => {
          const kind = this.shareKind(n, i, needsGrad);
          if (kind === "none") return null;
          // the only edge leaving an unseeded node shares its buffer with the node's gradient: one copy less
          return (e!.share = kind === "source" ? e!.source.kernel!.g : zeros(e!.source.shape!));
        }),
        params: n.params,
        scratch: n.scratch,
        run,
      };
    }
  }

  /** Forward, then backward; afterwards every accessor below reads this run. */
  run(): this {
    this.forward();
    this.backward();
    return this;
  }

  // The loops below run on every edit and every training step: plain indexed loops, and
  // small copies done by hand (copyInto, fillWith).

  forward(): void {
    const nodes = this.nodes;
    // while every node so far is ok, every input is (inputs come earlier): no need to look
    let allOk = true;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      n.hasGrad = false;
      n.ranBackward = false;
      if (allOk && n.kernel !== null) {
        const msg = n.fwd(n.kernel);
        if (msg) {
          n.status = "error";
          n.error = `${n.op.type}: ${msg}`;
          allOk = false;
        } else {
          n.status = "ok";
          n.error = null;
        }
        continue;
      }
      n.error = n.planError;
      if (n.planError !== null) {
        n.status = "error";
        allOk = false;
        continue;
      }
      const k = n.kernel, ins = n.ins;
      let ready = k !== null;
      for (let j = 0; ready && j < ins.length; j++) if (ins[j]!.source.status !== "ok") ready = false;
      if (!ready) {
        n.status = "blocked";
        allOk = false;
        continue;
      }
      const msg = n.fwd(k!);
      if (msg) {
        n.status = "error";
        n.error = `${n.op.type}: ${msg}`;
        allOk = false;
      } else n.status = "ok";
    }
    this.loss = this.computeLoss();
  }

  backward(): void {
    const nodes = this.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i];
      if (n.status !== "ok") continue;
      const k = n.kernel!;
      const g = k.g.data, len = g.length;
      let any = false;
      if (n.seeded) {
        fillWith(g, 1);
        any = true;
      }
      const outs = n.outs;
      for (let o = 0; o < outs.length; o++) {
        const e = outs[o];
        if (e.share === null || !e.target.ranBackward) continue;
        const s = e.share.data;
        if (any) for (let j = 0; j < len; j++) g[j] += s[j];
        else if (s !== g) copyInto(g, s);
        any = true;
      }
      n.hasGrad = any;
      if (!any && !n.seedsInput) continue;
      n.bwd(k);
      n.ranBackward = true;
    }
  }

  /**
   * Σ over seeded outputs of sum(seed ⊙ value), in a fixed order. An Output's seed is what its
   * backward writes into its input's share, so that is run here too (it reads no gradient).
   */
  private computeLoss(): number | null {
    let loss = 0;
    let ran = false;
    const seeded = this.seededByID;
    for (let i = 0; i < seeded.length; i++) {
      const n = seeded[i];
      if (n.status !== "ok") continue;
      ran = true;
      const v = n.kernel!.out.data;
      for (let j = 0; j < v.length; j++) loss += v[j];
    }
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) {
      const n = sinks[i];
      const e = n.ins[0];
      if (n.status !== "ok" || !e?.share) continue;
      n.bwd(n.kernel!);
      ran = true;
      const x = n.kernel!.ins[0].data, s = e.share.data;
      for (let j = 0; j < x.length; j++) loss += s[j] * x[j];
    }
    return ran ? loss : null;
  }

  /**
   * The terms the loss adds up, in its order: every element of each seeded output, then seed ·
   * value for each element an Output seeds. The gradient check differences them one by one, so
   * that a large term cannot swallow the small change of another in the rounding of their sum.
   * Terms of nodes that did not run are NaN.
   */
  lossTerms(into?: Float64Array): Float64Array {
    let n = 0;
    for (const s of this.seededByID) n += s.shape ? sizeOf(s.shape) : 0;
    for (const s of this.sinks) n += s.shape ? sizeOf(s.shape) : 0;
    const t = into && into.length === n ? into : new Float64Array(n);
    let k = 0;
    for (const s of this.seededByID) {
      if (!s.shape) continue;
      const v = s.kernel!.out.data, ok = s.status === "ok";
      for (let j = 0; j < v.length; j++) t[k++] = ok ? v[j] : NaN;
    }
    for (const s of this.sinks) {
      if (!s.shape) continue;
      const e = s.ins[0], ok = s.status === "ok" && !!e?.share;
      const x = s.kernel!.ins[0].data, sh = e?.share?.data;
      for (let j = 0; j < x.length; j++) t[k++] = ok ? sh![j] * x[j] : NaN;
    }
    return t;
  }

  /**
   * Why a node's output holds a NaN or ±∞, in a learner's words, or null when it holds none: the
   * op's own reason (ln of a negative number, division by zero), an input that already held one,
   * or an overflow.
   */
  nonFiniteReason(id: string): string | null {
    const n = this.node(id);
    if (n.status !== "ok" || !n.kernel || n.op.role === "sink") return null;
    const o = n.kernel.out.data;
    let i = 0;
    while (i < o.length && Number.isFinite(o[i])) i++;
    if (i === o.length) return null;
    const what = Number.isNaN(o[i]) ? "NaN" : o[i] > 0 ? "∞" : "−∞";
    const at = `out${formatIndex(n.shape!, i)} is ${what}`;
    const fromInput = n.ins.findIndex((e) => e && e.source.kernel!.out.data.some((v) => !Number.isFinite(v)));
    if (fromInput >= 0) return `${at}: its input ${n.op.inputs[fromInput].name} already holds NaN or ∞`;
    const own = n.op.whyNonFinite?.(n.kernel, i);
    return `${at}: ${own ?? "the result is too large for float64 (beyond ±1.8e308)"}`;
  }

  // ---- reading a run -------------------------------------------------------------------

  /** node ids in topological order, errors included */
  get allIds(): string[] {
    return this.nodes.map((n) => n.id);
  }
  /** the forward order of the nodes that ran */
  get order(): string[] {
    return this.nodes.filter((n) => this.statusOf(n) === "ok").map((n) => n.id);
  }
  get edgeIds(): string[] {
    return [...this.edgeMap.keys()];
  }
  hasNode(id: string): boolean {
    return this.nodeMap.has(id);
  }
  status(id: string): NodeStatus {
    return this.statusOf(this.node(id));
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
    return this.statusOf(n) === "ok" ? n.kernel!.out : null;
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
    return e.target.ranBackward ? e.share : null;
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
  private statusOf(n: CNode): NodeStatus {
    return n.status;
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
