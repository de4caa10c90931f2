// What an op is: one object holding everything the rest of Gradflow needs to know about it.
// The palette, the node component, the inspector, the file validator, the executor, the
// step panel and the gradient tests all read these objects; none of them names an op.
import type { Shape, Tensor } from "../tensor";
import type { ElementRule } from "./worked";

/** The palette's sections, in the order it shows them: the one list of op groups. */
export const GROUPS = ["Sources", "Arithmetic", "Activations", "Shape", "Matrix", "Layers", "Losses", "Output"] as const;
export type OpGroup = (typeof GROUPS)[number];

export interface PortSpec {
  readonly name: string;
  /** what the port takes, in a learner's words: "(N, D)", "targets" */
  readonly doc: string;
  /** a loss's target: no gradient flows into it (reported null) */
  readonly noGrad?: boolean;
  /** what usually feeds this port: a Param (a layer's W and b) or, by default, an Input (data, targets) */
  readonly feed?: "Param" | "Input";
}

interface ParamBase {
  readonly name: string;
  /** what it is, in a learner's words (the inspector's hint) */
  readonly doc: string;
}
export interface TensorParam extends ParamBase { readonly kind: "tensor"; readonly default?: unknown; readonly optional?: boolean }
/** a whole number, ≥ min where it is given; null too when nullable (Slice's stop: "to the end", its index: "a range instead") */
export interface IntParam extends ParamBase { readonly kind: "int"; readonly default: number | null; readonly min?: number; readonly nullable?: boolean }
/** a finite float, within [min, max] where they are given */
export interface NumberParam extends ParamBase { readonly kind: "number"; readonly default: number; readonly min?: number; readonly max?: number }
/** an axis of the input, negative counting from the end; null (when nullable) means all axes */
export interface AxisParam extends ParamBase { readonly kind: "axis"; readonly default: number | null; readonly nullable?: boolean }
export interface BoolParam extends ParamBase { readonly kind: "bool"; readonly default: boolean }
/**
 * A formula the learner types (Expr's `x^2 * sin(x)`): a string of at most MAX_FORMULA_LENGTH
 * characters in a file; whether it parses, and names only the op's inputs, is the node's error.
 */
export interface FormulaParam extends ParamBase { readonly kind: "formula"; readonly default: string }
export type ParamSpec = TensorParam | IntParam | NumberParam | AxisParam | BoolParam | FormulaParam;

/** The longest formula a file may hold. */
export const MAX_FORMULA_LENGTH = 500;

/** Parameters after validation: tensor parameters materialized, defaults filled in. */
export type Params = Record<string, unknown>;

/** What a kernel reads for one parameter: a Tensor for a tensor, number | null for a nullable axis, ... */
export type ParamValue<P extends ParamSpec> = P extends TensorParam
  ? P extends { readonly optional: true } ? Tensor | undefined : Tensor
  : P extends AxisParam | IntParam
    ? P extends { readonly nullable: true } ? number | null : number
    : P extends BoolParam ? boolean : P extends FormulaParam ? string : number;

/** The parameters of an op with these specs, by name, typed by kind. */
export type ParamsOf<P extends readonly ParamSpec[]> = { readonly [S in P[number] as S["name"]]: ParamValue<S> };

/** Settings of a whole run that some ops read. */
export interface RunSettings {
  /**
   * Losses as the exact functions their backward rules differentiate: without the notebooks'
   * 1e-7 inside ln, computed in the log domain so that a saturated or unlikely class keeps its
   * digits. The gradient check runs so (FORMAT.md section 3); everything else runs as the books do.
   */
  readonly exactLoss: boolean;
}

export const BOOK_RUN: RunSettings = { exactLoss: false };

/** The buffers one node works on; planned once per graph, reused for every run. */
export interface Kernel<S = unknown, P = Params> {
  readonly ins: readonly Tensor[];
  readonly out: Tensor;
  /** dL/d(out), already summed over fan-out and seeds */
  readonly g: Tensor;
  /** where backward writes each input port's share (overwritten, not accumulated); null: not needed */
  readonly gIns: readonly (Tensor | null)[];
  readonly params: P;
  readonly scratch: S;
  readonly run: RunSettings;
}

/**
 * Hands out scratch from the run's one arena, where its tensors live too: `f64` numbers, or `i32`
 * whole numbers (two to a number's room). An op takes at most its `scratchSize` numbers' room.
 */
export interface Alloc {
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
}

/**
 * What plan gives: the output's shape and the op's scratch. Scratch that holds arrays is made
 * later, by `makeScratch`, once the whole run is known to fit its memory budget (FORMAT.md
 * section 1): plan itself allocates nothing large.
 */
export type Planned<S = unknown> =
  | ({ readonly shape: Shape; readonly scratch?: S } & RunsByOffsets)
  | ({
      readonly shape: Shape;
      /** how many numbers (array elements) the scratch holds */
      readonly scratchSize: number;
      /** makes the scratch, its arrays from `alloc` (or its own, for a caller without an arena) */
      readonly makeScratch: (alloc: Alloc) => S;
      /** the op's products are large enough for the WebAssembly kernel: the run keeps its tensors in WebAssembly memory, where the kernel reads them without a copy */
      readonly wasm?: boolean;
    } & RunsByOffsets);

/** What a plan adds for a node that the executor may run on its arena by offsets (see ByOffsets). */
interface RunsByOffsets {
  readonly byOffsets?: ByOffsets;
  /** the three sizes byOffsets reads (a product's N, D, H), for this node */
  readonly sizes?: readonly [number, number, number];
}

/**
 * An elementwise op on inputs of its output's shape, as loops over arrays from offsets: element i
 * of the output is out[o + i], of input a is a[ai + i], and so on (b is unused by an op of one
 * input). The executor runs these on its arena directly, one array for all, with no Kernel or
 * Tensor objects for the node (a graph of thousands of small ops then costs the same per node
 * however many there are); the op's own forward and backward call them on a Kernel's arrays, so
 * both are one computation.
 */
export interface Elementwise {
  forward(n: number, out: Float64Array, o: number, a: Float64Array, ai: number, b: Float64Array, bi: number): void;
  /** writes da (from dai) and db (from dbi), each when it is not null, from g (from gi), the inputs and out */
  backward(n: number, g: Float64Array, gi: number, out: Float64Array, o: number, a: Float64Array, ai: number, b: Float64Array, bi: number, da: Float64Array | null, dai: number, db: Float64Array | null, dbi: number): void;
}

/**
 * An op's loops on the run's arena by offsets, for a node whose inputs differ from its output in
 * shape (a small matrix product), so that, like an elementwise node, it runs with no Kernel or
 * Tensor objects. Input k starts at A[at[s + k]], the output at A[o], its gradient at A[g]; its
 * share of the gradient goes to A[shareAt[s + k]] on, or nowhere when that is −1. d0, d1, d2 are
 * the node's plan's `sizes`. The op's own forward and backward must give the same bits.
 */
export interface ByOffsets {
  forward(A: Float64Array, o: number, at: Int32Array, s: number, d0: number, d1: number, d2: number): void;
  backward(A: Float64Array, g: number, o: number, at: Int32Array, shareAt: Int32Array, s: number, d0: number, d1: number, d2: number): void;
}

const NONE = new Float64Array(0);

/** An elementwise op's forward on a Kernel whose inputs have the output's shape. */
export function elementwiseForward(e: Elementwise, k: Kernel<unknown, unknown>): void {
  e.forward(k.out.data.length, k.out.data, 0, k.ins[0].data, 0, k.ins.length > 1 ? k.ins[1].data : NONE, 0);
}

/** An elementwise op's backward on a Kernel whose inputs have the output's shape. */
export function elementwiseBackward(e: Elementwise, k: Kernel<unknown, unknown>): void {
  const da = k.gIns[0], db = k.gIns.length > 1 ? k.gIns[1] : null;
  if (!da && !db) return;
  const b = k.ins.length > 1 ? k.ins[1].data : NONE;
  e.backward(k.g.data.length, k.g.data, 0, k.out.data, 0, k.ins[0].data, 0, b, 0, da ? da.data : null, 0, db ? db.data : null, 0);
}

/** The local rule of an op as text, for the step panel: symbols are port names, `g` and `out`. */
export interface Rule {
  readonly forward: string;
  /** one line per input port that receives a gradient */
  readonly backward: Readonly<Record<string, string>>;
  /** what a learner should notice, one sentence */
  readonly note?: string;
  /**
   * The rule typeset, where the text above does not convert mechanically (teach/latex.ts converts
   * ⊙ · ᵀ − ² Σ and names): the same formulas, in the same symbols.
   */
  readonly latex?: { readonly forward?: string; readonly backward?: Readonly<Record<string, string>> };
  /** how one element is worked out in full, for an op that is not elementwise (MatMul's Σₖ) */
  readonly element?: ElementRule;
}

export interface OpSpec<S = any> {
  readonly type: string;
  readonly group: OpGroup;
  /** a few words for the palette */
  readonly summary: string;
  readonly inputs: readonly PortSpec[];
  readonly params: readonly ParamSpec[];
  /** sources start the graph, losses are seeded with 1, the sink seeds its input */
  readonly role?: "source" | "loss" | "sink";
  /** a Param: optimizers update its value */
  readonly trainable?: boolean;
  /** a loss whose targets are classes, and how a row of scores becomes one (decision boundaries read it) */
  readonly classTargets?: "softmax" | "sigmoid";
  /** not in OPS.md: one of Gradflow's own additions, documented by this entry alone (its summary, ports, parameters and rule) */
  readonly addition?: boolean;
  /** the ids a new node of this op takes, the first free one (a notebook's x, y, z; W; loss), then the first numbered (W2); default: the type in lower case */
  readonly names?: readonly string[];
  readonly rule: Rule;
  /**
   * The rule for these parameters, where it depends on them (Expr: the formula typed and its
   * derivative); `rule` is the general one. Read it through `ruleOf`.
   */
  ruleFor?(params: Params): Rule;
  /** Output shape for these input shapes, or what is wrong in a learner's words (without the op's name). */
  plan(inShapes: readonly Shape[], params: Params): Planned<S> | string;
  /** Fills k.out. May return an error message when the numbers themselves are wrong (a class index out of range). */
  forward(k: Kernel<S>): string | void;
  /** Fills every non-null k.gIns[i] from k.g. */
  backward(k: Kernel<S>): void;
  /** present on an elementwise op: its loops, which the executor runs on its arena when every input has the output's shape */
  readonly elementwise?: Elementwise;
  /**
   * Why output element i is NaN or ±∞ when the inputs are finite, in a learner's words ("ln of a
   * negative number: x[1] = −2"), or null for the executor's general answer (an overflow).
   */
  whyNonFinite?(k: Kernel<S>, i: number): string | null;
}

/** An op as it is written: like OpSpec, but plan and the kernels see typed parameters. */
export interface OpDef<P extends readonly ParamSpec[], S> extends Omit<OpSpec<S>, "params" | "plan" | "forward" | "backward" | "whyNonFinite" | "ruleFor"> {
  readonly params: P;
  ruleFor?(params: ParamsOf<P>): Rule;
  plan(inShapes: readonly Shape[], params: ParamsOf<P>): Planned<S> | string;
  forward(k: Kernel<S, ParamsOf<P>>): string | void;
  backward(k: Kernel<S, ParamsOf<P>>): void;
  whyNonFinite?(k: Kernel<S, ParamsOf<P>>, i: number): string | null;
}

/**
 * Declares an op. The parameter types come from `params` (write them inline, so their names and
 * kinds stay literal) and the scratch type from what `plan` returns, so `params.axis` in a kernel
 * is `number | null` for a nullable axis and `params.value` a Tensor, with no casts. Sound because
 * the executor hands every op exactly its specs' values (resolveParams, after the file reader's
 * or the inspector's checkParam); the registry keeps the erased OpSpec.
 */
export function defineOp<const P extends readonly ParamSpec[], S = undefined>(def: OpDef<P, S>): OpSpec<S> {
  return def as unknown as OpSpec<S>;
}

/** The rule of an op for a node's parameters (filled in with defaults, as resolveParams gives them). */
export function ruleOf(op: OpSpec, params: Params): Rule {
  return op.ruleFor ? op.ruleFor(params) : op.rule;
}
