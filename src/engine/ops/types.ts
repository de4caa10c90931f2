// What an op is: one object holding everything the rest of Gradflow needs to know about it.
// The palette, the node component, the inspector, the file validator, the executor, the
// step panel and the gradient tests all read these objects; none of them names an op.
import type { Shape, Tensor } from "../tensor";

/** The palette's sections, in the order it shows them: the one list of op groups. */
export const GROUPS = ["Sources", "Arithmetic", "Activations", "Shape", "Matrix", "Layers", "Losses", "Output"] as const;
export type OpGroup = (typeof GROUPS)[number];

export interface PortSpec {
  readonly name: string;
  /** what the port takes, in a learner's words: "(N, D)", "targets" */
  readonly doc: string;
  /** a loss's target: no gradient flows into it (reported null) */
  readonly noGrad?: boolean;
}

export type ParamSpec =
  | { readonly name: string; readonly kind: "tensor"; readonly doc: string; readonly default?: unknown; readonly optional?: boolean }
  | { readonly name: string; readonly kind: "int"; readonly doc: string; readonly default: number; readonly min?: number }
  | { readonly name: string; readonly kind: "axis"; readonly doc: string; readonly default: number | null; readonly nullable?: boolean }
  | { readonly name: string; readonly kind: "bool"; readonly doc: string; readonly default: boolean };

/** Parameters after validation: tensor parameters materialized, defaults filled in. */
export type Params = Record<string, unknown>;

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
export interface Kernel<S = unknown> {
  readonly ins: readonly Tensor[];
  readonly out: Tensor;
  /** dL/d(out), already summed over fan-out and seeds */
  readonly g: Tensor;
  /** where backward writes each input port's share (overwritten, not accumulated); null: not needed */
  readonly gIns: readonly (Tensor | null)[];
  readonly params: Params;
  readonly scratch: S;
  readonly run: RunSettings;
}

export interface Planned<S = unknown> {
  readonly shape: Shape;
  readonly scratch?: S;
}

/** The local rule of an op as text, for the step panel: symbols are port names, `g` and `out`. */
export interface Rule {
  readonly forward: string;
  /** one line per input port that receives a gradient */
  readonly backward: Readonly<Record<string, string>>;
  /** what a learner should notice, one sentence */
  readonly note?: string;
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
  /** the ids a new node of this op takes, the first free one (a notebook's x, y; W, b); default: from the type */
  readonly names?: readonly string[];
  readonly rule: Rule;
  /** Output shape for these input shapes, or what is wrong in a learner's words (without the op's name). */
  plan(inShapes: readonly Shape[], params: Params): Planned<S> | string;
  /** Fills k.out. May return an error message when the numbers themselves are wrong (a class index out of range). */
  forward(k: Kernel<S>): string | void;
  /** Fills every non-null k.gIns[i] from k.g. */
  backward(k: Kernel<S>): void;
}
