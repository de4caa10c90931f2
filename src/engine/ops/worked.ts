// One element of a node's output or of an input's gradient, worked out in full: the registry's
// ops say how (their rule's `element`), the explanation typesets it. An element is a symbolic form
// (`\sum_k g_{0,k} W_{0,k}`) and the same sum with numbers, as a small expression tree that
// evaluates to the element (a test holds every op to it) and prints as text or LaTeX.
import { sizeOf, stridesOf, type Shape, type Tensor } from "../tensor";
import type { Params } from "./types";

export type Ex =
  | { readonly k: "n"; readonly v: number }
  | { readonly k: "sum"; readonly xs: readonly Ex[] }
  | { readonly k: "prod"; readonly xs: readonly Ex[] }
  | { readonly k: "sub"; readonly a: Ex; readonly b: Ex }
  | { readonly k: "div"; readonly a: Ex; readonly b: Ex }
  | { readonly k: "neg"; readonly a: Ex }
  | { readonly k: "fn"; readonly f: "tanh" | "exp" | "ln"; readonly a: Ex }
  | { readonly k: "sq"; readonly a: Ex };

export const num = (v: number): Ex => ({ k: "n", v });
export const sum = (xs: readonly Ex[]): Ex => (xs.length === 1 ? xs[0] : { k: "sum", xs });
export const prod = (...xs: Ex[]): Ex => ({ k: "prod", xs });
export const sub = (a: Ex, b: Ex): Ex => ({ k: "sub", a, b });
export const div = (a: Ex, b: Ex): Ex => ({ k: "div", a, b });
export const neg = (a: Ex): Ex => ({ k: "neg", a });
export const fn = (f: "tanh" | "exp" | "ln", a: Ex): Ex => ({ k: "fn", f, a });
export const sq = (a: Ex): Ex => ({ k: "sq", a });

export function evalEx(e: Ex): number {
  switch (e.k) {
    case "n":
      return e.v;
    case "sum":
      return e.xs.reduce((s, x) => s + evalEx(x), 0);
    case "prod":
      return e.xs.reduce((s, x) => s * evalEx(x), 1);
    case "sub":
      return evalEx(e.a) - evalEx(e.b);
    case "div":
      return evalEx(e.a) / evalEx(e.b);
    case "neg":
      return -evalEx(e.a);
    case "fn":
      return e.f === "tanh" ? Math.tanh(evalEx(e.a)) : e.f === "exp" ? Math.exp(evalEx(e.a)) : Math.log(evalEx(e.a));
    case "sq": {
      const v = evalEx(e.a);
      return v * v;
    }
  }
}

/** A symbol written both ways: LaTeX for the typeset line, text for screen readers and tests. */
export interface Both {
  readonly latex: string;
  readonly text: string;
}

export interface Worked {
  /** the element's rule with its indices: `\sum_{k} g_{0,k} W_{0,k}` */
  readonly rule: Both;
  /** the same with numbers */
  readonly value: Ex;
  /** what a reader needs besides (N = 5, the row of softmax), each a line of its own */
  readonly given?: readonly Both[];
}

export interface ElementArgs {
  /** each wired input's value, by port name */
  readonly ins: Readonly<Record<string, Tensor>>;
  readonly out: Tensor;
  /** the gradient arriving at the node (backward only) */
  readonly g: Tensor | null;
  readonly params: Params;
}

/** How an op works out one element: of its output (`what` = "out") or of an input port's gradient; null where it cannot. */
export type ElementRule = (what: string, at: readonly number[], a: ElementArgs) => Worked | null;

// ---- helpers for the ops' element rules -------------------------------------------------------

/** element `at` of t (row-major) */
export function at(t: Tensor, idx: readonly number[]): number {
  const s = stridesOf(t.shape);
  let k = 0;
  for (let i = 0; i < idx.length; i++) k += idx[i] * s[i];
  return t.data[k];
}

/** flat index ↔ one index per axis */
export function unflat(shape: Shape, i: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return idx;
}
export function flat(shape: Shape, idx: readonly number[]): number {
  const s = stridesOf(shape);
  return idx.reduce((k, x, a) => k + x * s[a], 0);
}
export const isIndexOf = (shape: Shape, idx: readonly number[]) => idx.length === shape.length && idx.every((x, a) => Number.isInteger(x) && x >= 0 && x < shape[a]) && sizeOf(shape) > 0;

/** `W_{0,k}` / `W[0,k]`; a multi-letter name is set upright (h_prev → h_{\mathrm{prev}}) */
export function sym(name: string, idx: readonly (number | string)[] = []): Both {
  const base = latexName(name);
  const i = idx.join(",");
  return {
    latex: idx.length === 0 ? base : /_\{/.test(base) ? `{${base}}_{${i}}` : `${base}_{${i}}`,
    text: idx.length === 0 ? name : `${name}[${i}]`,
  };
}

/** A port or symbol name as LaTeX: x, W, Wx → W_{x}, h_prev → h_{\mathrm{prev}}, out → \mathrm{out} */
export function latexName(name: string): string {
  const m = /^([A-Za-z])_([A-Za-z0-9]+)$/.exec(name);
  if (m) return `${m[1]}_{\\mathrm{${m[2]}}}`;
  if (/^[A-Za-z]$/.test(name)) return name;
  const w = /^([A-Z])([a-z])$/.exec(name);
  if (w) return `${w[1]}_{${w[2]}}`;
  // spaces kept (math mode drops them: "rnn · t = 2" read "rnn·t=2")
  return `\\mathrm{${name.replace(/_/g, "\\_").replace(/\s+/g, "\\ ")}}`;
}

/** Joins symbolic pieces: the same text with LaTeX and plain separators. */
export function both(latex: string, text: string): Both {
  return { latex, text };
}
