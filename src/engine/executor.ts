// Runs a graph: plans every node once (shapes, errors, buffers), then forward in topological
// order, seeds, and backward in reverse with `+=` over fan-out. A Program is reusable: training
// runs it again and again on the same buffers, changing only the Param values.
//
// Every number of a run (values, outputs, gradients, shares, scratch) lives in one arena, laid out
// in topological order, so that a pass walks memory front to back (or back to front) however large
// the graph. Values, outputs and scratch come first, gradients and shares after them: forward walks
// only the first part, and the inputs a node reads lie closer together, so that more of them are
// still in the cache when a graph is larger than it. A graph with products large enough for the
// WebAssembly kernel gets its arena in WebAssembly memory, where the kernel reads and writes the
// tensors without copying them. The run loops read flat tables (statuses, offsets, edges by index)
// rather than one object per node.
import { getOp } from "./ops";
import { BOOK_RUN, type Alloc, type ByOffsets, type Elementwise, type Kernel, type OpSpec, type Params, type Planned, type RunSettings } from "./ops/types";
import { topoOrder, type GraphDoc } from "./graph";
import { wasmArena } from "./linalg";
import { checkSize, clone, formatIndex, sameShape, sizeOf, type Shape, type Tensor } from "./tensor";
import { checkValue, isGenerator, materialize, materializeInto, shapeOfValue, type TensorValue } from "./values";

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

/** an edge's share: no gradient flows; the source's own gradient buffer; a piece of its own */
const NONE = 0, SOURCE = 1, OWN = 2;

interface CNode {
  /** position in topological order: the index into the run's tables */
  readonly index: number;
  readonly id: string;
  readonly op: OpSpec;
  readonly data: Record<string, unknown>;
  params: Params;
  /** an error found while planning (missing input, shapes); null when planned */
  planError: string | null;
  shape: Shape | null;
  /** what plan gave: the scratch itself, or how to make it and its size */
  planned: Planned | null;
  scratch: unknown;
  /** the op's Kernel; null for a node the run loops drive by offsets (see kernelOf) */
  kernel: Kernel | null;
  /** the output and its gradient as tensors: a Kernel's, or made when first asked for */
  outView: Tensor | null;
  gradView: Tensor | null;
  seeded: boolean;
  /** an Output that seeds backward (not when a target is differentiated instead) */
  readonly seedsInput: boolean;
}

const OK = 0, ERROR = 1, BLOCKED = 2;
const STATUS: readonly NodeStatus[] = ["ok", "error", "blocked"];

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Sorts edges (numbers into `ids`) by id, list[from] … list[to − 1], in place: an insertion sort,
 * which beats Array.prototype.sort's setup on the handful a node has.
 */
function sortById(list: Int32Array, from: number, to: number, ids: readonly string[]): void {
  if (to - from > 16) {
    const sorted = Array.from(list.subarray(from, to)).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    list.set(sorted, from);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const e = list[i], id = ids[e];
    let j = i - 1;
    while (j >= from && ids[list[j]] > id) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = e;
  }
}

/** Small LRU of generated values: generators (randn of a large shape) are the costly part of re-planning on every edit. */
const valueCache = new Map<string, Tensor>();
function generated(v: TensorValue): Tensor {
  const key = JSON.stringify(v);
  let t = valueCache.get(key);
  if (t) valueCache.delete(key);
  else t = materialize(v);
  valueCache.set(key, t);
  if (valueCache.size > 64) valueCache.delete(valueCache.keys().next().value!);
  return t;
}

/** A value's numbers into dst: generated ones from the cache, written ones directly (no key is built from them). */
function valueInto(v: TensorValue, dst: Float64Array): void {
  if (isGenerator(v) && (v.init === "randn" || v.init === "rand")) dst.set(generated(v).data);
  else materializeInto(v, dst);
}

/** A value as a tensor of its own. */
function materializeCached(v: TensorValue): Tensor {
  if (isGenerator(v) && (v.init === "randn" || v.init === "rand")) return clone(generated(v));
  return materialize(v);
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
  if (op.params.length === 0) return NO_PARAMS;
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
/** the parameters of an op that has none: one object for all of them */
const NO_PARAMS: Params = Object.freeze({});

/** "671,088,640 numbers (5.0 GiB)" */
export function describeNumbers(n: number): string {
  const bytes = n * 8;
  const size = bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${n.toLocaleString("en-US")} numbers (${size})`;
}

/** Scratch for one node at a time, from its room in the arena (what its plan counted, and no more). */
class ArenaAlloc implements Alloc {
  private type = "";
  private at = 0;
  private end = 0;
  constructor(private readonly arena: Float64Array) {}
  start(type: string, at: number, size: number): void {
    this.type = type;
    this.at = at;
    this.end = at + size;
  }
  private take(n: number): number {
    if (this.at + n > this.end) throw new Error(`${this.type}: its scratch takes more than the numbers its plan counted`);
    const at = this.at;
    this.at += n;
    return at;
  }
  // arrow functions, so that an op may hand them on alone (matmulScratch(…, alloc.f64))
  readonly f64 = (n: number): Float64Array => {
    const at = this.take(n);
    return new Float64Array(this.arena.buffer, this.arena.byteOffset + 8 * at, n);
  };
  readonly i32 = (n: number): Int32Array => new Int32Array(this.arena.buffer, this.arena.byteOffset + 8 * this.take((n + 1) >> 1), n);
}

/** Tensors of at least this many numbers start on a 64-byte boundary of the arena (cache lines; the kernel's loads). */
const ALIGN_FROM = 64;

export class Program {
  /** every node in topological order (including ones that err) */
  private readonly nodes: CNode[];
  /** document position by node id, and the nodes by document position */
  private readonly index: Map<string, number>;
  private readonly byPosition: CNode[];
  /**
   * Every edge, by its number (its position in the document): its id, source and target (topological
   * indexes), where its share of the source's gradient is in the arena (valid when the target ran
   * backward; −1 when no gradient flows there) and what buffer that is (NONE until its target is
   * planned). Tables rather than one object an edge: a graph of thousands compiles on every edit.
   */
  private readonly edgeId: string[];
  private readonly edgeSource: Int32Array;
  private readonly edgeTarget: Int32Array;
  private readonly edgeShareAt: Int32Array;
  private readonly edgeKind: Uint8Array;
  /** edge numbers by id, and the shares as tensors (both made when first asked: a run needs neither) */
  private edgeMap: Map<string, number> | null = null;
  private shares: Map<number, Tensor> | null = null;
  /** the seeded nodes and the seeding Outputs, by id: the loss adds them up in an order that does not depend on the file's */
  private readonly seededByID: CNode[];
  /** their topological indexes, in that order: what the loss reads on every run (a large graph has thousands) */
  private readonly seededAt: Int32Array;
  private readonly sinks: CNode[];
  /** the node differentiated instead of the loss (FORMAT.md, seeds), or null */
  readonly target: string | null;
  /** how many numbers the run's tensors hold */
  readonly numbers: number;
  loss: number | null = null;

  // ---- what the run loops read, by topological index -----------------------------------------
  /** every number of the run */
  private arena: Float64Array = new Float64Array(0);
  private kernels: (Kernel | null)[] = [];
  private fwds: OpSpec["forward"][] = [];
  private bwds: OpSpec["backward"][] = [];
  /** an elementwise node's loops (the run calls them on the arena by offsets), else null */
  private flats: (Elementwise | null)[] = [];
  /** another node's loops by offsets (a small product), else null, and the three sizes its plan gave them (N, D, H: `dims`, three a node) */
  private byOffsets: (ByOffsets | null)[] = [];
  private dims = new Int32Array(0);
  /** OK, ERROR or BLOCKED after forward, and what is wrong at a node that errs */
  private statuses = new Uint8Array(0);
  private errors: (string | null)[] = [];
  /** a gradient reached the node in the last backward */
  private hasGrad = new Uint8Array(0);
  /** backward ran at the node in the last pass, so its input edges' shares hold this run's numbers */
  private ranBackward = new Uint8Array(0);
  /** 1: seeded; 2: an Output that seeds its input */
  private seeds = new Uint8Array(0);
  /** where a node's output and its gradient start in the arena, and how many numbers they hold */
  private outAt = new Int32Array(0);
  private gradAt = new Int32Array(0);
  private size = new Int32Array(0);
  /** the edges leaving node i are outStart[i] … outStart[i + 1] − 1, sorted by id: each one's number, share (arena offset, −1: none) and target */
  private outStart = new Int32Array(0);
  private outEdge = new Int32Array(0);
  private outShare = new Int32Array(0);
  private outTarget = new Int32Array(0);
  /** node i's inputs are inStart[i] … inStart[i + 1] − 1, one a port: each one's edge (−1: none), source, where its value is, and where its share of the gradient goes (−1: nowhere) */
  private inStart = new Int32Array(0);
  private inEdge = new Int32Array(0);
  private inSource = new Int32Array(0);
  private inAt = new Int32Array(0);
  private inShareAt = new Int32Array(0);

  constructor(doc: GraphDoc, opts: CompileOptions = {}) {
    const index = new Map<string, number>();
    for (let i = 0; i < doc.nodes.length; i++) index.set(doc.nodes[i].id, i);
    const sorted = topoOrder(doc.nodes, doc.edges, index);
    if ("cycle" in sorted) throw new Error(`the graph has a cycle: ${sorted.cycle.join(" → ")}`);
    const target = opts.target !== undefined ? opts.target : (doc.target ?? null);
    if (target !== null && !index.has(target)) throw new Error(`target: no node "${target}"`);
    this.target = target;
    this.index = index;
    const order = sorted.order, count = order.length, edges = doc.edges;
    this.nodes = new Array<CNode>(count);
    this.byPosition = new Array<CNode>(count);
    const inStart = (this.inStart = new Int32Array(count + 1));
    for (let i = 0; i < count; i++) {
      const n = doc.nodes[order[i]];
      const op = getOp(n.type);
      if (!op) throw new Error(`unknown op "${n.type}"`);
      // a document that did not come through the file reader (the editor's) may hold a value too large to make
      const badValue = op.params.length ? badTensorParam(op, n.data) : null;
      const node: CNode = {
        index: i, id: n.id, op, data: n.data, params: badValue ? NO_PARAMS : resolveParams(op, n.data, true),
        planError: badValue, shape: null, planned: null, scratch: undefined, kernel: null, outView: null, gradView: null, seeded: false, seedsInput: op.role === "sink" && target === null,
      };
      this.nodes[i] = node;
      this.byPosition[order[i]] = node;
      inStart[i + 1] = inStart[i] + op.inputs.length;
    }
    // the edges, into the tables: each one's port, and the edges out of each node (counted first)
    const E = edges.length;
    this.edgeId = new Array<string>(E);
    const source = (this.edgeSource = new Int32Array(E)), dest = (this.edgeTarget = new Int32Array(E));
    this.edgeShareAt = new Int32Array(E).fill(-1);
    this.edgeKind = new Uint8Array(E);
    const inEdge = (this.inEdge = new Int32Array(inStart[count]).fill(-1));
    const outStart = (this.outStart = new Int32Array(count + 1));
    for (let k = 0; k < E; k++) {
      const from = this.byPosition[sorted.from[k]], to = this.byPosition[sorted.to[k]];
      this.edgeId[k] = edges[k].id;
      source[k] = from.index;
      dest[k] = to.index;
      outStart[from.index + 1]++;
      const inputs = to.op.inputs, handle = edges[k].targetHandle;
      let port = 0;
      while (port < inputs.length && inputs[port].name !== handle) port++;
      // a later edge into the same port takes it (the file reader refuses both that and a port the op lacks)
      if (port < inputs.length) inEdge[inStart[to.index] + port] = k;
    }
    for (let i = 0; i < count; i++) outStart[i + 1] += outStart[i];
    const outEdge = (this.outEdge = new Int32Array(outStart[count]));
    const fill = outStart.slice(1);
    for (let k = 0; k < E; k++) outEdge[--fill[source[k]]] = k;
    for (let i = 0; i < count; i++) if (outStart[i + 1] - outStart[i] > 1) sortById(outEdge, outStart[i], outStart[i + 1], this.edgeId);

    // Where backward starts (FORMAT.md, "seeds")
    let seeded: CNode[];
    if (target !== null) {
      seeded = [this.byPosition[index.get(target)!]];
      this.sinks = [];
    } else {
      this.sinks = this.nodes.filter((n) => n.seedsInput).sort(byId);
      const feedsNothing = (n: CNode) => outStart[n.index + 1] === outStart[n.index];
      const losses = this.nodes.filter((n) => n.op.role === "loss" && feedsNothing(n));
      seeded = this.sinks.length || losses.length ? losses : this.nodes.filter((n) => n.op.role !== "sink" && feedsNothing(n));
    }
    for (const n of seeded) n.seeded = true;
    this.seededByID = [...seeded].sort(byId);
    this.seededAt = new Int32Array(this.seededByID.length);
    for (let i = 0; i < this.seededByID.length; i++) this.seededAt[i] = this.seededByID[i].index;

    const needsGrad = this.planShapes(opts);
    const { numbers, pieces, wasm, values } = this.count(needsGrad);
    this.numbers = numbers;
    if (this.numbers > MAX_RUN_NUMBERS)
      throw new BudgetError(`the graph needs ${describeNumbers(this.numbers)} in its tensors; the limit is ${MAX_RUN_NUMBERS.toLocaleString("en-US")}`);
    this.allocate(opts, numbers + 8 * pieces, wasm, values);
  }

  /** Shapes and errors of every node, from stand-in parameters; returns which nodes' gradients are needed (1), by index. */
  private planShapes(opts: CompileOptions): Uint8Array {
    const needsGrad = new Uint8Array(this.nodes.length);
    for (const n of this.nodes) {
      if (n.planError) continue;
      const s = this.inStart[n.index], ports = this.inStart[n.index + 1] - s;
      const inShapes = new Array<Shape>(ports);
      let missing = false, blocked = false, anyGrad = false;
      for (let k = 0; k < ports; k++) {
        const e = this.inEdge[s + k];
        if (e < 0) {
          missing = true;
          continue;
        }
        const from = this.nodes[this.edgeSource[e]];
        if (!from.shape) blocked = true;
        else {
          inShapes[k] = from.shape;
          if (needsGrad[from.index]) anyGrad = true;
        }
      }
      if (missing) {
        const names = n.op.inputs.filter((_, k) => this.inEdge[s + k] < 0).map((p) => p.name);
        n.planError = `missing input${names.length > 1 ? "s" : ""} ${names.join(", ")}`;
        continue;
      }
      if (blocked) continue; // downstream of an error
      let planned = n.op.plan(inShapes, n.params);
      if (typeof planned !== "string") planned = checkSize(planned.shape) ?? planned;
      if (typeof planned === "string") {
        n.planError = `${n.op.type}: ${planned}`;
        continue;
      }
      n.shape = planned.shape;
      n.planned = planned;
      if (!opts.onlyParamGrads || n.op.trainable || anyGrad) needsGrad[n.index] = 1;
    }
    return needsGrad;
  }

  /** The gradient buffer of an edge: none, the source's own gradient (its only edge, unseeded), or one of its own. */
  private shareKind(n: CNode, port: number, needsGrad: Uint8Array): number {
    const from = this.edgeSource[this.inEdge[this.inStart[n.index] + port]];
    // a sink's seed is written into its share even when no gradient is needed there: the loss reads it
    if (n.op.inputs[port].noGrad || (!needsGrad[from] && n.op.role !== "sink")) return NONE;
    return this.outStart[from + 1] - this.outStart[from] === 1 && !this.nodes[from].seeded ? SOURCE : OWN;
  }

  /**
   * Numbers of every value, output, gradient, share and scratch the run will hold; how many pieces
   * they come in (each may be padded to a cache line); whether any op wants WebAssembly memory; where
   * the gradients' part of the arena starts (after the values' part, padding included).
   */
  private count(needsGrad: Uint8Array): { numbers: number; pieces: number; wasm: boolean; values: number } {
    let total = 0, pieces = 0, wasm = false, values = 0, valuePieces = 0;
    // every node's size, kept for allocate and the run
    const sizes = (this.size = new Int32Array(this.nodes.length));
    /** a piece of `size` numbers: a large one may be moved up to 7 on, to start a cache line */
    const piece = (size: number) => {
      total += size;
      if (size >= ALIGN_FROM) pieces++;
    };
    /** a piece of the values' part of the arena (values, outputs, scratch): counted in both */
    const value = (size: number) => {
      piece(size);
      values += size;
      if (size >= ALIGN_FROM) valuePieces++;
    };
    for (const n of this.nodes) {
      const specs = n.op.params;
      for (let i = 0; i < specs.length; i++) {
        const t = specs[i].kind === "tensor" ? (n.params[specs[i].name] as Tensor | undefined) : undefined;
        if (t) value(sizeOf(t.shape));
      }
      if (!n.shape) continue;
      const planned = n.planned!;
      if ("scratchSize" in planned) {
        value(planned.scratchSize);
        if (planned.wasm) wasm = true;
      }
      // a source's output is its value itself (see allocate)
      const size = sizeOf(n.shape);
      sizes[n.index] = size;
      if (n.op.role !== "source") value(size);
      piece(size);
      for (let k = 0, s = this.inStart[n.index]; s + k < this.inStart[n.index + 1]; k++) {
        const e = this.inEdge[s + k];
        const kind = (this.edgeKind[e] = this.shareKind(n, k, needsGrad));
        if (kind === OWN) piece(sizes[this.edgeSource[e]]);
      }
    }
    return { numbers: total, pieces, wasm, values: values + 8 * valuePieces };
  }


  private allocate(opts: CompileOptions, room: number, wasm: boolean, values: number): void {
    this.run_ = opts.exactLoss ? { exactLoss: true } : BOOK_RUN;
    const arena = (wasm && wasmArena(room)) || new Float64Array(room);
    this.arena = arena;
    let top = 0, gradTop = values;
    /** the next `size` numbers of the arena's values (a large piece starts on a cache line) */
    const take = (size: number): number => {
      if (size >= ALIGN_FROM) top = (top + 7) & ~7;
      const at = top;
      top += size;
      return at;
    };
    /** the next `size` numbers of its gradients */
    const takeGrad = (size: number): number => {
      if (size >= ALIGN_FROM) gradTop = (gradTop + 7) & ~7;
      const at = gradTop;
      gradTop += size;
      return at;
    };
    const scratch = new ArenaAlloc(arena);

    const count = this.nodes.length;
    this.kernels = new Array<Kernel | null>(count).fill(null);
    this.fwds = new Array(count);
    this.bwds = new Array(count);
    this.flats = new Array<Elementwise | null>(count).fill(null);
    this.byOffsets = new Array<ByOffsets | null>(count).fill(null);
    this.dims = new Int32Array(3 * count);
    this.statuses = new Uint8Array(count);
    this.errors = new Array<string | null>(count).fill(null);
    this.hasGrad = new Uint8Array(count);
    this.ranBackward = new Uint8Array(count);
    this.seeds = new Uint8Array(count);
    this.outAt = new Int32Array(count);
    this.gradAt = new Int32Array(count);
    const outs = this.outStart[count], ins = this.inStart[count];
    const source = this.edgeSource, shareAt = this.edgeShareAt, kind = this.edgeKind, inEdge = this.inEdge;
    this.outShare = new Int32Array(outs).fill(-1);
    this.outTarget = new Int32Array(outs);
    this.inSource = new Int32Array(ins);
    this.inAt = new Int32Array(ins).fill(-1);
    this.inShareAt = new Int32Array(ins).fill(-1);

    for (const n of this.nodes) {
      const i = n.index;
      this.fwds[i] = n.op.forward;
      this.bwds[i] = n.op.backward;
      this.seeds[i] = (n.seeded ? 1 : 0) | (n.seedsInput ? 2 : 0);
      if (!n.shape) continue;
      // tensor parameters (a source's value, an Output's grad) are written straight into the arena
      const specs = n.op.params;
      for (let k = 0; k < specs.length; k++) {
        const spec = specs[k];
        const t = spec.kind === "tensor" ? (n.params[spec.name] as Tensor | undefined) : undefined;
        if (!t) continue;
        const at = take(sizeOf(t.shape));
        const made: Tensor = { shape: t.shape, data: new Float64Array(arena.buffer, arena.byteOffset + 8 * at, sizeOf(t.shape)) };
        const v = n.data[spec.name];
        valueInto((v === undefined || v === null ? spec.default : v) as TensorValue, made.data);
        n.params[spec.name] = made;
      }
      const planned = n.planned!;
      if ("makeScratch" in planned) {
        if (planned.scratchSize >= ALIGN_FROM) top = (top + 7) & ~7;
        scratch.start(n.op.type, top, planned.scratchSize);
        top += planned.scratchSize;
        n.scratch = planned.makeScratch(scratch);
      } else n.scratch = planned.scratch;
      const shape = n.shape, size = this.size[i];
      // a source's output is its value: no copy to make on every run, and an optimizer's update is seen at once
      if (n.op.role === "source") {
        n.outView = n.params.value as Tensor;
        this.outAt[i] = n.outView.data.byteOffset / 8 - arena.byteOffset / 8;
      } else this.outAt[i] = take(size);
      // a gradient that is the share of the node's only edge out is placed with the shares of that edge's target (below)
      const o = this.outStart[i];
      if (!(this.outStart[i + 1] - o === 1 && kind[this.outEdge[o]] === SOURCE)) this.gradAt[i] = takeGrad(size);
      let flat = !!n.op.elementwise;
      for (let j = this.inStart[i]; j < this.inStart[i + 1]; j++) {
        const e = inEdge[j], from = source[e];
        // The shares this node's backward writes, right after its gradient, which it has just read: an
        // input far back in the graph is then reached once, when its gradient sums its shares, not also
        // when one is written. The only edge leaving an unseeded node shares its buffer with the node's
        // gradient: one copy less.
        if (kind[e] === SOURCE) shareAt[e] = this.gradAt[from] = takeGrad(this.size[from]);
        else if (kind[e] === OWN) shareAt[e] = takeGrad(this.size[from]);
        const fromShape = this.nodes[from].shape!;
        if (fromShape !== shape && !sameShape(fromShape, shape)) flat = false;
      }
      if (flat) this.flats[i] = n.op.elementwise!;
      else if (planned.byOffsets) {
        this.byOffsets[i] = planned.byOffsets;
        this.dims.set(planned.sizes!, 3 * i);
      }
    }
    // the Kernels once every buffer has its place (a gradient's is given with its edge's target)
    for (const n of this.nodes) if (n.shape && !this.flats[n.index] && !this.byOffsets[n.index]) this.kernels[n.index] = this.kernelOf(n);
    // the run's edge tables, by the edges out (sorted by id) and in (by port) of each node
    for (let o = 0; o < outs; o++) {
      const e = this.outEdge[o];
      this.outShare[o] = shareAt[e];
      this.outTarget[o] = this.edgeTarget[e];
    }
    for (let j = 0; j < ins; j++) {
      const e = inEdge[j];
      if (e < 0) {
        this.inSource[j] = -1;
        continue;
      }
      const from = source[e];
      this.inSource[j] = from;
      if (this.nodes[from].shape) {
        this.inAt[j] = this.outAt[from];
        this.inShareAt[j] = shareAt[e];
      }
    }
  }

  private run_: RunSettings = BOOK_RUN;

  /** A node's output as a tensor (a view of the arena), made once. */
  private outTensor(n: CNode): Tensor {
    return (n.outView ??= { shape: n.shape!, data: this.view(this.outAt[n.index], this.size[n.index]) });
  }
  private gradTensor(n: CNode): Tensor {
    return (n.gradView ??= { shape: n.shape!, data: this.view(this.gradAt[n.index], this.size[n.index]) });
  }
  /** Edge e's share as a tensor: the source's gradient itself, or its own piece of the arena (made once) */
  private shareTensor(e: number): Tensor | null {
    const at = this.edgeShareAt[e], from = this.nodes[this.edgeSource[e]];
    if (at < 0) return null;
    if (at === this.gradAt[from.index]) return this.gradTensor(from);
    this.shares ??= new Map();
    let t = this.shares.get(e);
    if (!t) this.shares.set(e, (t = { shape: from.shape!, data: this.view(at, this.size[from.index]) }));
    return t;
  }
  /** a view of the arena (made on its buffer: about three times faster than subarray, which looks up a species constructor) */
  private view(at: number, size: number): Float64Array {
    return new Float64Array(this.arena.buffer, this.arena.byteOffset + 8 * at, size);
  }
  /** The Kernel of a planned node: the one its op runs on (every node but one run by offsets has it from the start), made once. */
  private kernelOf(n: CNode): Kernel {
    if (n.kernel) return n.kernel;
    const s = this.inStart[n.index], ports = this.inStart[n.index + 1] - s;
    const kIns = new Array<Tensor>(ports), gIns = new Array<Tensor | null>(ports);
    for (let k = 0; k < ports; k++) {
      const e = this.inEdge[s + k];
      kIns[k] = this.outTensor(this.nodes[this.edgeSource[e]]);
      gIns[k] = this.shareTensor(e);
    }
    return (n.kernel = { ins: kIns, out: this.outTensor(n), g: this.gradTensor(n), gIns, params: n.params, scratch: n.scratch, run: this.run_ });
  }

  /** Forward, then backward; afterwards every accessor below reads this run. */
  run(): this {
    this.forward();
    this.backward();
    return this;
  }

  // The loops below run on every edit and every training step: plain indexed loops over the
  // tables and the arena.

  forward(): void {
    const nodes = this.nodes, kernels = this.kernels, fwds = this.fwds, flats = this.flats, offs = this.byOffsets, status = this.statuses, errors = this.errors;
    const A = this.arena, outAt = this.outAt, size = this.size, inStart = this.inStart, inAt = this.inAt, dims = this.dims;
    this.hasGrad.fill(0);
    this.ranBackward.fill(0);
    // while every node so far is ok, every input is (inputs come earlier): no need to look
    let allOk = true;
    for (let i = 0; i < kernels.length; i++) {
      const f = flats[i];
      if (allOk && f !== null) {
        const s = inStart[i], two = inStart[i + 1] - s > 1;
        f.forward(size[i], A, outAt[i], A, inAt[s], A, two ? inAt[s + 1] : 0);
        status[i] = OK;
        errors[i] = null;
        continue;
      }
      const b = offs[i];
      if (allOk && b !== null) {
        b.forward(A, outAt[i], inAt, inStart[i], dims[3 * i], dims[3 * i + 1], dims[3 * i + 2]);
        status[i] = OK;
        errors[i] = null;
        continue;
      }
      const k = kernels[i];
      if (allOk && k !== null) {
        const msg = fwds[i](k);
        if (msg) {
          status[i] = ERROR;
          errors[i] = `${nodes[i].op.type}: ${msg}`;
          allOk = false;
        } else {
          status[i] = OK;
          errors[i] = null;
        }
        continue;
      }
      const n = nodes[i];
      errors[i] = n.planError;
      if (n.planError !== null) {
        status[i] = ERROR;
        allOk = false;
        continue;
      }
      let ready = k !== null || f !== null || b !== null;
      for (let j = inStart[i]; ready && j < inStart[i + 1]; j++) if (status[this.inSource[j]] !== OK) ready = false;
      if (!ready) {
        status[i] = BLOCKED;
        allOk = false;
        continue;
      }
      if (f !== null) {
        const s = inStart[i], two = inStart[i + 1] - s > 1;
        f.forward(size[i], A, outAt[i], A, inAt[s], A, two ? inAt[s + 1] : 0);
        status[i] = OK;
        continue;
      }
      if (b !== null) {
        b.forward(A, outAt[i], inAt, inStart[i], dims[3 * i], dims[3 * i + 1], dims[3 * i + 2]);
        status[i] = OK;
        continue;
      }
      const msg = fwds[i](k!);
      if (msg) {
        status[i] = ERROR;
        errors[i] = `${n.op.type}: ${msg}`;
        allOk = false;
      } else status[i] = OK;
    }
    this.loss = this.computeLoss();
  }

  backward(): void {
    const A = this.arena, kernels = this.kernels, bwds = this.bwds, status = this.statuses, seeds = this.seeds;
    const ran = this.ranBackward, hasGrad = this.hasGrad;
    const gradAt = this.gradAt, size = this.size, outStart = this.outStart, outShare = this.outShare, outTarget = this.outTarget;
    const flats = this.flats, offs = this.byOffsets, dims = this.dims, outAt = this.outAt, inStart = this.inStart, inAt = this.inAt, inShareAt = this.inShareAt;
    for (let i = kernels.length - 1; i >= 0; i--) {
      if (status[i] !== OK) continue;
      const g = gradAt[i], len = size[i];
      let any = false;
      if (seeds[i] & 1) {
        for (let j = g; j < g + len; j++) A[j] = 1;
        any = true;
      }
      for (let o = outStart[i]; o < outStart[i + 1]; o++) {
        const s = outShare[o];
        if (s < 0 || !ran[outTarget[o]]) continue;
        if (any) for (let j = 0; j < len; j++) A[g + j] += A[s + j];
        else if (s !== g) {
          if (len > 32) A.copyWithin(g, s, s + len);
          else for (let j = 0; j < len; j++) A[g + j] = A[s + j];
        }
        any = true;
      }
      hasGrad[i] = any ? 1 : 0;
      if (!any && !(seeds[i] & 2)) continue;
      const f = flats[i];
      if (f !== null) {
        const s = inStart[i], two = inStart[i + 1] - s > 1;
        const da = inShareAt[s], db = two ? inShareAt[s + 1] : -1;
        if (da >= 0 || db >= 0) f.backward(len, A, g, A, outAt[i], A, inAt[s], A, two ? inAt[s + 1] : 0, da >= 0 ? A : null, da, db >= 0 ? A : null, db);
      } else {
        const b = offs[i];
        if (b !== null) b.backward(A, g, outAt[i], inAt, inShareAt, inStart[i], dims[3 * i], dims[3 * i + 1], dims[3 * i + 2]);
        else bwds[i](kernels[i]!);
      }
      ran[i] = 1;
    }
  }

  /**
   * Σ over seeded outputs of sum(seed ⊙ value), in a fixed order. An Output's seed is what its
   * backward writes into its input's share, so that is run here too (it reads no gradient).
   */
  private computeLoss(): number | null {
    const A = this.arena, status = this.statuses;
    let loss = 0;
    let ran = false;
    const seeded = this.seededAt, outAt = this.outAt, size = this.size;
    for (let i = 0; i < seeded.length; i++) {
      const n = seeded[i];
      if (status[n] !== OK) continue;
      ran = true;
      for (let j = outAt[n], end = j + size[n]; j < end; j++) loss += A[j];
    }
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) {
      const n = sinks[i];
      const e = this.inEdge[this.inStart[n.index]];
      if (status[n.index] !== OK || e < 0 || this.edgeShareAt[e] < 0) continue;
      this.bwds[n.index](n.kernel!);
      ran = true;
      const x = this.outAt[this.edgeSource[e]], s = this.edgeShareAt[e];
      for (let j = 0, len = this.size[n.index]; j < len; j++) loss += A[s + j] * A[x + j];
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
    const A = this.arena;
    for (const s of this.seededByID) {
      if (!s.shape) continue;
      const v = this.outAt[s.index], ok = this.statuses[s.index] === OK;
      for (let j = 0, len = this.size[s.index]; j < len; j++) t[k++] = ok ? A[v + j] : NaN;
    }
    for (const s of this.sinks) {
      if (!s.shape) continue;
      const e = this.inEdge[this.inStart[s.index]], ok = this.statuses[s.index] === OK && e >= 0 && this.edgeShareAt[e] >= 0;
      const x = e >= 0 ? this.outAt[this.edgeSource[e]] : 0, sh = e >= 0 ? this.edgeShareAt[e] : 0;
      for (let j = 0, len = this.size[s.index]; j < len; j++) t[k++] = ok ? A[sh + j] * A[x + j] : NaN;
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
    if (this.statuses[n.index] !== OK || !n.shape || n.op.role === "sink") return null;
    const k = this.kernelOf(n);
    const o = k.out.data;
    let i = 0;
    while (i < o.length && Number.isFinite(o[i])) i++;
    if (i === o.length) return null;
    const what = Number.isNaN(o[i]) ? "NaN" : o[i] > 0 ? "∞" : "−∞";
    const at = `out${formatIndex(n.shape!, i)} is ${what}`;
    let fromInput = -1;
    for (let j = this.inStart[n.index]; fromInput < 0 && j < this.inStart[n.index + 1]; j++)
      if (this.outTensor(this.nodes[this.inSource[j]]).data.some((v) => !Number.isFinite(v))) fromInput = j - this.inStart[n.index];
    if (fromInput >= 0) return `${at}: its input ${n.op.inputs[fromInput].name} already holds NaN or ∞`;
    const own = n.op.whyNonFinite?.(k, i);
    return `${at}: ${own ?? "the result is too large for float64 (beyond ±1.8e308)"}`;
  }

  // ---- reading a run -------------------------------------------------------------------

  /** node ids in topological order, errors included */
  get allIds(): string[] {
    return this.nodes.map((n) => n.id);
  }
  /** the forward order of the nodes that ran */
  get order(): string[] {
    return this.nodes.filter((n) => this.statuses[n.index] === OK).map((n) => n.id);
  }
  get edgeIds(): string[] {
    return [...this.edgeId];
  }
  hasNode(id: string): boolean {
    return this.index.has(id);
  }
  status(id: string): NodeStatus {
    return STATUS[this.statuses[this.node(id).index]];
  }
  error(id: string): string | null {
    return this.errors[this.node(id).index];
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
    return this.statuses[n.index] === OK ? this.outTensor(n) : null;
  }
  /** dL/d(out) of a node, or null when no gradient reached it */
  grad(id: string): Tensor | null {
    const n = this.node(id);
    return this.statuses[n.index] === OK && this.hasGrad[n.index] && n.op.role !== "sink" ? this.gradTensor(n) : null;
  }
  edgeValue(id: string): Tensor | null {
    return this.value(this.nodes[this.edgeSource[this.edge(id)]].id);
  }
  edgeGrad(id: string): Tensor | null {
    const e = this.edge(id);
    return this.ranBackward[this.edgeTarget[e]] ? this.shareTensor(e) : null;
  }
  /** ids of the edges leaving a node, sorted by id (the order gradients are summed in) */
  outEdges(id: string): string[] {
    const i = this.node(id).index;
    return Array.from(this.outEdge.subarray(this.outStart[i], this.outStart[i + 1]), (e) => this.edgeId[e]);
  }
  /** ids of the edges into a node, by port (null: unconnected) */
  inEdges(id: string): (string | null)[] {
    const i = this.node(id).index;
    return Array.from(this.inEdge.subarray(this.inStart[i], this.inStart[i + 1]), (e) => (e < 0 ? null : this.edgeId[e]));
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
    const at = this.index.get(id);
    const n = at === undefined ? undefined : this.byPosition[at];
    if (!n) throw new Error(`no node "${id}"`);
    return n;
  }
  /** an edge's number */
  private edge(id: string): number {
    this.edgeMap ??= new Map(this.edgeId.map((e, k) => [e, k]));
    const e = this.edgeMap.get(id);
    if (e === undefined) throw new Error(`no edge "${id}"`);
    return e;
  }
}

export function compile(doc: GraphDoc, opts?: CompileOptions): Program {
  return new Program(doc, opts);
}
